"""Filters for the public pilot list (see practices.filters for the shared rules)."""

from collections import Counter
from typing import NamedTuple

import django_filters
from django.db.models import Case, Count, F, Q, When
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from delgosea.links import record_url
from delgosea.lookups import Ids
from delgosea.sql import fixed_dicts, fixed_rows
from delgosea.translated import columns, language_order, pick, plain
from practices import tallies
from practices.filters import FacetOption, LenientFilterSet, choice_rows, country_choices, theme_choices
from practices.models import BestPractice, Country, Theme

from .models import Pilot

MAX_PRACTICE_OPTIONS = 20


class CountryRow(NamedTuple):
    """A country as the transfers page's table and filter show it, in the page's language."""

    pk: int
    code: str
    name: str
    url: str


def _practices_numbered(numbers):
    return plain(BestPractice.objects.published().filter(number__among=numbers).order_by("number")).values(
        "number", *columns("title")
    )


def _most_copied(limit):
    copied = BestPractice.objects.published().filter(copy_count__gt=0).order_by("-copy_count", "number")
    return plain(copied).values_list("number", "copy_count")[:limit]


def practice_choices(numbers):
    """The published practices among `numbers`, as choices: only what was asked for is loaded and checked,
    since a list of every practice would grow with the data. Read by a query compiled once (delgosea.sql)."""
    if not numbers:
        return []
    order = language_order()
    return [
        (str(row["number"]), f"{row['number']}. {pick(row, 'title', order)}")
        for row in fixed_dicts(_practices_numbered, values=(Ids(numbers),))
    ]


def _practice_numbers(values):
    return {int(value) for value in (value.strip() for value in values) if value.isdecimal() and len(value) < 7}


class PilotFilter(LenientFilterSet):
    country = django_filters.MultipleChoiceFilter(
        field_name="municipality__country__code", choices=country_choices, label=_("Country"), distinct=False
    )
    theme = django_filters.MultipleChoiceFilter(
        field_name="practice__theme__number", choices=theme_choices, label=_("Theme"), distinct=False
    )
    practice = django_filters.MultipleChoiceFilter(
        field_name="practice__number", choices=(), label=_("Practice copied"), distinct=False
    )
    award = django_filters.MultipleChoiceFilter(choices=Pilot.Award.choices, label=_("2012 award"), distinct=False)

    class Meta:
        model = Pilot
        fields = ["country", "theme", "practice", "award"]

    grouped_facets = {
        "country": "municipality__country__code",
        "theme": "practice__theme__number",
        "award": "award",
    }

    practice_option_limit = MAX_PRACTICE_OPTIONS

    def tallied_groups(self):
        if self.selected("practice") or not self.lists_every_published_record:
            return None  # the tallies do not count by practice
        groups = Counter()
        for country, _origin, theme, award, total in tallies.pilot_counts():
            groups[country, str(theme), award] += total
        return list(groups.items())

    def load_choices(self, data):
        themes, countries = choice_rows(Theme, "number"), choice_rows(Country, "code")
        self.filters["theme"].extra["choices"] = [(value, label) for _pk, value, label in themes]
        self.filters["country"].extra["choices"] = [(value, label) for _pk, value, label in countries]
        # For the cards (pilots.views.as_pilot_cards), which read the ids and not the joined rows.
        self.theme_numbers = {pk: int(value) for pk, value, _label in themes}
        self.country_names = {pk: label for pk, _value, label in countries}
        super().load_choices(data)
        wanted = _practice_numbers(data.getlist("practice")) if data is not None else set()
        self.filters["practice"].extra["choices"] = practice_choices(wanted)

    def country_options(self):
        return self.facet("country", "municipality__country__code")

    def theme_options(self):
        return self.facet("theme", "practice__theme__number")

    def practice_options(self):
        """The chosen practices and the ones copied most often under the other filters, by number."""
        if not hasattr(self, "_practice_options"):
            selected = self.selected("practice")
            if not self.active and self.lists_every_published_record:
                # Every published pilot: the counts kept at write time, read off their index.
                rows = [
                    {"practice__number": number, "total": total}
                    for number, total in fixed_rows(_most_copied, MAX_PRACTICE_OPTIONS + 1)
                ]
            else:
                # Counted by practice number alone (an index-only join), then titles read for the rows shown:
                # carrying the titles through the grouping made it read every copied practice's row.
                first = [Case(When(practice__number__in=selected, then=0), default=1)] if selected else []
                rows = list(
                    self.queryset_without("practice")
                    .order_by()
                    .values("practice__number")
                    .annotate(total=Count("pk"))
                    .order_by(*first, "-total", "practice__number")[: len(selected) + MAX_PRACTICE_OPTIONS + 1]
                )
            chosen = [row for row in rows if str(row["practice__number"]) in selected]
            others = [row for row in rows if str(row["practice__number"]) not in selected]
            shown = chosen + others[:MAX_PRACTICE_OPTIONS]
            self._more_practices = len(others) > MAX_PRACTICE_OPTIONS
            # A chosen practice that no pilot matches has no group: keep its box, ticked, at 0.
            counted = {str(row["practice__number"]) for row in chosen}
            shown += [{"practice__number": int(value), "total": 0} for value in selected if value not in counted]
            shown.sort(key=lambda row: row["practice__number"])
            labels = dict(practice_choices([row["practice__number"] for row in shown]))
            self._practice_options = [
                FacetOption(
                    str(row["practice__number"]),
                    labels.get(str(row["practice__number"]), str(row["practice__number"])),
                    row["total"],
                    str(row["practice__number"]) in selected,
                )
                for row in shown
            ]
        return self._practice_options

    def more_practices(self):
        """True when other practices were copied too but are not offered as options."""
        self.practice_options()
        return self._more_practices

    def award_options(self):
        return self.facet("award", "award")


class TransferFilter(LenientFilterSet):
    """Filters of the transfers page and its map: the theme of the practice copied, and a country at
    either end of the transfer (where the practice came from or where the pilot is)."""

    theme = django_filters.MultipleChoiceFilter(
        field_name="practice__theme__number", choices=theme_choices, label=_("Theme"), distinct=False
    )
    country = django_filters.MultipleChoiceFilter(
        method="either_end", choices=country_choices, label=_("Country"), distinct=False
    )

    class Meta:
        model = Pilot
        fields = ["theme", "country"]

    def load_choices(self, data):
        # The page draws its country table from these same rows: one query for both, compiled once (delgosea.sql).
        self.countries = [
            CountryRow(pk, code, name, record_url("practices:country_detail", code, kwarg="code"))
            for pk, code, name in choice_rows(Country, "code")
        ]
        self.filters["country"].extra["choices"] = [(country.code, country.name) for country in self.countries]
        themes = choice_rows(Theme, "number")
        self.filters["theme"].extra["choices"] = [(value, label) for _pk, value, label in themes]
        # For the map (pilots.transfer_map.build_map), whose rows carry the ids and not the joined tables.
        self.theme_numbers = {pk: int(value) for pk, value, _label in themes}
        self.country_names = {country.pk: country.name for country in self.countries}
        super().load_choices(data)

    def _routes(self):
        """Transfers counted by (country of the practice, country of the pilot, theme), with neither filter
        of this page applied: one query for the country table, the map's country counts and the theme counts."""
        if not hasattr(self, "_route_rows"):
            if self.lists_every_published_record:  # this filter has no other filter: the tallies hold these counts
                routes = Counter()
                for target, origin, theme, _award, total in tallies.pilot_counts():
                    routes[origin, target, str(theme)] += total
                self._route_rows = [(origin, target, theme, total) for (origin, target, theme), total in routes.items()]
            else:
                route = ("practice__municipality__country__code", "municipality__country__code")
                rows = (
                    self.queryset_without("theme", "country")
                    .order_by()
                    .values_list(*route)
                    .annotate(theme=F("practice__theme__number"), total=Count("pk"))
                    .values_list(*route, "theme", "total")
                )
                self._route_rows = [(origin, target, str(theme), total) for origin, target, theme, total in rows]
        return self._route_rows

    def flows(self):
        """Transfers counted by (country of the practice, country of the pilot), every filter but country kept.
        Counted once for the page, which reads them twice (its table and the country counts)."""
        if not hasattr(self, "_flows"):
            themes = set(self.selected("theme"))
            flows = Counter()
            for origin, target, theme, total in self._routes():
                if not themes or theme in themes:
                    flows[origin, target] += total
            self._flows = dict(flows)
        return dict(self._flows)

    def map_practices(self):
        """The best practices the transfers map draws, copied or not: of a chosen theme, and in a chosen
        country or copied into one (the transfers the map draws start from them)."""
        practices = BestPractice.objects.published()
        themes, countries = self.selected("theme"), self.selected("country")
        if themes:
            practices = practices.filter(theme__number__in=themes)
        if countries:
            practices = practices.filter(
                Q(municipality__country__code__in=countries) | Q(pk__in=self.qs.values("practice"))
            )
        return practices

    def choice(self):
        """The themes and the countries chosen, as understood and in a fixed order: what chosen_transfers() takes,
        and a compiled query's arguments (delgosea.sql), the same however the query string wrote them."""
        return tuple(tuple(sorted(self.selected(name))) for name in ("theme", "country"))

    def either_end(self, queryset, name, values):
        if not values:
            return queryset
        return queryset.filter(
            Q(municipality__country__code__in=values) | Q(practice__municipality__country__code__in=values)
        )

    def theme_options(self):
        """Counted from the routes: a transfer counts when either end is in a chosen country."""
        countries = set(self.selected("country"))
        counts = Counter()
        for origin, target, theme, total in self._routes():
            if not countries or origin in countries or target in countries:
                counts[theme] += total
        return self.options("theme", counts)

    def country_options(self):
        """Counted by hand: a transfer between two countries counts once for each of them."""
        counts = Counter()
        for (origin, target), total in self.flows().items():
            counts[origin] += total
            if target != origin:
                counts[target] += total
        return self.options("country", counts)


class _Chosen(TransferFilter):
    """The transfers filter for values it has already understood: its choices are those values, read from no
    table, so that putting together a query from it runs none."""

    def load_choices(self, data):
        for name in ("theme", "country"):
            self.filters[name].extra["choices"] = [(value, value) for value in data.getlist(name)]


def chosen_transfers(themes, countries):
    """The transfers filter choosing `themes` and `countries`, values a TransferFilter understood (choice()): for
    the queries compiled once for each choice (delgosea.sql)."""
    data = QueryDict(mutable=True)
    data.setlist("theme", themes)
    data.setlist("country", countries)
    return _Chosen(data, queryset=Pilot.objects.published())
