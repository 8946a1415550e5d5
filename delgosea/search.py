"""The site search: one query over pilots, local governments, practices, partners and themes, grouped by kind.

Each kind is searched by the same rules as its own list (practices/search.py): every word must match, and a hit on
a name or alias ranks before a title, before body text. When nothing matches, names and titles that look like the
query are offered instead ("did you mean").
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import QuerySet
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _

from partners.models import Partner
from pilots.filters import search_pilots
from pilots.models import Pilot
from practices.models import BestPractice, Municipality, Theme
from practices.search import any_of, ranked, search_places, search_practices

SHOWN = 5  # results per kind; the kind's own list, searched, has the rest
ALL_SHOWN = 30  # partners and themes, whose lists have no search: every match (a few dozen at most) is shown here
SUGGESTIONS = 6
SIMILAR = 0.5  # how alike (0–1, trigrams) a name must be to be suggested
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _in(field):
    return [f"{field}_{code}" for code in LANGUAGES]


@dataclass
class Group:
    kind: str
    label: str
    results: list
    more: bool  # more results than shown: the link to the full list says so
    list_url: str = ""  # the kind's own list with the same search, where it has one


def _group(kind, label, queryset: QuerySet, list_url=""):
    shown = SHOWN if list_url else ALL_SHOWN
    rows = list(queryset[: shown + 1])
    return Group(kind, label, rows[:shown], len(rows) > shown, list_url)


def _rank_first(queryset):
    """Best-ranked first, then in the queryset's own order."""
    return queryset.order_by("search_rank", *(queryset.query.order_by or queryset.model._meta.ordering))


def search_everything(text, list_urls):
    """The groups, in the order the page shows them, empty ones included."""

    def in_partner_name(term):
        return any_of(term, *_in("name"), "acronym")

    def in_theme_name(term):
        return any_of(term, *_in("name"))

    pilots = search_pilots(Pilot.objects.published().for_cards(), text)
    places = search_places(Municipality.objects.published(), text).by_name()
    practices = search_practices(BestPractice.objects.published().for_cards(), text)
    partner_tiers = [in_partner_name, lambda term: in_partner_name(term) | any_of(term, *_in("role"))]
    theme_tiers = [in_theme_name, lambda term: in_theme_name(term) | any_of(term, *_in("description"))]
    kinds = [
        ("pilots", _("Pilots"), _rank_first(pilots)),
        ("places", _("Local governments"), _rank_first(places)),
        ("practices", _("Best practices"), practices),
        ("partners", _("Partner organisations"), _rank_first(ranked(Partner.objects.published(), text, partner_tiers))),
        ("themes", _("Themes"), _rank_first(ranked(Theme.objects.all(), text, theme_tiers))),
    ]
    return [_group(kind, label, queryset, list_urls.get(kind, "")) for kind, label, queryset in kinds]


def suggestions(text):
    """Names and titles that look like `text`, most alike first: trigram similarity, which PostgreSQL's pg_trgm
    computes and SQLite gets from practices.search.install_sqlite_functions."""
    text = text.strip()[:100]
    if len(text) < 3:
        return []

    def alike(queryset, shown, *fields):
        scores = [TrigramWordSimilarity(text, field) for field in fields]
        score = Greatest(*scores) if len(scores) > 1 else scores[0]
        queryset = queryset.annotate(score=score).filter(score__gte=SIMILAR).order_by("-score")
        return list(queryset.values_list(shown, "score")[:SUGGESTIONS])

    found = alike(Municipality.objects.published(), "name", "search_name") + alike(
        BestPractice.objects.published(), "title", *_in("title")
    )
    found += alike(Partner.objects.published(), "name", *_in("name"), "acronym")
    found.sort(key=lambda row: -row[1])
    return list(dict.fromkeys(name for name, _score in found))[:SUGGESTIONS]
