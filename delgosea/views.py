"""The pages that draw on every app: home, about, a country's and a place's pages; and the bench's baseline."""

import sys
from urllib.parse import urlencode

from django.db import InterfaceError, OperationalError
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.defaults import server_error as default_server_error

from documents.models import Document
from partners.models import Partner
from pilots.models import Pilot
from pilots.transfer_map import is_cut
from practices.filters import MunicipalityFilter
from practices.models import LONG_TEXTS, BestPractice, Country, Municipality, Theme
from practices.search import search_terms
from practices.views import SHORT_LIST

from .filters import search_text
from .middleware import database_unavailable
from .pagination import list_page, render_list
from .search import search_everything, suggestions


def home(request):
    themes = list(Theme.objects.annotate(practice_count=Count("practices", filter=Q(practices__published=True))))
    practices, pilots = BestPractice.objects.published(), Pilot.objects.published()
    countries = Country.objects.filter(
        Q(pk__in=practices.values("municipality__country")) | Q(pk__in=pilots.values("municipality__country"))
    )
    pilot_numbers = pilots.aggregate(
        pilots=Count("pk"),
        cross_border=Count("pk", filter=~Q(municipality__country=F("practice__municipality__country"))),
    )
    numbers = {
        "practices": sum(theme.practice_count for theme in themes),
        "countries": countries.count(),
        **pilot_numbers,
    }
    context = {
        "numbers": numbers,
        "themes": themes,
        "legend_themes": [(theme.number, theme.name) for theme in themes],
        "map_cut": is_cut(numbers["practices"], numbers["pilots"]),
    }
    return render(request, "practices/home.html", context)


def about(request):
    context = {
        "practice_count": BestPractice.objects.published().count(),
        "pilot_count": Pilot.objects.published().count(),
        "funders": Partner.objects.published().filter(kind__in=[Partner.Kind.FUNDER, Partner.Kind.LEAD]),
    }
    return render(request, "about.html", context)


def country_detail(request, code):
    country = get_object_or_404(Country, code=code.lower())
    practices = BestPractice.objects.published().filter(municipality__country=country)
    pilots = Pilot.objects.published().filter(municipality__country=country)
    context = {
        "country": country,
        "practices": practices.for_cards()[:SHORT_LIST],
        "practice_count": practices.count(),
        "pilots": pilots.for_cards()[:SHORT_LIST],
        "pilot_count": pilots.count(),
        "partners": Partner.objects.published().filter(country=country).by_name(),
    }
    return render(request, "practices/country_detail.html", context)


def municipality_list(request):
    """Every local government the public can read about, A–Z in the page's language (Thai in dictionary order)."""
    place_filter = MunicipalityFilter(request.GET, queryset=Municipality.objects.published().by_name())
    return list_page(request, place_filter, "practices/municipality_list.html")


def municipality_detail(request, slug):
    """A local government: its names, what it is known for and what it copied."""
    place = get_object_or_404(Municipality.objects.visible_to(request.user), slug=slug)
    practices = place.practices.visible_to(request.user).defer(*LONG_TEXTS).order_by("number")
    pilots = place.pilots.visible_to(request.user).defer(*(f"practice__{name}" for name in LONG_TEXTS))
    # Documents about the place itself, its practices or its pilots.
    about = Q(municipalities=place) | Q(practices__municipality=place) | Q(pilots__municipality=place)
    context = {
        "place": place,
        "practices": practices[:SHORT_LIST],
        "pilots": pilots.order_by("slug")[:SHORT_LIST],
        "documents": Document.objects.published().filter(about).distinct()[:SHORT_LIST],
    }
    return render(request, "practices/municipality_detail.html", context)


def search(request):
    """One search box for everything: results grouped by kind, each group linked to its own list searched alike."""
    notices = []
    text = search_text(request.GET.getlist("q"), notices)
    query = "?" + urlencode({"q": text})
    lists = {"pilots": "pilots:pilot_list", "places": "municipality_list", "practices": "practices:practice_list"}
    urls = {kind: reverse(name) + query for kind, name in lists.items()}
    groups = search_everything(text, urls) if search_terms(text) else []
    found = any(group.results for group in groups)
    context = {
        "query": text,
        "groups": groups if found else [],
        "suggestions": suggestions(text) if groups and not found else [],
        "notices": notices,
    }
    return render_list(request, "search.html", context)


def trivial(request):
    """`make bench`'s baseline: the cheapest response through the same server and middleware as every page."""
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """handler500. A database failure outside any view (the session or user loaded by middleware, the session
    saved after the view) reaches Django's error handler, not DatabaseUnavailableMiddleware: it too answers
    503 with Retry-After. Django calls this inside its `except` block, so the exception is sys.exception()."""
    if isinstance(sys.exception(), OperationalError | InterfaceError):
        return database_unavailable(request)
    return default_server_error(request)
