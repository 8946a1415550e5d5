"""A visitor's main tasks, done with a real browser: filter, switch language, follow a transfer, search in Thai."""

import pytest

from .support import PHONE, where

pytestmark = pytest.mark.browser


def show_results(page):
    """Submit the filter form and wait for the new page: a click alone returns before it has loaded."""
    with page.expect_navigation():
        page.get_by_role("button", name="Show results").click()


def result_titles(page):
    return page.locator("#results-heading ~ ul .card h3").all_inner_texts()


def test_ticking_a_theme_and_submitting_lists_only_that_themes_practices(page, small_site):
    page.goto("/en/practices/")

    page.get_by_label("Participation").check()
    show_results(page)

    assert where(page) == ("/en/practices/", {"theme": ["1"]})
    assert page.locator("#results-heading").inner_text() == "1 practice found"
    assert result_titles(page) == ["Relocation of Street Vendors"]


def test_two_themes_widen_the_list_and_a_country_narrows_it(page, small_site):
    page.goto("/en/practices/")

    page.get_by_label("Participation").check()
    page.get_by_label("Urban environment").check()
    show_results(page)
    both_themes = result_titles(page)
    page.get_by_label("Philippines").check()
    show_results(page)

    assert both_themes == ["Constructed Wetland Wastewater Treatment", "Eco Savers", "Relocation of Street Vendors"]
    assert result_titles(page) == ["Eco Savers"]
    assert page.get_by_label("Participation").is_checked() and page.get_by_label("Philippines").is_checked()


def test_switching_language_keeps_the_page_and_its_filters(page, small_site):
    page.goto("/en/practices/?theme=3&country=ph")

    with page.expect_navigation():
        page.get_by_role("link", name="ไทย", exact=True).click()

    assert where(page) == ("/th/practices/", {"theme": ["3"], "country": ["ph"]})
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.get_by_label("สิ่งแวดล้อมเมือง").is_checked()
    assert page.get_by_label("ฟิลิปปินส์").is_checked()
    assert result_titles(page) == ["ออมทรัพย์สีเขียว"]


def test_visitor_follows_a_practice_to_a_pilot_that_copied_it_and_back_to_its_origin(page, small_site):
    page.goto("/en/practices/street-vendors/")

    with page.expect_navigation():
        page.locator("#pilots ~ ul").get_by_role("link", name="Pakkret").click()
    assert where(page)[0] == "/en/pilots/pakkret/"
    assert page.locator("h1").inner_text() == "Pakkret"
    with page.expect_navigation():
        page.get_by_role("link", name="Practice 14: Relocation of Street Vendors").click()

    assert where(page)[0] == "/en/practices/street-vendors/"
    assert page.locator("h1").inner_text() == "Relocation of Street Vendors"


def test_searching_in_thai_without_spaces_finds_the_wetland_practice(page, small_site):
    page.goto("/th/practices/")

    box = page.get_by_role("searchbox", name="ค้นหาแนวปฏิบัติ")
    box.fill("น้ำเสีย")
    box.press("Enter")

    page.wait_for_url("**/th/practices/?q=*")
    assert result_titles(page) == ["การจัดการน้ำเสียแบบบึงประดิษฐ์"]
    assert page.locator(".card h3 mark").inner_text() == "น้ำเสีย"


def test_the_most_copied_practices_come_first_and_the_order_survives_the_language_switch(page, small_site):
    page.goto("/en/practices/")

    page.get_by_label("Order").select_option(label="Most copied first")
    page.get_by_label("Copied at least once").check()
    show_results(page)

    assert where(page) == ("/en/practices/", {"sort": ["copies"], "copied": ["1"]})
    assert result_titles(page) == ["Constructed Wetland Wastewater Treatment", "Relocation of Street Vendors"]
    page.get_by_label("Copied at least once").uncheck()
    show_results(page)
    assert result_titles(page)[-1] == "Eco Savers"  # copied by nobody: last
    with page.expect_navigation():
        page.get_by_role("link", name="ไทย", exact=True).click()
    assert where(page) == ("/th/practices/", {"sort": ["copies"]})
    assert page.get_by_label("เรียงลำดับ").input_value() == "copies"


def test_a_count_of_the_country_table_opens_the_transfers_it_counts(page, small_site):
    page.goto("/en/transfers/")

    with page.expect_navigation():
        page.get_by_role("link", name="1 transfer from Indonesia to Thailand").click()

    assert where(page) == ("/en/transfers/", {"from": ["id"], "to": ["th"]})
    assert page.locator("#by-practice + p + .table-scroll tbody th").all_inner_texts() == [
        "14. Relocation of Street Vendors"
    ]
    assert page.get_by_role("group", name="To (country of the pilot)").get_by_label("Thailand").is_checked()


def test_pakkret_typed_in_the_header_box_of_the_thai_home_page_on_a_phone_finds_its_pilot_and_town(page, shipped_site):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto("/th/")
    box = page.get_by_role("searchbox", name="ค้นหาในคลังความรู้")
    assert box.bounding_box()["x"] + box.bounding_box()["width"] <= PHONE

    box.fill("Pakkret")
    with page.expect_navigation():
        box.press("Enter")

    assert where(page) == ("/th/search/", {"q": ["Pakkret"]})
    headings = page.locator(".search-group h2").all_inner_texts()
    assert headings[:2] == ["เมืองนำร่อง", "องค์กรปกครองส่วนท้องถิ่น"]
    first_pilot = page.locator("#group-pilots ~ ul h3 a").first
    first_place = page.locator("#group-places ~ ul li a").first
    assert (first_pilot.inner_text(), first_pilot.get_attribute("href")) == ("เทศบาลนครปากเกร็ด", "/th/pilots/pakkret/")
    assert (first_place.inner_text(), first_place.get_attribute("href")) == (
        "เทศบาลนครปากเกร็ด",
        "/th/municipalities/pakkret/",
    )


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_codebooks_links_land_on_their_part_though_it_is_drawn_only_near_the_screen(page, small_site, lang):
    """The codebook's parts below the first screen are laid out only when they come near it (content-visibility):
    an in-page link must still land on its heading, and every table is still in the page for find and print."""
    page.set_viewport_size({"width": PHONE, "height": 740})
    page.goto(f"/{lang}/open-data/")
    # Every table but the downloads (the first screen's) is in a part drawn only near the screen.
    assert page.locator("main table").count() - page.locator("section.below-fold table").count() == 1
    assert page.locator("section.below-fold table").count() >= 10

    page.locator('nav a[href="#municipality-columns"]').click()
    page.wait_for_timeout(300)  # the parts above it are laid out as the page scrolls
    heading = page.locator("#municipality-columns").bounding_box()
    assert -2 < heading["y"] < 200, heading

    page.goto(f"/{lang}/open-data/#api-practice")
    page.wait_for_timeout(300)
    heading = page.locator("#api-practice").bounding_box()
    assert -2 < heading["y"] < 200, heading
