"""Nothing jumps while the fonts arrive: the first screen's font files are preloaded, and a late font is not swapped
in (site.css: font-display optional, a fallback sized like Sarabun). `make lighthouse` measures the whole thing."""

import time

import pytest

from .support import PHONE, PUBLIC_PAGES

pytestmark = pytest.mark.browser

# Thai text has Latin in it too (spaces, digits, "DELGOSEA"); an English page has "ไทย" in its language switch.
PRELOADS = {
    "th": [
        "sarabun-latin-400-normal.woff2",
        "sarabun-latin-700-normal.woff2",
        "sarabun-thai-400-normal.woff2",
        "sarabun-thai-700-normal.woff2",
    ],
    "en": ["sarabun-latin-400-normal.woff2", "sarabun-latin-700-normal.woff2", "sarabun-thai-400-normal.woff2"],
}

# The layout shifts the page has had, as Chrome counts them for CLS (not those that follow the visitor's input).
_LAYOUT_SHIFT = """() => new Promise(resolve => {
    new PerformanceObserver(list => resolve(list.getEntries()
        .filter(entry => !entry.hadRecentInput)
        .reduce((total, entry) => total + entry.value, 0))).observe({type: 'layout-shift', buffered: true});
    setTimeout(() => resolve(0), 1000);  // no entry at all: nothing shifted
})"""


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_first_screens_font_files_are_preloaded(page, small_site, lang):
    page.goto(f"/{lang}/")

    preloads = page.eval_on_selector_all(
        "link[rel=preload]",
        "links => links.map(l => ({href: l.href, as: l.getAttribute('as'), type: l.type, cors: l.crossOrigin}))",
    )

    assert [link["href"].rsplit("/", 1)[1] for link in preloads] == PRELOADS[lang]
    assert {(link["as"], link["type"], link["cors"]) for link in preloads} == {("font", "font/woff2", "anonymous")}
    for link in preloads:
        assert page.request.get(link["href"]).status == 200
    # Each preloaded file is one the page asks for (Chrome warns about a preload that the page does not use).
    page.evaluate("document.fonts.ready.then(() => true)")
    asked = page.evaluate(
        """[...document.fonts].filter(f => f.family === 'Sarabun' && f.status !== 'unloaded').map(f =>
            `sarabun-${f.unicodeRange.toUpperCase().includes('E01') ? 'thai' : 'latin'}-${f.weight}-normal.woff2`)"""
    )
    assert sorted(asked) == PRELOADS[lang]


def _slow_fonts(route):
    time.sleep(0.4)  # a phone network: the fonts arrive well after the first paint
    route.continue_()


@pytest.mark.parametrize("name", ["home", "pilot", "practices"])
def test_a_thai_page_does_not_shift_when_its_fonts_arrive_late(page, shipped_site, name):
    page.set_viewport_size({"width": PHONE, "height": 740})
    page.route("**/static/fonts/**", _slow_fonts)

    page.goto(PUBLIC_PAGES[name].format(lang="th"))
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(300)

    assert page.evaluate(_LAYOUT_SHIFT) < 0.02


def test_a_thai_page_does_not_shift_when_its_fonts_arrive_in_time(page, shipped_site):
    page.set_viewport_size({"width": PHONE, "height": 740})

    page.goto("/th/")
    page.evaluate("document.fonts.ready.then(() => true)")

    assert page.evaluate(_LAYOUT_SHIFT) < 0.02


# Lighthouse's phone (412 × 823), a small phone and a laptop.
SCREENS = [(412, 823), (PHONE, 740), (1280, 800)]
_SHIFTED = """() => new Promise(resolve => {
    const shifts = [];
    new PerformanceObserver(list => shifts.push(...list.getEntries()
        .filter(entry => !entry.hadRecentInput)
        .map(entry => entry.value))).observe({type: 'layout-shift', buffered: true});
    setTimeout(() => resolve(shifts.reduce((total, value) => total + value, 0)), 250);
})"""


@pytest.mark.parametrize("lang", ["th", "en"])
def test_no_page_shifts_while_it_loads(page, shipped_site, lang):
    """Cards far down a list are laid out only as they come near the screen (site.css, content-visibility); one
    drawn at its guessed size on the first screen would move what follows it once its real size is known."""
    shifted = {}
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        for name, path in PUBLIC_PAGES.items():
            page.goto(path.format(lang=lang))
            page.evaluate("document.fonts.ready.then(() => true)")
            score = page.evaluate(_SHIFTED)
            if score > 0.001:
                shifted[f"{name} at {width} px"] = round(score, 4)
    assert shifted == {}
