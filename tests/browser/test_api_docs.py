"""The interactive API reference works in a real Chromium under the portal's CSP, from this host alone."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_the_api_reference_renders_every_endpoint_from_this_host_with_nothing_blocked(page, small_site, live_server):
    problems, hosts = [], set()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    page.goto("/api/v1/docs")
    page.locator(".opblock-summary-path").first.wait_for()

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/practices" in paths and "/api/v1/pilots/{slug}" in paths
    assert hosts == {urlsplit(live_server.url).netloc}
    assert problems == []


def test_try_it_out_fetches_real_data_from_the_api(page, small_site):
    page.goto("/api/v1/docs#/practices/opendata_api_list_practices")
    operation = page.locator("#operations-practices-opendata_api_list_practices")
    operation.locator(".try-out__btn").click()
    operation.locator(".execute").click()
    body = operation.locator(".live-responses-table .microlight").first
    body.wait_for()
    assert "Constructed Wetland Wastewater Treatment" not in body.inner_text()  # Thai by default
    assert "การจัดการน้ำเสียแบบบึงประดิษฐ์" in body.inner_text()
