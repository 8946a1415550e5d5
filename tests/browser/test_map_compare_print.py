"""In a real browser: the transfer map by keyboard, comparing practices from the list, fact sheets in print,
and the JSON-LD data blocks and the print button under the portal's Content-Security-Policy."""

import json
import re
from decimal import Decimal

import pytest

from pilots.models import Pilot
from practices.models import BestPractice, Municipality

from .support import DESKTOP, PHONE

pytestmark = pytest.mark.browser

PLACES = {
    "udon-thani": ("17.41", "102.79"),
    "marikina": ("14.65", "121.10"),
    "surakarta": ("-7.57", "110.82"),
    "pakkret": ("13.91", "100.50"),
    "alaminos": ("16.16", "119.98"),
}


@pytest.fixture
def mapped_site(small_site):
    for slug, (lat, lon) in PLACES.items():
        Municipality.objects.filter(slug=slug).update(latitude=Decimal(lat), longitude=Decimal(lon))
    return small_site


def csp_complaints(page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def map_frame(page):
    """The map document inside the page's frame, once it has loaded."""
    page.locator("iframe.map-frame").wait_for()
    frame = page.frame_locator("iframe.map-frame")
    frame.locator("svg.map").wait_for()
    return frame


def test_tabbing_into_the_map_reaches_its_links_and_shows_their_names(page, mapped_site):
    page.goto("/en/")
    frame = map_frame(page)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('iframe.map-frame')"):
            break
    else:
        pytest.fail("Tab never reached the map")
    focused = frame.locator("svg.map a:focus")
    assert focused.count() == 1
    assert focused.locator("text.map-label").is_visible()
    name = focused.locator("title").text_content()
    assert "Udon Thani" in name or "Marikina" in name or "Pakkret" in name or "Surakarta" in name
    # The link opens in the page, not in the frame.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/en/(practices|pilots)/[-a-z]+/$", page.url)
    assert page.locator("h1").is_visible()


def test_the_map_shows_names_on_hover_and_follows_the_transfer_filters(page, mapped_site):
    page.goto("/th/transfers/?theme=3")
    lines = map_frame(page).locator("svg.map .map-lines a")
    assert lines.count() == 1
    # The middle of a curve's box is open sea: point at the middle of the line itself (in the frame's
    # coordinates, then in the page's).
    x, y = lines.first.locator("path").evaluate(
        """(path) => {
            const point = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM());
            return [point.x, point.y];
        }"""
    )
    box = page.locator("iframe.map-frame").bounding_box()
    page.mouse.move(box["x"] + 1 + x, box["y"] + 1 + y)  # inside the frame's 1px border
    assert lines.first.locator("text.map-label").is_visible()
    assert "อุดรธานี" in lines.first.locator("title").text_content()


def test_ticking_two_practices_on_the_list_compares_them_side_by_side(page, small_site):
    page.goto("/en/practices/")
    page.get_by_label("Compare: Eco Savers").check()
    page.get_by_label("Compare: Constructed Wetland Wastewater Treatment").check()
    # Measured once the page has loaded (the click returns as soon as the navigation starts) with its fonts.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Compare the ticked practices").click()

    assert "/en/compare/?p=" in page.url
    page.evaluate("document.fonts.ready.then(() => true)")
    columns = page.locator(".compare-col")
    assert columns.count() == 2
    first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert first["y"] == second["y"] and second["x"] > first["x"] + first["width"] - 1


def test_compared_practices_are_stacked_on_a_phone(page, small_site):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto("/th/compare/?p=eco-savers&p=constructed-wetland")
    first, second = (page.locator(".compare-col").nth(n).bounding_box() for n in (0, 1))
    assert second["y"] > first["y"] + first["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE


def test_the_compare_with_form_works_without_javascript(browser, live_server, small_site):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/practices/eco-savers/")
    page.get_by_label("Practice to compare with").select_option("street-vendors")
    page.locator(".compare-form").get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare/?*")  # the form's own GET, with no script to do it
    assert page.locator(".compare-col h2").all_inner_texts() == ["Eco Savers", "Relocation of Street Vendors"]
    context.close()


def test_json_ld_and_the_print_button_work_under_the_content_security_policy(page, mapped_site):
    messages = csp_complaints(page)
    response = page.goto("/en/practices/eco-savers/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "Article" and data["spatialCoverage"]["geo"]["latitude"] == 14.65
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print fact sheet").click()
    assert page.evaluate("window.printed === true")  # print.js ran
    assert not [text for text in messages if "Content Security Policy" in text]


def test_without_javascript_there_is_no_print_button_but_the_hint(browser, live_server, mapped_site):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/th/pilots/pakkret/")
        assert not page.locator("[data-print]").is_visible()
        assert page.locator(".print-hint .meta").is_visible()
    finally:
        context.close()


def test_printing_shows_the_content_only_with_link_addresses(page, mapped_site):
    page.goto("/en/practices/eco-savers/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".compare-form").is_visible()
    assert not page.get_by_role("button", name="Print fact sheet").is_visible()
    assert page.locator(".print-only").is_visible()
    after = page.evaluate("getComputedStyle(document.querySelector('main .facts a[href]'), '::after').content")
    assert "/en/municipalities/" in after  # the place, the first link of the facts


def test_the_longest_shipped_practices_and_pilots_print_on_one_or_two_pages(page, shipped_site):
    def longest(model, fields, count=4):
        def size(record):
            return sum(len(getattr(record, f"{name}_{code}") or "") for name in fields for code in ("th", "en"))

        return sorted(model.objects.published(), key=size, reverse=True)[:count]

    practices = longest(BestPractice, ("summary", "background", "what_was_done", "results", "lessons"))
    pilots = longest(Pilot, ("title", "description", "status"))
    urls = [f"/{lang}{record.get_absolute_url()[3:]}" for record in [*practices, *pilots] for lang in ("th", "en")]
    for url in urls:
        page.goto(url)
        pdf = page.pdf(format="A4")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 2, f"{url} prints on {pages} pages"


def test_the_home_page_map_fits_a_phone_and_a_desktop(page, mapped_site):
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/en/")
        frame_box = page.locator("iframe.map-frame").bounding_box()
        assert 0 < frame_box["width"] <= width and frame_box["height"] > 200
        # The drawing fills its frame without scroll bars.
        drawing = map_frame(page).locator("svg.map").bounding_box()
        assert drawing["width"] == pytest.approx(frame_box["width"] - 2, abs=1)
        assert drawing["height"] == pytest.approx(frame_box["height"] - 2, abs=1)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
