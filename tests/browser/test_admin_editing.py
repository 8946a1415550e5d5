"""An editor corrects a practice in the admin, through the real login form and the Thai/English tabs."""

import pytest

from .support import EDITOR_PASSWORD

pytestmark = pytest.mark.browser


def test_editor_changes_a_thai_title_in_the_admin_and_the_public_page_shows_it(page, small_site, editor):
    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#content-main tr.model-bestpractice").get_by_role("link", name="Best practices").click()
    page.get_by_role("link", name="Constructed Wetland Wastewater Treatment").click()

    title_th = page.locator("#id_title_th")
    assert not title_th.is_visible()  # the English tab is open; the Thai one must be chosen
    page.locator("#id_title_th").locator("xpath=ancestor::*[@role='tabpanel']/..").get_by_role("tab", name="th").click()
    title_th.fill("บึงประดิษฐ์บำบัดน้ำเสียของอุดรธานี")
    page.get_by_role("button", name="Save", exact=True).click()

    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    page.goto("/th/practices/constructed-wetland/")
    assert page.locator("h1").inner_text() == "บึงประดิษฐ์บำบัดน้ำเสียของอุดรธานี"
    page.goto("/en/practices/constructed-wetland/")
    assert page.locator("h1").inner_text() == "Constructed Wetland Wastewater Treatment"
