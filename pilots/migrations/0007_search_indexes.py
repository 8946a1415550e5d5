# Trigram indexes for the pilot search (PostgreSQL), as practices 0005 made them for the practices: a pg_trgm GIN
# index on exactly UPPER(column), which is what Django's icontains compares. SQLite has no such index type.

from django.db import migrations

COLUMNS = [f"{name}_{code}" for name in ("title", "description") for code in ("th", "en")]


def _indexes():
    for column in COLUMNS:
        yield f"pilots_pilot_{column}_trgm", column


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in _indexes():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "pilots_pilot" USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _column in _indexes():
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("pilots", "0006_drop_tallies"), ("practices", "0005_search_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
