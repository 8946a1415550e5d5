"""The admin works under the portal's Content-Security-Policy: nothing blocked, no script error, in a real Chromium."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

PASSWORD = "a-strong-Passw0rd!"


@pytest.fixture
def editor(django_user_model, transactional_db):
    """A superuser: what matters here is what the browser runs, not who may do what."""
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def watch(page):
    """Every console error (Chromium reports each CSP violation there) and every uncaught script error."""
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


def log_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_the_change_form_tabs_autocomplete_and_inlines_run_under_the_csp(page, small_site, editor):
    problems = watch(page)
    log_in(page)
    wetland = small_site["wetland"]
    page.goto(reverse("admin:practices_bestpractice_change", args=[wetland.pk]))
    page.wait_for_load_state("networkidle")

    # Thai/English tabs exist only if jQuery UI (self-hosted) loaded and ran.
    assert page.locator(".ui-tabs").count() > 0
    page.locator("#id_title_th").locator("xpath=ancestor::*[@role='tabpanel']/..").get_by_role("tab", name="th").click()
    assert page.locator("#id_title_th").is_visible()

    # Autocomplete (select2) fetches its choices from the admin.
    page.locator(".field-municipality .select2-selection").first.click()
    page.locator(".select2-dropdown .select2-search__field").fill("Udon")
    page.locator(".select2-results__option", has_text="Udon Thani").wait_for()
    page.keyboard.press("Escape")

    # Inline pilots: the collapsed group opens and a new empty pilot form is added by script.
    page.locator("#pilots-group summary, #pilots-group .collapse-toggle").first.click()
    before = page.locator("#pilots-group .inline-related:not(.empty-form)").count()
    page.locator("#pilots-group .add-row a").click()
    assert page.locator("#pilots-group .inline-related:not(.empty-form)").count() == before + 1

    for url in (
        reverse("admin:pilots_pilot_add"),
        reverse("admin:practices_bestpractice_history", args=[wetland.pk]),
        reverse("admin:practices_bestpractice_changelist") + "?q=wetland",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert problems == []


def test_the_prepopulated_slug_and_date_shortcuts_run_under_the_csp(page, small_site, editor):
    problems = watch(page)
    log_in(page)
    page.goto(reverse("admin:pilots_pilot_add"))
    page.locator("#id_title_en").press_sequentially("Riverside market")
    assert page.locator("#id_slug").input_value() == "riverside-market"
    page.locator(".datetimeshortcuts a", has_text="Today").first.click()
    assert page.locator("input[name='milestones-0-date']").input_value()
    assert problems == []
