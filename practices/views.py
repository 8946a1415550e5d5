"""Public pages for the practices, the themes and the comparison of practices."""

from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404

from delgosea.pagination import list_page, paginate, render_list

from .compare import MAX_COMPARED, MIN_COMPARED, choose, compare_options
from .filters import PracticeFilter
from .models import LONG_TEXTS, BestPractice, Theme

# Pages about something else (a practice, a country) list at most this many records of a kind, with a link to the
# full list: a page's size must not grow with the data.
SHORT_LIST = 12


def practice_list(request):
    practice_filter = PracticeFilter(request.GET, queryset=BestPractice.objects.published().for_cards())
    sort = practice_filter.data.get("sort", "")
    return list_page(request, practice_filter, "practices/bestpractice_list.html", sort=sort)


def practice_detail(request, slug):
    practice = get_object_or_404(BestPractice.objects.visible_to(request.user).defer("search_text"), slug=slug)
    copied = practice.pilots.visible_to(request.user).select_related("municipality__country")
    pilots = list(copied.by_place()[: SHORT_LIST + 1])
    pilot_count = copied.count() if len(pilots) > SHORT_LIST else len(pilots)
    same_theme = BestPractice.objects.published().filter(theme=practice.theme_id).exclude(pk=practice.pk)
    context = {
        "practice": practice,
        "pilots": pilots[:SHORT_LIST] if pilot_count > SHORT_LIST else pilots,
        "pilot_count": pilot_count,
        "also_inspired": practice.also_inspired.visible_to(request.user).select_related("municipality")[:SHORT_LIST],
        "same_theme": same_theme.defer(*LONG_TEXTS)[:SHORT_LIST],
        "sdgs": practice.sdgs.all(),
        "documents": practice.documents.published()[:SHORT_LIST],
        "compare_options": compare_options(exclude=[practice]),
        "compare_chosen": [practice],
        "compare_slots": range(1),
    }
    return render_list(request, "practices/bestpractice_detail.html", context)


def compare(request):
    """Two or three practices side by side: theme, place, what was done, results and who copied them."""
    chosen, notices = choose(request.GET.getlist("p"))
    prefetch_related_objects(chosen, "sdgs")
    columns = [
        {
            "practice": practice,
            "pilots": practice.pilots.published().by_place(),
            "remove_url": "?" + urlencode([("p", other.slug) for other in chosen if other != practice]),
        }
        for practice in chosen
    ]
    free_slots = MAX_COMPARED - len(chosen)
    context = {
        "columns": columns,
        "chosen": chosen,
        "notices": notices,
        "enough": len(chosen) >= MIN_COMPARED,
        "slots": range(max(free_slots, 0)),
        "compare_options": compare_options(exclude=chosen) if free_slots > 0 else [],
    }
    return render_list(request, "practices/compare.html", context)


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    page, notices = paginate(request, BestPractice.objects.published().for_cards().filter(theme=theme))
    return render_list(request, "practices/theme_detail.html", {"theme": theme, "page": page, "notices": notices})
