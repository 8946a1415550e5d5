# Indexes that keep the lists fast at tens of thousands of practices and pilots: a covering index for the
# practice list's count, facets and filters, indexes on the place names the pilot lists are sorted by (both
# databases; the names are modeltranslation's columns, so the index is made here rather than in Meta), and
# trigram indexes for search (PostgreSQL).
#
# Django runs `icontains` on PostgreSQL as UPPER(column::text) LIKE UPPER(pattern), so each index is a
# pg_trgm GIN index on exactly UPPER(column): PostgreSQL uses it for substring matches of 3 or more
# characters, Thai included. SQLite has no such index type: there the trigram part does nothing (its LIKE
# scan is fast enough for the embedded database's sizes).

from django.db import migrations, models

TRIGRAM_COLUMNS = {
    "practices_bestpractice": [
        f"{name}_{code}"
        for name in ("title", "summary", "background", "what_was_done", "results", "lessons")
        for code in ("th", "en")
    ],
    "practices_municipality": ["name_th", "name_en", "aliases"],
}


def _indexes():
    for table, columns in TRIGRAM_COLUMNS.items():
        for column in columns:
            yield f"{table}_{column}_trgm"[:63], table, column


SORT_COLUMNS = {"practices_municipality": ["name_th", "name_en"]}


def _sort_indexes():
    for table, columns in SORT_COLUMNS.items():
        for column in columns:
            yield f"{table}_{column}_sort", table, column


def create_indexes(apps, schema_editor):
    for name, table, column in _sort_indexes():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")')
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in _indexes():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    names = [name for name, _table, _column in _sort_indexes()]
    if schema_editor.connection.vendor == "postgresql":
        names += [name for name, _table, _column in _indexes()]
    for name in names:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_sdgs"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="bestpractice",
            index=models.Index(fields=["published", "theme", "municipality", "id"], name="practice_facets"),
        ),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
