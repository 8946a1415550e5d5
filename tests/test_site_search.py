"""The one search box: /<lang>/search/ over pilots, local governments, practices, partners and themes, grouped."""

import re
from html import unescape

import pytest
from django.db import transaction

from delgosea.loader import load

pytestmark = pytest.mark.django_db

PAKKRET_SPELLINGS = ["Pakkret", "Pakkred", "Pak Kret", "ปากเกร็ด", "pakkret"]


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load()
        yield
        transaction.set_rollback(True)


def groups(response):
    """{group heading id: [link texts in order]} of a rendered search page."""
    html = response.content.decode()
    found = {}
    sections = re.findall(r'<section class="search-group" aria-labelledby="group-(\w+)">(.*?)</section>', html, re.S)
    for kind, body in sections:
        links = re.findall(r'<(?:h3>|li>\s*)<a href="(/[^"]+)">(.*?)</a>', body, re.S)
        found[kind] = [(href, unescape(re.sub(r"<[^>]+>", "", text)).strip()) for href, text in links]
    return found


def group_order(response):
    return re.findall(r'aria-labelledby="group-(\w+)"', response.content.decode())


@pytest.mark.parametrize("spelling", PAKKRET_SPELLINGS)
def test_every_spelling_of_pakkret_finds_its_pilot_then_its_local_government_first(client, shipped, spelling):
    response = client.get("/en/search/", {"q": spelling})

    assert response.status_code == 200
    found = groups(response)
    assert group_order(response)[:2] == ["pilots", "places"]
    assert found["pilots"][0] == ("/en/pilots/pakkret/", "Pakkret")
    assert found["places"][0] == ("/en/municipalities/pakkret/", "Pakkret")


def test_the_spellings_give_the_same_results(client, shipped):
    answers = [groups(client.get("/th/search/", {"q": spelling})) for spelling in PAKKRET_SPELLINGS]
    assert all(answer == answers[0] for answer in answers)
    # Practice 14 through the pilot that copied it, practice 15 through a mention of Pakkret in its text (which
    # "Pakkred" finds too), both in Thai on a Thai page.
    assert [href for href, _title in answers[0]["practices"]] == [
        "/th/practices/street-vendor-relocation/",
        "/th/practices/old-town-preservation/",
    ]


def test_thai_words_inside_unspaced_text_are_found(client, shipped):
    found = groups(client.get("/th/search/", {"q": "น้ำเสีย"}))
    assert "/th/practices/constructed-wetland/" in [href for href, _title in found["practices"]]


def test_a_name_hit_ranks_before_a_mention_in_body_text(client, shipped):
    """Vinh is a place's whole name and part of Tra Vinh's: Vinh comes first among places and pilots, though Tra
    Vinh comes first A–Z."""
    found = groups(client.get("/en/search/", {"q": "vinh"}))
    assert [name for _href, name in found["places"]] == ["Vinh", "Tra Vinh"]
    assert [name for _href, name in found["pilots"]][:2] == ["Vinh", "Tra Vinh"]


def test_partners_and_themes_are_searched_by_name(client, shipped):
    found = groups(client.get("/en/search/", {"q": "participation"}))
    assert found["themes"][0][0].startswith("/en/themes/")
    found = groups(client.get("/en/search/", {"q": "KAS"}))
    assert any("Konrad" in name for _href, name in found["partners"])


def test_each_group_links_to_its_own_list_searched_alike(client, shipped):
    html = client.get("/en/search/", {"q": "Pakkret"}).content.decode()
    assert 'href="/en/pilots/?q=Pakkret"' in html
    assert 'href="/en/municipalities/?q=Pakkret"' in html
    pilot_list = client.get("/en/pilots/", {"q": "Pakkred"}).content.decode()
    assert "1 pilot found" in pilot_list and 'href="/en/pilots/pakkret/"' in pilot_list


def test_a_misspelt_name_offers_what_it_probably_meant(client, shipped):
    response = client.get("/en/search/", {"q": "Pakret"})
    html = response.content.decode()

    assert groups(response) == {}
    assert "Nothing in the portal matches “Pakret”." in unescape(html)
    suggestions = re.findall(r'<ul class="suggestions">(.*?)</ul>', html, re.S)[0]
    assert '<a href="?q=Pakkret">Pakkret</a>' in suggestions
    marikina = client.get("/en/search/", {"q": "Marikena"}).content.decode()
    assert ">Marikina</a>" in re.findall(r'<ul class="suggestions">(.*?)</ul>', marikina, re.S)[0]


def test_nothing_like_it_offers_ways_to_browse(client, shipped):
    html = client.get("/th/search/", {"q": "zzqqxx"}).content.decode()
    assert 'class="suggestions"' not in html
    assert 'href="/th/practices/"' in html and 'href="/th/municipalities/"' in html


def test_an_empty_or_hostile_query_never_fails(client, shipped):
    assert client.get("/en/search/").status_code == 200
    assert client.get("/en/search/", {"q": "   "}).status_code == 200
    long = client.get("/en/search/", {"q": "น้ำ" * 5000})
    assert long.status_code == 200
    assert "was shortened" in long.content.decode()
    assert "private" in long["Cache-Control"]
    assert client.get("/en/search/", {"q": "\x00%_'\"<script>"}).status_code == 200


def test_the_header_of_every_page_has_the_search_box(client, shipped):
    for path in ["/th/", "/en/practices/", "/th/practices/constructed-wetland/", "/en/about/", "/th/transfers/"]:
        html = client.get(path).content.decode()
        form = r'<form class="header-search" method="get" action="/(th|en)/search/" role="search"'
        assert re.search(form, html), path
        assert '<input type="search" id="site-search" name="q"' in html


def test_the_search_page_reads_a_few_queries(client, shipped, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get("/th/search/", {"q": "ปากเกร็ด"})
    with django_assert_max_num_queries(10):
        client.get("/en/search/", {"q": "Pakret"})


def test_the_pilot_api_and_download_search_as_the_pilot_list_does(client, shipped):
    found = client.get("/api/v1/pilots", {"q": "Pak Kret"}).json()
    assert [pilot["slug"] for pilot in found["results"]] == ["pakkret"]
    csv = b"".join(client.get("/en/pilots/export.csv", {"q": "ปากเกร็ด"}).streaming_content).decode()
    assert len(csv.strip().splitlines()) == 2 and "pakkret" in csv


@pytest.mark.parametrize("path", ["/en/pilots/", "/en/practices/", "/en/municipalities/"])
def test_an_empty_search_box_stays_empty_when_another_filter_is_chosen(client, shipped, path):
    html = client.get(path, {"q": "", "country": "th"}).content.decode()
    assert '<input type="search" id="q" name="q" value="" maxlength="200"' in html
    html = client.get(path, {"q": "pak kret"}).content.decode()
    assert '<input type="search" id="q" name="q" value="pak kret" maxlength="200"' in html


def test_pilots_show_a_few_with_a_link_to_the_rest_and_partners_all_of_theirs(client, shipped):
    """Pilots have a searchable list of their own; partners do not, so every matching partner is listed."""
    found = groups(client.get("/en/search/", {"q": "city"}))
    html = client.get("/en/search/", {"q": "city"}).content.decode()
    assert len(found["pilots"]) == 5 and 'href="/en/pilots/?q=city">All pilots matching' in html
    leagues = groups(client.get("/en/search/", {"q": "league"}))["partners"]
    assert len(leagues) > 5
