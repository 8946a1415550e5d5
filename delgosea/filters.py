"""The lenient FilterSet every public list uses, and the counts its filter boxes show.

Values of one parameter are OR-ed (theme=1&theme=3), different parameters AND-ed. A value that is not understood
is dropped and reported to the visitor in `notices`; it never causes an error.
"""

import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def search_text(values, notices):
    """A text parameter's values as one search text: control characters dropped, shortened (and said so in
    `notices`) past MAX_QUERY_LENGTH."""
    text = _CONTROL_CHARACTERS.sub("", " ".join(values)).strip()
    if len(text) > MAX_QUERY_LENGTH:
        notices.append(
            _("Your search text was longer than %(limit)s characters and was shortened.") % {"limit": MAX_QUERY_LENGTH}
        )
    return text[:MAX_QUERY_LENGTH]


@dataclass
class FacetOption:
    """A filter's choice as its box shows it (includes/facet.html), with how many results it gives."""

    value: str
    label: str
    count: int
    selected: bool


class LenientFilterSet(django_filters.FilterSet):
    """A FilterSet that drops values it does not understand and says so in `notices`."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.notices = []
        self.load_choices(data)
        if data is not None:
            self.data = self._understood(data)

    def load_choices(self, data):
        """Run each callable choices' query once per request, not on every use."""
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
                text = search_text(values, self.notices)
                clean.setlist(name, [text] if text else [])
        return clean

    # Filters that only order the list: they narrow nothing, so they count neither as active nor in active_count.
    ordering_filters = ()

    @property
    def active_count(self):
        """How many choices narrow the list (each ticked box, a search text): the folded filter panel says it."""
        return sum(len(self.selected(name)) for name in self.filters if name not in self.ordering_filters)

    @property
    def active(self):
        """True when any filter narrows the list."""
        return self.active_count > 0

    def selected(self, name):
        return self.data.getlist(name) if self.is_bound else []

    def queryset_without(self, *names):
        """The list with every filter applied except `names`: what those filters' counts count."""
        queryset = self.queryset.all()
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        for other, flt in self.filters.items():
            if other not in names:
                queryset = flt.filter(queryset, cleaned.get(other))
        return queryset

    def counts(self, name, group_by):
        """How many records each value of `group_by` has, with every filter but `name` applied: one grouped query,
        counted distinct only when an active many-to-many filter (django-filter's `distinct`) repeats rows."""
        distinct = any(flt.distinct and self.selected(other) for other, flt in self.filters.items() if other != name)
        rows = self.queryset_without(name).order_by().values_list(group_by).annotate(n=Count("pk", distinct=distinct))
        return {str(value): total for value, total in rows}

    def facet(self, name, group_by):
        """Options of filter `name`, each with how many results it would give with the other filters kept."""
        return self.options(name, self.counts(name, group_by))

    def options(self, name, counts):
        """Every choice of filter `name` as a FacetOption, with its count from `counts` (0 when absent)."""
        selected = set(self.selected(name))
        return [
            FacetOption(str(value), label, counts.get(str(value), 0), str(value) in selected)
            for value, label in self.filters[name].field.choices
        ]
