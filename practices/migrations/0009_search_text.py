# One column with all of a practice's searched text in capitals (BestPractice.search_text, kept by the
# database), and on PostgreSQL one pg_trgm index on it in place of the 0005 indexes on each body section,
# which nothing else reads. The titles and summaries keep theirs: the admin searches those columns.

import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models

TABLE = "practices_bestpractice"
INDEX = "practices_bestpractice_search_text_trgm"
BODY_INDEXES = {
    f"practices_bestpractice_{name}_{code}_trgm": f"{name}_{code}"
    for name in ("background", "what_was_done", "results", "lessons")
    for code in ("th", "en")
}


def index_search_text(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "{TABLE}" USING gin ("search_text" gin_trgm_ops)')
    for name in BODY_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def index_body_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in BODY_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{TABLE}" USING gin (UPPER("{column}") gin_trgm_ops)'
        )
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0008_tallies"),
    ]

    operations = [
        migrations.AddField(
            model_name="bestpractice",
            name="search_text",
            field=models.GeneratedField(
                db_persist=True,
                serialize=False,
                expression=django.db.models.functions.text.Upper(
                    models.Func(
                        django.db.models.functions.comparison.Coalesce(models.F("title_th"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("title_en"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("summary_th"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("summary_en"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("background_th"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("background_en"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("what_was_done_th"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("what_was_done_en"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("results_th"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("results_en"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("lessons_th"), models.Value("")),
                        models.Value("\n"),
                        django.db.models.functions.comparison.Coalesce(models.F("lessons_en"), models.Value("")),
                        arg_joiner=" || ",
                        output_field=models.TextField(),
                        template="(%(expressions)s)",
                    )
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.RunPython(index_search_text, index_body_columns, elidable=False),
    ]
