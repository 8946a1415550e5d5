from pathlib import Path

from django.core.management.base import BaseCommand

from delgosea.backup import DEFAULT_BACKUP_DIR, create_backup


class Command(BaseCommand):
    help = (
        "Back up every record (with change history, accounts and admin log) and the uploaded media "
        "to a new timestamped folder under var/backups/. Restore it with restore_portal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(DEFAULT_BACKUP_DIR), help="Where to create the folder.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        folder = create_backup(Path(options["output_dir"]), database=options["database"])
        self.stdout.write(self.style.SUCCESS(f"Backed up to {folder}"))
