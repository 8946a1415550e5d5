"""Real-browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Without Chromium (or axe-core, for the accessibility checks) these tests are skipped with the reason, so
`make test` still works on a bare machine. With CI set they fail instead: CI must never pass by skipping them.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

from delgosea import loader
from practices.models import BestPractice, Country
from tests import factories as f

from .support import AXE_JS, CHROMIUM, CHROMIUM_FLAGS, DESKTOP, EDITOR_PASSWORD, add_photo

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # requirements-dev.txt installs it; a bare machine may not have it
    sync_playwright = None


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


def unavailable(reason, skipped="browser tests"):
    """Skip on a developer's machine; fail in CI, where a skipped browser test would hide a broken page."""
    if in_ci():
        pytest.fail(f"{reason}. CI is set, so the {skipped} fail instead of being skipped.", pytrace=False)
    pytest.skip(f"{reason}: {skipped} skipped")


@pytest.fixture(scope="package")
def browser():
    """One Chromium for every browser test; each test gets its own context and page."""
    if sync_playwright is None:
        unavailable("Playwright is not installed (pip install -r requirements-dev.txt)")
    if not CHROMIUM.exists():
        unavailable(f"No Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM=/path/to/chromium)")
    # While Playwright's sync API runs, its event loop counts as running in this thread: Django would refuse
    # the ORM calls the tests make (factories, database flushes), though nothing here is really async, and
    # it hands out separate database connections for that time (closed below, so the test database can be
    # dropped at the end).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            yield chromium
            chromium.close()
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _serve_media(media_root):
    """Answer /media/ from MEDIA_ROOT, as the production web server does (Django serves media only with DEBUG)."""

    def handle(route):
        relative = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = (Path(media_root) / relative).resolve()
        if Path(media_root).resolve() in path.parents and path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body="not found")

    return handle


def _open_page(browser, live_server, media_root, **context_options):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": DESKTOP, "height": 900}, **context_options
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.route("**/media/**", _serve_media(media_root))
    return context, page


@pytest.fixture
def page(browser, live_server, media_root):
    """A fresh browser tab on the live server, as a visitor's browser would have it (the CSP in force)."""
    context, tab = _open_page(browser, live_server, media_root)
    yield tab
    context.close()


@pytest.fixture
def audit_page(browser, live_server, media_root):
    """A tab into which the test may inject axe-core; the portal's CSP forbids injected scripts, so it is bypassed."""
    if not AXE_JS.is_file():
        unavailable(f"axe-core is missing at {AXE_JS} (run `npm ci` in the repository root)", "accessibility checks")
    context, tab = _open_page(browser, live_server, media_root, bypass_csp=True)
    yield tab
    context.close()


@pytest.fixture
def shipped_site(transactional_db, media_root):
    """The real DELGOSEA data, as `make run` serves it, with a photo on the wetland practice."""
    loader.load()
    add_photo(
        BestPractice.objects.get(slug="constructed-wetland"),
        "บึงประดิษฐ์ที่บำบัดน้ำเสียของเมืองอุดรธานี",
        "The constructed wetland that cleans Udon Thani's wastewater",
    )


@pytest.fixture
def small_site(transactional_db, media_root):
    """A few records built with the factories: quick to make, and every count in them is known."""
    participation, environment = f.participation_theme(), f.environment_theme()
    Country.objects.create(code="id", name_th="อินโดนีเซีย", name_en="Indonesia")
    wetland = f.constructed_wetland(
        theme=environment,
        municipality=f.town("udon-thani"),
        summary_th="บึงที่สร้างขึ้นบำบัดน้ำทิ้งของเมือง",
        summary_en="A wetland cleans the city's wastewater.",
    )
    eco = f.eco_savers(
        theme=environment,
        municipality=f.town("marikina"),
        title_en="Eco Savers",
        summary_th="นักเรียนนำขยะรีไซเคิลมาแลกแต้ม",
        summary_en="Pupils bring recyclables to school.",
    )
    vendors = f.street_vendors(
        theme=participation,
        municipality=f.town("surakarta", aliases="Solo"),
        summary_th="ย้ายผู้ค้าโดยการเจรจา",
        summary_en="Vendors were moved by dialogue.",
    )
    pakkret, alaminos = f.town("pakkret"), f.town("alaminos")
    pilot = f.pilot(
        "pakkret",
        municipality=pakkret,
        practice=vendors,
        title_th="ตลาดเก่าริมน้ำ",
        title_en="Old riverside market",
    )
    f.pilot("alaminos", municipality=alaminos, practice=wetland, title_th="บึงบำบัดน้ำ", title_en="Treatment wetland")
    f.partner("kas", acronym="KAS", name_th="มูลนิธิคอนราด อาเดนาวร์", name_en="Konrad-Adenauer-Stiftung")
    return {"wetland": wetland, "eco": eco, "vendors": vendors, "pilot": pilot}


@pytest.fixture
def editor(transactional_db, editor):
    """The shared Editors-group user (tests/conftest.py), with a password a test can type into the login form."""
    editor.set_password(EDITOR_PASSWORD)
    editor.save()
    return editor
