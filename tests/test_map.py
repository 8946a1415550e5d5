"""The transfer map framed by the home and transfers pages: an SVG document drawn on the server, linked,
filterable, bounded, and allowed in a frame of the portal's own pages only."""

import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import translation

from pilots import transfer_map
from pilots.models import Pilot
from practices.models import BestPractice, Municipality
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


def svg(client, lang="en", query=""):
    """The map document, checked to be well-formed XML (a browser shows nothing for a malformed one)."""
    response = client.get(f"/{lang}/transfers/map.svg" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    ElementTree.fromstring(response.content)
    return response.content.decode()


def frame(html):
    match = re.search(r'<iframe class="map-frame" src="([^"]*)"[^>]*>', html)
    assert match, "no map on the page"
    return match


def link_count(svg_text, group):
    part = re.search(rf'<g class="{group}">(.*?)</g>', svg_text, re.S).group(1)
    return part.count("<a href=")


@pytest.mark.parametrize("lang", LANGS)
def test_the_map_draws_every_practice_pilot_and_transfer_as_links_out_of_the_frame(client, transfers, lang):
    assert frame(client.get(f"/{lang}/").content.decode()).group(1) == f"/{lang}/transfers/map.svg"
    drawing = svg(client, lang)
    assert drawing.count('class="map-practice') == 3
    assert drawing.count('class="map-pilot') == 3
    assert link_count(drawing, "map-lines") == 3
    assert f'<a href="/{lang}/practices/eco-savers/" target="_top">' in drawing
    assert f'<a href="/{lang}/pilots/kupang/" target="_top">' in drawing
    assert f'lang="{lang}"' in drawing


def test_points_and_lines_are_named_in_the_page_language(client, transfers):
    english = svg(client, "en")
    thai = svg(client, "th")
    assert "<title>1 transfer from Marikina to Kupang</title>" in english
    assert "Best practice 12: Eco Savers — Marikina, Philippines" in english
    assert "มาริกินา" in thai and "กูปัง" in thai
    assert "Marikina" not in thai


def test_lines_take_the_colour_of_the_practices_theme_by_css_class_not_inline_style(client, transfers):
    drawing = svg(client)
    assert 'class="map-line map-theme-3"' in drawing and 'class="map-line map-theme-1"' in drawing
    assert "style=" not in drawing and "<style" not in drawing
    assert '<?xml-stylesheet type="text/css" href="/static/css/site.css"?>' in drawing


def test_the_map_is_a_static_picture_with_a_title_and_a_table_version(client, transfers):
    html = client.get("/en/transfers/").content.decode()
    drawing = svg(client)
    assert "<script" not in drawing
    assert "<title>Map: which pilot city copied which best practice</title>" in drawing
    iframe = frame(html).group()
    assert 'title="Map: which pilot city copied which best practice"' in iframe
    assert 'aria-describedby="map-caption"' in iframe
    assert '<a href="#by-practice">Table version of the map</a>' in html
    assert "Natural Earth" in html
    assert 'href="/en/transfers/#by-practice"' in client.get("/en/").content.decode()


def test_country_outlines_are_drawn_from_the_portals_own_data(client, transfers):
    drawing = svg(client)
    assert drawing.count('class="partner"') == 5
    assert "http" not in drawing.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize("lang", LANGS)
def test_the_transfers_map_follows_the_theme_filter(client, transfers, lang):
    assert frame(client.get(f"/{lang}/transfers/?theme=1&page=1").content.decode()).group(1) == (
        f"/{lang}/transfers/map.svg?theme=1"
    )
    drawing = svg(client, lang, "theme=1")
    assert link_count(drawing, "map-lines") == 1
    assert f"/{lang}/pilots/pakkret/" in drawing
    assert f"/{lang}/pilots/kupang/" not in drawing


def test_the_country_filter_keeps_transfers_that_start_or_end_in_that_country(client, transfers):
    page = client.get("/en/transfers/?country=ph").content.decode()
    assert frame(page).group(1) == "/en/transfers/map.svg?country=ph"
    drawing = svg(client, "en", "country=ph")
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
    # The map is given only the values the page understood: one map, and one cache entry, per real filter.
    assert frame(html).group(1) == f"/{lang}/transfers/map.svg?country=th"
    drawing = svg(client, lang, "theme=9&country=zz&country=th")
    assert link_count(drawing, "map-lines") == 2
    assert f"/{lang}/pilots/alaminos/" in drawing and f"/{lang}/pilots/pakkret/" in drawing


def test_an_empty_transfer_filter_says_so(client, transfers):
    html = client.get("/en/transfers/?theme=1&country=ph").content.decode()
    assert "No transfer matches these filters." in html


def test_transfers_between_the_same_two_cities_share_one_line(client, transfers):
    kupang = transfers["eco"].pilots.get().municipality
    f.pilot("kupang-2", municipality=kupang, practice=transfers["eco"])
    drawing = svg(client)
    assert link_count(drawing, "map-lines") == 3
    assert "<title>2 transfers from Marikina to Kupang</title>" in drawing
    assert '<a href="/en/transfers/#by-pilot" target="_top"><title>2 transfers' in drawing


def test_unpublished_records_and_places_without_coordinates_are_not_drawn(client, transfers):
    transfers["wetland"].published = False
    transfers["wetland"].save()
    f.pilot("nowhere", municipality=f.municipality("nowhere"), practice=transfers["forum"])
    drawing = svg(client)
    assert "constructed-wetland" not in drawing and "alaminos" not in drawing
    assert "nowhere" not in drawing
    assert link_count(drawing, "map-lines") == 2


def test_a_place_outside_southeast_asia_is_left_off_the_map(client, transfers):
    far = town("hamburg", "th", "53.55", "10.00", "ฮัมบูร์ก", "Hamburg")
    f.pilot("hamburg", municipality=far, practice=transfers["eco"])
    assert "hamburg" not in svg(client)


def test_the_map_is_bounded_however_many_transfers_there_are(client, transfers, monkeypatch):
    monkeypatch.setattr(transfer_map, "MAX_POINTS", 2)
    monkeypatch.setattr(transfer_map, "MAX_LINES", 2)
    drawing = svg(client)
    assert drawing.count('class="map-practice') == 2
    assert drawing.count('class="map-pilot') == 2
    assert link_count(drawing, "map-lines") == 2
    for url in ["/en/", "/en/transfers/"]:
        assert "the map shows the most-copied routes" in client.get(url).content.decode()
    assert "most-copied" not in client.get("/en/transfers/?theme=1").content.decode()  # 1 practice, 1 pilot


def test_whether_the_map_is_cut_counts_the_practices_only_when_the_pilots_do_not_say(
    transfers, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(transfer_map, "MAX_POINTS", 2)
    monkeypatch.setattr(transfer_map, "MAX_LINES", 2)
    practices = BestPractice.objects.published()  # 3
    one = practices.filter(pk=transfers["eco"].pk)
    with django_assert_num_queries(1):
        assert transfer_map.is_cut(practices, 1)  # too many practices
    with django_assert_num_queries(1):
        assert not transfer_map.is_cut(one, 2)
    with django_assert_num_queries(0):
        assert transfer_map.is_cut(one, 3)  # too many pilots: the practices are not counted
        assert not transfer_map.is_cut(2, 2)


def test_pages_with_the_map_keep_their_query_budget(client, transfers, django_assert_max_num_queries):
    for n in range(30):
        place = town(f"place-{n}", "id", f"{-5 + n / 10}", f"{110 + n / 10}", f"ที่ {n}", f"Place {n}")
        f.pilot(f"pilot-{n}", municipality=place, practice=transfers["eco"])
    for url in ["/en/", "/th/transfers/", "/en/transfers/?theme=3&country=ph", "/th/transfers/map.svg?country=ph"]:
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


class Unfiltered:
    """What build_map reads of the transfers page's filter, choosing nothing."""

    qs = Pilot.objects.published()

    def map_practices(self):
        return BestPractice.objects.published()

    def selected(self, name):
        return []


@pytest.mark.parametrize("lang", LANGS)
def test_the_map_takes_a_few_queries_however_many_places_it_draws(transfers, lang, django_assert_max_num_queries):
    for n in range(40):
        place = town(f"place-{n}", "id", f"{-5 + n / 10}", f"{110 + n / 10}", f"ที่ {n}", f"Place {n}")
        practice = f.practice(100 + n, slug=f"practice-{n}", theme=transfers["eco"].theme, municipality=place)
        f.pilot(f"pilot-{n}", municipality=place, practice=transfers["eco"])
        f.pilot(f"pilot-back-{n}", municipality=transfers["eco"].municipality, practice=practice)
    with translation.override(lang), django_assert_max_num_queries(3):
        drawing = render_to_string("pilots/transfer_map.svg", {"map": transfer_map.build_map(Unfiltered())})
    assert drawing.count('class="map-pilot') == transfer_map.MAX_POINTS


def test_the_maps_numbers_are_written_as_svg_reads_them_in_every_language(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    point = transfer_map.Point(1234.5, 6.25, "Label", "Short", "/en/", 3)
    line = transfer_map.Line(1500.5, 2.0, "Label", "Short", "/en/", 3, "M1.5 2Q3.0 4.0 5 6", 2.5)
    drawing = transfer_map.TransferMap(2000, 1000, [], [point], [point], [line], [3])
    for lang in LANGS:
        with translation.override(lang):
            svg_text = render_to_string("pilots/transfer_map.svg", {"map": drawing})
        assert 'cx="1234.5" cy="6.25"' in svg_text and "rotate(45 1234.5 6.25)" in svg_text
        assert 'x="1500.5" y="2.0"' in svg_text and 'stroke-width="2.5"' in svg_text
        assert 'viewBox="0 0 2000 1000"' in svg_text


def test_the_towns_inside_the_maps_frame_are_read_off_an_index(transfers):
    # Many towns have no coordinates; the map's queries pick the towns inside its frame by this index
    # instead of testing every town. The tables are tiny here, so PostgreSQL is told not to scan them.
    towns = Municipality.objects.filter(**transfer_map._in_frame()).values("pk")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        plan = towns.explain()
    assert "municipality_place" in plan


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


def test_only_the_portals_own_pages_may_frame_the_map_and_every_other_page_stays_unframeable(client, transfers):
    for attempt in range(2):  # the second answer comes from the page cache, with the same headers
        drawing = client.get("/th/transfers/map.svg")
        assert drawing["X-Frame-Options"] == "SAMEORIGIN", attempt
        assert "frame-ancestors 'self'" in drawing["Content-Security-Policy"], attempt
        assert "script-src 'self'" in drawing["Content-Security-Policy"], attempt
    page = client.get("/th/transfers/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_names_in_the_map_are_escaped_as_xml(client, transfers):
    hostile = town("odd", "th", "15.0", "101.0", "เมือง <b>&", "Town <script>&amp;")
    f.pilot("odd", municipality=hostile, practice=transfers["eco"])
    for lang in LANGS:
        drawing = svg(client, lang)  # parses as XML
        assert "<script>" not in drawing and "<b>" not in drawing
    assert "Town &lt;script&gt;&amp;amp;" in svg(client)


def test_a_map_with_a_query_string_no_filter_reads_is_still_the_map(client, transfers):
    assert link_count(svg(client, "en", "page=4&utm_source=x&theme=&country="), "map-lines") == 3


def test_a_practice_nobody_copied_is_still_a_best_practice_city_on_the_map(client, transfers):
    lonely = town("hue", "vn", "16.46", "107.59", "เว้", "Hue")
    f.practice(7, slug="heritage", theme=transfers["forum"].theme, municipality=lonely, title_en="Heritage")
    assert "/en/practices/heritage/" in svg(client)  # the home page's map
    assert "/en/practices/heritage/" in svg(client, "en", "theme=1")  # its theme
    assert "/en/practices/heritage/" in svg(client, "en", "country=vn")  # its country
    assert "/en/practices/heritage/" not in svg(client, "en", "theme=3")
    assert "/en/practices/heritage/" not in svg(client, "en", "country=ph")
    # A practice copied into a chosen country is drawn whatever its own country.
    assert "/en/practices/constructed-wetland/" in svg(client, "en", "country=ph")
