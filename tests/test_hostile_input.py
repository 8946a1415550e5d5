"""Hostile and random input never breaks a page, never runs as script, and never half-saves a record."""

from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilots.models import Pilot
from practices.models import BestPractice, Municipality
from tests import factories as f
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

# Markup that must never reach a page unescaped. Every hostile value below carries one of them.
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
MARKERS = (SCRIPT, IMAGE)

MALICIOUS = [
    SCRIPT,
    f'"><{SCRIPT[1:]}',
    f"'>{IMAGE}",
    "' OR 1=1 --",
    "1; DROP TABLE practices_bestpractice; --",
    "1' UNION SELECT password FROM auth_user --",
    "\x00",
    "th\x00",
    "%00",
    "../../../../etc/passwd",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "-1",
    "0",
    "99999999999999999999999999999999",
    str(2**63),
    "-9223372036854775809",
    "1e309",
    "NaN",
    "1.5",
    "",
    " ",
    "\u202e\u0645",
    "น้ำเสีย",
    "การจัดการน้ำเสียแบบบึงประดิษฐ์" * 400,
    "x" * 10_000,
    "🙂" * 300,
    "\\",
    "%",
    "'",
    '"',
]

THAI = st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B), max_size=60)
VALUES = st.one_of(
    st.sampled_from(MALICIOUS),
    st.text(max_size=200),
    THAI,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.builds(lambda a, b: a + SCRIPT + b, st.text(max_size=20), st.text(max_size=20)),
)

# The public URL contract (SPEC section 4): list pages with their query parameters, detail pages by slug.
LIST_PAGES = {
    "practices/": ["theme", "country", "q", "page"],
    "pilots/": ["country", "theme", "practice", "award", "page"],
    "municipalities/": ["country", "role", "q", "page"],
    "partners/": ["page"],
    "documents/": ["kind", "language", "year", "page"],
    "transfers/": [],
    "about/": [],
    "": [],
}
DETAIL_PAGES = ["practices/{}/", "themes/{}/", "countries/{}/", "pilots/{}/", "partners/{}/", "municipalities/{}/"]
DETAIL_PAGES += ["documents/{}/download/"]

HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def portal():
    """A small published portal, so detail pages and filters have something real to work on."""
    theme = f.theme(number=1, slug="participation")
    practice = f.practice(number=14, slug="eco-savers", theme=theme, municipality=f.municipality("marikina", "ph"))
    pilot = f.pilot(slug="tarakan", practice=practice, municipality=f.municipality("tarakan", "th"))
    partner = f.partner(slug="uclg-aspac", country=practice.municipality.country)
    return {"theme": theme, "practice": practice, "pilot": pilot, "partner": partner}


def assert_safe(response, url):
    assert response.status_code < 500, url
    body = response.content.decode(errors="replace")
    for marker in MARKERS:
        assert marker not in body, url


@HYPOTHESIS
@given(
    prefix=st.sampled_from(["/th/", "/en/"]),
    page=st.sampled_from(sorted(LIST_PAGES)),
    data=st.data(),
)
def test_list_pages_survive_any_query_parameters(client, portal, prefix, page, data):
    names = LIST_PAGES[page] + ["utm_source", "theme[]", "q\x00"]
    params = data.draw(
        st.dictionaries(st.sampled_from(names), st.lists(VALUES, min_size=1, max_size=3), max_size=4), label="query"
    )
    url = f"{prefix}{page}?{urlencode(params, doseq=True)}"
    assert_safe(client.get(url), url)


@HYPOTHESIS
@given(
    prefix=st.sampled_from(["/th/", "/en/"]),
    pattern=st.sampled_from(DETAIL_PAGES),
    value=st.one_of(VALUES, st.sampled_from(["eco-savers", "participation", "ph", "PH", "tarakan", "uclg-aspac"])),
)
def test_detail_pages_survive_any_path_value(client, portal, prefix, pattern, value):
    segment = quote(value, safe="") or "-"
    url = prefix + pattern.format(segment)
    assert_safe(client.get(url), url)


def test_every_parameter_and_path_survives_every_known_attack(client, portal):
    """The random tests above may miss a value; this sweep tries each known-bad one in every place once."""
    urls = []
    for index, value in enumerate(MALICIOUS):
        prefix = ("/th/", "/en/")[index % 2]
        for page, names in LIST_PAGES.items():
            urls += [f"{prefix}{page}?{urlencode({name: value})}" for name in names]
        urls += [prefix + pattern.format(quote(value, safe="") or "-") for pattern in DETAIL_PAGES]
    failures = []
    for url in urls:
        try:
            assert_safe(client.get(url), url)
        except Exception as error:  # collect every broken URL, not just the first
            failures.append(f"{url[:120]}: {type(error).__name__}: {str(error)[:120]}")
    assert failures == []


@HYPOTHESIS
@given(language=VALUES, cookie=VALUES)
def test_language_choice_survives_hostile_headers_and_cookies(client, language, cookie):
    client.cookies["django_language"] = quote(cookie, safe="")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language.encode("latin-1", "replace").decode("latin-1"))
    assert response.status_code in (301, 302)
    assert response.headers["Location"].split("/")[1] in ("th", "en")


@pytest.mark.parametrize("prefix", ["/th/", "/en/"])
def test_markup_typed_into_a_record_is_shown_as_text(client, prefix):
    practice = f.practice(title_th=f"ชื่อ {SCRIPT}", title_en=f"Title {SCRIPT}", summary_en=IMAGE, summary_th=IMAGE)
    for url in (practice.get_absolute_url(), f"{prefix}practices/", f"{prefix}practices/?q=Title"):
        response = client.get(url.replace("/th/", prefix).replace("/en/", prefix))
        assert response.status_code == 200
        assert_safe(response, url)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


def add_page_with_a_pilot(editor_client, **overrides):
    url = reverse("admin:practices_bestpractice_add")
    page = editor_client.get(url)
    existing = BestPractice.objects.get()
    town = Municipality.objects.filter(slug="new-town").first() or f.municipality("new-town", "vn")
    data = admin_form_data(
        page,
        **{
            "number": "50",
            "slug": "new-practice",
            "title_th": "แนวปฏิบัติใหม่",
            "title_en": "A new practice",
            "theme": str(existing.theme_id),
            "municipality": str(existing.municipality_id),
            "summary_th": "สรุป",
            "summary_en": "Summary",
            "sources": "https://example.org/a",
            "pilots-TOTAL_FORMS": "1",
            "pilots-0-slug": "new-pilot",
            "pilots-0-municipality": str(town.pk),
            "pilots-0-title_th": "โครงการนำร่อง",
            "pilots-0-title_en": "Pilot project",
            "pilots-0-description_th": "คำอธิบาย",
            "pilots-0-description_en": "Description",
            "pilots-0-stage": Pilot.Stage.IMPLEMENTATION,
            "pilots-0-award": Pilot.Award.NONE,
            "pilots-0-published": "on",
            **overrides,
        },
    )
    return editor_client.post(url, data)


def saved_counts():
    return (
        BestPractice.objects.count(),
        Pilot.objects.count(),
        BestPractice.history.count(),
        Pilot.history.count(),
    )


def test_the_valid_add_form_with_a_pilot_saves_both(editor_client):
    f.practice(number=14)
    response = add_page_with_a_pilot(editor_client)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert BestPractice.objects.get(number=50).pilots.get().slug == "new-pilot"


def test_a_bad_source_line_and_a_duplicate_number_save_nothing_and_are_explained(editor_client):
    f.practice(number=14)
    before = saved_counts()
    response = add_page_with_a_pilot(
        editor_client, number="14", sources="https://example.org/a\njavascript:alert(1)\nhttps://example.org/b"
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert {error.code for error in errors["number"]} == {"unique"}
    assert {error.code for error in errors["sources"]} == {"invalid_source"}
    page = response.content.decode()
    assert "errornote" in page
    assert "javascript:alert(1)" in page  # the offending line is quoted back to the editor
    for message in response.context["adminform"].form.errors["number"]:
        assert str(message).replace("“", "&ldquo;").replace("”", "&rdquo;") in page or str(message) in page
    assert saved_counts() == before
    assert not Pilot.objects.filter(slug="new-pilot").exists()


def test_a_bad_inline_pilot_keeps_the_practice_from_being_saved(editor_client):
    existing = f.pilot(slug="taken", practice=f.practice(number=14))
    before = saved_counts()
    response = add_page_with_a_pilot(editor_client, **{"pilots-0-slug": existing.slug})
    assert response.status_code == 200
    inline_errors = response.context["inline_admin_formsets"][0].formset.errors
    assert inline_errors[0]["slug"]
    assert saved_counts() == before
    assert not BestPractice.objects.filter(number=50).exists()


def test_huge_and_negative_numbers_are_refused_by_the_form_not_the_database(editor_client):
    f.practice(number=14)
    before = saved_counts()
    for number in ("-1", "0", "99999999999999999999", "1e3", "๑๔"):
        response = add_page_with_a_pilot(editor_client, number=number)
        assert response.status_code == 200, number
        assert response.context["adminform"].form.errors["number"], number
    assert saved_counts() == before
