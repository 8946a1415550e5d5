"""The read-only JSON API at /api/v1/: same records, filters and order as the pages; bounded queries;
an OpenAPI document that the API keeps (checked by schemathesis)."""

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from delgosea.wsgi import application
from tests import factories as f
from tests import open_data_portal
from tests.test_hostile_input import MALICIOUS
from tests.test_security import csp_directives, inline_code, same_origin

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    return open_data_portal.build()


def api(client, path, **params):
    response = client.get(f"/api/v1/{path}", params)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


PRACTICE_QUERIES = [
    {},
    {"theme": 3},
    {"theme": [1, 3]},
    {"theme": 3, "country": "ph"},
    {"theme": 3, "country": ["th", "ph"]},
    {"q": "eco"},
    {"q": "น้ำเสีย"},
    {"theme": [9, 1]},
    {"sdg": 6},
    {"sdg": [6, 11], "country": "ph"},
]
PILOT_QUERIES = [
    {},
    {"award": "excellence"},
    {"practice": [12, 10]},
    {"country": "ph", "theme": 3},
    {"country": ["th", "vn"], "award": "appreciation"},
    {"award": ["none", "excellence"]},
    {"practice": 77},
]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_practices_are_the_ones_the_list_page_finds_in_its_order(client, portal, lang):
    for query in PRACTICE_QUERIES:
        listed = open_data_portal.everything_listed(client.get(f"/{lang}/practices/", query))
        expected = [practice.number for practice in listed]
        data = api(client, "practices", **query, limit=100, lang=lang).json()
        assert [practice["number"] for practice in data["results"]] == expected, query
        assert data["count"] == len(expected), query


@pytest.mark.parametrize("lang", ["th", "en"])
def test_pilots_are_the_ones_the_list_page_finds_in_its_order(client, portal, lang):
    for query in PILOT_QUERIES:
        page = client.get(f"/{lang}/pilots/", query)
        expected = [pilot.slug for pilot in page.context["page"].paginator.object_list]
        data = api(client, "pilots", **query, lang=lang).json()
        assert [pilot["slug"] for pilot in data["results"]] == expected, query
        assert data["count"] == len(expected), query


def test_drafts_never_appear_in_lists(client, portal):
    numbers = [practice["number"] for practice in api(client, "practices").json()["results"]]
    assert 15 not in numbers and len(numbers) == 4
    slugs = [pilot["slug"] for pilot in api(client, "pilots").json()["results"]]
    assert sorted(slugs) == ["alaminos", "kupang", "pakkret"]
    partners = [partner["slug"] for partner in api(client, "partners").json()["results"]]
    assert partners == ["kas"]
    pakkret = api(client, "pilots/pakkret").json()
    assert [practice["number"] for practice in pakkret["also_drew_on"]] == [12]


@pytest.mark.parametrize(
    "path",
    [
        "practices/draft-practice",
        "pilots/hidden-pilot",
        "pilots/copies-a-draft",
        "partners/draft-partner",
        "practices/no-such-practice",
    ],
)
def test_drafts_and_unknown_slugs_are_404(client, portal, path):
    response = api(client, path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1",
        "/api/v1/nope",
        "/api/v1/nope/",
        "/api/v1/practices/",
        "/api/v1/practices/x/y",
        "/api/v2/x",
    ],
)
@pytest.mark.parametrize("debug", [True, False])
def test_an_address_under_the_api_that_no_route_matches_is_a_json_404(client, settings, path, debug):
    settings.DEBUG = debug
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": "Not Found"}


def test_an_unknown_api_address_is_404_whatever_the_method(client):
    response = client.post("/api/v1/nope", {"x": "1"})
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


def test_drafts_are_404_even_for_staff(admin_client, portal):
    assert api(admin_client, "practices/draft-practice").status_code == 404


def test_text_comes_in_the_language_asked_for_thai_by_default(client, portal):
    th = api(client, "practices/constructed-wetland").json()
    en = api(client, "practices/constructed-wetland", lang="en").json()
    assert th["title"] == "การจัดการน้ำเสียแบบบึงประดิษฐ์" and th["theme"]["name"] == "สิ่งแวดล้อมเมือง"
    assert en["title"] == "Constructed Wetland Wastewater Treatment" and en["theme"]["name"] == "Urban environment"
    assert th["url"] == "http://testserver/th/practices/constructed-wetland/"
    assert en["url"] == "http://testserver/en/practices/constructed-wetland/"
    assert api(client, "pilots", lang="en").json()["lang"] == "en"
    assert api(client, "pilots/pakkret", lang="en").json()["award_label"] == "Award of Excellence"
    assert api(client, "pilots/pakkret").json()["award_label"] != "Award of Excellence"


def test_the_language_parameter_wins_over_the_browsers_language(client, portal):
    response = client.get("/api/v1/themes", {"lang": "th"}, HTTP_ACCEPT_LANGUAGE="en")
    data = response.json()
    assert data["lang"] == "th" and data["results"][0]["name"] == "การมีส่วนร่วมของประชาชน"
    assert response["Content-Language"] == "th"


def test_a_practice_shows_the_pilots_that_copied_it_or_drew_on_it(client, portal):
    eco = api(client, "practices/eco-savers", lang="en").json()
    assert [pilot["slug"] for pilot in eco["pilots"]] == ["kupang"]  # not the hidden pilot
    assert [pilot["slug"] for pilot in eco["also_inspired"]] == ["pakkret"]
    assert eco["pilot_count"] == 1
    assert eco["municipality"]["country"] == {"code": "ph", "name": "Philippines"}
    assert eco["start_year"] == 2003 and eco["sources"] == ["https://example.org/source"]
    assert eco["sdgs"] == [
        {"number": 6, "name": "Clean water and sanitation"},
        {"number": 11, "name": "Sustainable cities and communities"},
    ]


def test_a_pilot_shows_what_it_copied_and_its_milestones(client, portal):
    pakkret = api(client, "pilots/pakkret", lang="en").json()
    assert pakkret["practice"]["number"] == 14 and pakkret["practice"]["country"]["code"] == "ph"
    assert pakkret["cross_border"] is True
    assert pakkret["milestones"] == [
        {"date": "2011-07-12", "precision": "day", "end_date": None, "title": "Study visit to Solo"}
    ]


def test_milestones_come_in_the_pilot_page_s_order(client, portal):
    """Within a year, a step known only by its year comes after the dated ones, as on the page."""
    f.milestone(portal["pilot"], datetime.date(2011, 1, 1), precision="year", title_en="Plan adopted")
    titles = [step["title"] for step in api(client, "pilots/pakkret", lang="en").json()["milestones"]]
    assert titles == ["Study visit to Solo", "Plan adopted"]
    assert titles == [step.title_en for step in portal["pilot"].milestones.in_time_order()]


def test_themes_and_countries_count_only_published_records(client, portal):
    themes = {theme["number"]: theme for theme in api(client, "themes").json()["results"]}
    assert themes[3]["practice_count"] == 2 and themes[1]["practice_count"] == 2
    countries = {country["code"]: country for country in api(client, "countries").json()["results"]}
    assert countries["th"]["practice_count"] == 1  # the draft practice 15 is also in Thailand
    assert countries["vn"]["pilot_count"] == 1  # the pilot copying the draft does not count
    assert countries["th"]["pilot_count"] == 1  # the hidden pilot does not count


def test_lists_are_paged_with_limit_and_offset(client, portal):
    first = api(client, "practices", limit=2, lang="en").json()
    assert [p["number"] for p in first["results"]] == [10, 12]
    assert first["count"] == 4 and first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/practices?limit=2&lang=en&offset=2"
    second = client.get(first["next"]).json()
    assert [p["number"] for p in second["results"]] == [14, 16]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/practices?limit=2&lang=en&offset=0"
    assert api(client, "practices", offset=50).json()["results"] == []


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"theme": "abc"}, "theme"),
        ({"country": "PHL"}, "country"),
        ({"lang": "fr"}, "lang"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_values_of_the_wrong_form_are_422_with_the_reason(client, portal, params, where):
    response = api(client, "practices", **params)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [where in error["loc"] for error in errors] == [True]
    assert errors[0]["msg"]


def test_values_that_match_nothing_known_are_ignored_and_reported_as_on_the_pages(client, portal):
    data = api(client, "practices", theme=[9, 1], lang="en").json()
    assert [p["number"] for p in data["results"]] == [14, 16]
    assert data["notices"] == ["“9” is not a valid choice for “Theme”; it was ignored."]
    assert api(client, "pilots", award="excellence", practice=77).json()["count"] == 1


@pytest.mark.parametrize("path", ["practices", "pilots", "partners", "themes", "practices/eco-savers"])
def test_every_known_hostile_value_is_answered_with_200_or_422_never_an_error(client, portal, path):
    names = ["theme", "country", "q", "sdg", "practice", "award", "limit", "offset", "lang"]
    answers = {}
    for value in MALICIOUS:
        for name in names:
            response = client.get(f"/api/v1/{path}", {name: value})
            answers.setdefault(response.status_code, []).append(f"{name}={value[:30]!r}")
            assert response["Content-Type"] == "application/json; charset=utf-8"
    assert set(answers) <= {200, 422}, {status: found[:5] for status, found in answers.items() if status >= 500}


def test_search_text_with_control_characters_finds_what_the_page_finds(client, portal):
    assert [p["number"] for p in api(client, "practices", q="\x00eco\x07").json()["results"]] == [12, 14]
    assert api(client, "practices", q="น้ำเสีย" * 28).json()["count"] == 0  # 196 characters: accepted


def test_the_api_answers_only_get(client, portal):
    assert client.post("/api/v1/practices").status_code == 405
    assert client.delete("/api/v1/practices/eco-savers").status_code == 405


LIST_BUDGETS = {
    "practices": 6,  # filter choices (3), count, page, goals
    "pilots": 7,  # filter choices (3), count, page, also drew on, milestones
    "partners": 2,
    "themes": 1,
    "countries": 1,
    "practices/eco-savers": 4,
    "pilots/pakkret": 3,
    "partners/kas": 1,
}


def test_every_endpoint_uses_a_fixed_number_of_queries_whatever_the_data(
    client, portal, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the work itself, not a page cache hit
    for path, budget in LIST_BUDGETS.items():
        with django_assert_max_num_queries(budget):
            assert api(client, path).status_code == 200, path
    for _ in range(6):
        pilot = f.pilot(practice=portal["eco"])
        pilot.also_drew_on.add(portal["wetland"])
        f.milestone(pilot, "2012-01-01")
        f.partner()
    for path, budget in LIST_BUDGETS.items():
        with django_assert_max_num_queries(budget):
            assert api(client, path, limit=100).status_code == 200, path


def test_the_openapi_document_describes_every_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "DELGOSEA Knowledge Portal API"
    assert set(document["paths"]) == {
        "/api/v1/practices",
        "/api/v1/practices/{slug}",
        "/api/v1/pilots",
        "/api/v1/pilots/{slug}",
        "/api/v1/municipalities",
        "/api/v1/municipalities/{slug}",
        "/api/v1/themes",
        "/api/v1/countries",
        "/api/v1/partners",
        "/api/v1/partners/{slug}",
        "/api/v1/documents",
        "/api/v1/documents/{slug}",
    }


def test_the_api_reference_loads_nothing_from_another_host_and_no_inline_code(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    finder = inline_code(response)
    assert finder.blocked == []
    assert finder.script_sources and all(same_origin(src) for src in finder.script_sources)
    html = response.content.decode()
    assert "cdn" not in html.lower() and "//" not in html.replace("http://testserver", "").split("<body")[0]
    assert csp_directives(response)["script-src"] == ["'self'"]
    assert 'data-openapi-url="/api/v1/openapi.json"' in html


def test_the_swagger_ui_files_are_served_by_the_portal(client):
    from django.contrib.staticfiles import finders

    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")
    assert finders.find("js/api-docs.js")


# The API against its own OpenAPI document: schemathesis generates requests, valid and invalid, for
# every operation and checks each answer (no server error, documented status, body matching the schema).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_openapi_contract(case, portal, wsgi_keeps_the_test_connection):
    # Called through WSGI, where nothing would undo the gzip that a real HTTP client asks for and decodes.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})


def test_pilots_in_one_town_come_in_the_page_s_order_in_every_page_of_the_api(client):
    """Ties on the place name are broken by slug, as on the page, so OFFSET paging never skips or repeats."""
    town, practice = f.town("alaminos"), f.practice(10)
    for slug in ["c-pilot", "a-pilot", "d-pilot", "b-pilot"]:
        f.pilot(slug, municipality=town, practice=practice)
    page_order = [pilot.slug for pilot in client.get("/en/pilots/").context["page"]]
    assert page_order == ["a-pilot", "b-pilot", "c-pilot", "d-pilot"]
    pages = [api(client, "pilots", lang="en", limit=2, offset=offset).json()["results"] for offset in (0, 2)]
    assert [pilot["slug"] for page in pages for pilot in page] == page_order
