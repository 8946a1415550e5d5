"""Data safety: a backup restores every record, language, history row and file; the admin never loses work."""

import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from PIL import Image

from delgosea.backup import DATA_FILE, EXCLUDED
from pilots.models import Pilot
from practices.models import BestPractice
from tests import factories as f
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

PORTAL_LABELS = [
    "practices.theme",
    "practices.country",
    "practices.municipality",
    "practices.bestpractice",
    "pilots.pilot",
    "pilots.milestone",
    "partners.partner",
    "practices.historicaltheme",
    "practices.historicalbestpractice",
    "pilots.historicalpilot",
    "pilots.historicalpilot_also_drew_on",
    "pilots.historicalmilestone",
    "partners.historicalpartner",
    "auth.user",
    "auth.group",
    "admin.logentry",
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _forget_cached_content_types():
    """A restore inside the test transaction renumbers content types; the rollback puts the old ones back."""
    yield
    ContentType.objects.clear_cache()


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (10, 90, 200)).save(out, "JPEG")
    return out.getvalue()


def identity(model, pk):
    """How a row is recognised across a restore: accounts by natural key, content by primary key."""
    if pk is None:
        return None
    if model is User:
        return User.objects.get(pk=pk).username
    if model is Group:
        return Group.objects.get(pk=pk).name
    if model is ContentType:
        return ContentType.objects.get(pk=pk).natural_key()
    if model is Permission:
        return Permission.objects.get(pk=pk).natural_key()
    return pk


def snapshot():
    """Every backed-up row of every model, with every field in every language, independent of the dump."""
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    result = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in EXCLUDED:
            continue
        rows = []
        for obj in model._base_manager.all():
            row = {}
            for field in model._meta.concrete_fields:
                if field.primary_key and model in (User, Group):
                    continue
                if field.is_relation:
                    row[field.name] = identity(field.related_model, getattr(obj, field.attname))
                else:
                    row[field.name] = field.value_to_string(obj)
            for field in model._meta.many_to_many:
                related = getattr(obj, field.name).values_list("pk", flat=True)
                row[field.name] = sorted(str(identity(field.related_model, pk)) for pk in related)
            rows.append(row)
        result[label] = sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))
    return result


def public_counts():
    """What the lists count: published practices per theme, published pilots per practice they copied."""
    practices = BestPractice.objects.published().values_list("theme__number").annotate(n=Count("pk"))
    pilots = Pilot.objects.published().values_list("practice__number").annotate(n=Count("pk"))
    return sorted(practices), sorted(pilots)


def build_portal(editor_client, editor):
    """Records in both languages, an uploaded photo, history from factories and from an editor in the admin."""
    theme = f.theme(number=3, slug="environment", name_th="สิ่งแวดล้อม", name_en="Environment")
    practice = f.practice(number=14, slug="wetland", theme=theme, title_th="บึงประดิษฐ์", title_en="Wetland")
    practice.photo.save("wetland.jpg", ContentFile(jpeg()), save=False)
    practice.photo_alt_th, practice.photo_alt_en = "ภาพบึง", "The wetland"
    practice.save()
    other = f.practice(number=15)
    pilot = f.pilot(slug="tarakan", practice=practice)
    pilot.also_drew_on.add(other)
    f.milestone(pilot, datetime.date(2011, 5, 1), title_th="เริ่มโครงการ", title_en="Project starts")
    f.partner(slug="uclg", name_th="ยูซีแอลจี", name_en="UCLG ASPAC")
    editor.first_name = "Somchai"
    editor.save()
    # A change by the editor through the admin: history with a user, and an admin log entry.
    url = reverse("admin:practices_bestpractice_change", args=[practice.pk])
    response = editor_client.post(url, admin_form_data(editor_client.get(url), summary_en="Edited in the admin"))
    assert response.status_code == 302
    return practice


def test_backup_then_restore_gives_back_every_record_language_history_row_and_file(
    editor_client, editor, media_root, tmp_path
):
    practice = build_portal(editor_client, editor)
    photo_name, photo_bytes = practice.photo.name, (media_root / practice.photo.name).read_bytes()
    before = snapshot()
    for label in PORTAL_LABELS:
        assert before[label], f"the test built no {label}"
    assert any(row["summary_en"] == "Edited in the admin" for row in before["practices.historicalbestpractice"])
    assert any(row["history_user"] == "editor" for row in before["practices.historicalbestpractice"])

    counts_before = public_counts()
    assert all(counts_before)

    call_command("backup_portal", output_dir=str(tmp_path / "backups"), stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["records"]["practices.bestpractice"] == 2
    assert manifest["media_files"] == 1

    # Lose everything: every table and the media folder.
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with foreign-key checks still pending in this (test) transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not BestPractice.objects.exists() and not User.objects.exists()

    call_command("restore_portal", str(folder), interactive=False, stdout=io.StringIO())

    assert snapshot() == before
    assert public_counts() == counts_before
    restored = BestPractice.objects.get(number=14)
    assert (restored.title_th, restored.title_en) == ("บึงประดิษฐ์", "Wetland")
    assert restored.photo.name == photo_name
    assert (media_root / photo_name).read_bytes() == photo_bytes
    assert set(User.objects.get(username="editor").groups.values_list("name", flat=True)) == {"Editors"}
    assert User.objects.get(username="editor").has_perm("practices.change_bestpractice")
    # New records still get fresh ids after the restore (PostgreSQL sequences were moved past the loaded rows).
    assert f.practice(number=99).pk > max(row.pk for row in BestPractice.objects.exclude(number=99))


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    f.practice(number=14)
    with pytest.raises(CommandError, match="not a portal backup"):
        call_command("restore_portal", str(tmp_path), interactive=False)
    assert BestPractice.objects.filter(number=14).exists()


def test_backup_and_restore_work_from_the_command_line_between_two_databases(tmp_path):
    """The `make backup` / `make restore` path end to end: separate processes, separate SQLite files."""
    env = {**os.environ, "MEDIA_ROOT": str(tmp_path / "media"), "LOG_LEVEL": "ERROR"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(database, *args, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=django_settings.BASE_DIR,
            env={**env, "DATABASE_URL": f"sqlite:///{tmp_path / database}"},
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
            **kwargs,
        )

    manage("source.sqlite3", "migrate", "--no-input", "-v0")
    manage("source.sqlite3", "load_delgosea")
    manage("source.sqlite3", "backup_portal", "--output-dir", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    manage("target.sqlite3", "migrate", "--no-input", "-v0")
    restored = manage("target.sqlite3", "restore_portal", str(folder), input="yes\n")
    assert "Restored" in restored.stdout
    manage("target.sqlite3", "backup_portal", "--output-dir", str(tmp_path / "again"))
    (again,) = (tmp_path / "again").iterdir()

    def records(path):
        items = yaml.safe_load((path / DATA_FILE).read_text(encoding="utf-8"))
        return sorted(json.dumps(item, sort_keys=True, default=str) for item in items)

    assert len(records(folder)) > 100
    assert records(again) == records(folder)


# A restore cannot lie: a damaged backup is refused, whole, before the database or the media are touched.


def read_manifest(folder):
    return json.loads((folder / "manifest.json").read_text())


def write_manifest(folder, manifest):
    (folder / "manifest.json").write_text(json.dumps(manifest))


def edit_data(folder, old, new):
    """Change the data file and list its new size and hash, as a backup made by other code would."""
    data = folder / DATA_FILE
    data.write_bytes(data.read_bytes().replace(old, new))
    manifest = read_manifest(folder)
    manifest["files"][DATA_FILE] = {
        "size": data.stat().st_size,
        "sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
    }
    return manifest


def edit_manifest(change):
    def damage(folder):
        manifest = read_manifest(folder)
        change(manifest)
        write_manifest(folder, manifest)

    return damage


def media_state(media_root):
    return {
        path.relative_to(media_root).as_posix(): path.read_bytes() for path in media_root.rglob("*") if path.is_file()
    }


@pytest.fixture
def backup(tmp_path, media_root):
    """A backup of a practice with a photo; then the practice and its photo change and another practice is added,
    so a restore that went ahead would show."""
    practice = f.practice(number=14, title_en="Wetland")
    practice.photo.save("wetland.jpg", ContentFile(jpeg()))
    call_command("backup_portal", output_dir=str(tmp_path / "backups"), stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    practice.title_en = "Changed after the backup"
    practice.save()
    (media_root / practice.photo.name).write_bytes(b"changed after the backup")
    f.practice(number=15)
    if connection.vendor == "postgresql":
        # TRUNCATE (a restore that gets as far as loading) refuses tables with foreign-key checks still pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return folder


def photo(folder):
    (path,) = (folder / "media").rglob("wetland*.jpg")
    return path


def two_groups_under_one_name(folder):
    """Intact files, counts that agree, yet loading gives fewer rows: the second group overwrites the first."""
    manifest = edit_data(
        folder, b"- model: auth.group\n", b"- model: auth.group\n  fields: {name: Editors}\n- model: auth.group\n"
    )
    manifest["records"]["auth.group"] += 1
    write_manifest(folder, manifest)


DAMAGE = {
    "truncated data": (
        lambda folder: (folder / DATA_FILE).write_bytes((folder / DATA_FILE).read_bytes()[:-58]),
        r"data\.yaml is \d+ bytes, the manifest says \d+: it is truncated or damaged\.",
    ),
    "corrupt data, same size": (
        lambda folder: (folder / DATA_FILE).write_bytes(
            (folder / DATA_FILE).read_bytes().replace(b"Wetland", b"Wetlanx")
        ),
        r"data\.yaml does not match its SHA-256 in the manifest",
    ),
    "empty data file": (lambda folder: (folder / DATA_FILE).write_bytes(b""), r"data\.yaml is 0 bytes"),
    "empty folder": (
        lambda folder: shutil.rmtree(folder) or folder.mkdir(),
        r"not a portal backup: manifest\.json is missing",
    ),
    "truncated media": (
        lambda folder: photo(folder).write_bytes(photo(folder).read_bytes()[:-10]),
        r"wetland\.jpg is \d+ bytes",
    ),
    "corrupt media": (
        lambda folder: photo(folder).write_bytes(photo(folder).read_bytes()[::-1]),
        r"wetland\.jpg does not match its SHA-256",
    ),
    "missing media": (lambda folder: photo(folder).unlink(), r"wetland\.jpg is missing: the manifest lists it"),
    "unlisted extra file": (
        lambda folder: (folder / "media" / "extra.jpg").write_bytes(jpeg()),
        r"media/extra\.jpg is not listed in the manifest",
    ),
    "record counts differ from the data": (
        edit_manifest(lambda manifest: manifest["records"].update({"practices.bestpractice": 3})),
        r"data\.yaml holds other numbers of records than the manifest lists",
    ),
    "file listed with another hash": (
        edit_manifest(lambda manifest: manifest["files"][DATA_FILE].update(sha256="0" * 64)),
        r"data\.yaml does not match its SHA-256",
    ),
    "manifest not JSON": (
        lambda folder: (folder / "manifest.json").write_text("{'format': 2"),
        r"manifest\.json is not JSON",
    ),
    "manifest lacks keys": (edit_manifest(lambda manifest: manifest.pop("records")), r"manifest\.json lacks records\."),
    "manifest lists no data file": (
        edit_manifest(lambda manifest: manifest["files"].pop(DATA_FILE)),
        r"manifest\.json does not list data\.yaml",
    ),
    "unknown format version": (
        edit_manifest(lambda manifest: manifest.update(format=3)),
        r"manifest\.json is not a manifest this portal reads \(format 3; it reads 2\)",
    ),
    "older backup without hashes": (
        edit_manifest(lambda manifest: [manifest.pop("format"), manifest.pop("files")]),
        r"made before backups listed their files' checksums.*--unverified",
    ),
    "intact data from another schema": (
        lambda folder: write_manifest(folder, edit_data(folder, b"title_en:", b"title_xx:")),
        r"data\.yaml does not load into this database: .*title_xx",
    ),
    "records that load into fewer rows": (
        two_groups_under_one_name,
        r"data\.yaml did not load as its manifest lists .*auth\.group.: \(2, 1\)",
    ),
}


@pytest.mark.parametrize("damage, message", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_backup_is_refused_in_one_line_and_nothing_changes(backup, media_root, damage, message):
    damage(backup)
    before, media_before = snapshot(), media_state(media_root)
    with pytest.raises(CommandError, match=message) as refused:
        call_command("restore_portal", str(backup), interactive=False, stdout=io.StringIO())
    assert "\n" not in str(refused.value)
    assert snapshot() == before
    assert BestPractice.objects.count() == 2
    assert BestPractice.objects.get(number=14).title_en == "Changed after the backup"
    assert media_state(media_root) == media_before


def test_a_damaged_backup_is_refused_before_the_operator_is_asked(backup, monkeypatch):
    photo(backup).unlink()
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail(f"asked: {prompt}"))
    with pytest.raises(CommandError, match="is missing"):
        call_command("restore_portal", str(backup))


def test_an_older_backup_without_checksums_restores_only_when_accepted_as_unverified(backup, media_root):
    manifest = read_manifest(backup)
    write_manifest(backup, {key: value for key, value in manifest.items() if key not in ("format", "files")})
    with pytest.raises(CommandError, match="--unverified"):
        call_command("restore_portal", str(backup), interactive=False)
    assert BestPractice.objects.get(number=14).title_en == "Changed after the backup"

    call_command("restore_portal", str(backup), interactive=False, unverified=True, stdout=io.StringIO())
    assert BestPractice.objects.get().title_en == "Wetland"
    assert media_state(media_root) == media_state(backup / "media")


def test_the_command_line_refuses_a_damaged_backup_in_one_line_without_a_traceback(backup, tmp_path):
    data = backup / DATA_FILE
    data.write_bytes(data.read_bytes()[:-58])
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_portal", str(backup), "--no-input"],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'target.sqlite3'}", "LOG_LEVEL": "ERROR"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"CommandError: {data} is {data.stat().st_size} bytes, the manifest says {data.stat().st_size + 58}: "
        "it is truncated or damaged."
    ]
    assert result.stdout == ""


# The admin never loses work silently.


def test_deleting_a_practice_that_pilots_copied_shows_why_it_cannot_be_deleted(admin_client):
    pilot = f.pilot()
    url = reverse("admin:practices_bestpractice_delete", args=[pilot.practice.pk])
    for response in (admin_client.get(url), admin_client.post(url, {"post": "yes"})):
        assert response.status_code == 200
        assert response.context["protected"]
        assert str(pilot) in response.content.decode()
        assert "delete-confirmation" in response.content.decode()
    assert BestPractice.objects.filter(pk=pilot.practice.pk).exists()
    assert Pilot.objects.filter(pk=pilot.pk).exists()


def test_reverting_a_practice_in_the_admin_restores_both_languages(editor_client):
    practice = f.practice(title_th="ชื่อเดิม", title_en="Old title", summary_th="สรุปเดิม", summary_en="Old summary")
    first = practice.history.get()
    url = reverse("admin:practices_bestpractice_change", args=[practice.pk])
    data = admin_form_data(
        editor_client.get(url), title_th="ชื่อใหม่", title_en="New title", summary_th="สรุปใหม่", summary_en="New summary"
    )
    assert editor_client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert (practice.title_th, practice.title_en) == ("ชื่อใหม่", "New title")

    revert_url = reverse("admin:practices_bestpractice_simple_history", args=[practice.pk, first.history_id])
    revert_page = editor_client.get(revert_url)
    assert revert_page.status_code == 200
    assert editor_client.post(revert_url, admin_form_data(revert_page)).status_code == 302

    practice.refresh_from_db()
    assert (practice.title_th, practice.title_en) == ("ชื่อเดิม", "Old title")
    assert (practice.summary_th, practice.summary_en) == ("สรุปเดิม", "Old summary")
    assert practice.history.count() == 3
    assert practice.history.first().history_user.username == "editor"
