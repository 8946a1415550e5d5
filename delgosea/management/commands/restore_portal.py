from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from delgosea.backup import BackupError, check_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Replace every record in the database with a backup made by backup_portal, and copy its media back. "
        "The whole backup is checked first; all or nothing: if anything fails, the database and media are left as "
        "they were."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A backup folder, e.g. var/backups/20260101-120000.")
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="Do not ask to confirm.")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--unverified",
            action="store_true",
            help="Accept a backup made before backups listed their files' checksums (its files cannot be checked).",
        )

    def handle(self, *args, folder, interactive, database, unverified, **options):
        try:
            if interactive:
                self.confirm(check_backup(folder, unverified), database)
            # Checked (again) right before loading: the files may have changed while the question waited.
            manifest = restore_backup(folder, database=database, unverified=unverified)
        except BackupError as error:
            raise CommandError(error) from error
        total = sum(manifest["records"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Restored {total} records and {manifest['media_files']} media files from {folder}")
        )

    def confirm(self, manifest, database):
        answer = input(
            f"This deletes every record in the database {connections[database].settings_dict['NAME']} and loads "
            f"{sum(manifest['records'].values())} records backed up on {manifest['created']}. Type 'yes' to continue: "
        )
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing changed.")
