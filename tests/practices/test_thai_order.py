"""Thai names in Thai dictionary order, by ICU's Thai collation on both databases, local governments without their
administrative prefix (เทศบาลนคร, เมือง, …)."""

import re

import pytest
from django.urls import reverse

from delgosea.loader import load
from practices.models import Country, Municipality
from practices.names import ADMINISTRATIVE_PREFIXES, NOT_PREFIXES, thai_collator
from tests import factories as f

pytestmark = pytest.mark.django_db


def place_names_on(response):
    return re.findall(r'<h3><a href="/\w\w/municipalities/[^"]+/">([^<]+)</a>', response.content.decode())


def pilot_towns_on(response):
    return re.findall(r'<h3><a href="/\w\w/pilots/[^"]+/">([^<]+)</a>', response.content.decode())


def facet_labels(response):
    """The labels of the filter boxes' options, in order."""
    return re.findall(r'<span>([^<]+)</span> <span class="count">', response.content.decode())


def places(*names):
    """A published local government for each Thai name (the home of a practice), with a made-up English name."""
    for n, name in enumerate(names):
        f.practice(municipality=f.municipality(f"place-{n}", name_th=name, name_en=f"Place {chr(90 - n)}"))


def test_a_city_municipality_sorts_under_the_first_letter_of_its_own_name(client):
    places("เมืองพระตะบอง", "เทศบาลนครปากเกร็ด", "ขอนแก่น", "เมืองบาโคลอด")
    # Without its prefix ปากเกร็ด comes between บาโคลอด and พระตะบอง, not under ท (เทศบาล) as written.
    assert place_names_on(client.get("/th/municipalities/")) == [
        "ขอนแก่น",
        "เมืองบาโคลอด",
        "เทศบาลนครปากเกร็ด",
        "เมืองพระตะบอง",
    ]


def test_a_leading_vowel_sorts_under_the_consonant_it_is_written_before(client):
    places("ดานัง", "เทศบาลนครเชียงราย", "ชลบุรี", "โอลองกาโป", "อุดรธานี")
    # By code point เ and โ would follow every consonant; in a dictionary เชียง comes after ชล, โอ after อุ.
    assert place_names_on(client.get("/th/municipalities/")) == [
        "ชลบุรี",
        "เทศบาลนครเชียงราย",
        "ดานัง",
        "อุดรธานี",
        "โอลองกาโป",
    ]


def test_only_the_first_prefix_is_ignored_so_a_town_called_mueang_sorts_under_mo_ma(client):
    places("ยะลา", "เทศบาลตำบลเมืองแกลง", "เมืองมาริกินา", "เมืองกูปัง")
    assert place_names_on(client.get("/th/municipalities/")) == [
        "เมืองกูปัง",
        "เมืองมาริกินา",
        "เทศบาลตำบลเมืองแกลง",  # เมืองแกลง: ม, then เ after า
        "ยะลา",
    ]


def test_the_database_keeps_each_name_without_its_prefix():
    places("เทศบาลนครปากเกร็ด", "จังหวัด กิมารัส", "กรุงเทพมหานคร", "กรุงพนมเปญ", "ตวลสังแก")
    assert sorted(Municipality.objects.values_list("sort_name", flat=True)) == sorted(
        ["ปากเกร็ด", "กิมารัส", "กรุงเทพมหานคร", "พนมเปญ", "ตวลสังแก"]
    )


def test_english_pages_keep_the_english_order(client):
    places("เทศบาลนครปากเกร็ด", "เมืองบาโคลอด", "ขอนแก่น")
    assert place_names_on(client.get("/en/municipalities/")) == ["Place X", "Place Y", "Place Z"]


def test_the_admin_lists_local_governments_in_thai_order(editor_client):
    places("เมืองพระตะบอง", "เทศบาลนครปากเกร็ด", "ขอนแก่น")
    html = editor_client.get(reverse("admin:practices_municipality_changelist")).content.decode()
    assert html.index("ขอนแก่น") < html.index("เทศบาลนครปากเกร็ด") < html.index("เมืองพระตะบอง")


def test_pilots_are_listed_by_their_town_in_thai_order(client):
    practice = f.practice(1)
    for slug, name in [("ayala", "เมืองอะลามีโนส"), ("b-pakkret", "เทศบาลนครปากเกร็ด"), ("c-songkhla", "สงขลา")]:
        f.pilot(slug, practice=practice, municipality=f.municipality(slug, name_th=name, name_en=slug))
    towns = ["เทศบาลนครปากเกร็ด", "สงขลา", "เมืองอะลามีโนส"]
    assert pilot_towns_on(client.get("/th/pilots/")) == towns
    assert pilot_towns_on(client.get(practice.get_absolute_url())) == towns


def test_the_country_options_follow_the_thai_order_on_thai_pages(client):
    countries = [
        ("id", "อินโดนีเซีย", "Indonesia"),
        ("kh", "กัมพูชา", "Cambodia"),
        ("ph", "ฟิลิปปินส์", "Philippines"),
        ("th", "ไทย", "Thailand"),
        ("vn", "เวียดนาม", "Vietnam"),
    ]
    for code, thai, english in countries:
        Country.objects.create(code=code, name_th=thai, name_en=english)
        f.practice(municipality=f.municipality(f"town-{code}", code))
    thai = ["กัมพูชา", "ไทย", "ฟิลิปปินส์", "เวียดนาม", "อินโดนีเซีย"]
    assert [label for label in facet_labels(client.get("/th/practices/")) if label in thai] == thai
    english = ["Cambodia", "Indonesia", "Philippines", "Thailand", "Vietnam"]
    assert [label for label in facet_labels(client.get("/en/practices/")) if label in english] == english


def test_partners_of_a_kind_are_listed_by_name_in_thai_order(client):
    for slug, name in [("a", "สหภาพยุโรป"), ("b", "มูลนิธิคอนราด อาเดนาวร์"), ("c", "กระทรวงความร่วมมือ")]:
        f.partner(slug, name_th=name, name_en=f"Partner {slug}")
    html = client.get("/th/partners/").content.decode()
    assert html.index("กระทรวงความร่วมมือ") < html.index("มูลนิธิคอนราด อาเดนาวร์") < html.index("สหภาพยุโรป")


def stripped(name):
    """A name without its administrative prefix, as the test reads the rule (not the database's expression)."""
    if name.startswith(NOT_PREFIXES):
        return name
    prefix = next((prefix for prefix in ADMINISTRATIVE_PREFIXES if name.startswith(prefix)), "")
    return name[len(prefix) :].lstrip()


def test_the_31_shipped_local_governments_are_listed_in_icu_order_of_their_names_without_prefix(client):
    load()
    shown = place_names_on(client.get("/th/municipalities/")) + place_names_on(client.get("/th/municipalities/?page=2"))
    names = list(Municipality.objects.values_list("name_th", flat=True))
    assert len(names) == 31
    collator = thai_collator()
    expected = sorted(names, key=lambda name: collator.getSortKey(stripped(name)))
    assert shown == expected
    # The spot checks a Thai reader makes.
    assert shown.index("เทศบาลนครปากเกร็ด") < shown.index("เมืองพระตะบอง")  # ป before พ
    assert shown.index("เมืองบาโคลอด") < shown.index("เทศบาลนครปากเกร็ด")  # บ before ป
    assert shown.index("เทศบาลนครเชียงราย") < shown.index("เมืองดานัง")  # ช before ด
