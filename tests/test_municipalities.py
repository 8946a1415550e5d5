"""The local governments' list and pages, and the links to them from every page that names a place."""

import csv
import io
import json
import re

import pytest

from delgosea.loader import load
from pilots.models import Pilot
from tests import factories as f

pytestmark = pytest.mark.django_db


def names_on(response):
    """The place names of the list's cards, in order."""
    return re.findall(r'<h3><a href="/\w\w/municipalities/[^"]+/">([^<]+)</a>', response.content.decode())


def facet_count(response, label):
    match = re.search(rf"<span>{re.escape(label)}</span> <span class=\"count\">(\d+)", response.content.decode())
    return int(match.group(1))


@pytest.fixture
def places():
    """A home of a practice (Khon Kaen), a pilot town (Songkhla) and a place that is both (Vinh)."""
    khon_kaen = f.municipality("khon-kaen", name_th="ขอนแก่น", name_en="Khon Kaen")
    vinh = f.municipality("vinh", "vn", name_th="เมืองวินห์", name_en="Vinh", aliases="Vinh City\nThành phố Vinh")
    vinh.latitude, vinh.longitude = 18.68, 105.68
    vinh.save()
    songkhla = f.municipality("songkhla", name_th="สงขลา", name_en="Songkhla")
    community = f.practice(1, municipality=khon_kaen)
    housing = f.practice(2, municipality=vinh)
    f.pilot("songkhla", municipality=songkhla, practice=housing)
    f.pilot("vinh", municipality=vinh, practice=community, award=Pilot.Award.EXCELLENCE)
    return {"khon-kaen": khon_kaen, "vinh": vinh, "songkhla": songkhla, "community": community, "housing": housing}


def test_the_list_holds_every_shipped_home_of_a_practice_and_pilot_town(client):
    load()
    response = client.get("/en/municipalities/")
    assert "31 local governments found" in response.content.decode()
    assert facet_count(response, "Home of a best practice") == 16
    assert facet_count(response, "Pilot") == 16


def test_thai_pages_sort_in_thai_dictionary_order_with_a_leading_vowel_after_its_consonant(client, places):
    # By code point เ comes after every consonant; in a dictionary เมืองวินห์ sorts without its prefix, under ว.
    assert names_on(client.get("/th/municipalities/")) == ["ขอนแก่น", "เมืองวินห์", "สงขลา"]


def test_english_pages_sort_by_the_english_name(client, places):
    assert names_on(client.get("/en/municipalities/")) == ["Khon Kaen", "Songkhla", "Vinh"]


def test_a_place_shows_its_roles_on_its_card(client, places):
    html = client.get("/en/municipalities/?q=vinh").content.decode()
    assert '<span class="tag">best practice</span> <span class="tag">pilot</span>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("role=practice", ["Khon Kaen", "Vinh"]),
        ("role=pilot", ["Songkhla", "Vinh"]),
        ("role=practice&role=pilot", ["Khon Kaen", "Songkhla", "Vinh"]),
        ("country=vn", ["Vinh"]),
        ("country=th&role=pilot", ["Songkhla"]),
    ],
)
def test_role_and_country_filters_narrow_the_list(client, places, query, expected):
    assert names_on(client.get(f"/en/municipalities/?{query}")) == expected


def test_each_filter_option_counts_the_places_it_would_give_with_the_other_filters_kept(client, places):
    response = client.get("/en/municipalities/?country=th")
    assert facet_count(response, "Home of a best practice") == 1
    assert facet_count(response, "Pilot") == 1
    response = client.get("/en/municipalities/?role=pilot")
    assert facet_count(response, "Thailand") == 1
    assert facet_count(response, "Vietnam") == 1


@pytest.mark.parametrize("spelling", ["Pakkret", "Pakkred", "Pak Kret", "ปากเกร็ด", "pak  KRET"])
def test_any_spelling_of_a_name_finds_the_place(client, spelling):
    pakkret = f.town("pakkret", name_th="เทศบาลนครปากเกร็ด", aliases="Pak Kret\nPakkred")
    f.pilot("pakkret", municipality=pakkret)
    f.pilot("other", municipality=f.town("alaminos"))
    assert names_on(client.get("/en/municipalities/", {"q": spelling})) == ["Pakkret"]


@pytest.mark.parametrize("query", ["role=mayor", "country=zz", "page=abc", "page=-1", "q=" + "x" * 500])
def test_a_value_not_understood_is_explained_not_an_error(client, places, query):
    response = client.get(f"/en/municipalities/?{query}")
    assert response.status_code == 200
    assert 'class="notice' in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_a_place_that_is_both_shows_what_it_is_known_for_and_what_it_copied(client, places):
    html = client.get("/en/municipalities/vinh/").content.decode()
    assert "<h1>Vinh</h1>" in html
    assert '<dd lang="th">เมืองวินห์</dd>' in html
    assert "Known for" in html and 'href="/en/practices/practice-2/"' in html
    assert "What it copied" in html and 'href="/en/pilots/vinh/"' in html
    assert 'from <a href="/en/municipalities/khon-kaen/">Khon Kaen</a>' in html
    assert "Award of Excellence" in html
    assert "{# documents #}" not in html  # the marked spot is a template comment


def test_a_pilot_town_shows_its_mayor_its_pilot_and_its_award(client):
    pakkret = f.town(
        "pakkret",
        mayor_th="วิชัย บรรดาศักดิ์",
        mayor_en="Vichai Bandasak",
        population=178797,
        aliases="Pak Kret\nPakkred",
        sources="https://www.delgosea.eu/Pilot-Cities/Pakkret-Municipality-Thailand",
    )
    f.pilot("pakkret", municipality=pakkret, award=Pilot.Award.EXCELLENCE)
    english = client.get("/en/municipalities/pakkret/").content.decode()
    assert "Mayor at the time" in english and "Vichai Bandasak" in english
    assert "Pak Kret, Pakkred" in english and "178,797" in english
    assert 'href="/en/pilots/pakkret/"' in english and "Award of Excellence" in english
    assert "https://www.delgosea.eu/Pilot-Cities/Pakkret-Municipality-Thailand" in english
    thai = client.get("/th/municipalities/pakkret/").content.decode()
    assert "นายกเทศมนตรีในขณะนั้น" in thai and "วิชัย บรรดาศักดิ์" in thai


def test_a_mayor_without_a_thai_spelling_is_named_in_english_on_thai_pages(client):
    f.pilot("bacolod", municipality=f.municipality("bacolod", "ph", mayor_en="Evelio R. Leonardia"))
    assert "Evelio R. Leonardia" in client.get("/th/municipalities/bacolod/").content.decode()


def test_a_place_with_nothing_published_is_404_for_the_public_and_a_draft_for_staff(client, editor):
    hidden = f.municipality("hidden-town")
    f.practice(9, municipality=hidden, published=False)
    assert client.get("/en/municipalities/hidden-town/").status_code == 404
    assert "hidden-town" not in client.get("/en/municipalities/").content.decode()
    client.force_login(editor)
    response = client.get("/en/municipalities/hidden-town/")
    assert response.status_code == 200
    assert "only staff can see this page" in response.content.decode()


def test_a_pilot_of_an_unpublished_practice_does_not_make_its_town_public(client):
    f.pilot("lonely", municipality=f.municipality("lonely"), practice=f.practice(published=False))
    assert client.get("/en/municipalities/lonely/").status_code == 404


def test_practice_and_pilot_pages_link_every_place_they_name(client, places):
    vinh, khon_kaen, songkhla = (f"/en/municipalities/{slug}/" for slug in ("vinh", "khon-kaen", "songkhla"))
    pages = {
        "/en/practices/": [khon_kaen, vinh],
        "/en/practices/practice-1/": [khon_kaen],
        "/en/pilots/": [songkhla, vinh, khon_kaen],
        "/en/pilots/songkhla/": [songkhla, vinh],
        "/en/transfers/": [khon_kaen, vinh],
        "/en/compare/?p=practice-1&p=practice-2": [khon_kaen, vinh],
        "/en/countries/vn/": [vinh],
    }
    for url, links in pages.items():
        html = client.get(url).content.decode()
        for link in links:
            assert f'href="{link}"' in html, (url, link)


def test_the_sitemap_lists_each_public_place_in_both_languages(client, places):
    f.practice(9, municipality=f.municipality("hidden-town"), published=False)
    xml = client.get("/sitemap.xml").content.decode()
    for slug in ("vinh", "khon-kaen", "songkhla"):
        assert f"/th/municipalities/{slug}/</loc>" in xml and f"/en/municipalities/{slug}/</loc>" in xml
    assert "/en/municipalities/</loc>" in xml
    assert "hidden-town" not in xml


def test_the_page_describes_the_place_as_a_government_organisation_for_search_engines(client, places):
    html = client.get("/en/municipalities/vinh/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Vinh"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressCountry"] == "VN"
    assert data["location"]["geo"]["latitude"] == 18.68
    assert data["mainEntityOfPage"] == "http://testserver/en/municipalities/vinh/"


def test_the_api_lists_the_public_places_in_the_list_order_with_the_list_filters(client, places):
    f.practice(9, municipality=f.municipality("hidden-town"), published=False)
    data = client.get("/api/v1/municipalities", {"lang": "en"}).json()
    assert data["count"] == 3
    assert [place["slug"] for place in data["results"]] == ["khon-kaen", "songkhla", "vinh"]
    vinh = data["results"][2]
    assert (vinh["has_practice"], vinh["has_pilot"], vinh["country"]["code"]) == (True, True, "vn")
    assert vinh["url"] == "http://testserver/en/municipalities/vinh/"
    pilots = client.get("/api/v1/municipalities", {"role": "pilot", "country": "th"}).json()
    assert [place["slug"] for place in pilots["results"]] == ["songkhla"]
    assert client.get("/api/v1/municipalities", {"role": "mayor"}).status_code == 422


def test_the_api_gives_one_public_place_and_404_for_the_others(client, places):
    f.practice(9, municipality=f.municipality("hidden-town"), published=False)
    place = client.get("/api/v1/municipalities/vinh", {"lang": "th"}).json()
    assert place["name"] == "เมืองวินห์" and place["has_pilot"] is True
    assert client.get("/api/v1/municipalities/hidden-town").status_code == 404


def test_the_download_holds_the_filtered_list_in_the_page_language(client, places):
    response = client.get("/en/municipalities/export.csv?role=practice")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [(row["name"], row["has_practice"], row["has_pilot"]) for row in rows] == [
        ("Khon Kaen", "true", "false"),
        ("Vinh", "true", "true"),
    ]
    assert rows[1]["aliases"] == "Vinh City; Thành phố Vinh"  # names hold spaces: a space cannot separate them
    listing = client.get("/en/municipalities/?role=practice").content.decode()
    assert 'href="/en/municipalities/export.csv?role=practice"' in listing


def test_the_codebook_explains_the_download_columns(client):
    html = client.get("/en/open-data/").content.decode()
    assert 'id="municipality-columns"' in html and "/api/v1/municipalities" in html


def test_the_navigation_links_the_list_in_both_languages(client):
    assert ">Local governments</a>" in client.get("/en/").content.decode()
    assert ">ท้องถิ่น</a>" in client.get("/th/").content.decode()


def test_editors_enter_the_mayor_and_contact_in_thai_and_english(client, editor):
    place = f.municipality("pakkret")
    client.force_login(editor)
    html = client.get(f"/admin/practices/municipality/{place.pk}/change/").content.decode()
    for name in ("mayor_th", "mayor_en", "contact_th", "contact_en", "sources"):
        assert f'name="{name}"' in html, name


def test_a_place_lists_the_documents_about_it_its_practices_and_its_pilots(client):
    load()
    english = client.get("/en/municipalities/pakkret/").content.decode()
    documents = english.split('<h2 id="documents">', 1)[1]
    # The Pilot Cities volume on Pakkret's market, tied to its pilot in the shipped data.
    assert (
        "Participatory and Sustainable Conservation and Development of Old Riverside Pakkret Market Project"
        in documents
    )
    assert "Tubigon Mariculture Project" not in documents
    thai = client.get("/th/municipalities/tubigon/").content.decode()
    assert '<h2 id="documents">' in thai
