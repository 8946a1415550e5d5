"""The practice list sorted by how often each practice was copied (`sort=copies`), and narrowed to the practices
copied at least once (`copied=1`), on the page, in its downloads and in the API."""

import re

import pytest

from practices.models import BestPractice
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def practices():
    """Practices 1–5 copied 1, 3, 0, 3 and 1 times (a draft pilot of 3 counts for nothing), 1–3 from the
    Philippines. Practices 2, 4 and 5 are of theme 1; "waste" is in 5's title and in 4's summary only."""
    one, two = f.theme(1), f.theme(2)
    made = {}
    for number, times in {1: 1, 2: 3, 3: 0, 4: 3, 5: 1}.items():
        made[number] = f.practice(
            number,
            theme=one if number in (2, 4, 5) else two,
            municipality=f.municipality(f"home-{number}", country_code="ph" if number < 4 else "th"),
        )
        for copy in range(times):
            f.pilot(f"pilot-{number}-{copy}", practice=made[number])
    f.pilot("draft", practice=made[3], published=False)
    BestPractice.objects.filter(number=5).update(title_en="Waste bank", title_th="ธนาคารขยะ")
    BestPractice.objects.filter(number=4).update(summary_en="A market that sorts its waste")
    return made


def numbers(response):
    return [practice.number for practice in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [1, 2, 3, 4, 5]),
        ("sort=copies", [2, 4, 1, 5, 3]),
        ("sort=copies&theme=1", [2, 4, 5]),
        ("sort=copies&country=th", [4, 5]),
        ("q=waste", [5, 4]),
        ("q=waste&sort=copies", [4, 5]),
        ("q=waste&sort=copies&theme=1&copied=1", [4, 5]),
        ("copied=1", [1, 2, 4, 5]),
        ("copied=1&theme=2", [1]),
        ("copied=1&sort=copies&country=ph", [2, 1]),
    ],
)
def test_the_list_is_sorted_by_copies_and_narrowed_to_copied_practices(client, practices, query, expected):
    response = client.get(f"/en/practices/?{query}")
    assert numbers(response) == expected
    assert response.context["notices"] == []


def test_the_copied_box_counts_what_it_would_give_with_the_other_filters_kept(client, practices):
    page = client.get("/en/practices/?theme=1&sort=copies").content.decode()
    box = re.search(r'name="copied" value="1">\s*<span>Copied at least once</span> <span class="count">(\d+)<', page)
    assert box and box.group(1) == "3"
    chosen = client.get("/en/practices/?copied=1").content.decode()
    assert re.search(r'name="copied" value="1" checked>\s*<span>[^<]*</span> <span class="count">4<', chosen)
    # The other boxes count under copied=1: theme 2 holds practices 1 and 3, of which only 1 was copied.
    theme_two = re.search(r'name="theme" value="2"[^>]*>\s*<span>[^<]*</span> <span class="count">(\d+)<', chosen)
    assert theme_two.group(1) == "1"


def test_the_order_is_chosen_in_the_form_in_both_languages(client, practices):
    english = client.get("/en/practices/?sort=copies").content.decode()
    assert '<select id="sort" name="sort">' in english
    assert '<option value="copies" selected>Most copied first</option>' in english
    assert '<option value="">Default order</option>' in english
    assert "(filtered)" not in english  # an order narrows nothing
    thai = client.get("/th/practices/").content.decode()
    assert '<option value="" selected>ลำดับปกติ</option>' in thai
    assert "นำไปปรับใช้มากที่สุดก่อน" in thai and "นำไปปรับใช้อย่างน้อยหนึ่งครั้ง" in thai


def test_pages_the_language_switch_and_clearing_the_filters_keep_the_order(client, practices):
    for number in range(20, 40):
        f.practice(number, theme=practices[3].theme)
    response = client.get("/en/practices/?sort=copies&theme=2")
    page = response.content.decode()
    assert numbers(response)[:2] == [1, 3]
    assert 'href="?sort=copies&amp;theme=2&amp;page=2" rel="next"' in page
    assert 'href="/th/practices/?sort=copies&amp;theme=2"' in page
    assert '<a class="button secondary" href="?sort=copies">' in page
    second = client.get("/en/practices/?sort=copies&theme=2&page=2")
    assert numbers(second) == list(range(38, 40))


@pytest.mark.parametrize(
    "query", ["sort=nonsense", "copied=abc", "copied=0&sort=COPIES", "sort=copies&sort=" + "x" * 5000, "copied=%00"]
)
def test_a_sort_or_copied_value_not_understood_is_explained_and_never_an_error(client, practices, query):
    response = client.get(f"/en/practices/?{query}")
    assert response.status_code == 200
    assert "is not a valid choice for" in response.content.decode()
    assert len(response.context["page"].object_list) == 5


def test_the_downloads_are_sorted_and_narrowed_as_the_page(client, practices):
    response = client.get("/en/practices/export.csv?sort=copies&copied=1")
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["2", "4", "1", "5"]


def test_the_api_sorts_and_narrows_as_the_page_and_refuses_other_values(client, practices):
    found = client.get("/api/v1/practices?sort=copies&copied=1&lang=en").json()
    assert [practice["number"] for practice in found["results"]] == [2, 4, 1, 5]
    assert found["count"] == 4
    searched = client.get("/api/v1/practices?q=waste&sort=copies").json()
    assert [practice["number"] for practice in searched["results"]] == [4, 5]
    assert client.get("/api/v1/practices?sort=nonsense").status_code == 422
    assert client.get("/api/v1/practices?copied=abc").status_code == 422
