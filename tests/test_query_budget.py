"""Every public page runs a small number of SQL queries, whatever the amount of data.

Checked at the shipped data and again at a thousand generated practices and pilots (tests.synthetic): a page
with a query per record would pass the first and fail the second. The page cache is off here: these are the
queries of a page rendered from scratch.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delgosea.loader import load
from tests import synthetic

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/th/",
    "practices": "/th/practices/",
    "practices filtered": "/th/practices/?theme=3&country=ph&country=th",
    "practices searched": "/th/practices/?q=น้ำเสีย",
    "practices searched in English": "/en/practices/?q=wastewater",
    "practices, page 2": "/th/practices/?page=2",
    "practices by goal": "/th/practices/?sdg=6&theme=3",
    "practices most copied": "/th/practices/?sort=copies&copied=1&theme=3&country=ph",
    "practices searched, most copied": "/en/practices/?q=water&sort=copies&copied=1&sdg=6&page=2",
    "practice": "/th/practices/eco-savers/",
    "theme": "/th/themes/urban-environment/",
    "country": "/th/countries/ph/",
    "pilots": "/th/pilots/",
    "pilots filtered": "/th/pilots/?country=th&country=kh&award=excellence&practice=12&practice=14",
    "pilot": "/th/pilots/pakkret/",
    "transfers": "/th/transfers/",
    "transfers filtered": "/th/transfers/?theme=3&country=ph",
    "transfer map": "/th/transfers/map.svg",
    "transfer map filtered": "/th/transfers/map.svg?theme=3&country=ph",
    "transfers by direction": "/th/transfers/?from=ph&from=th&to=th&to=vn&theme=3&country=th",
    "transfer map by direction": "/th/transfers/map.svg?from=ph&to=th",
    "local governments": "/th/municipalities/",
    "local governments filtered": "/th/municipalities/?role=pilot&role=practice&country=th&q=เทศบาล",
    "local government": "/th/municipalities/vinh/",
    "partners": "/th/partners/",
    "partner": "/th/partners/kas/",
    "about": "/th/about/",
    "documents": "/th/documents/",
    "documents filtered": "/th/documents/?kind=news&kind=case_study&language=en&year=2012",
    "site search": "/th/search/?q=ปากเกร็ด",
    "site search, several words": "/en/search/?q=water+Udon",
    "site search, nothing found": "/en/search/?q=Pakret",
    "pilots searched": "/en/pilots/?q=Pak+Kret&country=th",
    "feed": "/th/feed/",
}

MAX_QUERIES = 10

# Whole pages, the home page with them: the transfer map is a document of its own (a framed image).
LIST_PAGES = ["home", "practices", "practices searched", "pilots", "transfers", "theme", "country", "documents"]
LIST_PAGES += ["local governments", "site search"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def measure(client):
    counts, sizes = {}, {}
    for name, url in PAGES.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
        sizes[name] = len(response.content)
    return counts, sizes


def test_every_public_page_runs_at_most_ten_queries_on_the_shipped_data(client):
    load()
    counts, _sizes = measure(client)
    assert {name: count for name, count in counts.items() if count > MAX_QUERIES} == {}


def test_a_thousand_practices_and_pilots_run_no_more_queries_in_small_pages(client):
    load()
    synthetic.generate(practices=1000, pilots=1000, seed=4)
    counts, sizes = measure(client)
    assert {name: count for name, count in counts.items() if count > MAX_QUERIES} == {}
    oversized = {name: sizes[name] for name in LIST_PAGES if sizes[name] >= 60_000}
    assert oversized == {}
