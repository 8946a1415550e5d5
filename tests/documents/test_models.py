"""A document is an uploaded PDF or a link, never both and never neither; uploads are real PDFs within the limit."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from PIL import Image

from documents.models import Document, validate_pdf
from tests import factories as f

pytestmark = pytest.mark.django_db


def tiny_pdf():
    """A complete one-page PDF (header, objects, cross-reference table, trailer), built here byte by byte."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def upload(data, name="report.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_the_database_refuses_a_document_with_neither_file_nor_link():
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(slug="neither", title_th="ก", title_en="A", kind="news")


def test_the_database_refuses_a_document_with_both_file_and_link():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.document(file="documents/report.pdf", url="https://example.org/report")


def test_a_form_says_to_give_one_of_file_and_link_in_both_languages():
    document = Document(slug="neither", title_th="ก", title_en="A", kind="news")
    for language, words in [("en", "Upload a PDF file or give a link"), ("th", "อัปโหลดไฟล์ PDF หรือใส่ลิงก์")]:
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                document.full_clean()
            assert words in " ".join(error.value.message_dict["file"])


def test_a_date_at_month_precision_must_be_the_first_of_the_month():
    document = Document(slug="dated", title_th="ก", title_en="A", kind="news", url="https://e.org", precision="month")
    document.date = datetime.date(2012, 8, 15)
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "date" in error.value.message_dict
    document.date = datetime.date(2012, 8, 1)
    document.full_clean()


def test_a_real_pdf_is_accepted():
    validate_pdf(upload(tiny_pdf()))


def test_a_png_named_pdf_is_refused_whatever_the_browser_says():
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            validate_pdf(upload(png_bytes(), "scan.pdf", "application/pdf"))
        assert error.value.messages == ["The file is not a PDF document."]


def test_a_pdf_header_without_its_end_is_refused():
    with pytest.raises(ValidationError):
        validate_pdf(upload(tiny_pdf().replace(b"%%EOF", b"")))


def test_a_pdf_over_the_limit_is_refused_with_the_limit_in_thai(settings):
    settings.DOCUMENT_MAX_BYTES = 1_048_576  # a smaller limit than the real one keeps the test quick
    data = tiny_pdf().replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + b"x" * 1_100_000 + b"\n")
    with translation.override("th"):
        with pytest.raises(ValidationError) as error:
            validate_pdf(upload(data))
        assert error.value.code == "pdf_too_large"
        assert "1 MB" in error.value.messages[0] and "ไฟล์" in error.value.messages[0]


def test_the_limit_is_twenty_megabytes(settings):
    assert settings.DOCUMENT_MAX_BYTES == 20 * 1024 * 1024
