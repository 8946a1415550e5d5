"""The "Editors" group: staff who may add and change the portal's records, not delete them (SPEC §6).

Permissions are created right here because Django normally creates them only
after all migrations have run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_APPS = ["practices", "pilots", "partners"]


def create_editors(apps, schema_editor, labels=CONTENT_APPS):
    """Give the Editors group the permissions of the apps `labels` (a later app's migration passes its own)."""
    for label in labels:
        app_config = apps.get_app_config(label)
        # Migration state app configs have no models module; create_permissions needs one.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name="Editors")
    # Add, change and view only: whichever apps `labels` names, editors delete nothing.
    content = Permission.objects.filter(content_type__app_label__in=labels).exclude(codename__startswith="delete_")
    # History is read-only: editors revert through the model's own change permission.
    history_writes = content.filter(content_type__model__startswith="historical").exclude(codename__startswith="view_")
    editors.permissions.add(*content.exclude(pk__in=history_writes.values("pk")))


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("practices", "0001_initial"),
        ("pilots", "0001_initial"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
