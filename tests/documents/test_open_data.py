"""Documents in the API, the CSV and JSON downloads and the codebook: one schema drives them all."""

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile

from documents.models import Document
from opendata import schemas
from tests import factories as f

from .test_models import tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    practice = f.eco_savers()
    report = f.document(
        "midterm-report",
        title_en="Midterm conference report",
        title_th="รายงานการประชุมระยะกลาง",
        kind=Document.Kind.REPORT,
        date=datetime.date(2011, 1, 1),
        precision="year",
    )
    report.practices.add(practice)
    f.document("news-item", kind=Document.Kind.NEWS)
    f.document("draft", kind=Document.Kind.REPORT, published=False)
    return report


def test_the_api_lists_published_documents_filtered_as_the_list_page(client, documents):
    body = client.get("/api/v1/documents", {"kind": "report", "lang": "en"}).json()
    assert body["count"] == 1
    (record,) = body["results"]
    assert record["slug"] == "midterm-report" and record["title"] == "Midterm conference report"
    assert record["kind"] == "report" and record["date"] == "2011-01-01" and record["precision"] == "year"
    assert record["practices"] == [12] and record["external"] is True
    assert record["url"].startswith("https://example.org/document-")  # a link leads where it is published


def test_the_api_gives_one_document_and_404_for_a_draft(client, documents):
    assert client.get("/api/v1/documents/midterm-report").json()["title"] == "รายงานการประชุมระยะกลาง"
    assert client.get("/api/v1/documents/draft").status_code == 404
    assert client.get("/api/v1/documents", {"kind": "memo"}).status_code == 422


def test_an_uploaded_document_s_address_is_its_download(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document(slug="upload", title_th="ก", title_en="A", kind="report")
    document.file.save("a.pdf", ContentFile(tiny_pdf()))
    record = client.get("/api/v1/documents/upload").json()
    assert record["url"] == "http://testserver/th/documents/upload/download/" and record["external"] is False


def test_the_csv_download_has_the_schema_s_columns_and_the_list_s_records(client, documents):
    response = client.get("/en/documents/export.csv?kind=report")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert list(rows[0]) == [column.key for column in schemas.DOCUMENTS.columns]
    assert [row["slug"] for row in rows] == ["midterm-report"]
    assert rows[0]["kind_label"] == "conference or project report" and rows[0]["practices"] == "12"


def test_the_json_download_is_in_the_page_s_language(client, documents):
    body = b"".join(client.get("/th/documents/export.json").streaming_content).decode()
    assert "รายงานการประชุมระยะกลาง" in body and '"date": "2011-01-01"' in body and "draft" not in body


def test_the_codebook_lists_the_document_columns_in_both_languages(client):
    for lang in ("th", "en"):
        html = client.get(f"/{lang}/open-data/").content.decode()
        for column in schemas.DOCUMENTS.columns:
            assert f"<code>{column.key}</code>" in html
        assert f'href="/{lang}/documents/export.csv"' in html and "<code>/api/v1/documents</code>" in html
