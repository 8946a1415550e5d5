"""The document list, the download of an uploaded PDF, documents on the pages they are about, and the admin upload."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from documents.models import Document
from tests import factories as f
from tests.admin_forms import admin_form_data

from .test_models import png_bytes, tiny_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def uploaded(slug="final-report", **fields):
    document = Document(slug=slug, title_th="รายงาน", title_en="Final report", kind=Document.Kind.REPORT, **fields)
    document.file.save("whatever.pdf", ContentFile(tiny_pdf()), save=False)
    document.save()
    return document


def text(response):
    return response.content.decode()


def test_an_uploaded_pdf_downloads_as_an_attachment_named_by_its_slug(client):
    document = uploaded()
    response = client.get(f"/en/documents/{document.slug}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="final-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == tiny_pdf()


def test_an_unpublished_document_is_404_for_the_public_and_downloads_for_staff(client, editor_client):
    document = uploaded(published=False)
    assert Client().get(f"/en/documents/{document.slug}/download/").status_code == 404
    assert "Final report" not in text(Client().get("/en/documents/"))
    assert editor_client.get(f"/en/documents/{document.slug}/download/").status_code == 200


def test_a_linked_document_has_no_download_and_links_out_marked_as_external(client):
    f.document("network-news", title_en="Network News", title_th="จดหมายข่าว", url="https://example.org/news")
    assert client.get("/en/documents/network-news/download/").status_code == 404
    for language, marker in [("en", "external link"), ("th", "ลิงก์ภายนอก")]:
        page = text(client.get(f"/{language}/documents/"))
        link = re.search(r'<a href="https://example.org/news"[^>]*>(.*?)</a>', page, re.S)
        assert link and 'rel="noopener"' in link.group(0) and marker in link.group(1)


def test_the_list_shows_kind_date_at_its_precision_language_and_what_it_is_about(client):
    practice = f.eco_savers()
    pilot = f.pilot("kupang", practice=practice, municipality=f.town("kupang"))
    document = f.document(
        "eco-savers-report",
        kind=Document.Kind.PILOT_REPORT,
        date=datetime.date(2012, 8, 1),
        precision="month",
        language=Document.Language.ID,
    )
    document.practices.add(practice)
    document.pilots.add(pilot)
    english = text(client.get("/en/documents/"))
    assert "Pilot report" in english and "August 2012" in english and "in Indonesian" in english
    assert "/en/practices/eco-savers/" in english and "/en/pilots/kupang/" in english
    thai = text(client.get("/th/documents/"))
    assert "รายงานเมืองนำร่อง" in thai and "สิงหาคม 2555" in thai and "อินโดนีเซีย" in thai


def test_filters_narrow_the_list_and_each_option_counts_what_it_would_give(client):
    f.document("a", kind=Document.Kind.NEWS, date=datetime.date(2011, 1, 1), precision="year")
    f.document("b", kind=Document.Kind.NEWS, date=datetime.date(2012, 1, 1), precision="year")
    f.document("c", kind=Document.Kind.CASE_STUDY, date=datetime.date(2012, 1, 1), precision="year")
    response = client.get("/en/documents/?kind=news&year=2012")
    assert [d.slug for d in response.context["page"]] == ["b"]
    kinds = {option.value: option.count for option in response.context["filter"].kind_options()}
    years = {option.value: option.count for option in response.context["filter"].year_options()}
    assert kinds["news"] == 1 and kinds["case_study"] == 1  # with year=2012 kept
    assert years == {"2011": 1, "2012": 1}  # with kind=news kept; years without documents are not offered
    assert "2555" in text(client.get("/th/documents/?year=2012"))  # the Buddhist Era on Thai pages


def test_values_that_are_not_understood_are_explained_not_an_error(client):
    f.document("a")
    response = client.get("/en/documents/?kind=memo&language=xx&year=1066&page=abc")
    assert response.status_code == 200
    page = text(response)
    for value in ("memo", "xx", "1066", "abc"):
        assert f"“{value}”" in page
    assert [d.slug for d in response.context["page"]] == ["a"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("language, heading", [("en", "Documents"), ("th", "เอกสาร")])
def test_practice_pilot_and_partner_pages_list_their_documents(client, language, heading):
    practice = f.eco_savers()
    pilot = f.pilot("kupang", practice=practice)
    partner = f.partner("tei")
    f.document(title_en="About the practice", title_th="About the practice").practices.add(practice)
    f.document(title_en="About the pilot", title_th="About the pilot").pilots.add(pilot)
    f.document(title_en="About TEI", title_th="About TEI").partners.add(partner)
    for url, title in [
        (f"/{language}/practices/eco-savers/", "About the practice"),
        (f"/{language}/pilots/kupang/", "About the pilot"),
        (f"/{language}/partners/tei/", "About TEI"),
    ]:
        page = text(client.get(url))
        assert f'<h2 id="documents">{heading}</h2>' in page and title in page


def test_a_page_without_documents_has_no_documents_section(client):
    f.eco_savers()
    f.document().practices.add(f.practice())
    assert 'id="documents"' not in text(client.get("/en/practices/eco-savers/"))


def test_an_unpublished_document_is_not_listed_on_the_page_it_is_about(client):
    practice = f.eco_savers()
    f.document(title_en="Draft note", published=False).practices.add(practice)
    assert "Draft note" not in text(client.get("/en/practices/eco-savers/"))


def test_an_editor_uploads_a_pdf_through_the_admin_and_the_public_downloads_it(editor_client, client, media_root):
    add_url = reverse("admin:documents_document_add")
    data = admin_form_data(
        editor_client.get(add_url),
        title_th="รายงานการประชุม",
        title_en="Conference report",
        slug="conference-report",
        kind="report",
        language="en",
        precision="day",
        url="",
        published="on",
    )
    response = editor_client.post(add_url, {**data, "file": upload(tiny_pdf(), "Report FINAL (2).pdf")})
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get(slug="conference-report")
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)
    assert document.history.count() == 1
    download = client.get("/en/documents/conference-report/download/")
    assert b"".join(download.streaming_content) == tiny_pdf()


def test_the_admin_refuses_a_png_renamed_pdf_and_says_why(editor_client, media_root):
    add_url = reverse("admin:documents_document_add")
    data = admin_form_data(
        editor_client.get(add_url), title_th="ภาพ", title_en="Scan", slug="scan", kind="report", language="en"
    )
    response = editor_client.post(add_url, {**data, "url": "", "file": upload(png_bytes(), "scan.pdf")})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"file": ["ไฟล์นี้ไม่ใช่เอกสาร PDF"]}  # the admin is in Thai
    assert not Document.objects.exists()
    assert not (media_root / "documents").exists() or not any((media_root / "documents").iterdir())


def test_the_admin_refuses_both_a_file_and_a_link(editor_client):
    add_url = reverse("admin:documents_document_add")
    data = admin_form_data(
        editor_client.get(add_url), title_th="ก", title_en="A", slug="both", kind="news", language="en"
    )
    response = editor_client.post(add_url, {**data, "url": "https://example.org/a", "file": upload(tiny_pdf())})
    assert response.status_code == 200
    assert "อย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสองอย่าง" in " ".join(response.context["adminform"].form.errors["file"])
    assert not Document.objects.exists()


def test_an_edit_to_a_document_invalidates_the_cached_list(client):
    document = f.document(title_en="Old title")
    assert "Old title" in text(client.get("/en/documents/"))
    assert client.get("/en/documents/")["X-Page-Cache"] == "hit"
    document.title_en = "New title"
    document.save()
    assert "New title" in text(client.get("/en/documents/"))


def test_a_changed_subject_invalidates_the_practice_page(client):
    practice = f.eco_savers()
    document = f.document(title_en="Linked later")
    assert "Linked later" not in text(client.get("/en/practices/eco-savers/"))
    document.practices.add(practice)
    assert "Linked later" in text(client.get("/en/practices/eco-savers/"))
