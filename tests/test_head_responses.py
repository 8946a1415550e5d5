"""HEAD is answered with a GET's status and headers and no body, by the application itself (HeadWithoutBodyMiddleware).

Django's test client and runserver drop a HEAD body on their own, which would hide a body the application sends, so
these requests go through the WSGI entry point that gunicorn calls, with a file wrapper as gunicorn passes one.
"""

import io
from wsgiref.util import FileWrapper, setup_testing_defaults

import pytest
from django.core.files.base import ContentFile

from delgosea.cache import HIT_HEADER
from delgosea.wsgi import application
from documents.models import Document
from tests import factories as f
from tests.documents.test_models import tiny_pdf

pytestmark = pytest.mark.django_db

PAGES = [
    "/th/",
    "/en/practices/",
    "/en/practices/?theme=3",
    "/th/practices/eco-savers/",
    "/en/pilots/kupang/",
    "/th/search/?q=eco",
    "/en/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v1/openapi.json",
    "/healthz",
    "/static/css/site.css",
]


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    environment = f.environment_theme()
    eco = f.eco_savers(theme=environment, municipality=f.town("marikina"))
    f.pilot("kupang", municipality=f.municipality("kupang", country_code="vn"), practice=eco)
    report = Document(slug="final-report", title_th="รายงาน", title_en="Final report", kind=Document.Kind.REPORT)
    report.file.save("whatever.pdf", ContentFile(tiny_pdf()), save=False)
    report.save()


def wsgi(method, path):
    """Status, headers and body as a WSGI server gets them from the portal."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "wsgi.input": io.BytesIO(),
        "wsgi.file_wrapper": FileWrapper,
    }
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=int(status.split()[0]), headers=dict(headers))

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return started["status"], started["headers"], body


@pytest.mark.parametrize("path", PAGES)
def test_head_has_the_status_and_length_of_get_and_no_body(site, wsgi_keeps_the_test_connection, path):
    get_status, get_headers, get_body = wsgi("GET", path)
    head_status, head_headers, head_body = wsgi("HEAD", path)
    assert get_status == head_status == 200, path
    assert get_body, path
    assert head_body == b"", path
    assert head_headers["Content-Type"] == get_headers["Content-Type"]
    assert head_headers["Content-Length"] == str(len(get_body)), path
    assert get_headers.get("Content-Length") in (None, head_headers["Content-Length"]), path


def test_head_of_a_cached_page_is_served_from_the_cache_without_a_body(site, wsgi_keeps_the_test_connection):
    assert HIT_HEADER not in wsgi("HEAD", "/en/practices/")[1]  # rendered, not stored
    assert wsgi("GET", "/en/practices/")[1][HIT_HEADER] == "miss"
    status, headers, body = wsgi("HEAD", "/en/practices/")
    assert status == 200 and body == b""
    assert headers[HIT_HEADER] == "hit"
    assert int(headers["Content-Length"]) > 1000
    # The GET after it still gets the whole stored page.
    status, headers, body = wsgi("GET", "/en/practices/")
    assert headers[HIT_HEADER] == "hit" and len(body) == int(headers["Content-Length"])


def test_head_of_a_streamed_download_has_no_body(site, wsgi_keeps_the_test_connection):
    for path in ("/en/documents/final-report/download/", "/en/practices/export.csv"):
        status, headers, body = wsgi("HEAD", path)
        assert status == 200, path
        assert body == b"", path
    assert wsgi("GET", "/en/documents/final-report/download/")[2] == tiny_pdf()


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 302), ("/en/practices", 301), ("/en/no-such-page/", 404), ("/api/v1/nope", 404), ("/api/v1/practices", 405)],
)
def test_head_answers_of_any_status_have_no_body(site, wsgi_keeps_the_test_connection, path, status):
    head_status, _headers, body = wsgi("HEAD", path)
    assert head_status == status and body == b""


def test_get_keeps_its_body(site, wsgi_keeps_the_test_connection):
    status, headers, body = wsgi("GET", "/en/practices/eco-savers/")
    assert status == 200 and b"Marikina" in body
    assert int(headers["Content-Length"]) == len(body)
