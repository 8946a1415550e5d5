"""Public pages for the pilots and for the transfers between best-practice cities and pilots."""

from urllib.parse import urlencode

from csp.constants import SELF
from csp.utils import build_policy
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.views.decorators.clickjacking import xframe_options_sameorigin

from delgosea.pagination import list_page, paginate, render_list
from practices.models import LONG_TEXTS, BestPractice
from practices.views import SHORT_LIST

from .filters import PilotFilter, TransferFilter
from .models import Pilot
from .transfer_map import build_map, is_cut

TRANSFERS_PER_PAGE = 20  # copied practices per page of the transfers table
PILOTS_PER_PRACTICE = 10  # pilots listed with each; "All N pilots" links to the rest


def pilot_list(request):
    pilot_filter = PilotFilter(request.GET, queryset=Pilot.objects.published().for_cards())
    return list_page(request, pilot_filter, "pilots/pilot_list.html")


def pilot_detail(request, slug):
    pilot = get_object_or_404(Pilot.objects.visible_to(request.user), slug=slug)
    context = {
        "pilot": pilot,
        "milestones": pilot.milestones.in_time_order(),
        "also_drew_on": pilot.also_drew_on.published().defer(*LONG_TEXTS).order_by("number"),
        "documents": pilot.documents.published()[:SHORT_LIST],
    }
    return render_list(request, "pilots/pilot_detail.html", context)


def _pilots_query(practice, countries, targets):
    """The pilot list's query string for the pilots the transfers page counts for `practice` under its country
    filters, so that "All N pilots" lists those N: those in a chosen country of the pilot (`to`), and in a chosen
    country (either end) unless the practice's own country is chosen."""
    if countries and practice.municipality.country.code not in countries:
        targets = targets & countries if targets else countries
    return urlencode([("practice", practice.number)] + [("country", code) for code in sorted(targets)])


def transfers_query(transfer_filter, **changes):
    """The transfers page's query string for the values `transfer_filter` understood (so that every page of one
    filter shares one map and one cache entry), some filters' values replaced by `changes`, without a page: the
    map's and the country table's links."""
    chosen = {name: transfer_filter.selected(name) for name in transfer_filter.filters} | changes
    return urlencode([(name, value) for name, values in chosen.items() for value in values])


def _country_table(transfer_filter, flows):
    """The from-country × to-country table, each count with the query string of the transfers it counts."""
    countries = transfer_filter.filters["country"].field.choices  # (code, name), already read
    codes = [code for code, _name in countries]
    into = {target: sum(flows.get((origin, target), 0) for origin in codes) for target in codes}
    rows = [
        {
            "code": origin,
            "origin": name,
            "cells": [
                {
                    "count": flows.get((origin, target), 0),
                    "target": target_name,
                    "query": transfers_query(transfer_filter, **{"from": [origin], "to": [target]}),
                }
                for target, target_name in countries
            ],
            "total": sum(flows.get((origin, target), 0) for target in codes),
            "query": transfers_query(transfer_filter, **{"from": [origin]}),
        }
        for origin, name in countries
    ]
    columns = [
        {"count": into[code], "target": name, "query": transfers_query(transfer_filter, to=[code])}
        for code, name in countries
    ]
    return rows, columns


def transfers(request):
    """Who copied what: a from-country × to-country table, the map, and the copied practices with their pilots, a
    page of practices at a time."""
    transfer_filter = TransferFilter(request.GET, queryset=Pilot.objects.published())
    shown = transfer_filter.qs
    flows = transfer_filter.flows()
    matrix, column_totals = _country_table(transfer_filter, flows)
    per_practice = shown.filter(practice=OuterRef("pk")).order_by().values("practice").annotate(n=Count("pk"))
    # A row names each pilot's town and country only.
    first_pilots = shown.select_related(None).select_related("municipality__country").by_place()
    copied = (
        BestPractice.objects.published()
        .filter(pk__in=shown.values("practice"))
        .annotate(copies=Subquery(per_practice.values("n")))
        .defer(*LONG_TEXTS)
        .prefetch_related(Prefetch("pilots", first_pilots[:PILOTS_PER_PRACTICE], to_attr="first_pilots"))
    )
    page, page_notices = paginate(request, copied, TRANSFERS_PER_PAGE)
    countries, targets = set(transfer_filter.selected("country")), set(transfer_filter.selected("to"))
    for practice in page:
        practice.pilots_query = _pilots_query(practice, countries, targets)
    total = sum(flows.values())
    context = {
        "page": page,
        "total": total,
        "countries": transfer_filter.filters["country"].field.choices,
        "matrix": matrix,
        "column_totals": column_totals,
        "cross_border": sum(count for (origin, target), count in flows.items() if origin != target),
        "filter": transfer_filter,
        "notices": transfer_filter.notices + page_notices,
        "map_query": transfers_query(transfer_filter),
        "map_cut": is_cut(transfer_filter.map_practices(), total),
    }
    return render_list(request, "pilots/transfers.html", context)


@xframe_options_sameorigin
def transfer_map(request):
    """The transfer map as an SVG document, framed by the home and transfers pages and filtered as the transfers
    page is: a page of its own so those pages stay small, and one map serves every page of a list."""
    transfer_filter = TransferFilter(request.GET, queryset=Pilot.objects.published())
    context = {"map": build_map(transfer_filter), "notices": transfer_filter.notices}
    response = render_list(request, "pilots/transfer_map.svg", context, content_type="image/svg+xml; charset=utf-8")
    # The portal's own pages may frame the map (no other page may be framed). A header, not a csp decorator: the
    # page cache keeps headers, not response attributes.
    response["Content-Security-Policy"] = build_policy(replace={"frame-ancestors": [SELF]})
    return response
