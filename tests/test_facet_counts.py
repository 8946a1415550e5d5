"""The lists' counts, one grouped query per facet, against the slow and obvious way: for every option, the list
filtered with that option alone in its facet, counted by the database. Run on the shipped data plus generated
records, so that every group holds several rows.
"""

from collections import Counter

import pytest
from django.db import transaction
from django.db.models import F
from django.http import QueryDict

from delgosea.loader import load
from pilots.filters import MAX_PRACTICE_OPTIONS, PilotFilter, TransferFilter
from pilots.models import Pilot
from practices.filters import PracticeFilter
from practices.models import BestPractice, Sdg
from tests import synthetic

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    """The shipped data and 150 generated practices and pilots, loaded once and rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load()
        synthetic.generate(practices=150, pilots=150, seed=7)
        # A draft practice and a draft pilot: neither may be counted anywhere.
        BestPractice.objects.filter(pk=BestPractice.objects.order_by("-pk").first().pk).update(published=False)
        Pilot.objects.filter(pk=Pilot.objects.order_by("-pk").first().pk).update(published=False)
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every response here is rendered, so its context can be read


def counted_one_by_one(filterset_class, queryset, query, name):
    """Each option of facet `name`: the list with the other filters of `query` kept and `name` set to it."""
    counts = {}
    base = QueryDict(query, mutable=True)
    for value, _label in filterset_class(base, queryset=queryset).filters[name].field.choices:
        base.setlist(name, [str(value)])
        counts[str(value)] = filterset_class(base.copy(), queryset=queryset).qs.count()
    return counts


def options(facet):
    return {option.value: option.count for option in facet}


PRACTICE_QUERIES = [
    "",
    "theme=1",
    "theme=1&theme=3&country=th",
    "country=ph&country=vn",
    "sdg=6",
    "sdg=11&country=th&theme=2",
    "sdg=6&sdg=11",
    "q=water",
    "q=water&sdg=6&sdg=11&theme=3",
    "q=%E0%B8%99%E0%B9%89%E0%B8%B3&country=th&country=ph",
    "copied=1",
    "copied=1&sdg=6&sdg=11&sort=copies",
    "q=water&copied=1&theme=3&sort=copies",
]


@pytest.mark.parametrize("query", PRACTICE_QUERIES)
def test_practice_list_counts_match_the_database_counting_each_case(client, data, query):
    assert Sdg.objects.exists()
    response = client.get(f"/en/practices/?{query}")
    shown = response.context["filter"]
    queryset = BestPractice.objects.published()
    assert response.context["page"].paginator.count == PracticeFilter(QueryDict(query), queryset=queryset).qs.count()
    for name in ("theme", "country", "sdg", "copied"):
        expected = counted_one_by_one(PracticeFilter, queryset, query, name)
        got = options(getattr(shown, f"{name}_options")())
        assert got == {value: count for value, count in expected.items() if value in got}, name


PILOT_QUERIES = ["", "country=th&country=kh", "theme=2&award=excellence", "practice=12&country=th", "award=excellence"]


@pytest.mark.parametrize("query", PILOT_QUERIES)
def test_pilot_list_counts_match_the_database_counting_each_case(client, data, query):
    response = client.get(f"/en/pilots/?{query}")
    shown = response.context["filter"]
    queryset = Pilot.objects.published()
    assert response.context["page"].paginator.count == PilotFilter(QueryDict(query), queryset=queryset).qs.count()
    for name in ("country", "theme", "award"):
        assert options(getattr(shown, f"{name}_options")()) == counted_one_by_one(PilotFilter, queryset, query, name)
    # "Practice copied": the chosen practices and the ones copied most often under the other filters.
    others = QueryDict(query, mutable=True)
    chosen = others.getlist("practice")
    others.setlist("practice", [])
    copied = Counter(PilotFilter(others, queryset=queryset).qs.values_list("practice__number", flat=True))
    most = sorted((item for item in copied.items() if str(item[0]) not in chosen), key=lambda i: (-i[1], i[0]))
    expected = {str(number): total for number, total in most[:MAX_PRACTICE_OPTIONS]}
    assert options(shown.practice_options()) == expected | {value: copied[int(value)] for value in chosen}
    assert shown.more_practices() == (len(most) > MAX_PRACTICE_OPTIONS)


TRANSFER_QUERIES = [
    "",
    "theme=3",
    "country=ph",
    "theme=1&theme=2&country=th&country=vn",
    "from=ph",
    "to=th&to=vn&theme=2",
    "from=th&from=vn&to=ph&country=th",
    "from=id&to=kh&theme=4&country=kh",
]


@pytest.mark.parametrize("query", TRANSFER_QUERIES)
def test_transfer_counts_match_the_database_counting_each_case(client, data, query):
    response = client.get(f"/en/transfers/?{query}")
    shown = response.context["filter"]
    queryset = Pilot.objects.published()
    # A country's count is the transfers with that country at either end, the other filters kept.
    for name in ("theme", "country", "from", "to"):
        assert options(getattr(shown, f"{name}_options")()) == counted_one_by_one(TransferFilter, queryset, query, name)
    transfers = TransferFilter(QueryDict(query), queryset=queryset).qs
    assert response.context["total"] == transfers.count()
    # The table pages through the published practices that these pilots copied.
    copied = BestPractice.objects.published().filter(pk__in=transfers.values("practice")).count()
    assert response.context["page"].paginator.count == copied
    for practice in response.context["page"]:
        assert practice.copies == transfers.filter(practice=practice).count(), practice.number
    # Each count of the country table is the transfers between its two countries, under every filter.
    for row in response.context["matrix"]:
        for (target, _name), cell in zip(response.context["countries"], row["cells"], strict=True):
            route = transfers.filter(
                practice__municipality__country__code=row["code"], municipality__country__code=target
            )
            assert cell["count"] == route.count(), (row["code"], target)


def test_home_numbers_match_the_database_counting_each_one(client, data):
    response = client.get("/en/")
    practices, pilots = BestPractice.objects.published(), Pilot.objects.published()
    countries = set(practices.values_list("municipality__country", flat=True)) | set(
        pilots.values_list("municipality__country", flat=True)
    )
    assert response.context["numbers"] == {
        "practices": practices.count(),
        "pilots": pilots.count(),
        "countries": len(countries),
        "cross_border": pilots.exclude(municipality__country=F("practice__municipality__country")).count(),
    }
    assert {theme.number: theme.practice_count for theme in response.context["themes"]} == {
        number: practices.filter(theme__number=number).count() for number in (1, 2, 3, 4)
    }


@pytest.mark.parametrize("query", ["", "country=th", "sdg=6"])
def test_a_list_narrowed_before_its_filters_counts_only_what_it_was_given(data, query):
    practices = BestPractice.objects.published().filter(theme__number=3)
    practice_filter = PracticeFilter(QueryDict(query), queryset=practices)
    assert options(practice_filter.country_options()) == counted_one_by_one(PracticeFilter, practices, query, "country")
    pilots = Pilot.objects.published().filter(award="excellence")
    pilot_query = query.replace("sdg=6", "")
    pilot_filter = PilotFilter(QueryDict(pilot_query), queryset=pilots)
    assert options(pilot_filter.theme_options()) == counted_one_by_one(PilotFilter, pilots, pilot_query, "theme")
    transfers = TransferFilter(QueryDict(""), queryset=pilots)
    assert sum(transfers.flows().values()) == pilots.count()
