"""delgosea.sql: a fixed query's SQL is put together once per process, its rows read afresh on every call."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from delgosea import sql
from delgosea.lookups import Ids
from delgosea.translated import columns
from practices import tallies
from practices.filters import choice_rows
from practices.models import Municipality, Theme
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_filter_s_choices_show_every_edit_on_the_next_read_and_each_language_s_names():
    environment = f.environment_theme()
    with translation.override("en"):
        assert choice_rows(Theme, "number") == [(environment.pk, "3", "Urban environment")]
    environment.name_en = "Urban services"
    environment.save()
    other = f.theme(1)
    with translation.override("en"):
        assert choice_rows(Theme, "number") == [(other.pk, "1", "Theme 1"), (environment.pk, "3", "Urban services")]
    with translation.override("th"):
        assert [name for _pk, _value, name in choice_rows(Theme, "number")] == ["ธีม 1", "สิ่งแวดล้อมเมือง"]


def test_the_tallies_are_read_afresh_by_one_query_each_time():
    f.practice(theme=f.environment_theme())
    with CaptureQueriesContext(connection) as queries:
        before = tallies.practice_counts()
    assert len(queries) == 1
    f.practice(theme=Theme.objects.get(number=3))
    assert sum(total for _theme, _country, goal, total in tallies.practice_counts() if goal is None) == 2
    assert sum(total for _theme, _country, goal, total in before if goal is None) == 1


def test_each_query_is_compiled_once_however_often_it_is_read():
    sql._compiled.cache_clear()
    for _ in range(3):
        choice_rows(Theme, "number")
        tallies.practice_counts()
    info = sql._compiled.cache_info()
    assert (info.misses, info.hits) == (2, 4)


def _towns(country_code):
    return (
        Municipality.objects.filter(country__code=country_code)
        .order_by("slug")
        .values("slug", "latitude", *columns("name"))
    )


def _no_towns():
    return Municipality.objects.filter(pk__in=[]).values("slug")


def test_rows_as_dictionaries_are_what_values_gives_converted_as_django_converts_them():
    f.municipality("pak-kret", latitude=Decimal("13.912"), longitude=Decimal("100.498"))
    rows = sql.fixed_dicts(_towns, "th")
    assert rows == list(_towns("th"))
    assert rows[0]["latitude"] == Decimal("13.912") and isinstance(rows[0]["latitude"], Decimal)
    assert sql.fixed_dicts(_towns, "vn") == []


def test_a_query_that_can_have_no_rows_is_not_sent():
    with CaptureQueriesContext(connection) as queries:
        assert sql.fixed_dicts(_no_towns) == []
        assert sql.fixed_rows(_no_towns) == []
    assert len(queries) == 0


def test_the_compiled_queries_kept_are_bounded_whatever_visitors_send():
    sql._compiled.cache_clear()
    for code in range(sql.MAX_COMPILED + 20):
        sql.fixed_dicts(_towns, f"x{code}")
    assert sql._compiled.cache_info().currsize == sql.MAX_COMPILED


def _town(slug):
    return Municipality.objects.filter(slug=slug).values("slug", *columns("name"))


def _towns_of(country_id, ids):
    return Municipality.objects.filter(country=country_id, pk__among=ids).order_by("slug").values_list("slug")


def _towns_like(text):
    return Municipality.objects.filter(slug__icontains=text).values("slug")


def _towns_numbered(number):
    return Municipality.objects.filter(population=number).values("slug")


def test_a_query_given_values_at_run_time_is_compiled_once_and_sends_each_call_s_values():
    thai = f.country("th")
    towns = [f.municipality(f"town-{n}") for n in range(3)]
    other = f.municipality("elsewhere", country_code="vn")
    sql._compiled.cache_clear()
    assert sql.fixed_dicts(_town, values=("town-1",)) == list(_town("town-1"))
    assert sql.fixed_dicts(_town, values=("town-2",))[0]["slug"] == "town-2"
    assert sql.fixed_dicts(_town, values=("nowhere",)) == []
    ids = Ids([towns[0].pk, towns[2].pk, other.pk])
    assert sql.fixed_rows(_towns_of, values=(thai.pk, ids)) == [("town-0",), ("town-2",)]
    assert sql.fixed_rows(_towns_of, values=(other.country_id, ids)) == [("elsewhere",)]
    assert sql.fixed_rows(_towns_of, values=(thai.pk, Ids([]))) == []
    info = sql._compiled.cache_info()
    assert (info.misses, info.hits) == (2, 4)


def test_a_value_that_cannot_be_sent_whole_as_a_parameter_is_refused_when_the_query_is_compiled():
    with pytest.raises(ValueError, match="inside a parameter"):
        sql.fixed_dicts(_towns_like, values=("town",))  # LIKE %town%: the value is escaped into a pattern
    f.municipality("small-town", population=5)
    if connection.vendor == "postgresql":  # a stand-in id is past the range of PostgreSQL's integer column
        with pytest.raises(ValueError, match="cannot go"):
            sql.fixed_dicts(_towns_numbered, values=(5,))
    else:  # SQLite's integers are all 64-bit: the stand-in goes, and the value replaces it
        assert sql.fixed_dicts(_towns_numbered, values=(5,)) == [{"slug": "small-town"}]
    with pytest.raises(TypeError):
        sql.fixed_dicts(_town, values=(1.5,))


# PostgreSQL: compiled queries are prepared statements of the connection (see delgosea.sql's docstring).
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")


def _prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, parameter_types::text FROM pg_prepared_statements ORDER BY name")
        return dict(cursor.fetchall())


def _towns_dated(country_code):
    towns = Municipality.objects.filter(country__code=country_code)
    return towns.annotate(day=Value(date(2012, 1, 1))).values("slug", "day")


@postgresql_only
def test_a_compiled_query_is_prepared_once_per_connection_and_run_by_name_with_typed_parameters():
    thai = f.country("th")
    towns = [f.municipality(f"town-{n}") for n in range(3)]
    sql._compiled.cache_clear()
    ids = Ids([towns[0].pk, towns[2].pk])
    with CaptureQueriesContext(connection) as queries:
        first = sql.fixed_rows(_towns_of, values=(thai.pk, ids))
        second = sql.fixed_rows(_towns_of, values=(thai.pk, Ids([towns[1].pk])))
    assert (first, second) == ([("town-0",), ("town-2",)], [("town-1",)])
    # Two EXECUTEs of one statement, whose PREPARE (sent once) is not among the queries counted.
    assert [query["sql"].split(" (")[0] for query in queries] == [queries[0]["sql"].split(" (")[0]] * 2
    name = queries[0]["sql"].split()[1]
    assert queries[0]["sql"].startswith("EXECUTE tests_test_sql__towns_of_")
    assert _prepared_statements()[name] == "{bigint,text}"  # the country's id; the ids, as an array's text


@postgresql_only
def test_a_query_with_a_parameter_of_an_undeclared_type_runs_unprepared(settings):
    f.municipality("town-a")
    with CaptureQueriesContext(connection) as queries:
        assert sql.fixed_dicts(_towns_dated, "th") == [{"slug": "town-a", "day": date(2012, 1, 1)}]
    assert queries[0]["sql"].startswith("SELECT")
    settings.PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as queries:
        assert sql.fixed_dicts(_towns, "th")[0]["slug"] == "town-a"
    assert queries[0]["sql"].startswith("SELECT")


@postgresql_only
def test_a_connection_keeps_at_most_its_share_of_prepared_statements_the_latest_used(monkeypatch):
    f.municipality("town-a")
    monkeypatch.setattr(sql, "MAX_PREPARED", 3)
    sql._compiled.cache_clear()
    for code in ["th", "a", "b", "c", "th", "d"]:
        sql.fixed_dicts(_towns, code)
    kept = set(_prepared_statements())
    assert len(kept) == 3
    assert sql._compiled_for(_towns, ("th",), (), True).prepared.name in kept  # used again, so kept


@postgresql_only
def test_a_statement_postgresql_refuses_to_prepare_runs_unprepared_and_the_transaction_goes_on(caplog):
    f.municipality("town-a")
    compiled = sql._compiled_for(_towns, ("th",), (), True)
    broken = compiled._replace(prepared=compiled.prepared._replace(name="refused", prepare="PREPARE refused AS SELEC"))
    slug = compiled.names.index("slug")
    try:
        assert [row[slug] for row in sql._read(broken)] == ["town-a"]
        assert "refused" in caplog.text
        assert Municipality.objects.filter(slug="town-a").exists()  # the transaction was not aborted
    finally:
        sql._unprepared.discard("refused")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_its_statements_afresh():
    f.municipality("town-a")
    assert sql.fixed_dicts(_town, values=("town-a",))[0]["slug"] == "town-a"
    connection.close()
    assert _prepared_statements() == {}
    assert sql.fixed_dicts(_town, values=("town-a",))[0]["slug"] == "town-a"
    assert len(_prepared_statements()) == 1
