# One column with a local government's names and spellings in capitals (Municipality.search_name, kept by the
# database), and on PostgreSQL a pg_trgm index on it. The 0005 indexes on each name stay: the admin searches
# those columns.

import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models

TABLE = "practices_municipality"
INDEX = "practices_municipality_search_name_trgm"


def index_search_name(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "{TABLE}" USING gin ("search_name" gin_trgm_ops)')


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0013_goal_numbers'),
    ]

    operations = [
        migrations.AddField(
            model_name='municipality',
            name='search_name',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Upper(models.Func(django.db.models.functions.comparison.Coalesce(models.F('name_th'), models.Value('')), models.Value('\n'), django.db.models.functions.comparison.Coalesce(models.F('name_en'), models.Value('')), models.Value('\n'), django.db.models.functions.comparison.Coalesce(models.F('aliases'), models.Value('')), arg_joiner=' || ', output_field=models.TextField(), template='(%(expressions)s)')), output_field=models.TextField(), serialize=False),
        ),
        migrations.RunPython(index_search_name, drop_index),
    ]
