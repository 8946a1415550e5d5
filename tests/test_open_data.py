"""CSV and JSON downloads of the filtered lists, and the codebook page that explains them."""

import copy as copy_module
import csv
import io
import json
import re
import time
import tracemalloc
from urllib.parse import unquote, urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opendata import exports, schemas
from partners.models import Partner
from practices.models import BestPractice
from tests import factories as f
from tests import open_data_portal
from tests.test_hostile_input import MALICIOUS

pytestmark = pytest.mark.django_db

LANGS = ["th", "en"]
PRACTICE_QUERIES = [
    "",
    "theme=3",
    "theme=1&theme=3",
    "theme=3&country=ph",
    "theme=3&country=th&country=ph",
    "q=eco",
    "q=น้ำเสีย",
    "theme=9&theme=1",
    "country=zz",
    "page=2",
    "theme=1&country=th",
    "sdg=6",
    "sdg=6&sdg=11",
    "sdg=11&country=th",
]
PILOT_QUERIES = [
    "",
    "award=excellence",
    "practice=12&practice=10",
    "country=ph&theme=3",
    "country=th&country=vn&award=appreciation",
    "practice=77",
    "award=none&award=excellence",
]


@pytest.fixture
def portal():
    return open_data_portal.build()


def body(response):
    assert response.streaming, "downloads are streamed, never built whole in memory"
    return b"".join(response.streaming_content)


def csv_rows(response):
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def json_document(response):
    return json.loads(body(response))


def listed(client, url, key):
    """Every record the list page finds for `url` (all its pages), in its order."""
    response = client.get(url)
    assert response.status_code == 200
    return [str(getattr(record, key)) for record in open_data_portal.everything_listed(response)]


@pytest.mark.parametrize("lang", LANGS)
def test_practice_downloads_hold_exactly_the_practices_the_list_page_finds(client, portal, lang):
    for query in PRACTICE_QUERIES:
        expected = listed(client, f"/{lang}/practices/?{query}", "number")
        rows = csv_rows(client.get(f"/{lang}/practices/export.csv?{query}"))
        document = json_document(client.get(f"/{lang}/practices/export.json?{query}"))
        assert [row["number"] for row in rows] == expected, query
        assert [str(row["number"]) for row in document["results"]] == expected, query
        assert document["count"] == len(expected), query


@pytest.mark.parametrize("lang", LANGS)
def test_pilot_downloads_hold_exactly_the_pilots_the_list_page_finds(client, portal, lang):
    for query in PILOT_QUERIES:
        expected = listed(client, f"/{lang}/pilots/?{query}", "slug")
        rows = csv_rows(client.get(f"/{lang}/pilots/export.csv?{query}"))
        document = json_document(client.get(f"/{lang}/pilots/export.json?{query}"))
        assert [row["slug"] for row in rows] == expected, query
        assert [row["slug"] for row in document["results"]] == expected, query
        assert document["count"] == len(expected), query


def test_the_pilot_download_follows_the_pages_order_in_each_language(client, portal):
    # The list is ordered by the local government's name, which differs between Thai and English.
    assert [row["slug"] for row in csv_rows(client.get("/en/pilots/export.csv"))] == ["alaminos", "kupang", "pakkret"]
    th = [row["slug"] for row in csv_rows(client.get("/th/pilots/export.csv"))]
    assert th == listed(client, "/th/pilots/", "slug")
    assert th == ["kupang", "pakkret", "alaminos"]  # กูปัง, ปากเกร็ด, อาลามิโนส


def test_draft_records_are_absent_from_every_download(client, portal):
    numbers = [row["number"] for row in csv_rows(client.get("/en/practices/export.csv"))]
    assert "15" not in numbers and len(numbers) == 4
    slugs = [row["slug"] for row in json_document(client.get("/th/pilots/export.json"))["results"]]
    assert "hidden-pilot" not in slugs and "copies-a-draft" not in slugs
    pakkret = next(row for row in csv_rows(client.get("/en/pilots/export.csv")) if row["slug"] == "pakkret")
    assert pakkret["also_drew_on"] == "12"  # the draft practice 15 it also drew on is left out


def test_text_columns_are_in_the_language_of_the_page_and_codes_are_not(client, portal):
    th = {row["number"]: row for row in csv_rows(client.get("/th/practices/export.csv"))}
    en = {row["number"]: row for row in csv_rows(client.get("/en/practices/export.csv"))}
    assert th["10"]["title"] == "การจัดการน้ำเสียแบบบึงประดิษฐ์" and th["10"]["theme"] == "สิ่งแวดล้อมเมือง"
    assert en["10"]["title"] == "Constructed Wetland Wastewater Treatment" and en["10"]["theme"] == "Urban environment"
    assert th["10"]["url"] == "http://testserver/th/practices/constructed-wetland/"
    assert en["10"]["url"] == "http://testserver/en/practices/constructed-wetland/"
    assert th["10"]["country_code"] == en["10"]["country_code"] == "th"
    assert th["12"]["start_year"] == en["12"]["start_year"] == "2003"  # Common Era in both, as the codebook says
    pilots_th = {row["slug"]: row for row in csv_rows(client.get("/th/pilots/export.csv"))}
    pilots_en = {row["slug"]: row for row in json_document(client.get("/en/pilots/export.json"))["results"]}
    assert pilots_en["pakkret"]["award_label"] == "Award of Excellence"
    assert pilots_th["pakkret"]["award_label"] != "Award of Excellence"
    assert pilots_th["pakkret"]["award"] == pilots_en["pakkret"]["award"] == "excellence"
    assert pilots_en["pakkret"]["cross_border"] is True and pilots_th["pakkret"]["cross_border"] == "true"


def test_the_json_download_has_typed_values(client, portal):
    rows = {row["number"]: row for row in json_document(client.get("/en/practices/export.json"))["results"]}
    assert rows[12]["latitude"] == 14.65 and rows[12]["longitude"] is None
    assert rows[12]["sources"] == ["https://example.org/source"]
    assert rows[12]["sdgs"] == [6, 11] and rows[14]["sdgs"] == []
    assert rows[12]["pilot_count"] == 1  # kupang; the hidden pilot does not count
    assert rows[10]["start_year"] is None
    assert rows[12]["photo_alt"] is None  # no text is no value, as the codebook says


def test_photos_and_logos_are_given_by_their_full_address(client, portal):
    BestPractice.objects.filter(number=12).update(photo="practices/eco savers.jpg")
    Partner.objects.filter(slug="kas").update(logo="partners/kas.png")
    photo = "http://testserver/media/practices/eco%20savers.jpg"
    assert client.get("/api/v1/practices/eco-savers").json()["photo"] == photo
    assert (
        next(row for row in csv_rows(client.get("/en/practices/export.csv")) if row["number"] == "12")["photo"] == photo
    )
    assert client.get("/api/v1/partners/kas").json()["logo"] == "http://testserver/media/partners/kas.png"
    assert client.get("/api/v1/practices/formula").json()["photo"] is None


def test_files_are_utf8_downloads_named_in_the_page_language(client, portal):
    response = client.get("/en/practices/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="delgosea-best-practices.csv"'
    assert response["Content-Language"] == "en"
    response = client.get("/th/pilots/export.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    name = unquote(disposition.split("''", 1)[1])
    assert name.endswith(".json") and re.search("[\u0e00-\u0e7f]", name), name


def test_csv_cells_that_start_like_a_formula_are_quoted(client, portal):
    en = {row["number"]: row for row in csv_rows(client.get("/en/practices/export.csv"))}
    th = {row["number"]: row for row in csv_rows(client.get("/th/practices/export.csv"))}
    assert en["16"]["title"] == "'" + open_data_portal.FORMULA_TITLE
    assert en["16"]["summary"] == "'@SUM(A1:A2)"
    assert th["16"]["title"] == "'+ข้อความที่ขึ้นต้นด้วยเครื่องหมายบวก"
    assert th["16"]["summary"] == "'-2+3"
    assert en["12"]["title"] == "Marikina Eco Savers Project"
    assert en["16"]["latitude"] == "-10.17"  # a negative number is a number, not a formula


def test_json_downloads_keep_text_as_written(client, portal):
    rows = {row["number"]: row for row in json_document(client.get("/en/practices/export.json"))["results"]}
    assert rows[16]["title"] == open_data_portal.FORMULA_TITLE


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_spreadsheet_safe_quotes_only_a_leading_formula_character(text, safe):
    assert exports.spreadsheet_safe(text) == safe


def test_the_json_download_reports_filter_values_it_did_not_understand(client, portal):
    document = json_document(client.get("/en/practices/export.json?theme=9&theme=1"))
    assert document["lang"] == "en"
    assert [row["number"] for row in document["results"]] == [14, 16]
    assert len(document["notices"]) == 1 and "“9” is not a valid choice" in document["notices"][0]


@pytest.mark.parametrize("lang", LANGS)
def test_list_pages_offer_downloads_that_carry_their_filters_but_not_the_page(client, portal, lang):
    html = client.get(f"/{lang}/practices/?theme=3&country=ph&page=1").content.decode()
    assert f'href="/{lang}/practices/export.csv?theme=3&amp;country=ph"' in html
    assert f'href="/{lang}/practices/export.json?theme=3&amp;country=ph"' in html
    html = client.get(f"/{lang}/pilots/").content.decode()
    assert f'href="/{lang}/pilots/export.csv"' in html and f'href="/{lang}/pilots/export.json"' in html
    assert f'href="/{lang}/open-data/"' in html


def test_the_download_links_are_labelled_in_the_page_language(client, portal):
    assert "Download these results:" in client.get("/en/practices/").content.decode()
    assert "Download these results:" not in client.get("/th/practices/").content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_the_codebook_describes_every_column_of_both_downloads(client, lang):
    html = client.get(f"/{lang}/open-data/").content.decode()
    for column in schemas.PRACTICES.columns + schemas.PILOTS.columns:
        assert f"<code>{column.key}</code>" in html, column.key
    for url in ("practices/export.csv", "practices/export.json", "pilots/export.csv", "pilots/export.json"):
        assert f'href="/{lang}/{url}"' in html
    assert 'href="/api/v1/docs"' in html and 'href="/api/v1/openapi.json"' in html


def test_the_codebook_describes_every_field_and_parameter_of_the_api(client):
    openapi = client.get("/api/v1/openapi.json").json()
    html = client.get("/en/open-data/").content.decode()
    documented = set(re.findall(r"<code>([a-z_]+)</code>", html))
    fields = {name for schema in openapi["components"]["schemas"].values() for name in schema.get("properties", {})}
    parameters = {
        parameter["name"]
        for operations in openapi["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
    }
    assert fields - documented == set()
    assert parameters - documented == set()
    for path in openapi["paths"]:
        assert f"<code>{path}</code>" in html, path


def test_the_codebook_is_in_thai_on_the_thai_site(client):
    th = client.get("/th/open-data/").content.decode()
    en = client.get("/en/open-data/").content.decode()
    assert "as the source documents cite it; it never changes" in en
    assert "as the source documents cite it; it never changes" not in th
    assert "How many records to return" in en and "How many records to return" not in th
    assert '<html lang="th">' in th and len(re.findall(r"<h1[\s>]", th)) == 1


def test_every_page_footer_links_to_the_codebook(client, portal):
    assert 'href="/en/open-data/"' in client.get("/en/").content.decode()
    assert 'href="/th/open-data/"' in client.get("/th/practices/eco-savers/").content.decode()


def test_the_sitemap_lists_the_codebook_in_both_languages(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/th/open-data/" in xml and "/en/open-data/" in xml


def test_downloads_and_the_codebook_use_a_bounded_number_of_queries(
    client, portal, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the work itself, not a page cache hit
    with django_assert_max_num_queries(0):
        client.get("/en/open-data/")
    for url in ("/en/practices/export.csv?theme=3", "/th/practices/export.json?q=eco"):
        with django_assert_max_num_queries(7):  # filter choices (3), count, rows, goals
            body(client.get(url))
    for url in ("/en/pilots/export.csv?award=excellence", "/th/pilots/export.json"):
        with django_assert_max_num_queries(7):  # filter choices (3), count, rows, also drew on
            body(client.get(url))


def test_a_long_pilot_download_reads_the_database_a_chunk_at_a_time(client, portal, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 1)
    with CaptureQueriesContext(connection) as queries:
        assert len(csv_rows(client.get("/en/pilots/export.csv"))) == 3
    # What each pilot also drew on is fetched once per chunk: three chunks of one pilot, three queries.
    assert sum("pilots_pilot_also_drew_on" in query["sql"] for query in queries) == 3


def _practices(first, last, prototype):
    # Copies of one record: building 10,000 models one by one spends seconds in modeltranslation's defaults.
    copies, model = [], BestPractice.objects.get(pk=prototype.pk)
    for n in range(first, last + 1):
        model = copy_module.copy(model)
        model.pk, model.number, model.slug, model.title_en = None, n, f"practice-{n}", f"=Practice {n}"
        copies.append(model)
    BestPractice.objects.bulk_create(copies)


def _download(client, url):
    """Reads a CSV download as it streams, keeping only what the test checks: the number of pieces and rows,
    the last row, and the most memory Python held meanwhile."""
    pieces, rows, last = 0, 0, None
    tracemalloc.start()
    try:
        for piece in client.get(url).streaming_content:
            pieces += 1
            found = list(csv.reader(io.StringIO(piece.decode("utf-8-sig"))))  # a piece holds whole rows
            rows, last = rows + len(found), found[-1] if found else last
        return pieces, rows - 1, last, tracemalloc.get_traced_memory()[1]  # less the header row
    finally:
        tracemalloc.stop()


def test_ten_thousand_practices_download_in_bounded_queries_and_memory(client, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    prototype = f.practice(1, theme=f.theme(1, slug="participation"), title_en="=Practice", background_en="b" * 1000)
    _practices(2, 2_000, prototype)
    *_counts, peak_at_2000 = _download(client, "/en/practices/export.csv?theme=1")
    _practices(2_001, 10_000, prototype)
    started = time.process_time()  # CPU time: on a shared machine the wall clock also measures the neighbours
    with django_assert_max_num_queries(5 + 10_000 // exports.CHUNK_SIZE):  # choices (3), rows; goals per chunk
        pieces, rows, last, peak_at_10000 = _download(client, "/en/practices/export.csv?theme=1")
    elapsed = time.process_time() - started
    assert rows == 10_000
    assert last[0] == "10000" and last[3] == "'=Practice 10000"  # number, …, title
    assert pieces > 10_000 // exports.CHUNK_SIZE  # written out chunk by chunk, never whole
    assert peak_at_10000 < 1.25 * peak_at_2000, (peak_at_2000, peak_at_10000)  # memory does not grow with rows
    assert elapsed < 60, elapsed


@pytest.mark.parametrize("url", ["/th/practices/export.csv", "/en/pilots/export.json"])
def test_downloads_survive_every_known_hostile_value(client, portal, url):
    names = ["theme", "country", "q", "page", "practice", "award"]
    failures = []
    for value in MALICIOUS:
        query = urlencode(dict.fromkeys(names, value))
        response = client.get(f"{url}?{query}")
        if response.status_code != 200:
            failures.append((value[:40], response.status_code))
        else:
            body(response)
    assert failures == []
