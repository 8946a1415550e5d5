from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from delgosea.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Replace every record in the database with a backup made by backup_portal, and copy its media back. "
        "All or nothing: if anything fails, the database is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A backup folder, e.g. var/backups/20260101-120000.")
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="Do not ask to confirm.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, folder, interactive, database, **options):
        try:
            manifest = read_manifest(folder)
        except BackupError as error:
            raise CommandError(error) from error
        total = sum(manifest["records"].values())
        target = connections[database].settings_dict["NAME"]
        if interactive:
            answer = input(
                f"This deletes every record in the database {target} and loads {total} records "
                f"backed up on {manifest['created']}. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            restore_backup(folder, database=database)
        except BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored {total} records and {manifest['media_files']} media files from {folder}")
        )
