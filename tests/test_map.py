"""The transfer map on the home and transfers pages: drawn on the server, linked, filterable, bounded."""

import re
from decimal import Decimal

import pytest

from pilots import transfer_map
from tests import factories as f

pytestmark = pytest.mark.django_db

LANGS = ["th", "en"]


def town(slug, country_code, lat, lon, th, en):
    return f.municipality(
        slug, country_code=country_code, latitude=Decimal(lat), longitude=Decimal(lon), name_th=th, name_en=en
    )


@pytest.fixture
def transfers():
    environment = f.theme(3, slug="urban-environment", name_th="สิ่งแวดล้อมเมือง", name_en="Urban environment")
    participation = f.theme(1, slug="participation", name_th="การมีส่วนร่วม", name_en="Participation")
    marikina = town("marikina", "ph", "14.65", "121.10", "มาริกินา", "Marikina")
    udon = town("udon-thani", "th", "17.41", "102.79", "อุดรธานี", "Udon Thani")
    eco = f.practice(12, slug="eco-savers", theme=environment, municipality=marikina, title_en="Eco Savers")
    wetland = f.practice(10, slug="constructed-wetland", theme=environment, municipality=udon, title_en="Wetland")
    forum = f.practice(1, slug="forum", theme=participation, municipality=udon, title_en="City Forum")
    f.pilot("kupang", municipality=town("kupang", "vn", "-10.17", "123.61", "กูปัง", "Kupang"), practice=eco)
    f.pilot(
        "alaminos", municipality=town("alaminos", "ph", "16.16", "119.98", "อะลามีโนส", "Alaminos"), practice=wetland
    )
    f.pilot("pakkret", municipality=town("pakkret", "th", "13.91", "100.50", "ปากเกร็ด", "Pakkret"), practice=forum)
    return {"eco": eco, "wetland": wetland, "forum": forum}


def svg(response):
    html = response.content.decode()
    match = re.search(r'<svg class="map".*?</svg>', html, re.S)
    assert match, "no map on the page"
    return match.group()


def link_count(svg_text, group):
    part = re.search(rf'<g class="{group}">(.*?)</g>', svg_text, re.S).group(1)
    return part.count("<a href=")


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_draws_every_practice_pilot_and_transfer_as_links(client, transfers, lang):
    drawing = svg(client.get(f"/{lang}/"))
    assert drawing.count('class="map-practice') == 3
    assert drawing.count('class="map-pilot') == 3
    assert link_count(drawing, "map-lines") == 3
    assert f'<a href="/{lang}/practices/eco-savers/">' in drawing
    assert f'<a href="/{lang}/pilots/kupang/">' in drawing


def test_points_and_lines_are_named_in_the_page_language(client, transfers):
    english = svg(client.get("/en/"))
    thai = svg(client.get("/th/"))
    assert "<title>1 transfer from Marikina to Kupang</title>" in english
    assert "Best practice 12: Eco Savers — Marikina, Philippines" in english
    assert "มาริกินา" in thai and "กูปัง" in thai
    assert "Marikina" not in thai


def test_lines_take_the_colour_of_the_practices_theme_by_css_class_not_inline_style(client, transfers):
    html = client.get("/en/").content.decode()
    drawing = svg(client.get("/en/"))
    assert 'class="map-line map-theme-3"' in drawing and 'class="map-line map-theme-1"' in drawing
    assert "style=" not in html


def test_the_map_is_a_static_picture_with_a_table_version(client, transfers):
    html = client.get("/en/transfers/").content.decode()
    drawing = svg(client.get("/en/transfers/"))
    assert "<script" not in drawing
    assert 'aria-describedby="map-caption"' in drawing
    assert '<a href="#by-practice">Table version of the map</a>' in html
    assert "Natural Earth" in html
    assert 'href="/en/transfers/#by-practice"' in client.get("/en/").content.decode()


def test_country_outlines_are_drawn_from_the_portals_own_data(client, transfers):
    drawing = svg(client.get("/en/"))
    assert drawing.count('class="partner"') == 5
    assert "http" not in drawing.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize("lang", LANGS)
def test_the_transfers_map_follows_the_theme_filter(client, transfers, lang):
    drawing = svg(client.get(f"/{lang}/transfers/?theme=1"))
    assert link_count(drawing, "map-lines") == 1
    assert f"/{lang}/pilots/pakkret/" in drawing
    assert f"/{lang}/pilots/kupang/" not in drawing


def test_the_country_filter_keeps_transfers_that_start_or_end_in_that_country(client, transfers):
    drawing = svg(client.get("/en/transfers/?country=ph"))
    assert link_count(drawing, "map-lines") == 2
    assert "/en/pilots/alaminos/" in drawing and "/en/pilots/kupang/" in drawing  # into and out of the Philippines
    assert "/en/pilots/pakkret/" not in drawing
    assert 'class="partner selected"' in drawing


def test_transfer_facets_count_a_cross_border_transfer_for_both_countries(client, transfers):
    response = client.get("/en/transfers/?theme=3")
    countries = {option.value: option.count for option in response.context["filter"].country_options()}
    assert countries == {"ph": 2, "th": 1, "vn": 1}
    themes = {option.value: option.count for option in response.context["filter"].theme_options()}
    assert themes == {"1": 1, "3": 2}


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_filter_value_on_the_transfers_page_is_explained(client, transfers, lang):
    response = client.get(f"/{lang}/transfers/?theme=9&country=zz&country=th")
    assert response.status_code == 200
    html = response.content.decode()
    assert "“9”" in html and "“zz”" in html
    drawing = svg(response)
    assert link_count(drawing, "map-lines") == 2
    assert f"/{lang}/pilots/alaminos/" in drawing and f"/{lang}/pilots/pakkret/" in drawing


def test_an_empty_transfer_filter_says_so(client, transfers):
    html = client.get("/en/transfers/?theme=1&country=ph").content.decode()
    assert "No transfer matches these filters." in html


def test_transfers_between_the_same_two_cities_share_one_line(client, transfers):
    kupang = transfers["eco"].pilots.get().municipality
    f.pilot("kupang-2", municipality=kupang, practice=transfers["eco"])
    drawing = svg(client.get("/en/"))
    assert link_count(drawing, "map-lines") == 3
    assert "<title>2 transfers from Marikina to Kupang</title>" in drawing
    assert '<a href="/en/transfers/#by-pilot"><title>2 transfers' in drawing


def test_unpublished_records_and_places_without_coordinates_are_not_drawn(client, transfers):
    transfers["wetland"].published = False
    transfers["wetland"].save()
    f.pilot("nowhere", municipality=f.municipality("nowhere"), practice=transfers["forum"])
    drawing = svg(client.get("/en/"))
    assert "constructed-wetland" not in drawing and "alaminos" not in drawing
    assert "nowhere" not in drawing
    assert link_count(drawing, "map-lines") == 2


def test_a_place_outside_southeast_asia_is_left_off_the_map(client, transfers):
    far = town("hamburg", "th", "53.55", "10.00", "ฮัมบูร์ก", "Hamburg")
    f.pilot("hamburg", municipality=far, practice=transfers["eco"])
    assert "hamburg" not in svg(client.get("/en/"))


def test_the_map_is_bounded_however_many_transfers_there_are(client, transfers, monkeypatch):
    monkeypatch.setattr(transfer_map, "MAX_POINTS", 2)
    monkeypatch.setattr(transfer_map, "MAX_LINES", 2)
    html = client.get("/en/").content.decode()
    drawing = svg(client.get("/en/"))
    assert drawing.count('class="map-practice') == 2
    assert drawing.count('class="map-pilot') == 2
    assert link_count(drawing, "map-lines") == 2
    assert "the map shows the most-copied routes" in html


def test_pages_with_the_map_keep_their_query_budget(client, transfers, django_assert_max_num_queries):
    for n in range(30):
        place = town(f"place-{n}", "id", f"{-5 + n / 10}", f"{110 + n / 10}", f"ที่ {n}", f"Place {n}")
        f.pilot(f"pilot-{n}", municipality=place, practice=transfers["eco"])
    for url in ["/en/", "/th/transfers/", "/en/transfers/?theme=3&country=ph"]:
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


def test_the_outline_file_is_small_attributed_and_inside_the_frame():
    data = transfer_map.outlines()
    assert transfer_map.MAP_FILE.stat().st_size < 150_000
    assert "Natural Earth" in data["attribution"]
    assert {"th", "vn", "kh", "ph", "id"} <= {country["code"] for country in data["countries"]}
    assert data["width"] == data["height"] == 720


def test_projection_puts_cities_where_they_are():
    bangkok = transfer_map.project(Decimal("13.75"), Decimal("100.5"))
    manila = transfer_map.project(Decimal("14.6"), Decimal("121.0"))
    assert bangkok[0] < manila[0]  # west of Manila
    assert abs(bangkok[1] - manila[1]) < 20  # about the same latitude
    assert transfer_map.project(24, 92) == (0.0, 0.0)
