"""delgosea.sql: a fixed query's SQL is put together once per process, its rows read afresh on every call."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from delgosea import sql
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
