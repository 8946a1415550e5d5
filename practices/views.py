"""Public pages for the home page, practices, themes, countries and the About page."""

from collections import Counter
from itertools import chain
from typing import NamedTuple
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from delgosea.links import record_url, slug_urls
from delgosea.lookups import Ids
from delgosea.pagination import paginate
from delgosea.sql import fixed_dicts
from delgosea.translated import columns, language_order, pick, plain, sentence
from partners.models import Partner
from pilots.models import Pilot
from pilots.transfer_map import is_cut
from pilots.views import as_pilot_cards, pilot_cards

from . import tallies
from .compare import MAX_COMPARED, MIN_COMPARED, choose, compare_options
from .filters import PracticeFilter, choice_rows, goal_names
from .models import BestPractice, Country, Sdg, Theme

# Lists show at most this many records of a kind on a page about something else (a practice, a country),
# with a link to the full, paginated list: a page's size must not grow with the data.
SHORT_LIST = 12


# What a practice card shows (PracticeCard) of a practice, its theme and its place: the theme and the country by
# id, looked up by as_practice_cards() in the few rows of each that the page reads once (see pilots.views).
_CARD_COLUMNS = (
    "pk",
    "slug",
    "number",
    "copy_count",
    "goal_numbers",
    "theme_id",
    "municipality__country_id",
    *columns("title", "summary", "municipality__name"),
)


class PracticePilot(NamedTuple):
    """A pilot as a practice's page lists it (a link to it, or its card), in the page's language."""

    url: str
    place: str
    country: str
    title: str
    stage: str
    award: str
    award_label: str


class OtherPractice(NamedTuple):
    """Another practice as a practice's page links to it."""

    url: str
    number: int
    title: str
    place: str
    country: str


class _Visitor(NamedTuple):
    """Who asks, as far as what they may see goes (visible_to() reads no more of a user)."""

    is_staff: bool


# A practice page's lists, each compiled once (delgosea.sql) for who asks, the page's language and its length,
# and given the practice's ids on each request: put together anew, they took more than a quarter of its time.
def _pilots_query(staff, language, limit, practice_id):
    """The pilots that copied the practice, by place name in the page's language."""
    pilots = plain(Pilot.objects.visible_to(_Visitor(staff)).filter(practice=practice_id))
    return _pilot_rows(pilots.order_by(f"municipality__name_{language}"))[:limit]


def _inspired_query(staff, limit, practice_id):
    """The pilots that drew on the practice besides the one they copied."""
    pilots = plain(Pilot.objects.visible_to(_Visitor(staff)).filter(also_drew_on=practice_id))
    return _pilot_rows(pilots.order_by("slug"))[:limit]


def _pilot_rows(pilots):
    return pilots.values(
        "slug", "stage", "award", *columns("title", "municipality__name", "municipality__country__name")
    )


def _same_theme_query(limit, theme_id, practice_id):
    """The theme's other published practices, by number."""
    return (
        plain(BestPractice.objects.published().filter(theme=theme_id).exclude(pk=practice_id))
        .order_by("number")
        .values("slug", "number", *columns("title", "municipality__name", "municipality__country__name"))[:limit]
    )


def _practice_pilots(rows):
    """Pilot rows of _pilot_rows() as PracticePilots, in their order: model instances of the pilots, their places
    and their countries cost twice what the query did, and the practice page lists up to 24 pilots."""
    pilot_url, order = slug_urls("pilots:pilot_detail"), language_order()
    stages, awards = dict(Pilot.Stage.choices), dict(Pilot.Award.choices)
    return [
        PracticePilot(
            url=pilot_url(row["slug"]),
            place=pick(row, "municipality__name", order),
            country=pick(row, "municipality__country__name", order),
            title=pick(row, "title", order),
            stage=stages.get(row["stage"], row["stage"]),
            award=row["award"],
            award_label=awards.get(row["award"], row["award"]),
        )
        for row in rows
    ]


def _goal_tag(number, name):
    """A card's tag of goal `number`: "SDG 6", and its name for screen readers. Made once per goal on a page, as
    HTML: looping over each card's goals in the template took a seventh of a list's rendering."""
    return format_html(
        '<li class="tag sdg">{}<span class="visually-hidden">: {}</span></li>', Sdg.short_label(number), name
    )


class PracticeCard(NamedTuple):
    """A best practice as its card shows it (includes/practice_cards.html), in the page's language, its two
    sentences translated here (sentence())."""

    pk: int
    slug: str
    url: str
    number: int
    label: str  # "Practice 12"
    title: str
    summary: str
    theme: int
    theme_name: str
    place: str
    country_name: str
    country_url: str
    copies: str  # "Copied by 3 pilots", or "" when no pilot copied it
    goals: str  # its goals' tags (_goal_tag()), "" when it has none


def _copied_by(count):
    if not count:
        return ""
    return sentence(ngettext("Copied by %(counter)s pilot", "Copied by %(counter)s pilots", count), counter=count)


def _cards_query(ids):
    """The published practices among `ids` (Ids), as their cards read them: compiled once (delgosea.sql)."""
    return plain(BestPractice.objects.published().filter(pk__among=ids)).values(*_CARD_COLUMNS)


def as_practice_cards(practices, themes_by_id, countries_by_id, order=None, sdg_names=None):
    """`practices` (a page of a list, or the Ids of one) as PracticeCards, in the same order, or that of the ids
    in `order`: one plain row each, its goals included (BestPractice.goal_numbers). Model instances of a practice,
    its theme, town and country, and of every goal (prefetch_related), cost more than reading and showing the
    cards. `themes_by_id` maps theme ids to (number, name), `countries_by_id` country ids to (code, name), in the
    page's language (a filter's choice_rows(), or those the cards can meet); `sdg_names` goal numbers to names
    (goal_names(), read here when not given and some card has goals)."""
    practice_url, languages = slug_urls("practices:practice_detail"), language_order()
    if isinstance(practices, Ids):
        rows = fixed_dicts(_cards_query, values=(practices,))
    else:
        rows = list(plain(practices).values(*_CARD_COLUMNS))
    if order is not None:
        position = {pk: at for at, pk in enumerate(order)}
        rows.sort(key=lambda row: position[row["pk"]])
    goals = [row["goal_numbers"].split(",") if row["goal_numbers"] else [] for row in rows]
    if sdg_names is None and any(goals):
        sdg_names = goal_names()
    tags = {number: _goal_tag(number, sdg_names.get(number, "")) for number in set(chain(*goals))}
    country_urls = {}
    for row in rows:
        country = row["municipality__country_id"]
        if country not in country_urls:
            country_urls[country] = record_url("practices:country_detail", countries_by_id[country][0], kwarg="code")
    return [
        PracticeCard(
            pk=row["pk"],
            slug=row["slug"],
            url=practice_url(row["slug"]),
            number=row["number"],
            label=sentence(gettext("Practice %(number)s"), number=row["number"]),
            title=pick(row, "title", languages),
            summary=pick(row, "summary", languages),
            theme=themes_by_id[row["theme_id"]][0],
            theme_name=themes_by_id[row["theme_id"]][1],
            place=pick(row, "municipality__name", languages),
            country_name=countries_by_id[row["municipality__country_id"]][1],
            country_url=country_urls[row["municipality__country_id"]],
            copies=_copied_by(row["copy_count"]),
            goals=mark_safe("".join(tags[number] for number in numbers)),  # each tag escaped by format_html()
        )
        for row, numbers in zip(rows, goals, strict=True)
    ]


def home(request):
    # Every number on the page from the tallies kept at write time (practices.tallies): practices by
    # (theme, country, goal), pilots by (their country, their practice's country, theme, award).
    practice_rows = [row for row in tallies.practice_counts() if row[2] is None]  # not the per-goal rows
    pilot_rows = tallies.pilot_counts()
    by_theme = Counter()
    for theme, _country, _sdg, total in practice_rows:
        by_theme[theme] += total
    themes = list(Theme.objects.all())
    for theme in themes:
        theme.practice_count = by_theme[theme.number]
    numbers = {
        "practices": sum(by_theme.values()),
        "pilots": sum(row[-1] for row in pilot_rows),
        "countries": len({row[1] for row in practice_rows} | {row[0] for row in pilot_rows}),
        "cross_border": sum(total for country, origin, _theme, _award, total in pilot_rows if country != origin),
    }
    return render(
        request,
        "practices/home.html",
        {
            "numbers": numbers,
            "themes": themes,
            "legend_themes": [(theme.number, theme.name) for theme in themes],
            "map_cut": is_cut(numbers["practices"], numbers["pilots"]),
        },
    )


def practice_list(request):
    queryset = BestPractice.objects.published()
    practice_filter = PracticeFilter(request.GET, queryset=queryset)
    found = practice_filter.found()
    labels = practice_filter.themes_by_id, practice_filter.countries_by_id
    if found is None:
        page, page_notices = paginate(request, practice_filter.qs, count=practice_filter.count())
        page.object_list = as_practice_cards(page.object_list, *labels, sdg_names=practice_filter.goal_names)
    else:
        # A search: its matches are listed in order already, so the page is read by id, not sorted by the database.
        page, page_notices = paginate(request, found)
        page.object_list = as_practice_cards(
            Ids(page.object_list), *labels, order=page.object_list, sdg_names=practice_filter.goal_names
        )
    return render(
        request,
        "practices/bestpractice_list.html",
        {
            "filter": practice_filter,
            "page": page,
            "notices": practice_filter.notices + page_notices,
            "query": practice_filter.data.get("q", ""),
        },
    )


def practice_detail(request, slug):
    staff = request.user.is_staff
    practices = BestPractice.objects.visible_to(request.user).defer("search_text")
    if staff:  # drafts too: counted live
        practices = practices.annotate(pilot_count=Pilot.objects.visible_to(request.user).count_per_practice())
    practice = get_object_or_404(practices, slug=slug)
    # The public's count is the one kept at write time.
    pilot_count = practice.pilot_count if staff else practice.copy_count
    # The pilots' own practice is this one, or is not shown: read only their place (_pilots_query). Planning
    # the default seven-table join took PostgreSQL 5 ms per query, fifty times the time to run it.
    language = get_language()[:2]
    limit = SHORT_LIST if pilot_count > SHORT_LIST else None
    pilots = fixed_dicts(_pilots_query, staff, language, limit, values=(practice.pk,))
    also_inspired = fixed_dicts(_inspired_query, staff, SHORT_LIST, values=(practice.pk,))
    practice_url, order = slug_urls("practices:practice_detail"), language_order()
    same_theme = [
        OtherPractice(
            url=practice_url(row["slug"]),
            number=row["number"],
            title=pick(row, "title", order),
            place=pick(row, "municipality__name", order),
            country=pick(row, "municipality__country__name", order),
        )
        for row in fixed_dicts(_same_theme_query, SHORT_LIST, values=(practice.theme_id, practice.pk))
    ]
    return render(
        request,
        "practices/bestpractice_detail.html",
        {
            "practice": practice,
            "pilots": _practice_pilots(pilots),
            "pilot_count": pilot_count,
            "also_inspired": _practice_pilots(also_inspired),
            "same_theme": same_theme,
            "sdgs": practice.sdgs.all(),
            "compare_options": compare_options(exclude=[practice]),
            "compare_chosen": [practice],
            "compare_slots": range(1),
        },
    )


def compare(request):
    """Two or three practices side by side: theme, place, what was done, results and who copied them."""
    chosen, notices = choose(request.GET.getlist("p"))
    pilots = {}
    if chosen:
        prefetch_related_objects(chosen, "sdgs")
        for pilot in Pilot.objects.published().filter(practice__in=chosen).order_by("municipality__name"):
            pilots.setdefault(pilot.practice_id, []).append(pilot)
    columns = [
        {
            "practice": practice,
            "pilots": pilots.get(practice.pk, []),
            "remove_url": "?" + urlencode([("p", other.slug) for other in chosen if other != practice]),
        }
        for practice in chosen
    ]
    free_slots = MAX_COMPARED - len(chosen)
    return render(
        request,
        "practices/compare.html",
        {
            "columns": columns,
            "chosen": chosen,
            "notices": notices,
            "enough": len(chosen) >= MIN_COMPARED,
            "slots": range(max(free_slots, 0)),
            "compare_options": compare_options(exclude=chosen) if free_slots > 0 else [],
        },
    )


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    practices = BestPractice.objects.published().filter(theme=theme)
    page, notices = paginate(request, practices)
    countries = {pk: (code, name) for pk, code, name in choice_rows(Country, "code")}
    page.object_list = as_practice_cards(page.object_list, {theme.pk: (theme.number, theme.name)}, countries)
    return render(request, "practices/theme_detail.html", {"theme": theme, "page": page, "notices": notices})


def country_detail(request, code):
    country = get_object_or_404(Country, code=code.lower())
    practices = BestPractice.objects.published().filter(municipality__country=country)
    pilots = pilot_cards(Pilot.objects.published().filter(municipality__country=country))
    partners = list(Partner.objects.published().filter(country=country))
    themes = {pk: (int(number), name) for pk, number, name in choice_rows(Theme, "number")}
    return render(
        request,
        "practices/country_detail.html",
        {
            "country": country,
            "practices": as_practice_cards(practices[:SHORT_LIST], themes, {country.pk: (country.code, country.name)}),
            "practice_count": practices.count(),
            "pilots": as_pilot_cards(
                pilots[:SHORT_LIST], {pk: number for pk, (number, _name) in themes.items()}, {country.pk: country.name}
            ),
            "pilot_count": pilots.count(),
            "partners": partners,
        },
    )


def about(request):
    pilots = Pilot.objects.published()
    return render(
        request,
        "about.html",
        {
            "practice_count": BestPractice.objects.published().count(),
            "pilot_count": pilots.count(),
            "funders": Partner.objects.published().filter(kind__in=[Partner.Kind.FUNDER, Partner.Kind.LEAD]),
        },
    )
