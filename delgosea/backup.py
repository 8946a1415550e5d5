"""Backing up the whole portal to a folder, and restoring it, on SQLite or PostgreSQL alike.

A backup folder holds data.yaml (every record, change history and accounts, as a Django
fixture with natural keys, so it loads into any database of the same schema),
manifest.json (when, from where, and how many records of each kind) and media/ (a copy
of every uploaded photo and logo).

Left out, because the database rebuilds them or they are not worth keeping: content
types and permissions (recreated by migrate and referred to by natural key), sessions
(a restore logs everyone out) and django-axes' login attempts (a restore lifts lockouts).
The admin's log entries are kept: they are the "recent actions" staff rely on.
"""

import json
import shutil
from collections import Counter
from pathlib import Path

import django
import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings
from django.utils import timezone

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
# YAML, not JSON: Django's JSON encoder cuts timestamps to milliseconds, YAML keeps every microsecond.
DATA_FILE = "data.yaml"
MANIFEST_FILE = "manifest.json"
MEDIA_DIR = "media"
DEFAULT_BACKUP_DIR = settings.BASE_DIR / "var" / "backups"


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why."""


def _record_counts(data_file):
    with open(data_file, encoding="utf-8") as handle:
        records = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []
    return dict(sorted(Counter(item["model"] for item in records).items()))


def _new_folder(parent):
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    folder, n = parent / stamp, 1
    while folder.exists():
        n += 1
        folder = parent / f"{stamp}-{n}"
    # Owner only: the dump holds password hashes and e-mail addresses.
    folder.mkdir(parents=True, mode=0o700)
    return folder


def create_backup(parent=DEFAULT_BACKUP_DIR, database=DEFAULT_DB_ALIAS):
    """Write a new timestamped backup folder under `parent` and return its path."""
    parent = Path(parent)
    folder = _new_folder(parent)
    connection = connections[database]
    data_file = folder / DATA_FILE
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    if snapshot:
        # Connect (and run any health check) now, so the SET below is the transaction's first statement.
        connection.cursor().close()
    with transaction.atomic(using=database):
        if snapshot:
            # One snapshot for every table, so an edit made during the dump cannot split a record from its history.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            database=database,
            output=str(data_file),
            format="yaml",
            verbosity=0,
        )
    media = Path(settings.MEDIA_ROOT)
    media_files = 0
    if media.is_dir():
        shutil.copytree(media, folder / MEDIA_DIR)
        media_files = sum(1 for path in (folder / MEDIA_DIR).rglob("*") if path.is_file())
    manifest = {
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "django": django.get_version(),
        "records": _record_counts(data_file),
        "media_files": media_files,
    }
    # Written last: a folder without a manifest is an unfinished backup, and restore refuses it.
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return folder


def read_manifest(folder):
    folder = Path(folder)
    for name in (DATA_FILE, MANIFEST_FILE):
        if not (folder / name).is_file():
            raise BackupError(f"{folder} is not a portal backup: {name} is missing.")
    return json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))


def _counts_in_database(labels, database):
    from django.apps import apps

    return {label: apps.get_model(label)._base_manager.using(database).count() for label in labels}


def restore_backup(folder, database=DEFAULT_DB_ALIAS):
    """Replace every record in the database with the backup in `folder`, then copy its media back.

    All or nothing: the database is emptied and refilled in one transaction, and the record
    counts are checked against the manifest before it commits.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    connection = connections[database]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("The database schema is not up to date: run `manage.py migrate` first.")
    with transaction.atomic(using=database):
        # flush empties every table, then recreates content types and permissions for the data to refer to.
        call_command("flush", database=database, interactive=False, verbosity=0)
        # Loading a pilot's "also drew on" links fires m2m_changed, which would write a change-history row
        # of its own; the history comes from the backup, so history recording is off while loading.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(folder / DATA_FILE), database=database, verbosity=0)
        expected = manifest["records"]
        found = _counts_in_database(expected, database)
        if found != expected:
            missing = {label: (expected[label], found[label]) for label in expected if expected[label] != found[label]}
            raise BackupError(f"The restored records do not match the backup (expected, found): {missing}")
    # The cached content type ids belonged to the database before the flush.
    ContentType.objects.clear_cache()
    if (folder / MEDIA_DIR).is_dir():
        shutil.copytree(folder / MEDIA_DIR, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    return manifest
