"""The pages that draw on every app: home, about and a country's page; and the bench's baseline."""

from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from partners.models import Partner
from pilots.models import Pilot
from pilots.transfer_map import is_cut
from practices.models import BestPractice, Country, Theme
from practices.views import SHORT_LIST


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
        "partners": Partner.objects.published().filter(country=country),
    }
    return render(request, "practices/country_detail.html", context)


def trivial(request):
    """`make bench`'s baseline: the cheapest response through the same server and middleware as every page."""
    return HttpResponse("ok\n", content_type="text/plain")
