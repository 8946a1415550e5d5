"""Findability: sitemap with hreflang alternates, robots.txt, link-preview meta tags and schema.org JSON-LD."""

import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests import factories as f

pytestmark = pytest.mark.django_db

LANGS = ["th", "en"]


@pytest.fixture
def site():
    marikina = f.town("marikina", latitude=Decimal("14.65"), longitude=Decimal("121.10"), province_en="Metro Manila")
    eco = f.eco_savers(
        theme=f.environment_theme(),
        municipality=marikina,
        summary_en="Pupils bring recyclables to school.",
        sources="https://example.org/eco\nhttps://example.org/eco-2",
    )
    eco.sdgs.add(f.sdg(11))
    hidden = f.practice(13, slug="hidden-practice", published=False)
    f.pilot("kupang", municipality=f.municipality("kupang", country_code="vn"), practice=eco)
    f.pilot("hidden-pilot", practice=hidden)
    f.partner("kas", acronym="KAS", name_en="Konrad-Adenauer-Stiftung", website="https://www.kas.de/")
    return {"eco": eco}


def public_urls(lang):
    return [
        f"/{lang}/",
        f"/{lang}/practices/",
        f"/{lang}/practices/eco-savers/",
        f"/{lang}/themes/urban-environment/",
        f"/{lang}/countries/ph/",
        f"/{lang}/pilots/",
        f"/{lang}/pilots/kupang/",
        f"/{lang}/transfers/",
        f"/{lang}/partners/",
        f"/{lang}/partners/kas/",
        f"/{lang}/about/",
        f"/{lang}/compare/?p=12",
    ]


def meta(page, key):
    """The content of <meta property=key> or <meta name=key>, unescaped; None when absent."""
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', page)
    return html.unescape(match.group(1)) if match else None


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_open_graph_and_twitter_card_tags(client, site, lang):
    locale, other = ("th_TH", "en_US") if lang == "th" else ("en_US", "th_TH")
    for url in public_urls(lang):
        page = client.get(url).content.decode()
        title = html.unescape(re.search(r"<title>(.*?) · DELGOSEA</title>", page).group(1))
        assert meta(page, "og:title") == title, url
        assert meta(page, "og:description"), url
        assert meta(page, "og:description") == meta(page, "description"), url
        assert meta(page, "og:url").startswith(f"http://testserver/{lang}/"), url
        assert meta(page, "og:locale") == locale and meta(page, "og:locale:alternate") == other, url
        assert meta(page, "og:type") in ("website", "article"), url
        assert meta(page, "twitter:card") == "summary", url
        assert meta(page, "og:image") == "http://testserver/static/img/share.png", url


def test_the_share_image_is_served_by_the_portal():
    path = finders.find("img/share.png")
    assert path
    with open(path, "rb") as image:
        assert image.read(8) == b"\x89PNG\r\n\x1a\n"


def test_practice_and_pilot_pages_are_articles_and_lists_are_websites(client, site):
    assert meta(client.get("/en/practices/eco-savers/").content.decode(), "og:type") == "article"
    assert meta(client.get("/en/pilots/kupang/").content.decode(), "og:type") == "article"
    assert meta(client.get("/en/practices/").content.decode(), "og:type") == "website"


def test_og_url_keeps_the_filters_of_a_shared_list(client, site):
    page = client.get("/th/practices/?theme=3&country=ph").content.decode()
    assert meta(page, "og:url") == "http://testserver/th/practices/?theme=3&country=ph"


def test_a_title_with_quotes_and_markup_stays_inside_its_meta_tags(client, site):
    site["eco"].title_en = 'The "best" <b>eco</b> & more'
    site["eco"].save()
    page = client.get("/en/practices/eco-savers/").content.decode()
    assert meta(page, "og:title") == 'The "best" <b>eco</b> & more'
    assert "<b>eco</b>" not in page


@pytest.mark.parametrize("lang", LANGS)
def test_practice_page_describes_itself_in_json_ld(client, site, lang):
    (data,) = json_ld(client.get(f"/{lang}/practices/eco-savers/").content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["inLanguage"] == lang
    assert data["url"] == f"http://testserver/{lang}/practices/eco-savers/"
    assert data["name"] == ("ออมทรัพย์สีเขียว" if lang == "th" else "Marikina Eco Savers Project")
    assert data["isBasedOn"] == ["https://example.org/eco", "https://example.org/eco-2"]
    place = data["spatialCoverage"]
    assert place["@type"] == "Place" and place["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 14.65,
        "longitude": 121.1,
    }
    assert place["address"]["addressCountry"] == "PH"
    kinds = {item["@type"] for item in data["about"]}
    assert kinds == {"DefinedTerm", "GovernmentOrganization"}
    assert any(item.get("termCode") == "11" for item in data["about"])


def test_json_ld_cannot_be_broken_out_of_by_what_an_editor_wrote(client, site):
    site["eco"].title_en = "</script><script>alert(1)</script>"
    site["eco"].summary_en = "a & b <!-- c"
    site["eco"].save()
    page = client.get("/en/practices/eco-savers/").content.decode()
    assert "<script>alert(1)" not in page
    (data,) = json_ld(page)
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["description"] == "a & b <!-- c"


def test_partner_page_describes_the_organisation(client, site):
    (data,) = json_ld(client.get("/en/partners/kas/").content.decode())
    assert data["@type"] == "Organization"
    assert data["name"] == "Konrad-Adenauer-Stiftung" and data["alternateName"] == "KAS"
    assert data["url"] == "https://www.kas.de/"


def test_pilot_page_names_its_local_government_and_the_practice_it_is_based_on(client, site):
    (data,) = json_ld(client.get("/en/pilots/kupang/").content.decode())
    assert data["about"][0]["@type"] == "GovernmentOrganization"
    assert data["isBasedOn"][0] == "http://testserver/en/practices/eco-savers/"


def test_json_ld_is_a_data_block_the_content_security_policy_allows(client, site):
    response = client.get("/en/practices/eco-savers/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # Browsers do not execute a <script> whose type is not JavaScript, so script-src does not apply to it;
    # every other script on the page is a file from this host.
    page = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts
    assert all('type="application/ld+json"' in attributes or 'src="/static/' in attributes for attributes in scripts)


def test_sitemap_lists_every_public_page_in_both_languages_with_alternates(client, site):
    xml = client.get("/sitemap.xml").content.decode()
    for lang in LANGS:
        for url in public_urls(lang)[:-1]:  # not the comparisons: endless combinations, kept out of indexes
            assert f"<loc>http://testserver{url}</loc>" in xml, url
    entry = re.search(r"<url><loc>http://testserver/en/practices/eco-savers/</loc>.*?</url>", xml, re.S).group()
    assert 'hreflang="th" href="http://testserver/th/practices/eco-savers/"' in entry
    assert 'hreflang="en" href="http://testserver/en/practices/eco-savers/"' in entry


def test_sitemap_leaves_out_unpublished_records(client, site):
    xml = client.get("/sitemap.xml").content.decode()
    assert "hidden-practice" not in xml and "hidden-pilot" not in xml
    assert "/compare/" not in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


@pytest.mark.parametrize("lang", LANGS)
def test_pages_link_their_other_language_version(client, site, lang):
    page = client.get(f"/{lang}/practices/eco-savers/").content.decode()
    assert '<link rel="alternate" hreflang="th" href="http://testserver/th/practices/eco-savers/">' in page
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/practices/eco-savers/">' in page


@pytest.mark.parametrize("url", ["/th/", "/en/practices/", "/th/not-a-page/"])
def test_every_page_names_its_icon_so_browsers_do_not_ask_for_a_missing_favicon(client, url):
    page = client.get(url).content.decode()
    match = re.search(r'<link rel="icon" href="/static/(img/icon\.svg)" type="image/svg\+xml">', page)
    assert match, url
    icon = finders.find(match.group(1))
    assert icon and Path(icon).read_text(encoding="utf-8").startswith("<svg")
