"""Filters for the public practice list (theme, country, goal, copied, search, order) and the local-government list,
each with its counts."""

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from delgosea.filters import LenientFilterSet

from .models import BestPractice, Country, Municipality, Sdg, Theme
from .search import search_places, search_practices


def theme_choices():
    return [(str(theme.number), theme.name) for theme in Theme.objects.all()]


def country_choices():
    return [(country.code, country.name) for country in Country.objects.by_name()]


def sdg_choices():
    return [(str(goal.number), str(goal)) for goal in Sdg.objects.all()]


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
    copied = django_filters.MultipleChoiceFilter(
        choices=[("1", _("Copied at least once"))], method="only_copied", label=_("Copied by a pilot")
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))
    # Applied after the search, so that the search's title-first order gives way to the chosen one.
    sort = django_filters.ChoiceFilter(
        choices=[("copies", _("Most copied first"))], method="order", label=_("Order"), empty_label=_("Default order")
    )

    ordering_filters = ("sort",)

    class Meta:
        model = BestPractice
        fields = ["theme", "country", "sdg", "copied", "q", "sort"]

    def only_copied(self, queryset, name, value):
        return queryset.copied()

    def search(self, queryset, name, value):
        return search_practices(queryset, value)

    def order(self, queryset, name, value):
        return queryset.most_copied_first()

    def theme_options(self):
        return self.facet("theme", "theme__number")

    def country_options(self):
        return self.facet("country", "municipality__country__code")

    def sdg_options(self):
        """Only the goals that some practice serves (or that the visitor chose): 17 mostly empty boxes are noise."""
        return [option for option in self.facet("sdg", "sdgs__number") if option.count or option.selected]

    def copied_options(self):
        return self.options("copied", {"1": self.queryset_without("copied").copied().count()})


class MunicipalityFilter(LenientFilterSet):
    """Filters of the local-government list, whose queryset comes with its roles (Municipality.with_roles)."""

    ROLES = {"practice": Q(has_practice=True), "pilot": Q(has_pilot=True)}
    ROLE_CHOICES = [("practice", _("home of a best practice")), ("pilot", _("pilot"))]

    country = django_filters.MultipleChoiceFilter(
        field_name="country__code", choices=country_choices, label=_("Country"), distinct=False
    )
    role = django_filters.MultipleChoiceFilter(method="in_role", choices=ROLE_CHOICES, label=_("Role"), distinct=False)
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Municipality
        fields = ["country", "role", "q"]

    def in_role(self, queryset, name, values):
        return queryset.filter(Q(*(self.ROLES[value] for value in values), _connector=Q.OR))

    def search(self, queryset, name, value):
        return search_places(queryset, value)

    def country_options(self):
        return self.facet("country", "country__code")

    def role_options(self):
        """Both roles counted in one query; Vinh counts in each."""
        roles = {role: Count("pk", filter=condition) for role, condition in self.ROLES.items()}
        return self.options("role", self.queryset_without("role").order_by().aggregate(**roles))
