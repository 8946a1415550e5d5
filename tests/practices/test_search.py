"""Search as a visitor uses it, on the shipped DELGOSEA data and on the edge cases of Thai typing."""

import pytest
from django.core import serializers
from django.db import connection

from delgosea.loader import load
from practices.models import BestPractice
from practices.search import normalise, search_practices
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped():
    load()


def numbers(response):
    return [practice.number for practice in response.context["page"]]


# Query → the practice numbers the list shows, in order: title matches first, then by number.
SHIPPED_SEARCHES = [
    ("น้ำเสีย", [10, 5, 11]),  # inside a Thai word; 5 and 11 mention wastewater only in their text
    ("wetland", [10]),
    ("e-government", [4]),
    ("E-GOVERNMENT", [4]),
    ("ECO SAVERS", [12]),
    ("eco-savers", [12]),  # a hyphenated word also matches its spaced spelling
    ("Solo", [14]),  # another name of Surakarta, home of practice 14
    ("surakarta", [14]),
    ("Udonthani", [10]),
    ("อุดรธานี", [10]),
    ("Pakkred", [14, 15]),  # another spelling of the pilot Pakkret, which copied 14 and which 15 names in its text
    ("pak kret", [14, 15]),  # 15 names Pakkret in its own text
    ("ปากเกร็ด", [14, 15]),
    ("Đà Nẵng", [15]),  # the Vietnamese spelling of the pilot Da Nang, which copied practice 15
    ("đà nẵng", [15]),  # case folded beyond ASCII, on SQLite as on PostgreSQL
    ("ĐÀ NẴNG", [15]),
    ("14", [14, 2, 11]),  # practice 14 first; 2 and 11 mention the number
    ("street vendors", [14]),
    ("no-such-word-anywhere", []),
]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_search_finds_the_shipped_practices_whatever_the_page_language(client, shipped, lang):
    found = {query: numbers(client.get(f"/{lang}/practices/", {"q": query})) for query, _expected in SHIPPED_SEARCHES}
    assert found == dict(SHIPPED_SEARCHES)


def test_search_words_are_highlighted_in_titles_and_summaries(client, shipped):
    html = client.get("/en/practices/", {"q": "eco SAVERS"}).content.decode()
    assert "Marikina <mark>Eco</mark> <mark>Savers</mark> Project" in html


def test_thai_typed_with_a_split_sara_am_or_a_zero_width_space_still_matches(client, shipped):
    split_sara_am = "น\u0e49\u0e4d\u0e32เสีย"  # ํ + า instead of ำ: looks the same on screen
    with_zero_width_space = "น้ำ\u200bเสีย"
    for query in (split_sara_am, with_zero_width_space):
        response = client.get("/th/practices/", {"q": query})
        assert numbers(response) == [10, 5, 11]
        assert "<mark>น้ำเสีย</mark>" in response.content.decode()


def test_normalise_puts_a_tone_mark_typed_after_sara_am_back_before_it():
    assert normalise("น\u0e33\u0e49") == "น\u0e49\u0e33"


def test_a_draft_pilot_does_not_lead_search_to_the_practice_it_copied():
    practice = f.practice(title_en="Market reform", title_th="ปฏิรูปตลาด")
    f.pilot(municipality=f.municipality("hidden-town", name_en="Hiddentown", name_th="เมืองซ่อน"), practice=practice)
    assert list(search_practices(BestPractice.objects.all(), "Hiddentown")) == [practice]
    practice.pilots.update(published=False)
    assert list(search_practices(BestPractice.objects.all(), "Hiddentown")) == []


def test_a_search_inside_another_query_tests_its_own_rows():
    # As a subquery, the practices' table is renamed (U0): the search's conditions must test its rows, not the
    # outer query's. The practices that share a theme with one about markets: both of theme 1.
    market_theme, other_theme = f.theme(1), f.theme(2)
    market = f.practice(title_en="Market reform", title_th="ปฏิรูปตลาด", theme=market_theme)
    canal = f.practice(title_en="Canal cleaning", title_th="ล้างคลอง", theme=market_theme)
    f.practice(title_en="School meals", title_th="อาหารกลางวัน", theme=other_theme)
    themes = search_practices(BestPractice.objects.all(), "market").values("theme")
    assert set(BestPractice.objects.filter(theme__in=themes)) == {market, canal}


def test_country_names_are_searched_in_both_languages():
    practice = f.practice(municipality=f.municipality(country_code="vn"))
    f.practice(municipality=f.municipality(country_code="th"))
    assert list(search_practices(BestPractice.objects.all(), "vietnam")) == [practice]
    assert list(search_practices(BestPractice.objects.all(), "เวียดนาม")) == [practice]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_postgresql_can_answer_search_from_the_trigram_indexes(shipped):
    # The tables are tiny here, so scans are forbidden to make the planner show which indexes match: neither
    # reading a whole table nor reading a whole index and filtering its rows. (Over every practice: with 16 of
    # them, the planner would rather read the published ones off their own index and test each.)
    sql, params = search_practices(BestPractice.objects.all(), "น้ำเสีย").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "municipality_search_name_trgm" in plan  # the towns' names and spellings, in one column
    # The practice's own text and the matches through its town, its country and its pilots: branches of one
    # bitmap of the practices to read, each read off an index.
    practices = plan[plan.index("BitmapOr", plan.index("Bitmap Heap Scan on practices_bestpractice ")) :]
    for index in (
        "bestpractice_title_th_trgm",
        "bestpractice_title_en_trgm",
        "bestpractice_search_text_trgm",
        "bestpractice_municipality_id",
        "bestpractice_pkey",
    ):
        assert f"Bitmap Index Scan on practices_{index}" in practices


@pytest.mark.skipif(connection.vendor != "postgresql", reason="column compression is PostgreSQL's")
def test_postgresql_keeps_the_searched_text_compressed_with_lz4_and_still_finds_words_in_it():
    # Long enough to be compressed (PostgreSQL compresses a row's text beyond about 2 KB).
    practice = f.practice(results_en="Fewer floods along the canal after the wetland was built. " * 80)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(search_text) FROM practices_bestpractice WHERE id = %s", [practice.pk]
        )
        assert cursor.fetchone() == ("lz4",)
    assert list(search_practices(BestPractice.objects.all(), "wetland")) == [practice]


def test_a_practice_is_found_by_its_edited_text_and_no_longer_by_the_text_it_lost():
    practice = f.practice(lessons_en="Start with the market vendors.", lessons_th="เริ่มจากแม่ค้าในตลาด")
    assert list(search_practices(BestPractice.objects.all(), "vendors")) == [practice]
    practice.lessons_en = "Start with the school canteens."
    practice.lessons_th = "เริ่มจากโรงอาหารของโรงเรียน"
    practice.save()
    assert list(search_practices(BestPractice.objects.all(), "vendors")) == []
    assert list(search_practices(BestPractice.objects.all(), "แม่ค้า")) == []
    assert list(search_practices(BestPractice.objects.all(), "CANTEENS")) == [practice]
    assert list(search_practices(BestPractice.objects.all(), "โรงอาหาร")) == [practice]


def test_a_word_is_not_found_across_the_end_of_one_section_and_the_start_of_the_next():
    # The English title is stored just before the Thai summary.
    practice = f.practice(title_en="Clean canal", summary_th="works")
    assert list(search_practices(BestPractice.objects.all(), "canalworks")) == []
    assert list(search_practices(BestPractice.objects.all(), "canal")) == [practice]


def test_a_town_is_found_by_its_edited_names_and_no_longer_by_the_name_it_lost():
    town = f.municipality(name_en="Pakkret", name_th="ปากเกร็ด", aliases="Pak Kret")
    practice = f.practice(municipality=town)
    town.name_en, town.name_th, town.aliases = "Nonthaburi", "นนทบุรี", "Nonburi\nNont Buri"
    town.save()
    for gone in ("pakkret", "ปากเกร็ด", "pak kret"):
        assert list(search_practices(BestPractice.objects.all(), gone)) == [], gone
    for name in ("NONTHABURI", "นนทบุรี", "nont buri", "nonburi"):
        assert list(search_practices(BestPractice.objects.all(), name)) == [practice], name


def test_a_town_is_not_found_by_a_word_across_two_of_its_names():
    practice = f.practice(municipality=f.municipality(name_th="ปากเกร็ด", name_en="Solo", aliases="Surakarta"))
    assert list(search_practices(BestPractice.objects.all(), "solosurakarta")) == []
    assert list(search_practices(BestPractice.objects.all(), "surakarta")) == [practice]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="checks the SQLite side of the migration")
def test_the_trigram_migration_leaves_sqlite_alone():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%trgm%'")
        assert cursor.fetchall() == []


def test_a_dump_leaves_the_search_text_out_and_a_reload_makes_it_again():
    practice = f.practice(results_en="Fewer floods along the canal.")
    dumped = serializers.serialize("json", [practice])
    assert "search_text" not in dumped and "FLOODS" not in dumped
    BestPractice.objects.filter(pk=practice.pk).delete()
    for restored in serializers.deserialize("json", dumped):
        restored.save()
    assert list(search_practices(BestPractice.objects.all(), "floods")) == [practice]
