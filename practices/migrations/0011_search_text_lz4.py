# On PostgreSQL, the searched text (BestPractice.search_text) compressed with LZ4 instead of the default pglz.
# A search reads the trigram index, then decompresses the text of each practice the index points to, to check
# that the word is really there (unless its title already holds it). For a word found in the practices' bodies,
# that check is a large part of what the search costs, and LZ4 decompresses about twice as fast: at 10,000
# practices, `market` (2,300 matches) runs in 46 ms instead of 52, `การ` (9,500) in 125 instead of 145
# (docs/performance.md). LZ4 keeps the text about a quarter larger (1.8 KB a practice against 1.4), which no
# visitor sees.

from django.db import migrations

TABLE = "practices_bestpractice"
COLUMN = "search_text"


def _supports_lz4(connection):
    """Whether this PostgreSQL server was built with LZ4 (most are; the option is a build-time one)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    return bool(row and row[0])


def compress_with_lz4(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or not _supports_lz4(connection):
        return
    schema_editor.execute(f'ALTER TABLE "{TABLE}" ALTER COLUMN "{COLUMN}" SET COMPRESSION lz4')
    # Stored values keep the compression they were written with: an update makes PostgreSQL compute the
    # generated column again, and store it compressed the new way. Short texts are not compressed at all.
    schema_editor.execute(
        f'UPDATE "{TABLE}" SET "title_th" = "title_th" WHERE pg_column_compression("{COLUMN}") = \'pglz\''
    )


def compress_as_by_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'ALTER TABLE "{TABLE}" ALTER COLUMN "{COLUMN}" SET COMPRESSION DEFAULT')


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0010_copy_count"),
    ]

    operations = [
        migrations.RunPython(compress_with_lz4, compress_as_by_default, elidable=False),
    ]
