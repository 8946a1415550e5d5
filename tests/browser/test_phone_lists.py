"""Lists on a phone: a header of at most two rows, the filters folded so that the first result is on the first
screen, the number of filters in force on the fold; on a desktop the filters are simply there. No JavaScript needed."""

import pytest

from .support import DESKTOP, PHONE, PUBLIC_PAGES, open_page, where

pytestmark = pytest.mark.browser

PHONE_HEIGHT = 740
HEADER_LIMIT = 130  # two rows: name, search and language; then the menu

# Every list page, and where its first result is.
FIRST_RESULT = {
    "practices": "#results-heading ~ .grid > li",
    "practices-filtered": "#results-heading ~ .grid > li",
    "pilots": "#results-heading ~ .grid > li",
    "pilots-filtered": "#results-heading ~ .grid > li",
    "municipalities": "#results-heading ~ .grid > li",
    "municipalities-filtered": "#results-heading ~ .grid > li",
    "documents": "#results-heading ~ .grid > li",
    "partners": ".grid > li",
    "transfers": ".transfer-map",
    "transfers-by-direction": ".transfer-map",
    "search": ".search-group li",
}
WITH_FILTERS = [name for name in FIRST_RESULT if not name.startswith(("partners", "search"))]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_on_a_phone_every_lists_first_result_is_on_the_first_screen(page, shipped_site, lang):
    page.set_viewport_size({"width": PHONE, "height": PHONE_HEIGHT})
    below, headers = {}, {}
    for name, selector in FIRST_RESULT.items():
        open_page(page, name, lang)
        headers[name] = page.locator(".site-header").bounding_box()["height"]
        top = page.locator(selector).first.bounding_box()["y"]
        if top >= PHONE_HEIGHT:
            below[name] = round(top)
    assert below == {}, f"first result below the first screen ({PHONE_HEIGHT} px)"
    assert max(headers.values()) <= HEADER_LIMIT, headers


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_phone_header_is_two_rows_on_every_page(page, shipped_site, lang):
    page.set_viewport_size({"width": PHONE, "height": PHONE_HEIGHT})
    heights = {}
    for name in PUBLIC_PAGES:
        open_page(page, name, lang)
        heights[name] = page.locator(".site-header").bounding_box()["height"]
    assert max(heights.values()) <= HEADER_LIMIT, heights


@pytest.mark.parametrize("lang", ["th", "en"])
def test_on_a_phone_the_filters_are_folded_and_say_how_many_are_in_force(page, shipped_site, lang):
    page.set_viewport_size({"width": PHONE, "height": PHONE_HEIGHT})
    summaries = {}
    for name in WITH_FILTERS:
        open_page(page, name, lang)
        assert not page.locator(".filter-panel form").is_visible(), name
        summaries[name] = page.locator(".filter-panel > summary").inner_text()
    if lang == "en":
        assert summaries["practices"] == "Filters"
        assert summaries["practices-filtered"] == "Filters (2 active)"
        assert summaries["pilots-filtered"] == "Filters (3 active)"
        assert summaries["transfers-by-direction"] == "Filters (3 active)"
    else:
        assert summaries["practices"] == "ตัวกรอง"
        assert summaries["practices-filtered"] == "ตัวกรอง (ใช้อยู่ 2 รายการ)"
        assert summaries["municipalities-filtered"] == "ตัวกรอง (ใช้อยู่ 3 รายการ)"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_on_a_desktop_the_filters_are_open(page, shipped_site, lang):
    hidden = []
    for name in WITH_FILTERS:
        open_page(page, name, lang)
        form, first_box = page.locator(".filter-panel form"), page.locator(".filters fieldset input").first
        if not (form.is_visible() and first_box.is_visible()):
            hidden.append(name)
        assert not page.locator(".filter-panel > summary").is_visible(), name
    assert page.viewport_size["width"] == DESKTOP
    assert hidden == []


def test_the_filters_are_reached_with_the_keyboard_on_a_desktop(page, shipped_site):
    open_page(page, "practices", "en")
    page.locator("#q").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "sort"


def test_the_folded_filters_work_without_javascript(browser, live_server, shipped_site):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": PHONE, "height": PHONE_HEIGHT}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/en/practices/")
        page.get_by_text("Filters", exact=True).click()
        page.get_by_role("checkbox", name="Thailand").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Show results").click()

        assert where(page) == ("/en/practices/", {"country": ["th"]})
        assert page.locator(".filter-panel > summary").inner_text() == "Filters (1 active)"
        assert page.locator("#results-heading ~ .grid > li").first.bounding_box()["y"] < PHONE_HEIGHT
    finally:
        context.close()
