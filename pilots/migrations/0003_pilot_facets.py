# A covering index for the pilot list's count, facets and filters at tens of thousands of pilots.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0002_translated_population_note"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="pilot",
            index=models.Index(fields=["published", "practice", "municipality", "award", "id"], name="pilot_facets"),
        ),
    ]
