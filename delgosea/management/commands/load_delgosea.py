from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from delgosea.loader import FIXTURE_DIR, FixtureError, load


class Command(BaseCommand):
    help = "Create the shipped DELGOSEA records that do not exist yet; never changes existing ones."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(FIXTURE_DIR), help="Folder with the *.yaml data files.")

    def handle(self, *args, **options):
        try:
            with translation.override("th"):
                report = load(options["dir"])
        except (FixtureError, KeyError) as error:
            raise CommandError(f"The data files are not valid: {error}") from error
        with translation.override("en"):
            if report.total_created:
                created = ", ".join(f"{count} {name}" for name, count in report.created.items())
                self.stdout.write(self.style.SUCCESS(f"Created {created}."))
            else:
                self.stdout.write("The DELGOSEA data is already loaded; nothing changed.")
