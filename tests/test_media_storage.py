"""Media on disk or in an S3-compatible bucket: the settings, the admin upload, the pages, the CSP and backups.

The bucket is moto's S3 server on loopback, configured through the portal's own settings code (run again with
the environment an operator would set), so the storage is django-storages' real S3 backend talking HTTP.
"""

import io
import json
import re
import runpy
import urllib.error
import urllib.request
import uuid

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from moto.server import ThreadedMotoServer

from delgosea import settings as settings_module
from delgosea.backup import create_backup, restore_backup
from delgosea.images import RENDITION_WIDTHS, rendition_name
from documents.models import Document
from practices.models import BestPractice
from tests.admin_forms import admin_form_data
from tests.documents.test_models import tiny_pdf
from tests.documents.test_models import upload as pdf_upload
from tests.test_uploads import add_practice, image_bytes, upload

pytestmark = pytest.mark.django_db

SETTINGS_FILE = settings_module.__file__
S3_NAMES = ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_CUSTOM_DOMAIN", "AWS_S3_REGION_NAME")


def public_images_policy(bucket):
    """The bucket policy the README asks for: photos, logos and renditions readable by anyone, documents not."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [f"arn:aws:s3:::{bucket}/{prefix}/*" for prefix in ("practices", "partners", "renditions")],
            }
        ],
    }


def portal_settings(monkeypatch, **environment):
    """The portal's settings as the settings module computes them under `environment`."""
    for name in S3_NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS_FILE)


class Bucket:
    """What the test reads back from the bucket, with boto3 directly, not through the portal's storage."""

    def __init__(self, client, name, endpoint):
        self.client, self.name, self.endpoint = client, name, endpoint

    def objects(self):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch, settings):
    """A new bucket, and the portal configured to keep its media there (restored after the test)."""
    name = f"media-{uuid.uuid4().hex[:12]}"
    credentials = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}
    portal = portal_settings(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME=name,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        **credentials,
    )
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_images_policy(name)))
    # Django's setting_changed handler forgets the storages built from the old STORAGES.
    settings.STORAGES = portal["STORAGES"]
    settings.MEDIA_ORIGIN = portal["MEDIA_ORIGIN"]
    settings.CONTENT_SECURITY_POLICY = portal["CONTENT_SECURITY_POLICY"]

    return Bucket(client, name, s3_endpoint)


@pytest.fixture
def filesystem(settings, tmp_path, monkeypatch):
    """The portal's default storage, under a fresh MEDIA_ROOT (for the tests that switch between the two)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return portal_settings(monkeypatch)["STORAGES"]


def img_sources(page):
    return re.findall(r'<img src="([^"]+)"', page)


def img_src_hosts(csp):
    (directive,) = [part.strip() for part in csp.split(";") if part.strip().startswith("img-src ")]
    return directive.split()[1:]


# Settings


def test_without_a_bucket_media_stay_on_disk_and_images_come_from_this_site_only(monkeypatch):
    portal = portal_settings(monkeypatch)
    assert portal["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert portal["MEDIA_ORIGIN"] is None
    assert portal["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "data:"]


def test_a_bucket_with_a_custom_domain_makes_that_domain_the_only_other_image_host(monkeypatch):
    portal = portal_settings(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME="delgosea-media",
        AWS_S3_ENDPOINT_URL="https://s3.eu-central-1.amazonaws.com",
        AWS_S3_CUSTOM_DOMAIN="media.delgosea.example",
    )
    options = portal["STORAGES"]["default"]["OPTIONS"]
    assert portal["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["custom_domain"]) == ("delgosea-media", "media.delgosea.example")
    assert options["querystring_auth"] is False and options["default_acl"] is None
    img_src = portal["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert img_src == ["'self'", "data:", "https://media.delgosea.example"]


@pytest.mark.parametrize(
    "environment",
    [{"AWS_STORAGE_BUCKET_NAME": "media"}, {"AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": "s3.local"}],
)
def test_a_bucket_without_a_usable_address_is_refused_at_start(monkeypatch, environment):
    with pytest.raises(ImproperlyConfigured, match="AWS_S3_ENDPOINT_URL"):
        portal_settings(monkeypatch, **environment)


# The bucket


def test_a_photo_uploaded_in_the_admin_lands_in_the_bucket_with_every_rendition(editor_client, bucket, tmp_path):
    response = add_practice(editor_client, upload("tank.jpg", image_bytes("JPEG", size=(1600, 1000))))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    photo = BestPractice.objects.get(number=42).photo.name
    assert bucket.objects() == sorted([photo, *(rendition_name(photo, width) for width in RENDITION_WIDTHS)])
    assert bucket.read(rendition_name(photo, 480))[8:12] == b"WEBP"
    assert not (tmp_path / "media").exists()


def test_the_public_page_shows_the_photo_from_the_bucket_and_the_csp_allows_that_host_only(
    editor_client, client, bucket
):
    add_practice(editor_client, upload("tank.jpg", image_bytes("JPEG", size=(1600, 1000))))
    practice = BestPractice.objects.get(number=42)
    response = client.get(practice.get_absolute_url())
    (src,) = [src for src in img_sources(response.content.decode()) if "renditions/" in src]
    key = rendition_name(practice.photo.name, 960)
    assert src == f"{bucket.endpoint}/{bucket.name}/{key}"
    # The address answers with the rendition's bytes: the page links the real object.
    with urllib.request.urlopen(src) as answer:
        assert answer.read() == bucket.read(key)
    assert img_src_hosts(response["Content-Security-Policy"]) == ["'self'", "data:", bucket.endpoint]


def test_a_document_uploaded_in_the_admin_lands_in_the_bucket_and_downloads_through_the_portal_only(
    editor_client, bucket
):
    add_url = reverse("admin:documents_document_add")
    data = admin_form_data(
        editor_client.get(add_url),
        title_th="รายงานฉบับร่าง",
        title_en="Draft report",
        slug="draft-report",
        kind="report",
        language="en",
        precision="day",
        url="",
    )
    data.pop("published", None)  # a draft: the public may not read it
    response = editor_client.post(add_url, {**data, "file": pdf_upload(tiny_pdf(), "draft.pdf")})
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get(slug="draft-report")
    assert not document.published
    assert bucket.objects() == [document.file.name]
    assert bucket.read(document.file.name) == tiny_pdf()
    download = editor_client.get("/en/documents/draft-report/download/")
    assert b"".join(download.streaming_content) == tiny_pdf()
    assert Client().get("/en/documents/draft-report/download/").status_code == 404
    # Nor can the public read it from the bucket, even knowing its random name.
    with pytest.raises(urllib.error.HTTPError, match="403"):
        urllib.request.urlopen(f"{bucket.endpoint}/{bucket.name}/{document.file.name}")
    document.published = True
    document.save()
    page = Client().get("/en/documents/").content.decode()
    assert "/en/documents/draft-report/download/" in page
    assert bucket.endpoint not in page


def test_build_renditions_recreates_a_rendition_deleted_from_the_bucket(editor_client, bucket):
    add_practice(editor_client, upload("tank.jpg", image_bytes("JPEG", size=(1600, 1000))))
    photo = BestPractice.objects.get(number=42).photo.name
    before = bucket.read(rendition_name(photo, 960))
    default_storage.delete(rendition_name(photo, 960))
    assert rendition_name(photo, 960) not in bucket.objects()
    out = io.StringIO()
    call_command("build_renditions", stdout=out)
    assert out.getvalue().strip() == "1 renditions written for 1 images."
    assert bucket.read(rendition_name(photo, 960)) == before


# Backups across storages


def media_in_storage():
    from delgosea.backup import _stored_media

    return {name: default_storage.open(name, "rb").read() for name in _stored_media()}


def lose_everything():
    BestPractice.objects.all().delete()
    for name in media_in_storage():
        default_storage.delete(name)
    if connection.vendor == "postgresql":
        # TRUNCATE (in the restore) refuses tables with foreign-key checks still pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def some_media(editor_client):
    add_practice(editor_client, upload("tank.jpg", image_bytes("JPEG", size=(1600, 1000))))
    document = Document(slug="report", title_th="รายงาน", title_en="Report", kind=Document.Kind.REPORT)
    document.file.save("report.pdf", ContentFile(tiny_pdf()), save=True)
    media = media_in_storage()
    assert len(media) == 2 + len(RENDITION_WIDTHS)
    return media


def test_a_backup_of_the_bucket_restores_into_the_file_system_with_identical_bytes(
    editor_client, bucket, settings, filesystem, tmp_path
):
    media = some_media(editor_client)
    folder = create_backup(tmp_path / "backups")
    assert len(list((folder / "media").rglob("*.*"))) == len(media)
    settings.STORAGES = filesystem
    lose_everything()
    restore_backup(folder)
    assert default_storage.__class__.__name__ == "FileSystemStorage"
    assert media_in_storage() == media
    assert {path.relative_to(tmp_path / "media").as_posix() for path in (tmp_path / "media").rglob("*.*")} == set(media)
    assert BestPractice.objects.get(number=42).photo.name in media


def test_a_backup_of_the_file_system_restores_into_the_bucket_with_identical_bytes(
    editor_client, bucket, settings, filesystem, tmp_path
):
    bucket_storages = settings.STORAGES
    settings.STORAGES = filesystem
    media = some_media(editor_client)
    folder = create_backup(tmp_path / "backups")
    settings.STORAGES = bucket_storages
    assert bucket.objects() == []
    lose_everything()
    restore_backup(folder)
    assert bucket.objects() == sorted(media)
    assert {key: bucket.read(key) for key in media} == media
