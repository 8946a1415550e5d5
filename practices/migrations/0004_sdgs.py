"""Sustainable Development Goals and the practices tagged with them; editors may maintain them.

The 17 goals themselves are data (fixtures/sdgs.yaml, loaded by `load_delgosea`).
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant_editors(apps, schema_editor):
    """Editors got their permissions when the group was made (0002); give them those of the new models too."""
    app_config = apps.get_app_config("practices")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True  # see 0002: create_permissions needs it in a migration
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="practices", content_type__model="sdg"),
        *Permission.objects.filter(
            content_type__app_label="practices",
            content_type__model__in=["historicalsdg", "historicalbestpractice_sdgs"],
            codename__startswith="view_",
        ),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0003_translated_population_note'),
        ('practices', '0002_editors_group'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalSdg',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(db_index=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(17)], verbose_name='number')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_th', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical Sustainable Development Goal',
                'verbose_name_plural': 'historical Sustainable Development Goals',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Sdg',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(17)], verbose_name='number')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_th', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
            ],
            options={
                'verbose_name': 'Sustainable Development Goal',
                'verbose_name_plural': 'Sustainable Development Goals',
                'ordering': ['number'],
                'constraints': [models.CheckConstraint(condition=models.Q(('number__gte', 1), ('number__lte', 17)), name='sdg_number_1_to_17')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalBestPractice_sdgs',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('bestpractice', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='practices.bestpractice')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='practices.historicalbestpractice')),
                ('sdg', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='practices.sdg')),
            ],
            options={
                'verbose_name': 'HistoricalBestPractice_sdgs',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='bestpractice',
            name='sdgs',
            field=models.ManyToManyField(blank=True, help_text='The UN goals this practice serves; SDG 11 (sustainable cities) above all.', related_name='practices', to='practices.sdg', verbose_name='Sustainable Development Goals'),
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
