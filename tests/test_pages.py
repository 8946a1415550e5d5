"""The public pages as a visitor gets them, in Thai and English."""

import datetime
import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.utils.functional import Promise

from pilots.models import Pilot
from tests import factories as f

pytestmark = pytest.mark.django_db

LANGS = ["th", "en"]


@pytest.fixture
def site():
    """A small portal: two themes, practices in two countries, pilots copying them across borders."""
    participation, environment = f.participation_theme(), f.environment_theme()
    udon = f.town("udon-thani", aliases="Udonthani")
    # Solo filed under the Philippines here, so that one country holds both an origin and a pilot.
    solo = f.town("surakarta", country_code="ph", aliases="Solo")
    eco = f.eco_savers(
        theme=environment, municipality=f.town("marikina"), summary_en="Pupils bring recyclables to school."
    )
    wetland = f.constructed_wetland(
        theme=environment, municipality=udon, summary_en="A wetland cleans the city's wastewater."
    )
    vendors = f.street_vendors(theme=participation, municipality=solo)
    pakkret = f.town("pakkret", aliases="Pak Kret")
    pilot = f.pilot(
        "pakkret",
        municipality=pakkret,
        practice=vendors,
        award=Pilot.Award.EXCELLENCE,
        title_en="Old riverside market",
        title_th="ตลาดเก่าริมน้ำ",
    )
    pilot.also_drew_on.add(eco)
    f.milestone(pilot, datetime.date(2011, 7, 12), title_th="ศึกษาดูงานที่โซโล", title_en="Study visit to Solo")
    f.pilot("alaminos", municipality=f.municipality("alaminos", country_code="ph"), practice=wetland)
    f.pilot("kupang", municipality=f.municipality("kupang", country_code="vn"), practice=eco)
    f.partner("kas", acronym="KAS", name_en="Konrad-Adenauer-Stiftung", name_th="มูลนิธิคอนราด อาเดนาวร์")
    return {"eco": eco, "wetland": wetland, "vendors": vendors, "pilot": pilot}


def contract_urls(lang):
    return [
        f"/{lang}/",
        f"/{lang}/practices/",
        f"/{lang}/practices/eco-savers/",
        f"/{lang}/themes/urban-environment/",
        f"/{lang}/countries/ph/",
        f"/{lang}/pilots/",
        f"/{lang}/pilots/pakkret/",
        f"/{lang}/transfers/",
        f"/{lang}/partners/",
        f"/{lang}/partners/kas/",
        f"/{lang}/about/",
        f"/{lang}/documents/",
    ]


def text(response):
    return response.content.decode()


def results(response):
    return response.context["page"].paginator.count


@pytest.mark.parametrize("lang", LANGS)
def test_every_contract_url_answers_with_one_h1_and_the_right_language(client, site, lang):
    for url in contract_urls(lang):
        response = client.get(url)
        assert response.status_code == 200, url
        html = text(response)
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        assert f'<html lang="{lang}">' in html, url
        assert 'hreflang="th"' in html and 'hreflang="en"' in html, url


def test_pages_are_translated_and_show_content_in_the_page_language(client, site):
    th = text(client.get("/th/practices/"))
    en = text(client.get("/en/practices/"))
    assert "แนวปฏิบัติที่ดี" in th and "ออมทรัพย์สีเขียว" in th
    assert "Best practices" in en and "Marikina Eco Savers Project" in en
    assert "Marikina Eco Savers Project" not in th


@pytest.mark.parametrize(
    ("url", "template_text"),
    [
        ("/en/practices/eco-savers/", "Pilots that copied this practice"),
        ("/en/pilots/pakkret/", "What it copied, and from whom"),
        ("/en/themes/urban-environment/", "best practices"),
        ("/en/countries/ph/", "Best practices from here"),
        ("/en/partners/kas/", "Role in DELGOSEA"),
        ("/en/transfers/", "Between countries"),
    ],
)
def test_detail_pages_show_their_interface_in_english(client, site, url, template_text):
    assert template_text in text(client.get(url))


def test_root_sends_a_visitor_to_the_language_their_browser_prefers(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="th-TH,th;q=0.9")["Location"] == "/th/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/th/"


def test_values_of_one_parameter_are_ored(client, site):
    assert results(client.get("/en/practices/?theme=1")) == 1
    assert results(client.get("/en/practices/?theme=3")) == 2
    assert results(client.get("/en/practices/?theme=1&theme=3")) == 3


def test_different_parameters_are_anded(client, site):
    assert results(client.get("/en/practices/?theme=3&country=ph")) == 1
    assert results(client.get("/en/practices/?theme=3&country=th&country=ph")) == 2


def test_each_filter_option_counts_results_with_the_other_filters_kept(client, site):
    response = client.get("/en/practices/?theme=3")
    practice_filter = response.context["filter"]
    themes = {option.value: (option.count, option.selected) for option in practice_filter.theme_options()}
    countries = {option.value: option.count for option in practice_filter.country_options()}
    assert themes["1"] == (1, False) and themes["3"] == (2, True)
    assert countries == {"ph": 1, "th": 1, "vn": 0}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("theme=9", "“9” is not a valid choice"),
        ("country=zz", "“zz” is not a valid choice"),
        ("page=abc", "is not a page number"),
        ("page=-1", "Page numbers start at 1"),
        ("page=99999", "There is no page 99999"),
        ("q=" + "x" * 10_000, "was shortened"),
    ],
)
def test_values_that_are_not_understood_are_explained_not_errors(client, site, query, message):
    response = client.get(f"/en/practices/?{query}")
    assert response.status_code == 200
    assert message in text(response)


def test_a_bad_value_does_not_drop_the_good_ones(client, site):
    response = client.get("/en/practices/?theme=9&theme=1")
    assert results(response) == 1
    assert "“9” is not a valid choice" in text(response)


def test_an_empty_result_says_so_and_offers_to_clear_filters(client, site):
    html = text(client.get("/en/practices/?theme=1&country=th"))
    assert "No practice matches these filters." in html
    assert 'href="?">Clear all filters' in html


def test_pilot_filters_work_through_query_strings(client, site):
    assert results(client.get("/en/pilots/")) == 3
    assert results(client.get("/en/pilots/?award=excellence")) == 1
    assert results(client.get("/en/pilots/?practice=12&practice=10")) == 2
    assert results(client.get("/en/pilots/?country=ph&theme=3")) == 1
    assert results(client.get("/en/pilots/?country=th&country=vn&award=appreciation")) == 1
    assert "“77” is not a valid choice" in text(client.get("/en/pilots/?practice=77"))


def test_a_chosen_practice_that_no_pilot_matches_stays_ticked_at_zero(client, site):
    response = client.get("/en/pilots/?practice=14&country=vn")
    assert results(response) == 0
    options = {option.value: option for option in response.context["filter"].practice_options()}
    assert options["14"].selected and options["14"].count == 0
    assert options["12"].count == 1 and not options["12"].selected
    assert 'name="practice" value="14" checked' in text(response)


def test_the_language_switch_keeps_path_and_filters(client, site):
    html = text(client.get("/th/practices/?theme=3&country=ph"))
    assert 'href="/en/practices/?theme=3&amp;country=ph"' in html
    html = text(client.get("/en/pilots/pakkret/"))
    assert 'href="/th/pilots/pakkret/"' in html


def test_thai_pages_show_buddhist_era_years_and_english_pages_common_era(client, site):
    th = text(client.get("/th/pilots/pakkret/"))
    en = text(client.get("/en/pilots/pakkret/"))
    assert "2554" in th and "กรกฎาคม" in th
    assert "12 July 2011" in en
    assert "2555" in th  # the 2012 award


def test_a_draft_practice_is_404_for_the_public_and_visible_to_staff(client, admin_client, site):
    site["wetland"].published = False
    site["wetland"].save()
    assert client.get("/en/practices/constructed-wetland/").status_code == 404
    assert admin_client.get("/en/practices/constructed-wetland/").status_code == 200


def test_a_draft_practice_is_absent_from_lists_counts_and_its_pilots(client, site):
    site["wetland"].published = False
    site["wetland"].save()
    assert results(client.get("/en/practices/")) == 2
    assert results(client.get("/en/pilots/")) == 2
    assert client.get("/en/pilots/alaminos/").status_code == 404
    assert client.get("/en/").context["numbers"]["practices"] == 2
    assert "Constructed Wetland" not in text(client.get("/en/transfers/"))


def test_practice_page_shows_its_sections_sources_pilots_and_related_practices(client, site):
    html = text(client.get("/en/practices/eco-savers/"))
    for expected in ["Background", "What was done", "Results", "Lessons and conditions for transfer"]:
        assert expected in html
    assert "https://example.org/source" in html
    assert "/en/pilots/kupang/" in html
    assert "Constructed Wetland Wastewater Treatment" in html  # same theme
    assert "Also drawn on by" in html and "Pakkret" in html


def test_pilot_page_shows_what_it_copied_from_whom_and_its_milestones(client, site):
    html = text(client.get("/en/pilots/pakkret/"))
    assert "Relocation of Street Vendors" in html and "Surakarta" in html
    assert "It also drew on" in html and "Marikina Eco Savers Project" in html
    assert "Study visit to Solo" in html
    assert "Award of Excellence" in html
    assert "A transfer across a national border." in html


def test_transfers_page_answers_who_copied_what_and_counts_cross_border_transfers(client, site):
    response = client.get("/en/transfers/")
    html = text(response)
    assert "Pakkret" in html and "Relocation of Street Vendors" in html
    assert response.context["cross_border"] == 3
    matrix = {row["code"]: [cell["count"] for cell in row["cells"]] for row in response.context["matrix"]}
    codes = [code for code, _name in response.context["countries"]]
    assert matrix["ph"][codes.index("th")] == 1
    assert matrix["ph"][codes.index("vn")] == 1
    assert matrix["th"][codes.index("ph")] == 1


def test_country_page_lists_its_practices_pilots_and_partners(client, site):
    html = text(client.get("/en/countries/PH/"))
    assert "Marikina Eco Savers Project" in html
    assert "/en/pilots/alaminos/" in html
    assert client.get("/en/countries/zz/").status_code == 404


def test_thai_search_finds_a_substring_inside_a_word(client, site):
    response = client.get("/th/practices/?q=น้ำเสีย")
    assert [p.number for p in response.context["page"]] == [10]
    assert "<mark>น้ำเสีย</mark>" in text(response)


def test_english_search_ignores_case_and_ranks_title_matches_first(client, site):
    response = client.get("/en/practices/?q=ECO")
    numbers = [p.number for p in response.context["page"]]
    assert numbers == [12, 14]  # 12 has "Eco" in its title, 14 only in its summary


def test_search_finds_a_municipality_by_another_spelling(client, site):
    assert [p.number for p in client.get("/en/practices/?q=Solo").context["page"]] == [14]
    assert [p.number for p in client.get("/en/practices/?q=udonthani").context["page"]] == [10]


def test_an_english_search_on_the_thai_site_still_finds_the_practice(client, site):
    assert [p.number for p in client.get("/th/practices/?q=wetland").context["page"]] == [10]


def test_search_text_is_escaped_in_the_page(client, site):
    html = text(client.get("/en/practices/?q=<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_404_page_is_in_the_visitors_language(client):
    th = client.get("/th/no-such-page/")
    en = client.get("/en/no-such-page/")
    assert th.status_code == en.status_code == 404
    assert '<html lang="th">' in text(th) and "ไม่พบหน้าที่ต้องการ" in text(th)
    assert "Page not found" in text(en)


def test_the_500_page_renders_in_both_languages_without_a_database():
    html = render_to_string("500.html")
    assert "ขออภัย" in html and "Sorry, something went wrong" in html


def test_sitemap_lists_both_languages_with_alternates(client, site):
    xml = text(client.get("/sitemap.xml"))
    assert "/th/practices/eco-savers/" in xml and "/en/practices/eco-savers/" in xml
    assert 'hreflang="en"' in xml
    assert "Sitemap:" in text(client.get("/robots.txt"))


def test_every_public_page_uses_a_bounded_number_of_queries(client, site, django_assert_max_num_queries):
    for url in contract_urls("en"):
        with django_assert_max_num_queries(10):
            client.get(url)


def test_the_thai_catalogue_is_complete_and_compiled():
    po_path = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries() if entry.msgid] == []
    assert po_path.with_suffix(".mo").exists()


def test_every_model_label_and_help_text_is_in_the_thai_catalogue():
    """The admin shows the models' gettext_lazy() labels and help texts: a new field's is easy to leave out of
    the catalogue, which the tests do not rebuild (makemessages)."""
    po_path = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES" / "django.po"
    catalogue = {entry.msgid for entry in polib.pofile(str(po_path))}
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in {"practices", "pilots", "partners", "documents"} or model.__name__.startswith(
            "Historical"
        ):
            continue
        texts = [model._meta.verbose_name, model._meta.verbose_name_plural]
        for field in model._meta.get_fields():
            texts += [getattr(field, "verbose_name", None), getattr(field, "help_text", None)]
        for text in texts:
            source = getattr(text, "_args", None) if isinstance(text, Promise) else None
            if source and isinstance(source[0], str) and "{}" not in source[0] and source[0] not in catalogue:
                missing.append(f"{model.__name__}: {source[0]}")
    assert missing == []


def test_pages_work_for_a_visitor_with_no_cookies_or_session():
    fresh = Client()
    assert fresh.get("/th/practices/?theme=3").status_code == 200


def test_transfers_list_each_practice_s_first_pilots_by_place_name(client):
    """Beyond ten pilots a practice shows the first ten by place name (the row's order) and links to all."""
    practice = f.practice(12, slug="eco-savers")
    names = [f"Town {letter}" for letter in "KJIHGFEDCBA"]  # slugs run the other way: p00 is Town K
    for number, name in enumerate(names):
        f.pilot(f"p{number:02}", practice=practice, municipality=f.municipality(f"t{number:02}", name_en=name))
    response = client.get("/en/transfers/")
    (shown,) = response.context["page"]
    assert [pilot.municipality.name for pilot in shown.first_pilots] == sorted(names)[:10]
    assert "All 11 pilots" in text(response)
    assert '<a href="/en/pilots/?practice=12">' in response.content.decode()


def test_a_pilot_card_names_the_practice_it_copied_escaped_as_the_template_would(client):
    practice = f.practice(12, slug="eco-savers", title_en='Savers <b>"&', title_th="ออมทรัพย์ <b>")
    f.pilot("p00", practice=practice, municipality=f.municipality("t00", name_en="Town Z"))
    english, thai = client.get("/en/pilots/").content.decode(), client.get("/th/pilots/").content.decode()
    assert "<b>" not in english + thai
    assert "Copied practice 12, “Savers &lt;b&gt;&quot;&amp;”, from " in english
    assert "นำแนวปฏิบัติที่ 12 “ออมทรัพย์ &lt;b&gt;” จาก" in thai


def test_transfers_escape_the_pilots_a_row_links(client):
    practice = f.practice(12, slug="eco-savers")
    f.pilot("p00", practice=practice, municipality=f.municipality("t00", name_en='Town <b>"&'))
    f.pilot("p01", practice=practice, municipality=f.municipality("t01", name_en="Town Z"))
    page = client.get("/en/transfers/").content.decode()
    assert "<b>" not in page
    assert '<a href="/en/pilots/p00/">Town &lt;b&gt;&quot;&amp;</a> (Thailand)<br><a href="/en/pilots/p01/">' in page


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("", 13),
        ("country=th", 13),
        ("country=ph", 11),
        ("country=ph&country=vn", 13),
        ("country=ph&country=zz", 11),
        ("to=ph", 11),
        ("from=th&to=ph&to=vn", 13),
        ("country=th&to=ph", 11),
        ("country=ph&to=ph&to=vn", 11),
    ],
)
def test_a_transfer_row_s_all_pilots_link_lists_the_pilots_it_counts(client, query, listed):
    """A Thai practice copied by 11 Philippine and 2 Vietnamese pilots: the transfers page counts a pilot when a
    chosen country is at either end, and its "All N pilots" link must open a pilot list of those N."""
    practice = f.practice(12, slug="eco-savers", municipality=f.municipality("origin", country_code="th"))
    for number in range(13):
        town = f.municipality(f"t{number:02}", country_code="ph" if number < 11 else "vn")
        f.pilot(f"p{number:02}", practice=practice, municipality=town)
    page = client.get(f"/en/transfers/?{query}").content.decode()
    link = re.search(rf'<a href="(/en/pilots/\?[^"]*)">All {listed} pilots</a>', page)
    assert link, page[page.find('id="by-practice"') :][:3000]
    pilots = client.get(link.group(1).replace("&amp;", "&"))
    assert pilots.context["page"].paginator.count == listed
    assert pilots.context["notices"] == []


def test_a_practice_page_counts_the_pilots_its_visitor_may_see(editor_client):
    """Twelve pilots are listed; the link to all of them counts published ones, and drafts too for staff."""
    practice = f.practice(12, slug="eco-savers")
    for number in range(14):
        f.pilot(f"p{number:02}", practice=practice, published=number != 13)
    anonymous = text(Client().get("/en/practices/eco-savers/"))
    assert "All 13 pilots that copied this practice" in anonymous
    staff = editor_client.get("/en/practices/eco-savers/")
    assert staff.context["pilot_count"] == 14
    assert len(staff.context["pilots"]) == 12
    assert "All 14 pilots that copied this practice" in text(staff)
