"""Canonical addresses (README, "Addresses and search engines"): every public page names its canonical address, its
own path with only the URL contract's parameters that have a value (no `page=1`); a page whose canonical address
has a query (a filtered list, a later page, a search, a comparison) says `noindex, follow`."""

import html
import re

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db

LANGS = ["th", "en"]
NOINDEX = '<meta name="robots" content="noindex, follow">'


@pytest.fixture
def site():
    environment = f.environment_theme()
    eco = f.eco_savers(theme=environment, municipality=f.town("marikina"))
    f.constructed_wetland(theme=environment, municipality=f.town("udon-thani"))
    f.pilot("kupang", municipality=f.municipality("kupang", country_code="vn"), practice=eco)
    f.partner("kas", acronym="KAS")
    f.document("eco-savers-case-study")


def canonical(page):
    (href,) = re.findall(r'<link rel="canonical" href="([^"]*)">', page)
    return html.unescape(href)


def robots(page):
    return re.findall(r'<meta name="robots"[^>]*>', page)


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "path",
    ["", "practices/", "pilots/", "transfers/", "municipalities/", "partners/", "documents/", "about/", "open-data/"],
)
def test_an_unfiltered_page_is_canonical_to_itself_and_indexed(client, site, lang, path):
    page = get(client, f"/{lang}/{path}")
    assert canonical(page) == f"http://testserver/{lang}/{path}"
    assert robots(page) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "path",
    [
        "practices/eco-savers/",
        "pilots/kupang/",
        "themes/urban-environment/",
        "countries/ph/",
        "municipalities/marikina/",
        "partners/kas/",
    ],
)
def test_a_detail_page_is_canonical_to_itself_and_indexed(client, site, lang, path):
    page = get(client, f"/{lang}/{path}")
    assert canonical(page) == f"http://testserver/{lang}/{path}"
    assert robots(page) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "query",
    [
        "practices/?theme=3&country=ph",
        "practices/?theme=3&theme=1",
        "practices/?q=%E0%B8%99%E0%B9%89%E0%B8%B3",
        "pilots/?award=excellence",
        "transfers/?from=ph&to=vn",
        "municipalities/?role=pilot",
    ],
)
def test_a_filtered_list_is_canonical_to_itself_and_not_indexed(client, site, lang, query):
    page = get(client, f"/{lang}/{query}")
    assert canonical(page) == f"http://testserver/{lang}/{query}"
    assert robots(page) == [NOINDEX]


@pytest.mark.parametrize("lang", LANGS)
def test_a_later_page_is_canonical_to_itself_and_not_indexed(client, site, lang):
    for number in range(1, 24):  # more than one page of practices
        f.practice(100 + number)
    page = get(client, f"/{lang}/practices/?page=2")
    assert canonical(page) == f"http://testserver/{lang}/practices/?page=2"
    assert robots(page) == [NOINDEX]


def test_the_first_page_asked_by_number_is_the_unfiltered_list(client, site):
    page = get(client, "/en/practices/?page=1")
    assert canonical(page) == "http://testserver/en/practices/"
    assert robots(page) == []


def test_an_empty_filter_form_gives_the_unfiltered_list(client, site):
    page = get(client, "/th/practices/?q=&theme=&country=")
    assert canonical(page) == "http://testserver/th/practices/"
    assert robots(page) == []


def test_parameters_outside_the_contract_are_left_out_of_the_canonical_address(client, site):
    assert canonical(get(client, "/en/practices/?utm_source=news&fbclid=x")) == "http://testserver/en/practices/"
    page = get(client, "/en/practices/?utm_source=news&theme=3")
    assert canonical(page) == "http://testserver/en/practices/?theme=3"
    assert robots(page) == [NOINDEX]
    assert robots(get(client, "/en/practices/eco-savers/?utm_source=news")) == []


@pytest.mark.parametrize("url", ["/th/search/", "/th/search/?q=eco", "/en/compare/?p=eco-savers&p=constructed-wetland"])
def test_search_results_and_comparisons_are_never_indexed(client, site, url):
    page = get(client, url)
    assert canonical(page) == f"http://testserver{url}"
    assert robots(page) == [NOINDEX]


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_alternates_and_og_url_name_the_canonical_addresses(client, site, lang):
    page = get(client, f"/{lang}/practices/?theme=3&utm_source=news")
    assert canonical(page) == f"http://testserver/{lang}/practices/?theme=3"
    assert f'<meta property="og:url" content="http://testserver/{lang}/practices/?theme=3">' in page
    assert '<link rel="alternate" hreflang="th" href="http://testserver/th/practices/?theme=3">' in page
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/practices/?theme=3">' in page


def test_every_sitemap_address_is_its_page_s_canonical_address(client, site):
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>(.*?)</loc>", xml)
    assert len(locations) > 20
    for location in locations:
        page = get(client, location)
        assert canonical(page) == location
        assert robots(page) == [], location


def test_the_canonical_address_is_on_the_production_host_and_scheme(client, site, settings):
    settings.ALLOWED_HOSTS = ["delgosea.example.org"]
    page = get(client, "/en/practices/eco-savers/", secure=True, headers={"host": "delgosea.example.org"})
    assert canonical(page) == "https://delgosea.example.org/en/practices/eco-savers/"


def test_a_thai_query_sent_unencoded_is_percent_encoded_in_the_page_s_links(client, site):
    page = get(client, "/th/search/?q=น้ำ")
    assert canonical(page) == "http://testserver/th/search/?q=%E0%B8%99%E0%B9%89%E0%B8%B3"
    assert 'href="/en/search/?q=%E0%B8%99%E0%B9%89%E0%B8%B3"' in page
