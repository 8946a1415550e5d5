from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models

from delgosea.cache import bump_generation
from delgosea.images import RENDITION_WIDTHS, build_renditions, missing_renditions


def stored_images():
    """Every stored photo and logo, of every record, published or not."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ImageField):
                for record in model._base_manager.exclude(**{field.name: ""}).only("pk", field.name).iterator():
                    yield getattr(record, field.name)


class Command(BaseCommand):
    help = (
        "Make the renditions the pages show of every stored photo and logo. By default only the missing ones "
        "(after a restore, a new width or an upload made outside the admin); --all rebuilds every one."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--missing", action="store_true", default=True, help="Only missing renditions (default).")
        mode.add_argument("--all", action="store_true", help="Rebuild every rendition.")

    def handle(self, *args, **options):
        images = written = 0
        for field_file in stored_images():
            images += 1
            widths = RENDITION_WIDTHS if options["all"] else missing_renditions(field_file)
            written += len(build_renditions(field_file, widths))
        if written:
            bump_generation()  # cached pages showed the originals where these were missing
        self.stdout.write(f"{written} renditions written for {images} images.")
