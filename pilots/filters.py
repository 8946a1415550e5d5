"""Filters for the public pilot list and for the transfers page and its map."""

from collections import Counter

import django_filters
from django.conf import settings
from django.db.models import Case, Count, Q, Value, When
from django.utils.translation import gettext_lazy as _

from delgosea.filters import FacetOption, LenientFilterSet
from practices.filters import country_choices, theme_choices
from practices.models import BestPractice
from practices.search import TITLE_FIELDS, among, any_of, is_named, named, ranked

from .models import Pilot

MAX_PRACTICE_OPTIONS = 20


def search_pilots(queryset, text):
    """Pilots matching `text`: by a name or spelling of their town first, then by their own or their practice's
    title, then anywhere in their description."""

    # Each condition reads one table, by its index: PostgreSQL combines them in one bitmap, no join scanned.
    def in_name(term):
        return among("municipality_id", named(term).values("pk"))

    def in_title(term):
        practices = BestPractice.objects.filter(any_of(term, *TITLE_FIELDS)).values("pk")
        return in_name(term) | any_of(term, *TITLE_FIELDS) | among("practice_id", practices)

    def anywhere(term):
        return in_title(term) | any_of(term, *(f"description_{code}" for code, _name in settings.LANGUAGES))

    return ranked(queryset, text, [lambda term: is_named(text, "municipality__"), in_name, in_title, anywhere])


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
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Pilot
        fields = ["country", "theme", "practice", "award", "q"]

    def search(self, queryset, name, value):
        return search_pilots(queryset, value).order_by("search_rank", *queryset.query.order_by)

    practice_option_limit = MAX_PRACTICE_OPTIONS

    def load_choices(self, data):
        super().load_choices(data)
        # Only the practices asked for are choices: a list of every practice would grow with the data.
        wanted = _practice_numbers(data.getlist("practice")) if data is not None else set()
        self.chosen_practices = {
            str(practice.number): practice for practice in BestPractice.objects.published().filter(number__in=wanted)
        }
        self.filters["practice"].extra["choices"] = [
            (number, f"{number}. {practice.title}") for number, practice in sorted(self.chosen_practices.items())
        ]

    def country_options(self):
        return self.facet("country", "municipality__country__code")

    def theme_options(self):
        return self.facet("theme", "practice__theme__number")

    def award_options(self):
        return self.facet("award", "award")

    def practice_options(self):
        """The chosen practices and the ones copied most often under the other filters, by number."""
        if hasattr(self, "_practice_options"):
            return self._practice_options
        selected = self.selected("practice")
        chosen_first = [Case(When(practice__number__in=selected, then=Value(0)), default=Value(1))] if selected else []
        rows = list(
            self.queryset_without("practice")
            .order_by()
            .values_list("practice", "practice__number")
            .annotate(total=Count("pk"))
            .order_by(*chosen_first, "-total", "practice__number")[: len(selected) + MAX_PRACTICE_OPTIONS + 1]
        )
        chosen = [row for row in rows if str(row[1]) in selected]
        others = [row for row in rows if str(row[1]) not in selected]
        self._more_practices = len(others) > MAX_PRACTICE_OPTIONS
        shown = chosen + others[:MAX_PRACTICE_OPTIONS]
        practices = BestPractice.objects.in_bulk([pk for pk, _number, _total in shown])
        counts = {str(number): total for _pk, number, total in shown}
        # A chosen practice that no pilot matches keeps its box, ticked, at 0.
        labelled = {str(practice.number): practice for practice in practices.values()} | self.chosen_practices
        self._practice_options = [
            FacetOption(number, f"{number}. {labelled[number].title}", counts.get(number, 0), number in selected)
            for number in sorted(counts.keys() | set(selected) & labelled.keys(), key=int)
        ]
        return self._practice_options

    def more_practices(self):
        """True when other practices were copied too but are not offered as options."""
        self.practice_options()
        return self._more_practices


class TransferFilter(LenientFilterSet):
    """Filters of the transfers page and its map: the theme of the practice copied, a country at either end of the
    transfer, and the country it came from (`from`, the practice's) or went to (`to`, the pilot's)."""

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
        """The countries are read once, for the three filters that choose one."""
        super().load_choices(data)
        for name in ("from", "to"):
            self.filters[name].extra["choices"] = self.filters["country"].extra["choices"]

    def either_end(self, queryset, name, values):
        if not values:
            return queryset
        return queryset.filter(
            Q(municipality__country__code__in=values) | Q(practice__municipality__country__code__in=values)
        )

    def routes(self):
        """Transfers counted by (practice's country, pilot's country, theme) with none of this page's filters
        applied: the country table, the map's countries and every filter's counts come from this one query."""
        if not hasattr(self, "_routes"):
            rows = (
                self.queryset_without(*self.filters)
                .order_by()
                .values_list(
                    "practice__municipality__country__code", "municipality__country__code", "practice__theme__number"
                )
                .annotate(total=Count("pk"))
            )
            self._routes = [(origin, target, str(theme), total) for origin, target, theme, total in rows]
        return self._routes

    def _kept(self, name=None):
        """(each filter's values, (origin, target), total) of the routes that every filter but `name` keeps."""
        chosen = {other: set(self.selected(other)) for other in self.filters if other != name}
        for origin, target, theme, total in self.routes():
            values = {"theme": {theme}, "country": {origin, target}, "from": {origin}, "to": {target}}
            if all(values[other] & wanted for other, wanted in chosen.items() if wanted):
                yield values, (origin, target), total

    def flows(self):
        """Transfers counted by (practice's country, pilot's country), under every filter."""
        flows = Counter()
        for _values, pair, total in self._kept():
            flows[pair] += total
        return dict(flows)

    def map_practices(self):
        """The best practices the transfers map draws, copied or not: of a chosen theme, from a chosen country of
        origin, and in a chosen country or copied into one (the transfers the map draws start from them)."""
        practices = BestPractice.objects.published()
        themes, countries, origins = self.selected("theme"), self.selected("country"), self.selected("from")
        if themes:
            practices = practices.filter(theme__number__in=themes)
        if origins:
            practices = practices.filter(municipality__country__code__in=origins)
        if self.selected("to"):
            practices = practices.filter(pk__in=self.qs.values("practice"))
        elif countries:
            practices = practices.filter(
                Q(municipality__country__code__in=countries) | Q(pk__in=self.qs.values("practice"))
            )
        return practices

    def facet_options(self, name):
        """Options of filter `name`, counting the transfers the other filters keep; a transfer between two countries
        counts once for each of them."""
        counts = Counter()
        for values, _pair, total in self._kept(name):
            for value in values[name]:
                counts[value] += total
        return self.options(name, counts)

    def theme_options(self):
        return self.facet_options("theme")

    def country_options(self):
        return self.facet_options("country")

    def from_options(self):
        return self.facet_options("from")

    def to_options(self):
        return self.facet_options("to")


# `from` is a Python keyword, so the two ends are declared here rather than as attributes in the class body. Their
# choices are the country filter's (load_choices).
TransferFilter.base_filters |= {
    "from": django_filters.MultipleChoiceFilter(
        field_name="practice__municipality__country__code", label=_("Country of the best practice"), distinct=False
    ),
    "to": django_filters.MultipleChoiceFilter(
        field_name="municipality__country__code", label=_("Country of the pilot"), distinct=False
    ),
}
