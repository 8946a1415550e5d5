"""Comparing two or three practices side by side at /compare/?p=…"""

import re
from html import escape

import pytest

from practices import compare
from tests import factories as f

pytestmark = pytest.mark.django_db

LANGS = ["th", "en"]


@pytest.fixture
def practices():
    environment = f.environment_theme()
    eco = f.eco_savers(
        theme=environment,
        municipality=f.town("marikina"),
        results_en="Fewer garbage-truck trips.",
        results_th="รถขยะวิ่งน้อยลง",
    )
    wetland = f.constructed_wetland(theme=environment, title_th="บึงประดิษฐ์", title_en="Constructed Wetland")
    forum = f.practice(1, slug="city-forum", title_th="เวทีเมือง", title_en="City Forum")
    f.practice(2, slug="budget", title_th="งบประมาณ", title_en="Open Budget")
    f.pilot("kupang", municipality=f.town("kupang"), practice=eco)
    return {"eco": eco, "wetland": wetland, "forum": forum}


def titles(response):
    return [column["practice"].slug for column in response.context["columns"]]


@pytest.mark.parametrize("lang", LANGS)
def test_two_practices_are_shown_side_by_side_with_what_was_done_results_and_who_copied_them(client, practices, lang):
    response = client.get(f"/{lang}/compare/?p=eco-savers&p=constructed-wetland")
    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == ["eco-savers", "constructed-wetland"]
    assert 'class="compare count-2"' in html
    if lang == "en":
        assert "Marikina Eco Savers Project" in html and "Fewer garbage-truck trips." in html
        assert "What was done" in html and "Copied by" in html
    else:
        assert "ออมทรัพย์สีเขียว" in html and "รถขยะวิ่งน้อยลง" in html
    assert f'href="/{lang}/pilots/kupang/"' in html


def test_practices_can_be_named_by_number_and_keep_the_order_given(client, practices):
    response = client.get("/en/compare/?p=1&p=eco-savers&p=10")
    assert titles(response) == ["city-forum", "eco-savers", "constructed-wetland"]


def test_practices_can_be_named_in_thai_digits(client, practices):
    response = client.get("/th/compare/", {"p": ["๑", "๑๒"]})
    assert titles(response) == ["city-forum", "eco-savers"]
    assert response.context["notices"] == []


def test_a_practice_named_twice_is_shown_once(client, practices):
    response = client.get("/en/compare/?p=12&p=eco-savers&p=10")
    assert titles(response) == ["eco-savers", "constructed-wetland"]


@pytest.mark.parametrize("lang", LANGS)
def test_more_than_three_choices_are_cut_to_three_and_explained(client, practices, lang):
    response = client.get(f"/{lang}/compare/?p=1&p=2&p=10&p=12")
    assert titles(response) == ["city-forum", "budget", "constructed-wetland"]
    notice = "You can compare up to 3 practices at once" if lang == "en" else "เปรียบเทียบได้ครั้งละไม่เกิน 3"
    assert notice in response.content.decode()


@pytest.mark.parametrize("value", ["zz", "999", "<b>x</b>", "x" * 5000, "-1", "1.5", "²", "①"])
def test_a_choice_that_is_not_understood_is_explained_never_an_error(client, practices, value):
    response = client.get("/en/compare/", {"p": [value, "eco-savers", "10"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a published practice; it was ignored." in html
    assert "<b>x</b>" not in html
    assert titles(response) == ["eco-savers", "constructed-wetland"]


def test_an_unpublished_practice_cannot_be_compared(client, practices):
    practices["wetland"].published = False
    practices["wetland"].save()
    response = client.get("/en/compare/?p=eco-savers&p=constructed-wetland")
    assert titles(response) == ["eco-savers"]
    assert "“constructed-wetland” is not a published practice" in response.content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_fewer_than_two_choices_ask_for_more_with_a_form_that_works_without_javascript(client, practices, lang):
    html = client.get(f"/{lang}/compare/?p=eco-savers").content.decode()
    assert "Choose at least two" in html or "เลือกอย่างน้อยสอง" in html
    form = re.search(r'<form class="compare-form" method="get" action="/' + lang + r'/compare/".*?</form>', html, re.S)
    assert form
    assert '<input type="hidden" name="p" value="eco-savers">' in form.group()
    assert form.group().count('<select id="compare-choice-') == 2
    assert '<option value="constructed-wetland">' in form.group()
    assert '<option value="eco-savers">' not in form.group()


def test_an_empty_choice_from_the_form_is_ignored_quietly(client, practices):
    response = client.get("/en/compare/?p=eco-savers&p=10&p=")
    assert titles(response) == ["eco-savers", "constructed-wetland"]
    assert response.context["notices"] == []


def test_each_column_can_be_removed_by_a_link(client, practices):
    html = client.get("/en/compare/?p=eco-savers&p=10&p=1").content.decode()
    assert 'href="/en/compare/?p=constructed-wetland&amp;p=city-forum">Remove' in html


def test_the_practice_list_has_compare_checkboxes_for_a_get_form(client, practices):
    html = client.get("/en/practices/").content.decode()
    assert '<form id="compare-form" class="compare-bar" method="get" action="/en/compare/">' in html
    assert '<input type="checkbox" name="p" value="eco-savers" form="compare-form">' in html


@pytest.mark.parametrize("lang", LANGS)
def test_a_practice_page_offers_to_compare_it_with_another(client, practices, lang):
    html = client.get(f"/{lang}/practices/eco-savers/").content.decode()
    form = re.search(r'<form class="compare-form".*?</form>', html, re.S).group()
    assert f'action="/{lang}/compare/"' in form
    assert '<input type="hidden" name="p" value="eco-savers">' in form
    assert 'value="constructed-wetland"' in form
    assert "Compare with…" in html or "เปรียบเทียบกับ…" in html


def test_the_compare_page_is_kept_out_of_search_engines(client, practices):
    assert '<meta name="robots" content="noindex, follow">' in client.get("/en/compare/?p=1&p=2").content.decode()


def test_comparing_three_practices_keeps_the_query_budget(client, practices, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get("/en/compare/?p=1&p=10&p=12")
    with django_assert_max_num_queries(10):
        client.get("/th/compare/?p=12")


def compare_menu(html):
    """[(group label, [option values])] of the first compare menu on a page."""
    form = re.search(r'<form class="compare-form".*?</form>', html, re.S).group()
    select = re.search(r"<select .*?</select>", form, re.S).group()
    return [
        (label, re.findall(r'<option value="([^"]+)">', options))
        for label, options in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_compare_menu_groups_practices_by_theme_the_practice_own_theme_first(
    client, practices, lang, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0
    menu = compare_menu(client.get(f"/{lang}/practices/eco-savers/").content.decode())
    assert menu[0] == (escape(getattr(practices["eco"].theme, f"name_{lang}")), ["constructed-wetland"])
    assert sorted(value for _label, values in menu[1:] for value in values) == ["budget", "city-forum"]
    assert len({label for label, _values in menu}) == len(menu) == 3

    # Bounded: the first practices by number, however many there are.
    monkeypatch.setattr(compare, "OPTIONS_LIMIT", 2)
    menu = compare_menu(client.get(f"/{lang}/practices/eco-savers/").content.decode())
    assert sum(len(values) for _label, values in menu) == 2
