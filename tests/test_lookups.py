"""`__among`, the one-parameter `__in` that the search passes its matches with, on the database under test."""

import copy

import pytest
from django.db.models import Case, IntegerField, Value, When

from delgosea.lookups import Ids
from practices.models import Theme
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return [f.theme(number=number) for number in (1, 2, 3, 4)]


def pks(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_among_selects_exactly_the_rows_in_selects(themes):
    for wanted in ([], [themes[0].pk], [themes[1].pk, themes[3].pk], [theme.pk for theme in themes], [0, -5]):
        assert pks(Theme.objects.filter(pk__among=wanted)) == pks(Theme.objects.filter(pk__in=wanted)), wanted
        assert pks(Theme.objects.exclude(pk__among=wanted)) == pks(Theme.objects.exclude(pk__in=wanted)), wanted


def test_among_works_inside_a_conditional_expression(themes):
    ranked = Theme.objects.annotate(
        rank=Case(When(pk__among=[themes[2].pk], then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("rank", "number")
    assert [theme.number for theme in ranked] == [3, 1, 2, 4]


def test_the_whole_list_is_one_parameter_however_long(themes):
    # Longer than SQLite's limit of 32,766 variables per statement, which `__in` would exceed.
    wanted = [themes[1].pk, *range(10**6, 10**6 + 40_000)]
    queryset = Theme.objects.filter(pk__among=wanted)
    _sql, params = queryset.query.sql_with_params()
    assert len(params) == 1
    assert [theme.number for theme in queryset] == [2]


def test_one_ids_value_serves_several_queries_unchanged(themes):
    wanted = Ids([themes[3].pk, themes[0].pk])
    first = Theme.objects.filter(pk__among=wanted)
    narrower = first.filter(number__gt=1).annotate(
        rank=Case(When(pk__among=wanted, then=Value(0)), default=Value(1), output_field=IntegerField())
    )
    assert pks(first) == sorted([themes[0].pk, themes[3].pk])
    assert [(theme.number, theme.rank) for theme in narrower] == [(4, 0)]
    assert copy.deepcopy(wanted) is wanted and list(wanted) == [themes[3].pk, themes[0].pk]
    assert not Theme.objects.filter(pk__among=Ids([])).exists()


def test_casefold_matches_across_case_in_every_alphabet(themes):
    themes[0].name_en = "Đà Nẵng old quarter"
    themes[0].save()
    for text in ("đà nẵng", "ĐÀ NẴNG", "Đà Nẵng", "old quarter"):
        found = Theme.objects.filter(name_en__casefold__contains=text.casefold())
        assert [theme.number for theme in found] == [1], text
    assert not Theme.objects.filter(name_en__casefold__contains="da nang").exists()  # marks are not case
