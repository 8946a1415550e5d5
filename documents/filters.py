"""Filters for the public document list: kind, language and year, each with its counts."""

import datetime

import django_filters
from django.utils.translation import gettext_lazy as _

from delgosea.filters import LenientFilterSet
from delgosea.templatetags.portal import era_year

from .models import Document

FIRST_YEAR = 2000  # DELGOSEA began in 2010; older documents (a 2009 conference) are still offered


def year_choices():
    """Every year a document may have, read from no table: the boxes show only the years with documents."""
    return [(str(year), str(era_year(year))) for year in range(datetime.date.today().year, FIRST_YEAR - 1, -1)]


class DocumentFilter(LenientFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Document.Kind.choices, label=_("Kind"), distinct=False)
    language = django_filters.MultipleChoiceFilter(
        choices=Document.Language.choices, label=_("Language of the document"), distinct=False
    )
    year = django_filters.MultipleChoiceFilter(
        field_name="date__year", choices=year_choices, label=_("Year"), distinct=False
    )

    class Meta:
        model = Document
        fields = ["kind", "language", "year"]

    def kind_options(self):
        return self.facet("kind", "kind")

    def language_options(self):
        return [option for option in self.facet("language", "language") if option.count or option.selected]

    def year_options(self):
        return [option for option in self.facet("year", "date__year") if option.count or option.selected]
