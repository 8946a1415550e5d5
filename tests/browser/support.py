"""What the browser tests ask of a page: axe-core's verdict, the focus indicator, the fonts Chromium really used."""

import io
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
PHONE, DESKTOP = 360, 1280
EDITOR_PASSWORD = "a-strong-Passw0rd!"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Every public page of the shipped data, by name; `{lang}` is th or en. The sweeps visit them all.
PUBLIC_PAGES = {
    "home": "/{lang}/",
    "practices": "/{lang}/practices/",
    "practices-filtered": "/{lang}/practices/?theme=3&country=th",
    "practices-most-copied": "/{lang}/practices/?sort=copies&copied=1",
    "practice": "/{lang}/practices/constructed-wetland/",
    "theme": "/{lang}/themes/urban-environment/",
    "country": "/{lang}/countries/ph/",
    "pilots": "/{lang}/pilots/",
    "pilots-filtered": "/{lang}/pilots/?country=id&award=excellence&award=appreciation",
    "pilot": "/{lang}/pilots/pakkret/",
    "transfers": "/{lang}/transfers/",
    "transfers-by-direction": "/{lang}/transfers/?from=ph&to=th&to=id",
    "municipalities": "/{lang}/municipalities/",
    "municipalities-filtered": "/{lang}/municipalities/?role=pilot&country=th&country=vn",
    "municipality": "/{lang}/municipalities/vinh/",
    "partners": "/{lang}/partners/",
    "partner": "/{lang}/partners/kas/",
    "about": "/{lang}/about/",
    "documents": "/{lang}/documents/",
    "open-data": "/{lang}/open-data/",
    "search": "/{lang}/search/?q=Pakkret",
    "search-nothing": "/{lang}/search/?q=Pakret",
    "not-found": "/{lang}/no-such-page/",
}

# A short, stable name for an element, the same whether it is listed or focused: "a <href> <text>",
# "input <name>=<value>", or "<tag> <text>".
_DESCRIBE = """(el) => {
    const tag = el.tagName.toLowerCase();
    const text = el.textContent.trim().replace(/\\s+/g, ' ');
    if (tag === 'a') return `a ${el.getAttribute('href')} ${text}`;
    if (tag === 'input') return `input ${el.name}=${el.value}`;
    return `${tag} ${text.slice(0, 60)}`;
}"""


def where(page):
    """The page's path and its non-empty query parameters, e.g. ("/en/practices/", {"theme": ["3"]})."""
    url = urlsplit(page.url)
    return url.path, parse_qs(url.query)


def open_page(page, name, lang):
    """Load a public page, check the server answered as it should, and wait for its web fonts."""
    response = page.goto(PUBLIC_PAGES[name].format(lang=lang))
    expected = 404 if name == "not-found" else 200
    assert response.status == expected, f"{response.url} answered {response.status}, expected {expected}"
    page.evaluate("document.fonts.ready.then(() => true)")
    return response


def axe_violations(page):
    """Run axe-core on the page with the WCAG 2.1 A and AA rules; return its violations, readable."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
            const result = await axe.run(document, options);
            return result.violations.map(v => ({
                rule: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => `${n.target.join(' ')}: ${n.failureSummary.replace(/\\s+/g, ' ')}`),
            }));
        }""",
        WCAG_21_AA,
    )


def focused(page):
    """The element that has the keyboard focus, and whether a sighted user can see where the focus is."""
    return page.evaluate(
        f"""() => {{
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            const rect = el.getBoundingClientRect();
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
                && !['transparent', 'rgba(0, 0, 0, 0)'].includes(style.outlineColor);
            return {{
                key: ({_DESCRIBE})(el),
                indicator: outline || style.boxShadow !== 'none',
                onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
                    && rect.top < innerHeight && rect.left < innerWidth,
            }};
        }}"""
    )


def keyboard_targets(page):
    """Every link and control a keyboard user must be able to reach on the page as it is shown now."""
    return page.evaluate(
        f"""() => [...document.querySelectorAll('a[href], input:not([type=hidden]), button, select, textarea, summary')]
            .filter(el => !el.disabled && el.tabIndex >= 0 && el.checkVisibility({{visibilityProperty: true}}))
            .map({_DESCRIBE})"""
    )


def tab_through(page, limit=300):
    """Press Tab from the top of the page until the focus leaves it; return each focused element in order."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element is None or (seen and element["key"] == seen[0]["key"]):
            break
        seen.append(element)
    return seen


def tab_to(page, key, limit=300):
    """Press Tab until the element described by `key` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element and element["key"] == key:
            return element
    raise AssertionError(f"Tab never reached {key!r}")


def platform_fonts(page, selector):
    """The fonts Chromium actually drew the text of `selector` with (not what the CSS asked for)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]
        node = cdp.send("DOM.querySelector", {"nodeId": root["nodeId"], "selector": selector})["nodeId"]
        assert node, f"nothing matches {selector!r}"
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()


def png_bytes(width=960, height=540):
    """A small landscape picture (sky, water, a green bank): enough to see that a photo is drawn."""
    image = Image.new("RGB", (width, height), (135, 190, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, height * 0.55, width, height], fill=(60, 120, 160))
    bank = [(0, height * 0.6), (width * 0.45, height * 0.5), (width * 0.7, height), (0, height)]
    draw.polygon(bank, fill=(70, 140, 70))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def add_photo(practice, alt_th, alt_en):
    practice.photo_alt_th, practice.photo_alt_en = alt_th, alt_en
    practice.photo.save("wetland.png", ContentFile(png_bytes()), save=False)
    practice.save()
    return practice
