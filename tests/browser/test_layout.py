"""What a visitor sees: pages that fit a phone, Thai drawn in a Thai font, photos described in the page's language."""

import pytest

from .support import PHONE, PUBLIC_PAGES, add_photo, open_page, platform_fonts

pytestmark = pytest.mark.browser

THAI_FAMILIES = {"Sarabun"}  # the portal's own web font (static/fonts); anything else means it did not load


def open_as_second_page(page, url):
    """Open `url` as a visitor's second page, when the font files are in the browser's cache: the fonts say
    font-display: optional, so a first page whose fonts come late (a slow network, a busy test machine) keeps its
    fallback font, and the first visit says nothing reliable about which font the page asks for."""
    for _ in range(2):
        page.goto(url)
        page.evaluate("document.fonts.ready.then(() => true)")


# For the failure message: the innermost elements that stick out past the right edge.
_WIDEST_ELEMENTS = """(limit) => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > limit)
    .filter(el => ![...el.children].some(child => child.getBoundingClientRect().right > limit))
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)"""


@pytest.mark.parametrize("lang", ["th", "en"])
def test_no_public_page_scrolls_sideways_on_a_360px_phone(page, shipped_site, lang):
    page.set_viewport_size({"width": PHONE, "height": 800})
    too_wide = {}
    for name in PUBLIC_PAGES:
        open_page(page, name, lang)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            too_wide[page.url] = (width, page.evaluate(_WIDEST_ELEMENTS, PHONE))
    assert too_wide == {}


@pytest.mark.parametrize("selector", ["h1", ".lead", ".site-nav a"], ids=["bold-heading", "paragraph", "menu"])
def test_thai_text_is_drawn_with_the_portals_thai_font(page, small_site, selector):
    open_as_second_page(page, "/th/")

    fonts = platform_fonts(page, selector)

    assert {font["familyName"] for font in fonts} <= THAI_FAMILIES
    assert all(font["isCustomFont"] for font in fonts)  # downloaded from the portal, not a system font
    assert sum(font["glyphCount"] for font in fonts) > 5


def test_thai_text_on_an_english_page_is_drawn_with_the_thai_font_too(page, small_site):
    open_as_second_page(page, "/en/")

    fonts = platform_fonts(page, ".lang-switch a[lang=th]")

    assert [font["familyName"] for font in fonts] == ["Sarabun"]


@pytest.mark.parametrize(
    ("lang", "alt"),
    [("th", "บึงประดิษฐ์ที่บำบัดน้ำเสียของเมือง"), ("en", "The wetland that cleans the city's wastewater")],
    ids=["th", "en"],
)
def test_a_practice_photo_is_shown_and_described_in_the_pages_language(page, small_site, lang, alt):
    add_photo(small_site["wetland"], "บึงประดิษฐ์ที่บำบัดน้ำเสียของเมือง", "The wetland that cleans the city's wastewater")

    page.goto(f"/{lang}/practices/constructed-wetland/")
    photo = page.locator("figure.photo img")

    assert photo.get_attribute("alt") == alt
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
