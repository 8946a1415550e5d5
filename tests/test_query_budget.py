"""Every public page runs a fixed, small number of SQL queries, whatever the amount of data.

The counts are pinned at the shipped data and again at a thousand generated practices and pilots
(tests.synthetic): a page whose count moves, or differs between the two, has a query per record.
The page cache is off here: these are the queries of a page rendered from scratch.
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
    "partners": "/th/partners/",
    "partner": "/th/partners/kas/",
    "about": "/th/about/",
}

QUERIES = {
    "home": 3,
    # Themes, countries, goals (the filter's choices, and the cards' names of them), the tallies, the page.
    "practices": 5,
    "practices filtered": 5,
    # The filter's choices, the search with its practices' themes, countries and goals, the page.
    "practices searched": 5,
    "practices searched in English": 5,
    "practices, page 2": 5,
    "practices by goal": 5,
    "practice": 6,
    # The theme, the count, the countries (for the cards), the page, the names of its goals.
    "theme": 5,
    # The country, its practices (cards, their goals, count), the themes (for the cards), its pilots (cards, count),
    # partners.
    "country": 8,
    "pilots": 6,
    "pilots filtered": 7,
    "pilot": 3,
    "transfers": 7,
    "transfers filtered": 7,
    "transfer map": 5,
    "transfer map filtered": 5,
    "partners": 1,
    "partner": 1,
    "about": 3,
}

# At a thousand pilots, the transfers page knows from them alone that its map leaves some out, without counting
# the practices the map would draw (pilots.transfer_map.is_cut).
QUERIES_AT_SCALE = {**QUERIES, "transfers": 6, "transfers filtered": 6}

# Whole pages, the home page with them: the transfer map is a document of its own (a framed image).
LIST_PAGES = ["home", "practices", "practices searched", "pilots", "transfers", "theme", "country"]


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


def test_every_public_page_runs_its_pinned_queries_on_the_shipped_data(client):
    load()
    counts, _sizes = measure(client)
    assert counts == QUERIES
    assert max(counts.values()) <= 10


def test_a_thousand_practices_and_pilots_run_the_same_queries_in_small_pages(client):
    load()
    synthetic.generate(practices=1000, pilots=1000, seed=4)
    counts, sizes = measure(client)
    assert counts == QUERIES_AT_SCALE
    oversized = {name: sizes[name] for name in LIST_PAGES if sizes[name] >= 60_000}
    assert oversized == {}
