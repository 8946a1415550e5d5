"""The transfers page filtered by direction (`from` the practice's country, `to` the pilot's), and its country table
whose counts link to the transfers they count."""

import html
import re

import pytest
from django.http import QueryDict

from pilots.filters import TransferFilter
from pilots.models import Pilot
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def transfers():
    """Philippines → Thailand 2, Philippines → Vietnam 1, Thailand → Philippines 1, Thailand → Thailand 1 and
    Vietnam → Thailand 1; a draft pilot in Thailand that copied the Philippine practice counts nowhere."""
    one, two = f.theme(1), f.theme(2)
    marikina = f.practice(1, theme=one, municipality=f.municipality("marikina", country_code="ph"))
    pakkret = f.practice(2, theme=two, municipality=f.municipality("pakkret", country_code="th"))
    hue = f.practice(3, theme=one, municipality=f.municipality("hue", country_code="vn"))
    f.practice(4, theme=two, municipality=f.municipality("naga", country_code="ph"))  # copied by nobody
    for slug, practice, country in [
        ("th-a", marikina, "th"),
        ("th-b", marikina, "th"),
        ("vn-a", marikina, "vn"),
        ("ph-a", pakkret, "ph"),
        ("th-c", pakkret, "th"),
        ("th-d", hue, "th"),
    ]:
        f.pilot(slug, practice=practice, municipality=f.municipality(f"town-{slug}", country_code=country))
    f.pilot("draft", practice=marikina, municipality=f.municipality("town-draft", country_code="th"), published=False)


def listed_pilots(response):
    """The pilots the page's "By practice" table names."""
    page = response.content.decode()
    table = page[page.index('id="by-practice"') : page.index('id="by-pilot"')]
    return set(re.findall(r'href="/\w\w/pilots/([\w-]+)/"', table))


def facet(response, name):
    """{value: count} of a filter box as the page renders it."""
    found = re.findall(
        rf'<input type="checkbox" name="{name}" value="(\w+)"[^>]*>\s*<span>[^<]*</span> <span class="count">(\d+)<',
        response.content.decode(),
    )
    return {value: int(count) for value, count in found}


def table_links(response):
    """{aria-label: href} of every link in the country table."""
    page = response.content.decode()
    table = page[page.index('class="matrix"') : page.index("</table>", page.index('class="matrix"'))]
    return {
        html.unescape(label): html.unescape(href)
        for href, label in re.findall(r'<a href="(\?[^"]*)" aria-label="([^"]*)">', table)
    }


@pytest.mark.parametrize(
    ("query", "pilots"),
    [
        ("", {"th-a", "th-b", "vn-a", "ph-a", "th-c", "th-d"}),
        ("from=ph", {"th-a", "th-b", "vn-a"}),
        ("to=th", {"th-a", "th-b", "th-c", "th-d"}),
        ("from=ph&from=vn&to=th", {"th-a", "th-b", "th-d"}),
        ("from=th&to=th", {"th-c"}),
        ("theme=1&to=th", {"th-a", "th-b", "th-d"}),
        ("country=vn&from=ph", {"vn-a"}),
        ("from=vn&to=ph", set()),
    ],
)
def test_from_and_to_list_the_transfers_in_that_direction(client, transfers, query, pilots):
    response = client.get(f"/en/transfers/?{query}")
    assert response.status_code == 200
    assert listed_pilots(response) == pilots
    assert response.context["total"] == len(pilots)
    assert response.context["notices"] == []


def test_each_direction_box_counts_what_it_would_give_with_the_other_filters_kept(client, transfers):
    response = client.get("/en/transfers/?from=ph&theme=1")
    # `to` counts under from=ph and theme 1; `from` under theme 1 alone; `country` under both, at either end.
    assert {code: n for code, n in facet(response, "to").items() if n} == {"th": 2, "vn": 1}
    assert {code: n for code, n in facet(response, "from").items() if n} == {"ph": 3, "vn": 1}
    assert {code: n for code, n in facet(response, "country").items() if n} == {"ph": 3, "th": 2, "vn": 1}
    assert {code: n for code, n in facet(response, "theme").items() if n} == {"1": 3}
    assert 'name="from" value="ph" checked' in response.content.decode()


def test_the_direction_filters_are_offered_in_thai(client, transfers):
    page = client.get("/th/transfers/?to=th").content.decode()
    assert "จาก (ประเทศของแนวปฏิบัติที่ดี)" in page and "ไปยัง (ประเทศของเมืองนำร่อง)" in page


def test_each_count_of_the_country_table_links_to_the_transfers_it_counts(client, transfers):
    links = table_links(client.get("/en/transfers/"))
    assert links == {
        "2 transfers from Philippines to Thailand": "?from=ph&to=th#by-practice",
        "1 transfer from Philippines to Vietnam": "?from=ph&to=vn#by-practice",
        "1 transfer from Thailand to Philippines": "?from=th&to=ph#by-practice",
        "1 transfer from Thailand to Thailand": "?from=th&to=th#by-practice",
        "1 transfer from Vietnam to Thailand": "?from=vn&to=th#by-practice",
        "3 transfers from Philippines": "?from=ph#by-practice",
        "2 transfers from Thailand": "?from=th#by-practice",
        "1 transfer from Vietnam": "?from=vn#by-practice",
        "1 transfer to Philippines": "?to=ph#by-practice",
        "4 transfers to Thailand": "?to=th#by-practice",
        "1 transfer to Vietnam": "?to=vn#by-practice",
    }
    followed = client.get("/en/transfers/" + links["2 transfers from Philippines to Thailand"].split("#")[0])
    assert listed_pilots(followed) == {"th-a", "th-b"}
    assert listed_pilots(client.get("/en/transfers/" + links["4 transfers to Thailand"].split("#")[0])) == {
        "th-a",
        "th-b",
        "th-c",
        "th-d",
    }


@pytest.mark.parametrize("query", ["theme=1", "country=th", "from=ph&to=th&to=vn", "theme=2&country=ph&theme=9"])
def test_under_a_filter_every_table_link_lists_as_many_transfers_as_it_says(client, transfers, query):
    links = table_links(client.get(f"/en/transfers/?{query}"))
    assert links
    for label, href in links.items():
        followed = client.get("/en/transfers/" + href.split("#")[0])
        assert followed.context["notices"] == [], href
        assert f"{followed.context['total']} transfer" in label, href
        assert len(listed_pilots(followed)) == followed.context["total"], href
    assert all("theme=9" not in href for href in links.values())


def test_the_table_links_say_what_they_count_in_thai(client, transfers):
    links = table_links(client.get("/th/transfers/"))
    assert links["นำไปปรับใช้ 2 ครั้ง จาก ฟิลิปปินส์ ไปยัง ไทย"] == "?from=ph&to=th#by-practice"
    assert links["นำไปปรับใช้ 3 ครั้ง จาก ฟิลิปปินส์"] == "?from=ph#by-practice"
    assert links["นำไปปรับใช้ 4 ครั้ง ไปยัง ไทย"] == "?to=th#by-practice"


@pytest.mark.parametrize(
    ("query", "numbers"), [("from=ph", {1, 4}), ("to=th", {1, 2, 3}), ("from=ph&to=th", {1}), ("country=vn&to=th", {3})]
)
def test_the_map_is_filtered_by_direction_too(client, transfers, query, numbers):
    page = client.get(f"/en/transfers/?{query}&from=zz").content.decode()
    assert f'/en/transfers/map.svg?{query.replace("&", "&amp;")}"' in page
    assert client.get(f"/en/transfers/map.svg?{query}").status_code == 200
    drawn = TransferFilter(QueryDict(query), queryset=Pilot.objects.published()).map_practices()
    assert {practice.number for practice in drawn} == numbers


@pytest.mark.parametrize("query", ["from=zz", "to=ZZ", "from=" + "x" * 5000, "to=th&to=%00", "from=ph&to=1"])
def test_a_direction_not_understood_is_explained_and_never_an_error(client, transfers, query):
    response = client.get(f"/en/transfers/?{query}")
    assert response.status_code == 200
    assert "is not a valid choice for" in response.content.decode()
    assert response["Cache-Control"].startswith("private") or "private" in response["Cache-Control"]
