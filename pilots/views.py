"""Public pages for pilots and for the transfers between practice cities and pilots."""

from html import escape
from typing import NamedTuple
from urllib.parse import urlencode

from csp.constants import SELF
from csp.utils import build_policy
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from modeltranslation.utils import build_localized_fieldname

from delgosea.links import slug_urls
from delgosea.lookups import Ids
from delgosea.pagination import paginate
from delgosea.sql import fixed_dicts
from delgosea.translated import columns, language_order, pick, plain, sentence
from practices.models import BestPractice

from .filters import PilotFilter, TransferFilter, chosen_transfers
from .models import Milestone, Pilot
from .transfer_map import build_map, is_cut

TRANSFERS_PER_PAGE = 20  # copied practices per page of the transfers table
PILOTS_PER_PRACTICE = 10  # pilots listed with each; the practice's page links to all of them
# What a pilot card shows (PilotCard): of the pilot, its place and the practice it copied. The theme and the
# country by id, looked up by as_pilot_cards(): joining their tables too made PostgreSQL plan a six-table join,
# which took it longer (1.5-2 ms) than running the query.
_CARD_COLUMNS = (
    "slug",
    "stage",
    "award",
    "practice__number",
    "practice__theme_id",
    "municipality__country_id",
    *columns("title", "municipality__name", "practice__title", "practice__municipality__name"),
)
# What a line of the transfers table shows of a pilot: its place, in either language, and its country by id.
_NAMES = ("municipality__country_id", *columns("municipality__name"))


class Copy(NamedTuple):
    """A pilot as a line of the transfers table lists it."""

    place: str
    country: str
    slug: str
    url: str


def _pilot_links(copies):
    """A transfers-table cell's pilots as links, one a line. Joined here rather than by a loop in the template:
    a page lists up to 200 of them, and the template language took a fifth of the page's time to fill them in.
    Escaped as the template escapes (Django's escape() is html.escape, plus handling for lazy and already safe
    strings, which these plain strings are not)."""
    return mark_safe(
        "<br>".join(f'<a href="{escape(c.url)}">{escape(c.place)}</a> ({escape(c.country)})' for c in copies)
    )


class PilotCard(NamedTuple):
    """A pilot as its card shows it (includes/pilot_cards.html), in the page's language."""

    slug: str
    url: str
    place: str
    country: str
    title: str
    stage: str
    award: str
    award_label: str
    theme: int
    copied: str  # "Copied practice 12, “…”, from Marikina City" (sentence())


def pilot_cards(queryset):
    """`queryset` in the order of the pilot lists: by place name. as_pilot_cards() reads a page of it."""
    return queryset.order_by("municipality__name", "slug")


def as_pilot_cards(pilots, theme_numbers, country_names):
    """`pilots` (a page of pilot_cards()) as PilotCards: one plain row each. Model instances of a pilot, its
    place, country, practice, theme and the practice's town cost more than reading and showing the cards.
    `theme_numbers` and `country_names` map the ids of the themes and countries to what the cards show (the
    filters' choice_rows() read them; a page without filters, those the cards can meet)."""
    pilot_url, order = slug_urls("pilots:pilot_detail"), language_order()
    stages, awards = dict(Pilot.Stage.choices), dict(Pilot.Award.choices)
    return [
        PilotCard(
            slug=row["slug"],
            url=pilot_url(row["slug"]),
            place=pick(row, "municipality__name", order),
            country=country_names[row["municipality__country_id"]],
            title=pick(row, "title", order),
            stage=stages.get(row["stage"], row["stage"]),
            award=row["award"],
            award_label=awards.get(row["award"], row["award"]),
            theme=theme_numbers[row["practice__theme_id"]],
            copied=sentence(
                gettext("Copied practice %(number)s, “%(title)s”, from %(city)s"),
                number=row["practice__number"],
                title=pick(row, "practice__title", order),
                city=pick(row, "practice__municipality__name", order),
            ),
        )
        for row in plain(pilots).values(*_CARD_COLUMNS)
    ]


def pilot_list(request):
    pilot_filter = PilotFilter(request.GET, queryset=pilot_cards(Pilot.objects.published()))
    page, page_notices = paginate(request, pilot_filter.qs, count=pilot_filter.count())
    page.object_list = as_pilot_cards(page.object_list, pilot_filter.theme_numbers, pilot_filter.country_names)
    return render(
        request,
        "pilots/pilot_list.html",
        {"filter": pilot_filter, "page": page, "notices": pilot_filter.notices + page_notices},
    )


class Step(NamedTuple):
    """A milestone as a pilot's timeline shows it, in the page's language."""

    date: object
    precision: str
    end_date: object
    title: str


class DrewOn(NamedTuple):
    """A practice a pilot also drew on, as its page links to it."""

    url: str
    number: int
    title: str
    place: str


# A pilot page's two lists, each compiled once (delgosea.sql) and given the pilot's id on each request: put
# together anew, they took nearly a third of the page's time.
def _steps_query(pilot_id):
    return (
        Milestone.objects.filter(pilot=pilot_id)
        .in_time_order()
        .values("date", "precision", "end_date", *columns("title"))
    )


def _drew_on_query(pilot_id):
    return (
        plain(BestPractice.objects.published().filter(also_inspired=pilot_id))
        .order_by("number")
        .values("slug", "number", *columns("title", "municipality__name"))
    )


def pilot_detail(request, slug):
    pilot = get_object_or_404(Pilot.objects.visible_to(request.user), slug=slug)
    order, practice_url = language_order(), slug_urls("practices:practice_detail")
    return render(
        request,
        "pilots/pilot_detail.html",
        {
            "pilot": pilot,
            "milestones": [
                Step(row["date"], row["precision"], row["end_date"], pick(row, "title", order))
                for row in fixed_dicts(_steps_query, values=(pilot.pk,))
            ],
            "also_drew_on": [
                DrewOn(
                    practice_url(row["slug"]),
                    row["number"],
                    pick(row, "title", order),
                    pick(row, "municipality__name", order),
                )
                for row in fixed_dicts(_drew_on_query, values=(pilot.pk,))
            ],
        },
    )


def _pilots_query(number, origin, countries):
    """The pilot list's query string for the pilots the transfers page counts for practice `number`, from country
    `origin`, under its country filter (a transfer with a chosen country at either end): all the practice's
    pilots when its own country is chosen (or none is), else its pilots in the chosen countries, so that "All N
    pilots" lists those N."""
    params = [("practice", number)]
    if countries and origin not in countries:
        params += [("country", code) for code in sorted(countries)]
    return urlencode(params)


class CopiedPractice(NamedTuple):
    """A copied practice as a row of the transfers table shows it, in the page's language."""

    pk: int
    url: str
    number: int
    title: str
    place: str
    country: str
    copies: int  # pilots that copied it, under the page's filter
    pilots_query: str  # the pilot list's query string for those pilots


def _all_pilots(count):
    return sentence(ngettext("All %(counter)s pilot", "All %(counter)s pilots", count), counter=count)


# A row of the transfers table, written here rather than by a template loop: filling in twenty rows of nine
# values took the template language 4% of the page's time. Escaped and localised as the template did it.
_TABLE_ROW = (
    "\n          <tr>"
    '\n            <th scope="row"><a href="{}">{}. {}</a></th>'
    "\n            <td>{}, {}</td>"
    "\n            <td>{}\n              {}</td>"
    "\n          </tr>\n        "
)
_ALL_PILOTS_LINK = '<br><a href="{}?{}">{}</a>'


def _table_rows(rows):
    """The transfers table's rows as HTML, from the rows of transfers()."""
    pilot_list_url = reverse("pilots:pilot_list")
    return [
        format_html(
            _TABLE_ROW,
            practice.url,
            localize(practice.number),
            practice.title,
            practice.place,
            practice.country,
            links,
            format_html(_ALL_PILOTS_LINK, pilot_list_url, practice.pilots_query, all_pilots) if all_pilots else "",
        )
        for practice, _copies, links, all_pilots in rows
    ]


def _first_pilots_query(themes, countries, language, count, practice_ids):
    """The first `count` pilots of each practice among `practice_ids` (Ids) that the transfers page shows under the
    choice of `themes` and `countries`, by place name in `language`, as a row lists them: up to 200 links a page,
    read as plain rows (model instances for them cost more than the rest of the page), by a query compiled once
    for each choice (delgosea.sql). With no filter, the shown pilots of these (published) practices are simply
    their published pilots: without the published() join to every practice, which PostgreSQL hashed whole (4 ms,
    against under 2)."""
    listed = chosen_transfers(themes, countries).qs if themes or countries else Pilot.objects.filter(published=True)
    return (
        plain(listed.filter(practice__pk__among=practice_ids))
        .order_by()
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=F("practice_id"),
                order_by=[F(build_localized_fieldname("municipality__name", language)).asc(), F("slug").asc()],
            )
        )
        .filter(place__lte=count)
        .values("slug", "practice_id", *_NAMES)
    )


def transfers(request):
    """Who copied what: a from-country × to-country table, the map, and the copied practices with their pilots,
    a page of practices at a time (at thousands of pilots, one table of every pair would be unreadable)."""
    transfer_filter = TransferFilter(request.GET, queryset=Pilot.objects.published())
    shown = transfer_filter.qs
    selected = set(transfer_filter.selected("country"))
    flows = {pair: total for pair, total in transfer_filter.flows().items() if not selected or selected & set(pair)}
    countries = transfer_filter.countries
    matrix = [
        {
            "origin": origin,
            "cells": [flows.get((origin.code, target.code), 0) for target in countries],
            "total": sum(flows.get((origin.code, target.code), 0) for target in countries),
        }
        for origin in countries
    ]
    if transfer_filter.active:
        copied = BestPractice.objects.published().filter(pk__in=shown.values("practice"))
        # Counted off the pilots' index: a pilot is public only with its practice, so the shown pilots'
        # distinct practices are the copied ones (half the time of counting the practices with pilots).
        copied_count = shown.order_by().aggregate(total=Count("practice", distinct=True))["total"]
        copied = copied.annotate(copies=shown.count_per_practice())
    else:  # every published pilot: the practices' counts of them, kept at write time
        copied = BestPractice.objects.published().filter(copy_count__gt=0)
        copied_count = copied.count()
        copied = copied.annotate(copies=F("copy_count"))
    page, page_notices = paginate(request, copied.order_by("number"), TRANSFERS_PER_PAGE, count=copied_count)
    # What a row shows, and the country code its "All N pilots" link needs: plain rows, as for the pilots below,
    # with the country by id, looked up in the rows the filter read (as the cards do).
    chosen = {country.code for country in countries} & selected  # not the codes the filter ignored
    by_id = {country.pk: country for country in countries}
    practice_url, order = slug_urls("practices:practice_detail"), language_order()
    page.object_list = [
        CopiedPractice(
            pk=row["pk"],
            url=practice_url(row["slug"]),
            number=row["number"],
            title=pick(row, "title", order),
            place=pick(row, "municipality__name", order),
            country=transfer_filter.country_names[row["municipality__country_id"]],
            copies=row["copies"],
            pilots_query=_pilots_query(row["number"], by_id[row["municipality__country_id"]].code, chosen),
        )
        for row in plain(page.object_list).values(
            "pk", "slug", "number", "copies", "municipality__country_id", *columns("title", "municipality__name")
        )
    ]
    first_pilots = fixed_dicts(
        _first_pilots_query,
        *transfer_filter.choice(),
        get_language()[:2],
        PILOTS_PER_PRACTICE,
        values=(Ids(practice.pk for practice in page),),
    )
    pilot_url = slug_urls("pilots:pilot_detail")
    by_practice = {}
    for row in first_pilots:
        by_practice.setdefault(row["practice_id"], []).append(
            Copy(
                place=pick(row, "municipality__name", order),
                country=transfer_filter.country_names[row["municipality__country_id"]],
                slug=row["slug"],
                url=pilot_url(row["slug"]),
            )
        )
    rows = []
    for practice in page:
        copies = sorted(by_practice.get(practice.pk, []), key=lambda copy: (copy.place, copy.slug))
        # Past the pilots listed, a link to all of them.
        more = practice.copies > len(copies)
        rows.append((practice, copies, _pilot_links(copies), _all_pilots(practice.copies) if more else ""))
    return render(
        request,
        "pilots/transfers.html",
        {
            "rows": rows,
            "table_rows": _table_rows(rows),
            "page": page,
            "total": sum(flows.values()),
            "countries": countries,
            "matrix": matrix,
            "column_totals": [sum(flows.get((o.code, t.code), 0) for o in countries) for t in countries],
            "cross_border": sum(total for (origin, target), total in flows.items() if origin != target),
            "filter": transfer_filter,
            "notices": transfer_filter.notices + page_notices,
            "map_query": map_query(transfer_filter),
            "map_cut": is_cut(transfer_filter.map_practices(), sum(flows.values())),
        },
    )


def map_query(transfer_filter):
    """The query string of the transfers map that goes with a page filtered by `transfer_filter`: only the
    values the filter understood, so every page of one filter shares one map (and one cache entry)."""
    return urlencode([(name, value) for name in ("theme", "country") for value in transfer_filter.selected(name)])


@xframe_options_sameorigin
def transfer_map(request):
    """The transfer map as an SVG document, for the frame on the home and transfers pages, filtered as the
    transfers page is: every best practice and pilot of the filter, and the transfers between them. A page of
    its own so those pages stay small, and one map serves every page of a list."""
    transfer_filter = TransferFilter(request.GET, queryset=Pilot.objects.published())
    response = render(
        request,
        "pilots/transfer_map.svg",
        {
            "map": build_map(transfer_filter),
            "selected_countries": transfer_filter.selected("country"),
        },
        content_type="image/svg+xml; charset=utf-8",
    )
    # The site's policy with one change: the portal's own pages may frame the map (no other page may be framed).
    # Set here rather than by a csp decorator: the page cache keeps headers, not response attributes.
    response["Content-Security-Policy"] = build_policy(replace={"frame-ancestors": [SELF]})
    return response
