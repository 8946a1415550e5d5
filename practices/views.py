"""Public pages for the home page, practices, themes, countries and the About page."""

from collections import Counter, defaultdict
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render

from delgosea.pagination import paginate
from delgosea.translated import columns
from partners.models import Partner
from pilots.models import Pilot
from pilots.transfer_map import is_cut
from pilots.views import as_cards, pilot_cards

from . import tallies
from .compare import MAX_COMPARED, MIN_COMPARED, choose, compare_options
from .filters import PracticeFilter
from .models import BestPractice, Country, Sdg, Theme

# Lists show at most this many records of a kind on a page about something else (a practice, a country),
# with a link to the full, paginated list: a page's size must not grow with the data.
SHORT_LIST = 12


# What a practice card shows (includes/practice_card.html), and all that its list reads of a practice, its
# theme and its place: not the long body sections nor the search text, the widest columns, nor the columns of
# the joined rows that no card shows (a theme's description, a town's population notes).
_CARD_FIELDS = (
    "slug",
    "number",
    "title",
    "summary",
    "theme__number",
    "theme__name",
    "municipality__name",
    "municipality__country__code",
    "municipality__country__name",
    "copy_count",
)


# What a link to a pilot shows: its place's name.
_PILOT_LINK = ("slug", "municipality__name")


def practice_cards(queryset):
    """`queryset` as the practice cards of a list need it; with_goals() adds the goals of the cards shown."""
    return queryset.only(*_CARD_FIELDS)


def with_goals(practices):
    """`practices` (the cards of one page) as a list, each with `goals`: the goals it serves, in order. One
    query of plain rows; prefetch_related("sdgs") built a model instance per card and goal and took twice as
    long (3.4 against 1.7 ms for 20 cards)."""
    practices = list(practices)
    goals, by_practice = {}, defaultdict(list)
    rows = (
        BestPractice.sdgs.through.objects.filter(bestpractice__in=practices)
        .order_by("sdg__number")
        .values_list("bestpractice_id", "sdg_id", "sdg__number", *columns("sdg__name"))
    )
    for practice_id, sdg_id, number, *names in rows:
        if sdg_id not in goals:
            goals[sdg_id] = Sdg(id=sdg_id, number=number, **dict(zip(columns("name"), names, strict=True)))
        by_practice[practice_id].append(goals[sdg_id])
    for practice in practices:
        practice.goals = by_practice[practice.pk]
    return practices


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
    queryset = practice_cards(BestPractice.objects.published())
    practice_filter = PracticeFilter(request.GET, queryset=queryset)
    page, page_notices = paginate(request, practice_filter.qs, count=practice_filter.count())
    page.object_list = with_goals(page.object_list)
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
    visible_pilots = Pilot.objects.visible_to(request.user)
    practices = BestPractice.objects.visible_to(request.user).defer("search_text")
    if request.user.is_staff:  # drafts too: counted live
        practices = practices.annotate(pilot_count=visible_pilots.count_per_practice())
    practice = get_object_or_404(practices, slug=slug)
    # The public's count is the one kept at write time.
    pilot_count = practice.pilot_count if request.user.is_staff else practice.copy_count
    # The pilots' own practice is this one, or is not shown: join only their place. Planning the default
    # seven-table join took PostgreSQL 5 ms per query, fifty times the time to run it.
    pilots = (
        visible_pilots.filter(practice=practice)
        .select_related(None)
        .select_related("municipality__country")
        .only(*_PILOT_LINK, "title", "stage", "award", "municipality__country__code", "municipality__country__name")
        .order_by("municipality__name")
    )
    also_inspired = (
        visible_pilots.filter(also_drew_on=practice)
        .select_related(None)
        .select_related("municipality")
        .only(*_PILOT_LINK)[:SHORT_LIST]
    )
    same_theme = (
        BestPractice.objects.published()
        .select_related(None)
        .select_related("municipality__country")
        .filter(theme=practice.theme)
        .exclude(pk=practice.pk)
        .only("slug", "number", "title", "municipality__name", "municipality__country__name")[:SHORT_LIST]
    )
    return render(
        request,
        "practices/bestpractice_detail.html",
        {
            "practice": practice,
            "pilots": pilots[:SHORT_LIST] if pilot_count > SHORT_LIST else pilots,
            "pilot_count": pilot_count,
            "also_inspired": also_inspired,
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
    practices = practice_cards(BestPractice.objects.published().filter(theme=theme))
    page, notices = paginate(request, practices)
    page.object_list = with_goals(page.object_list)
    return render(request, "practices/theme_detail.html", {"theme": theme, "page": page, "notices": notices})


def country_detail(request, code):
    country = get_object_or_404(Country, code=code.lower())
    practices = practice_cards(BestPractice.objects.published().filter(municipality__country=country))
    pilots = pilot_cards(Pilot.objects.published().filter(municipality__country=country))
    partners = list(Partner.objects.published().filter(country=country))
    return render(
        request,
        "practices/country_detail.html",
        {
            "country": country,
            "practices": with_goals(practices[:SHORT_LIST]),
            "practice_count": practices.count(),
            "pilots": as_cards(pilots[:SHORT_LIST]),
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
