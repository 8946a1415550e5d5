"""Filters for the public practice list, and the lenient FilterSet every public list uses.

Values of one parameter are OR-ed (theme=1&theme=3), different parameters AND-ed.
A value that is not understood is dropped and reported to the visitor; it never
causes an error.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

import django_filters
from django import forms
from django.db.models import Count
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from delgosea.sql import fixed_rows
from delgosea.translated import columns, language_order, pick, plain

from . import search as practice_search
from . import tallies
from .models import BestPractice, Country, Sdg, Theme

MAX_QUERY_LENGTH = 200
# A search's facets are counted from its practices' rows, read in one query, up to this many practices (a few
# MB of rows at most); beyond, by counting queries.
MAX_COUNTED_HITS = 20_000
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class FacetOption:
    """A filter's choice as its box shows it (includes/facet.html), with how many results it gives."""

    value: str
    label: str
    count: int
    selected: bool
    # The box's text and count as shown, made here: as two template filters over a page's thirty-odd boxes, they
    # cost more than the rest of the box.
    text: str = field(init=False)
    shown_count: str = field(init=False)

    def __post_init__(self):
        self.text = capfirst(self.label)
        self.shown_count = number_format(self.count, force_grouping=True)


class LenientFilterSet(django_filters.FilterSet):
    """A FilterSet that drops values it does not understand and says so in `notices`."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.load_choices(data)
        self.notices = []
        if data is not None:
            self.data = self._understood(data)

    def load_choices(self, data):
        """Callable choices would run their query on every use; run each once per request.

        A filter over thousands of records overrides this to load only the values the visitor sent."""
        for flt in self.filters.values():
            if callable(flt.extra.get("choices")):
                flt.extra["choices"] = list(flt.extra["choices"]())

    def _understood(self, data):
        clean = data.copy()
        for name, flt in self.filters.items():
            values = data.getlist(name)
            if not values:
                continue
            field = flt.field
            if isinstance(field, forms.ChoiceField):
                kept = []
                for value in values:
                    if field.valid_value(value):
                        kept.append(value)
                    elif value.strip():
                        self.notices.append(
                            _("“%(value)s” is not a valid choice for “%(filter)s”; it was ignored.")
                            % {"value": value[:40], "filter": field.label}
                        )
                clean.setlist(name, list(dict.fromkeys(kept)))
            else:
                text = _CONTROL_CHARACTERS.sub("", " ".join(values)).strip()
                if len(text) > MAX_QUERY_LENGTH:
                    text = text[:MAX_QUERY_LENGTH]
                    self.notices.append(
                        _("Your search text was longer than %(limit)s characters and was shortened.")
                        % {"limit": MAX_QUERY_LENGTH}
                    )
                clean.setlist(name, [text] if text else [])
        return clean

    @property
    def active(self):
        """True when any filter narrows the list."""
        return any(self.data.getlist(name) for name in self.filters) if self.is_bound else False

    def selected(self, name):
        return self.data.getlist(name) if self.is_bound else []

    #: Filters on a value every row has exactly one of (a foreign key's field or a choice, never a many-to-many
    #: field), with the field their counts group on. One GROUP BY over all of them at once gives each one's
    #: counts and the list's total: one query where there would be one per filter plus a COUNT.
    grouped_facets = {}

    def queryset_without(self, *names):
        """The list with every filter applied except `names`: the base of those filters' counts."""
        queryset = self.queryset.all()
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        for other, flt in self.filters.items():
            if other not in names:
                queryset = flt.filter(queryset, cleaned.get(other))
        return queryset

    def _repeats_rows(self, *names):
        """Whether counts that leave out filters `names` need DISTINCT: only when another active filter joins a
        many-to-many table (django-filter's `distinct`), which repeats a row per match. Counting distinct
        rows sorts every group, so it is done only then."""
        return any(flt.distinct and self.selected(other) for other, flt in self.filters.items() if other not in names)

    def tallied_groups(self):
        """`_groups` read off the counts kept at write time (practices.tallies), or None when the active
        filters need them counted live."""
        return None

    @cached_property
    def lists_every_published_record(self):
        """Whether the list, before this filter's own filters, is every published record: what the tallies
        count. A list narrowed first (say, to one theme) has its counts counted live."""
        return self.queryset.query.where == self.queryset.model.objects.published().query.where

    @cached_property
    def _groups(self):
        """The list counted per combination of the grouped facets' values, with every other filter applied:
        at most a few dozen rows (themes × countries × …), whatever the size of the list."""
        tallied = self.tallied_groups()
        if tallied is not None:
            return tallied
        names, fields = list(self.grouped_facets), list(self.grouped_facets.values())
        rows = (
            self.queryset_without(*names)
            .order_by()
            .values_list(*fields)
            .annotate(total=Count("pk", distinct=self._repeats_rows(*names)))
            .values_list(*fields, "total")
        )
        return [(tuple(str(value) for value in row[:-1]), row[-1]) for row in rows]

    def _grouped_counts(self, leave_out=None):
        """Counts by the value of grouped facet `leave_out` over the groups every other grouped facet's
        selection keeps (an empty selection keeps all); with no `leave_out`, the list's total under None."""
        names = list(self.grouped_facets)
        wanted = [None if name == leave_out else set(self.selected(name)) for name in names]
        at = names.index(leave_out) if leave_out else None
        counts = Counter()
        for values, total in self._groups:
            if all(not keep or value in keep for value, keep in zip(values, wanted, strict=True)):
                counts[values[at] if at is not None else None] += total
        return counts

    def count(self):
        """How many records the filtered list holds, read off the grouped counts (no COUNT query of its own);
        with no grouped facets, counted by the database."""
        if not self.grouped_facets:
            return self.qs.count()
        return self._grouped_counts()[None]

    def facet(self, name, group_by):
        """Options of filter `name`, each with how many results it would give with the other filters kept."""
        if name in self.grouped_facets:
            counts = self._grouped_counts(name)
        else:
            counts = dict(
                self.queryset_without(name)
                .order_by()
                .values_list(group_by)
                .annotate(total=Count("pk", distinct=self._repeats_rows(name)))
                .values_list(group_by, "total")
            )
        return self.options(name, counts)

    def options(self, name, counts):
        """Every choice of filter `name` as a FacetOption, with its count from `counts` (0 when absent)."""
        selected = set(self.selected(name))
        return [
            FacetOption(str(value), label, counts.get(_coerce(value, counts), 0), str(value) in selected)
            for value, label in self.filters[name].field.choices
        ]


def _coerce(value, counts):
    """Choice values are strings; database keys may be numbers."""
    if value in counts:
        return value
    for key in counts:
        if str(key) == str(value):
            return key
    return value


# The choices are read on every list page: as plain rows, with each label picked in the page's language (model
# instances would load the themes' long descriptions and go through modeltranslation for each name).


def _names_query(model, key):
    return plain(model.objects.order_by(key)).values_list("pk", key, *columns("name"))


def _name_rows(model, key):
    """Each `model` record as (id, its `key`, its name in the page's language), in order of `key`."""
    order, names = language_order(), columns("name")
    return [
        (pk, value, pick(dict(zip(names, texts, strict=True)), "name", order))
        for pk, value, *texts in fixed_rows(_names_query, model, key)
    ]


def choice_rows(model, key):
    """Each `model` record as (id, its `key` as the filter's value, its name in the page's language): a filter's
    choices, and what a list that reads only the ids of its rows' themes and countries shows of them."""
    return [(pk, str(value), name) for pk, value, name in _name_rows(model, key)]


def theme_choices():
    return [(value, label) for _pk, value, label in choice_rows(Theme, "number")]


def country_choices():
    return [(value, label) for _pk, value, label in choice_rows(Country, "code")]


def goal_names():
    """Each goal's name in the page's language, by its number as the filter's value."""
    return {str(number): name for _pk, number, name in _name_rows(Sdg, "number")}


def sdg_choices(names=None):
    names = goal_names() if names is None else names
    return [(number, Sdg.label(number, name)) for number, name in names.items()]


class PracticeFilter(LenientFilterSet):
    theme = django_filters.MultipleChoiceFilter(
        field_name="theme__number", choices=theme_choices, label=_("Theme"), distinct=False
    )
    country = django_filters.MultipleChoiceFilter(
        field_name="municipality__country__code", choices=country_choices, label=_("Country"), distinct=False
    )
    # A practice serves several goals: distinct, so sdg=6&sdg=11 lists a practice tagged with both once.
    sdg = django_filters.MultipleChoiceFilter(
        field_name="sdgs__number", choices=sdg_choices, label=_("Sustainable Development Goal"), distinct=True
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = BestPractice
        fields = ["theme", "country", "sdg", "q"]

    @property
    def grouped_facets(self):
        # Grouped only when the tallies hold the groups: counted live, a GROUP BY over theme and country joins
        # four tables, which SQLite plans badly (100 ms at 10,000 practices, against 30 ms for separate counts).
        return {"theme": "theme__number", "country": "municipality__country__code"} if self._tally is not None else {}

    @cached_property
    def _tally(self):
        """The practice tallies, when they answer this list's counts: not for a search (its hits are counted
        live), nor for several goals at once (a practice serving two of them is one result, not two), nor for
        a list of some published practices only."""
        if self.selected("q") or len(self.selected("sdg")) > 1 or not self.lists_every_published_record:
            return None
        return tallies.practice_counts()

    def tallied_groups(self):
        if self._tally is None:
            return None
        goal = self.selected("sdg")
        goal = int(goal[0]) if goal else None  # None: the rows of every practice, whatever its goals
        return [((str(theme), country), total) for theme, country, sdg, total in self._tally if sdg == goal]

    # What a search reads with each practice it finds, for the facets: the ids, which load_choices() maps to the
    # filters' values, and the goals' numbers (BestPractice.goal_numbers). Joining the themes and countries to the
    # matches for their numbers and codes took PostgreSQL longer than the search itself; the country is the one
    # the practice keeps (BestPractice.country, its town's): looked up through each match's town it cost a
    # common word's search 10 ms, and joined, PostgreSQL read all the towns to hash them.
    _facet_fields = ("theme_id", "country_id", "goal_numbers")

    def load_choices(self, data):
        themes, countries = choice_rows(Theme, "number"), choice_rows(Country, "code")
        self.filters["theme"].extra["choices"] = [(value, label) for _pk, value, label in themes]
        self.filters["country"].extra["choices"] = [(value, label) for _pk, value, label in countries]
        self._values_of = [{pk: value for pk, value, _label in rows} for rows in (themes, countries)]
        # For the cards (practices.views.as_practice_cards), which read the ids and not the joined rows.
        self.themes_by_id = {pk: (int(value), label) for pk, value, label in themes}
        self.countries_by_id = {pk: (value, label) for pk, value, label in countries}
        self.goal_names = goal_names()  # and for the cards' goals
        self.filters["sdg"].extra["choices"] = sdg_choices(self.goal_names)
        super().load_choices(data)  # any other filter's

    def _search(self, text):
        """The search for `text`, run once a request over the list before its other filters: the count, the page
        and every facet filter by it. Each match comes with what the facets count."""
        if getattr(self, "_hits", None) is None or self._hits.text != text:
            if self.lists_every_published_record:
                self._hits = practice_search.find_published(text, fields=self._facet_fields)
            else:
                self._hits = practice_search.find(text, self.queryset, fields=self._facet_fields)
        return self._hits

    def search(self, queryset, name, value):
        return practice_search.apply(queryset, self._search(value))

    @cached_property
    def _found(self):
        """For a search, the theme, country and goals of every practice it found (before the other filters), in
        the search's order, by id: the count, the page and every facet are taken from them here instead of by
        queries of their own. None without a search, or when the search found too many to list (each count then
        runs it again)."""
        text = self.form.cleaned_data.get("q") if self.form.is_valid() else None
        if not text:
            return None
        hits = self._search(text)
        if hits.ids is None or len(hits.ids) > MAX_COUNTED_HITS:
            return None
        themes, countries = self._values_of
        return {
            pk: (themes.get(theme), countries.get(country), set(goals.split(",")) if goals else set())
            for pk, theme, country, goals in hits.rows
        }

    def _kept(self, leave_out=None):
        """The search's practices that every selection but `leave_out`'s keeps, as (id, (theme, country, goals))."""
        chosen = [
            (at, set(self.selected(name))) for at, name in enumerate(("theme", "country", "sdg")) if name != leave_out
        ]
        chosen = [(at, values) for at, values in chosen if values]
        if not chosen:  # the usual case: nothing to test each of the hundreds of matches against
            return self._found.items()
        return (
            (pk, practice)
            for pk, practice in self._found.items()
            if all((values & practice[2]) if at == 2 else practice[at] in values for at, values in chosen)
        )

    def _found_counts(self, leave_out):
        """The search's practices under every selection but `leave_out`'s, counted by its values (a practice counts
        once for each of its goals)."""
        kept = (practice for _pk, practice in self._kept(leave_out))
        if leave_out == "sdg":
            return Counter(chain.from_iterable(goals for _theme, _country, goals in kept))
        at = 0 if leave_out == "theme" else 1
        return Counter(practice[at] for practice in kept)

    def found(self):
        """For a search, the ids of the practices the list shows, in its order (title matches first); None when the
        list is not a search or the search found too many to list (`qs` then gives them)."""
        if self._found is None:
            return None
        return [pk for pk, _practice in self._kept()]

    def count(self):
        if self._found is not None:
            return len(self.found())
        return super().count()

    def facet(self, name, group_by):
        if self._found is not None:
            return self.options(name, self._found_counts(name))
        return super().facet(name, group_by)

    def theme_options(self):
        return self.facet("theme", "theme__number")

    def country_options(self):
        return self.facet("country", "municipality__country__code")

    def sdg_options(self):
        """Only the goals that some practice serves (or that the visitor chose): 17 mostly empty boxes are noise."""
        if self._tally is None:
            options = self.facet("sdg", "sdgs__number")
        else:
            themes, countries = set(self.selected("theme")), set(self.selected("country"))
            counts = Counter()
            for theme, country, sdg, total in self._tally:
                if sdg is not None and (not themes or str(theme) in themes) and (not countries or country in countries):
                    counts[str(sdg)] += total
            options = self.options("sdg", counts)
        return [option for option in options if option.count or option.selected]
