"""WCAG 2.1 AA on every public page (axe-core), and a portal usable with the keyboard alone."""

import pytest

from .support import (
    DESKTOP,
    PHONE,
    PUBLIC_PAGES,
    SCREENSHOTS,
    axe_violations,
    focused,
    keyboard_targets,
    open_page,
    tab_through,
    tab_to,
    where,
)

pytestmark = pytest.mark.browser


def _report(problems):
    lines = []
    for url, violations in problems.items():
        for violation in violations:
            lines.append(f"{url}: [{violation['impact']}] {violation['rule']}: {violation['help']}")
            lines.extend(f"    {node}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_public_page_has_no_wcag_21_aa_violations(audit_page, shipped_site, lang, width):
    """axe-core finds nothing on any page. Each page is also saved as a screenshot, for people to look at."""
    audit_page.set_viewport_size({"width": width, "height": 800})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name in PUBLIC_PAGES:
        open_page(audit_page, name, lang)
        audit_page.screenshot(path=SCREENSHOTS / f"{name}-{lang}-{width}.png", full_page=True)
        violations = axe_violations(audit_page)
        if violations:
            problems[audit_page.url] = violations
    assert not problems, "axe-core found WCAG 2.1 AA violations:\n" + _report(problems)


@pytest.mark.parametrize(
    "url",
    ["/en/practices/", "/th/pilots/?practice=10", "/th/practices/constructed-wetland/"],
    ids=["practice-list", "pilot-list", "practice"],
)
def test_tab_reaches_every_link_and_control_and_always_shows_where_the_focus_is(page, small_site, url):
    page.goto(url)
    expected = keyboard_targets(page)

    visited = tab_through(page)

    reached = {element["key"] for element in visited}
    assert [key for key in expected if key not in reached] == []
    assert [element["key"] for element in visited if not element["indicator"]] == []
    assert [element["key"] for element in visited if not element["onScreen"]] == []


def test_keyboard_alone_filters_the_practices_and_opens_one(page, small_site):
    page.goto("/en/practices/")

    tab_to(page, "input theme=3")
    page.keyboard.press("Space")
    tab_to(page, "input country=ph")
    page.keyboard.press("Space")
    tab_to(page, "button Show results")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert where(page) == ("/en/practices/", {"theme": ["3"], "country": ["ph"]})
    assert page.locator("#results-heading").inner_text() == "1 practice found"
    tab_to(page, "a /en/practices/eco-savers/ Eco Savers")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Eco Savers"


def test_keyboard_alone_opens_the_practice_filter_of_the_pilots_and_uses_it(page, small_site):
    page.goto("/en/pilots/")
    assert not page.locator("input[name=practice]").first.is_visible()

    tab_to(page, "summary Practice copied")
    page.keyboard.press("Enter")
    tab_to(page, "input practice=14")
    page.keyboard.press("Space")
    tab_to(page, "button Show results")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert where(page) == ("/en/pilots/", {"practice": ["14"]})
    assert page.locator(".grid h3").all_inner_texts() == ["Pakkret"]


def test_skip_link_is_the_first_stop_and_moves_the_focus_to_the_main_content(page, small_site):
    page.goto("/th/practices/")

    page.keyboard.press("Tab")
    first = focused(page)
    page.keyboard.press("Enter")

    assert first["key"] == "a #main ข้ามไปยังเนื้อหาหลัก"
    assert first["onScreen"] and first["indicator"]
    assert page.evaluate("document.activeElement.id") == "main"
