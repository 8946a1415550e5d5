"""Editors add and change records but do not delete them (SPEC §6): databases whose Editors group was created
before 0002 excluded delete permissions lose them here, whatever app they belong to."""

from django.db import migrations


def drop_delete_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for editors in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        editors.permissions.remove(*Permission.objects.filter(group=editors, codename__startswith="delete_"))


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0016_drop_tallies"),
        ("practices", "0002_editors_group"),
    ]

    # Going back leaves the group as it is: granting deletes again is a decision, not an undo.
    operations = [migrations.RunPython(drop_delete_permissions, migrations.RunPython.noop)]
