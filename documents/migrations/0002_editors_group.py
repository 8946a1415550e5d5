"""The Editors group may add and change documents, as it may the other records (practices 0002)."""

from importlib import import_module

from django.db import migrations

editors = import_module("practices.migrations.0002_editors_group")


def grant_documents(apps, schema_editor):
    editors.create_editors(apps, schema_editor, labels=["documents"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("practices", "0002_editors_group")]

    operations = [migrations.RunPython(grant_documents, migrations.RunPython.noop)]
