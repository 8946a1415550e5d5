"""Backing up the whole portal to a folder, and restoring it, on SQLite or PostgreSQL alike.

A backup folder holds data.yaml (every record, change history and accounts, as a Django
fixture with natural keys, so it loads into any database of the same schema),
media/ (a copy of every uploaded photo, rendition and document, read through Django's storage
API from whichever storage holds them: MEDIA_ROOT or an S3-compatible bucket) and manifest.json (when, from where, how
many records of each kind, and the size and SHA-256 of every other file in the folder).
A restore checks all of it before it touches the database or the media.

Left out, because the database rebuilds them or they are not worth keeping: content
types and permissions (recreated by migrate and referred to by natural key), sessions
(a restore logs everyone out) and django-axes' login attempts (a restore lifts lockouts).
The admin's log entries are kept: they are the "recent actions" staff rely on.
"""

import hashlib
import json
import shutil
from collections import Counter
from pathlib import Path
from posixpath import join

import django
import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings
from django.utils import timezone

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
# YAML, not JSON: Django's JSON encoder cuts timestamps to milliseconds, YAML keeps every microsecond.
DATA_FILE = "data.yaml"
MANIFEST_FILE = "manifest.json"
MEDIA_DIR = "media"
DEFAULT_BACKUP_DIR = settings.BASE_DIR / "var" / "backups"
# Format 1 (no "format" key) had no file list; 2 lists every file with its size and SHA-256.
FORMAT = 2
MANIFEST_KEYS = {1: ("created", "records", "media_files"), FORMAT: ("created", "records", "media_files", "files")}


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why."""


def _record_counts(data_file):
    try:
        with open(data_file, encoding="utf-8") as handle:
            records = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []
        return dict(sorted(Counter(item["model"] for item in records).items()))
    except (OSError, ValueError, yaml.YAMLError, TypeError, KeyError) as error:
        reason = " ".join(str(error).split())  # YAML's messages span lines; the operator gets one
        raise BackupError(f"{data_file} cannot be read as portal records: {reason}") from error


def _files(folder):
    """Every file in the backup folder but the manifest, by its path inside the folder."""
    names = (path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    return sorted(name for name in names if name != MANIFEST_FILE)


def _fingerprint(path):
    """Size and SHA-256, read in chunks (media may be large) through Django's File, as any storage's files are."""
    digest = hashlib.sha256()
    with File(open(path, "rb")) as handle:
        for chunk in handle.chunks():
            digest.update(chunk)
        return {"size": handle.size, "sha256": digest.hexdigest()}


def _stored_media(folder=""):
    """The name of every file in the media storage, whichever it is (its folders walked with listdir)."""
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:  # no MEDIA_ROOT yet: nothing was ever uploaded
        return
    for name in files:
        yield join(folder, name)
    for directory in directories:
        yield from _stored_media(join(folder, directory))


def _copy_media_out(target):
    for name in _stored_media():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(path, "wb") as copy:
            shutil.copyfileobj(source, copy, 1024 * 1024)


def _copy_media_in(source):
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        # Replaced, not renamed beside it, whatever the storage's own overwrite setting.
        default_storage.delete(name)
        with open(path, "rb") as handle:
            saved = default_storage.save(name, File(handle, name=path.name))
        if saved != name:
            raise BackupError(f"The media storage stored {name} as {saved}: the records would not find it.")


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
    _copy_media_out(folder / MEDIA_DIR)
    files = {name: _fingerprint(folder / name) for name in _files(folder)}
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "django": django.get_version(),
        "records": _record_counts(data_file),
        "media_files": sum(name.startswith(f"{MEDIA_DIR}/") for name in files),
        "files": files,
    }
    # Written last: a folder without a manifest is an unfinished backup, and restore refuses it.
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return folder


def check_backup(folder, unverified=False):
    """Return the manifest of the backup in `folder` once its files are exactly those it lists.

    `unverified` accepts a format 1 backup, whose files cannot be checked; its record counts still are.
    """
    folder = Path(folder)
    path = folder / MANIFEST_FILE
    if not path.is_file():
        raise BackupError(f"{folder} is not a portal backup: {MANIFEST_FILE} is missing.")
    try:
        manifest = json.loads(path.read_bytes())
    except ValueError as error:
        raise BackupError(f"{path} is not JSON: {error}.") from error
    version = manifest.get("format", 1) if isinstance(manifest, dict) else None
    if version not in (1, FORMAT):
        raise BackupError(f"{path} is not a manifest this portal reads (format {version!r}; it reads {FORMAT}).")
    if version == 1 and not unverified:
        raise BackupError(
            f"{folder} was made before backups listed their files' checksums, so it cannot be checked: "
            "restore it with --unverified to accept it as it is."
        )
    missing = [key for key in MANIFEST_KEYS[version] if key not in manifest]
    if missing:
        raise BackupError(f"{path} lacks {', '.join(missing)}.")
    listed = manifest.get("files", {DATA_FILE: {}})
    if not isinstance(listed, dict) or DATA_FILE not in listed or not all(isinstance(e, dict) for e in listed.values()):
        raise BackupError(f"{path} does not list {DATA_FILE} and the other files with their size and SHA-256.")
    if version == FORMAT:
        for name, expected in listed.items():
            if not (folder / name).is_file():
                raise BackupError(f"{folder / name} is missing: the manifest lists it.")
            found = _fingerprint(folder / name)
            if found["size"] != expected.get("size"):
                raise BackupError(
                    f"{folder / name} is {found['size']} bytes, the manifest says {expected.get('size')}: "
                    "it is truncated or damaged."
                )
            if found != expected:
                raise BackupError(f"{folder / name} does not match its SHA-256 in the manifest: it is damaged.")
        extra = sorted(set(_files(folder)) - set(listed))
        if extra:
            raise BackupError(f"{folder / extra[0]} is not listed in the manifest: remove it, or use an intact backup.")
    if _record_counts(folder / DATA_FILE) != manifest["records"]:
        raise BackupError(f"{folder / DATA_FILE} holds other numbers of records than the manifest lists.")
    return manifest


def _counts_in_database(labels, database):
    from django.apps import apps

    return {label: apps.get_model(label)._base_manager.using(database).count() for label in labels}


def restore_backup(folder, database=DEFAULT_DB_ALIAS, unverified=False):
    """Replace every record in the database with the backup in `folder`, then copy its media into the storage.

    All or nothing: the whole backup is checked first, the database is emptied and refilled in one
    transaction, and the record counts are checked against the manifest before it commits.
    """
    folder = Path(folder)
    manifest = check_backup(folder, unverified)
    connection = connections[database]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("The database schema is not up to date: run `manage.py migrate` first.")
    with transaction.atomic(using=database):
        # flush empties every table, then recreates content types and permissions for the data to refer to.
        call_command("flush", database=database, interactive=False, verbosity=0)
        # Loading a pilot's "also drew on" links fires m2m_changed, which would write a change-history row
        # of its own; the history comes from the backup, so history recording is off while loading.
        try:
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(folder / DATA_FILE), database=database, verbosity=0)
        except (DeserializationError, DatabaseError) as error:
            # Intact, but made by code with another schema: the records do not fit these tables.
            reason = " ".join(str(error).split())
            raise BackupError(f"{folder / DATA_FILE} does not load into this database: {reason}") from error
        expected = manifest["records"]
        found = _counts_in_database(expected, database)
        if found != expected:
            missing = {label: (expected[label], found[label]) for label in expected if expected[label] != found[label]}
            raise BackupError(f"{folder / DATA_FILE} did not load as its manifest lists (expected, found): {missing}")
    # The cached content type ids belonged to the database before the flush.
    ContentType.objects.clear_cache()
    if (folder / MEDIA_DIR).is_dir():
        _copy_media_in(folder / MEDIA_DIR)
    return manifest
