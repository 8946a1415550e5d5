"""The transfer map: Southeast Asia drawn by the portal itself, as an SVG built on the server.

Country outlines come from static/map/southeast-asia.json (Natural Earth, see scripts/build_map.py).
On top: every published best practice and pilot at its local government's latitude and longitude, and a
curved line from each practice city to each pilot city that copied it, coloured by the practice's theme.
The map costs three queries whatever the data, and its size is bounded: lines are aggregated by city pair
and theme, and each layer is capped (the tables beside the map list everything).
"""

import functools
import json
import math
from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.db.models import Count, Min
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# TEMPORARY until the map's rewrite lands: the old query helpers are gone.
slug_urls = fixed_dicts = columns = language_order = pick = plain = chosen_transfers = None

MAP_FILE = settings.BASE_DIR / "static" / "map" / "southeast-asia.json"
# A 700-pixel map shows no more than this usefully, and the page stays small (the map about 100 KB at most).
MAX_POINTS = 60  # per layer (practices, pilots)
MAX_LINES = 150
PARTNER_COUNTRIES = {"id", "kh", "ph", "th", "vn"}
CURVE = 0.18  # how far a line bows out, as a share of its length


@functools.cache
def outlines():
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


# Each point and line of the map is written here, not by the template's loops: a map has up to 270 of them with
# eight values each, and filling those in took the template language a third of the map's time. The texts and
# addresses are escaped as the template escaped them (Django's escape() is html.escape); the numbers, the curves
# and the anchors are the portal's own and need none.
POINT_SVG = (
    '<a href="{url}" target="_top"><title>{label}</title>{shape}<text class="map-label" x="{x}" y="{y}" '
    'dx="{dx}" dy="5" text-anchor="{anchor}">{short}</text></a>'
)
PRACTICE_SHAPE = '<circle class="map-practice map-theme-{theme}" cx="{x}" cy="{y}" r="7"/>'
PILOT_SHAPE = (
    '<rect class="map-pilot map-theme-{theme}" x="{x}" y="{y}" width="10" height="10" '
    'transform="rotate(45 {x} {y}) translate(-5 -5)"/>'
)
LINE_SVG = (
    '<a href="{url}" target="_top"><title>{label}</title><path class="map-line map-theme-{theme}" d="{d}" '
    'stroke-width="{width}" marker-end="url(#map-arrow-{theme})"/><text class="map-label" x="{x}" y="{y}" '
    'text-anchor="{anchor}">{short}</text></a>'
)


def svg_number(value):
    """A coordinate as SVG reads it: with a full stop in every language. Written once here, not localised by
    the template at each use (a map has a thousand of them: a third of the time to render it)."""
    return str(value)


@dataclass
class Point:
    x: float
    y: float
    label: str  # the full name, for the link's <title>
    short: str  # shown beside the point on hover and keyboard focus
    url: str
    theme: int
    shape: str  # PRACTICE_SHAPE or PILOT_SHAPE

    @property
    def anchor(self):
        """Labels on the right half of the map extend to the left, so they stay inside it."""
        return "end" if self.x > outlines()["width"] / 2 else "start"

    @property
    def svg(self):
        """The point as an SVG link: its shape, and its short label beside it, on the side away from the edge."""
        x, y, anchor = svg_number(self.x), svg_number(self.y), self.anchor
        return mark_safe(
            POINT_SVG.format(
                url=escape(self.url),
                label=escape(self.label),
                shape=self.shape.format(theme=self.theme, x=x, y=y),
                x=x,
                y=y,
                dx="-11" if anchor == "end" else "11",
                anchor=anchor,
                short=escape(self.short),
            )
        )


@dataclass
class Line:
    d: str
    label: str  # the full description, for the link's <title>
    short: str  # shown along the line on hover and keyboard focus
    url: str
    theme: int
    count: int
    middle: tuple

    @property
    def width(self):
        """Routes copied more often are drawn thicker, growing slowly: as SVG writes it (see svg_number)."""
        return svg_number(round(2 + math.log2(self.count), 1))

    @property
    def anchor(self):
        return "end" if self.middle[0] > outlines()["width"] / 2 else "start"

    @property
    def svg(self):
        """The line as an SVG link: its curve with an arrowhead, and its short label at its middle."""
        x, y = (svg_number(value) for value in self.middle)
        return mark_safe(
            LINE_SVG.format(
                url=escape(self.url),
                label=escape(self.label),
                theme=self.theme,
                d=self.d,
                width=self.width,
                x=x,
                y=y,
                anchor=self.anchor,
                short=escape(self.short),
            )
        )


@dataclass
class TransferMap:
    width: int
    height: int
    countries: list
    practices: list
    pilots: list
    lines: list
    line_themes: list  # one arrowhead marker per theme drawn


def project(latitude, longitude):
    base = outlines()
    bounds, scale = base["bounds"], base["scale"]
    return (
        round((float(longitude) - bounds["west"]) * scale, 1),
        round((bounds["north"] - float(latitude)) * scale, 1),
    )


def curve(start, end):
    """A quadratic curve bowing to the left of the direction of travel, so A→B and B→A stay apart.

    Returns the path data and the curve's midpoint (where its label goes)."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    cx, cy = (x1 + x2) / 2 + dy * CURVE, (y1 + y2) / 2 - dx * CURVE
    middle = (round((x1 + 2 * cx + x2) / 4, 1), round((y1 + 2 * cy + y2) / 4, 1))
    return f"M{x1} {y1}Q{cx:.1f} {cy:.1f} {x2} {y2}", middle


def _in_frame(prefix=""):
    bounds = outlines()["bounds"]
    return {
        f"{prefix}latitude__gte": bounds["south"],
        f"{prefix}latitude__lte": bounds["north"],
        f"{prefix}longitude__gte": bounds["west"],
        f"{prefix}longitude__lte": bounds["east"],
    }


# The map's three queries, for the practices and pilots a choice of filters shows, up to a limit. Each depends on
# those values alone, so it is compiled once for each (delgosea.sql): put together anew on every request, they
# took more than a third of the map's time.
# Only the columns the map needs are read (the practices' long texts stay in the database), with the theme and
# country by id, looked up in the filter's rows: joining those two small tables as well made PostgreSQL take
# longer to plan each query than to run it.


def _practices_query(themes, countries, limit):
    return (
        plain(chosen_transfers(themes, countries).map_practices().filter(**_in_frame("municipality__")))
        .order_by("number")
        .values(
            "number",
            "slug",
            "theme_id",
            "municipality__latitude",
            "municipality__longitude",
            "municipality__country_id",
            *columns("title", "municipality__name"),
        )[:limit]
    )


def _pilots_query(themes, countries, limit):
    return (
        plain(chosen_transfers(themes, countries).qs.filter(**_in_frame("municipality__")))
        .order_by("slug")
        .values(
            "slug",
            "practice__number",
            "practice__theme_id",
            "municipality__latitude",
            "municipality__longitude",
            "municipality__country_id",
            *columns("municipality__name", "practice__municipality__name"),
        )[:limit]
    )


def _pairs_query(themes, countries, limit):
    """Transfers between two towns on the map, by town pair and theme, the most copied routes first."""
    pilots = chosen_transfers(themes, countries).qs
    return (
        plain(pilots.filter(**_in_frame("municipality__"), **_in_frame("practice__municipality__")))
        .order_by()
        .values(
            "practice__municipality_id",
            "municipality_id",
            "practice__theme_id",
            "practice__municipality__latitude",
            "practice__municipality__longitude",
            "municipality__latitude",
            "municipality__longitude",
            *columns("practice__municipality__name", "municipality__name"),
        )
        .annotate(count=Count("pk"), first_slug=Min("slug"))
        .order_by("-count", "first_slug")[:limit]
    )


def _practice_rows(choice, theme_numbers, country_names):
    """Practices with a place on the map, as flat rows, up to the cap."""
    order = language_order()
    return [
        {
            "number": row["number"],
            "slug": row["slug"],
            "theme": theme_numbers[row["theme_id"]],
            "title": pick(row, "title", order),
            "place": pick(row, "municipality__name", order),
            "country": country_names[row["municipality__country_id"]],
            "latitude": row["municipality__latitude"],
            "longitude": row["municipality__longitude"],
        }
        for row in fixed_dicts(_practices_query, *choice, MAX_POINTS)
    ]


def _pilot_rows(choice, theme_numbers, country_names):
    """Pilots with a place on the map, as flat rows, up to the cap."""
    order = language_order()
    return [
        {
            "slug": row["slug"],
            "number": row["practice__number"],
            "theme": theme_numbers[row["practice__theme_id"]],
            "place": pick(row, "municipality__name", order),
            "country": country_names[row["municipality__country_id"]],
            "origin": pick(row, "practice__municipality__name", order),
            "latitude": row["municipality__latitude"],
            "longitude": row["municipality__longitude"],
        }
        for row in fixed_dicts(_pilots_query, *choice, MAX_POINTS)
    ]


def is_cut(practices, pilots):
    """Whether a map of this many practices and pilots leaves some out (there are no more lines than pilots),
    for the pages that frame the map to say so. `practices` is a number or a queryset, which is counted only
    up to one past the cap, and only when the pilots alone do not answer: all this needs to know."""
    if pilots > MAX_POINTS or pilots > MAX_LINES:
        return True
    if not isinstance(practices, int):
        practices = practices[: MAX_POINTS + 1].count()
    return practices > MAX_POINTS


def build_map(transfer_filter):
    """The map of the published practices and pilots that `transfer_filter` (a pilots.filters.TransferFilter)
    shows, named in the page's language."""
    base = outlines()
    choice = transfer_filter.choice()
    theme_numbers, country_names = transfer_filter.theme_numbers, transfer_filter.country_names
    practice_rows = _practice_rows(choice, theme_numbers, country_names)
    pilot_rows = _pilot_rows(choice, theme_numbers, country_names)
    pair_rows = fixed_dicts(_pairs_query, *choice, MAX_LINES)
    practice_url, pilot_url = slug_urls("practices:practice_detail"), slug_urls("pilots:pilot_detail")
    all_transfers = reverse("transfers") + "#by-pilot"
    order = language_order()

    # Each text is looked up in the catalogue once for the map, not once for each point or line it names: a lookup
    # costs 2-4 µs (Django finds the active language through a context-local), and a map has up to 270 of them.
    practice_label = _("Best practice %(number)s: %(title)s — %(place)s, %(country)s")
    practice_short = _("%(place)s: practice %(number)s")
    practice_points = []
    for row in practice_rows:
        x, y = project(row["latitude"], row["longitude"])
        url = practice_url(row["slug"])
        practice_points.append(
            Point(x, y, practice_label % row, practice_short % row, url, row["theme"], PRACTICE_SHAPE)
        )

    pilot_label = _("Pilot: %(place)s, %(country)s — copied practice %(number)s from %(origin)s")
    pilot_short = _("%(place)s: pilot")
    pilot_points = []
    for row in pilot_rows:
        x, y = project(row["latitude"], row["longitude"])
        url = pilot_url(row["slug"])
        pilot_points.append(Point(x, y, pilot_label % row, pilot_short % row, url, row["theme"], PILOT_SHAPE))

    line_labels = {}  # by number of transfers: the plural a language uses for it
    lines = []
    for row in pair_rows:
        if row["practice__municipality_id"] == row["municipality_id"]:
            continue  # a city copying itself has no line to draw
        start = project(row["practice__municipality__latitude"], row["practice__municipality__longitude"])
        end = project(row["municipality__latitude"], row["municipality__longitude"])
        names = {
            "origin": pick(row, "practice__municipality__name", order),
            "target": pick(row, "municipality__name", order),
        }
        count = row["count"]
        if count not in line_labels:
            line_labels[count] = ngettext(
                "%(count)s transfer from %(origin)s to %(target)s",
                "%(count)s transfers from %(origin)s to %(target)s",
                count,
            )
        label = line_labels[count] % {"count": count, **names}
        url = pilot_url(row["first_slug"]) if count == 1 else all_transfers
        d, middle = curve(start, end)
        short = f"{names['origin']} → {names['target']}"
        lines.append(Line(d, label, short, url, theme_numbers[row["practice__theme_id"]], count, middle))

    countries = [
        {"d": country["d"], "partner": country["code"] in PARTNER_COUNTRIES, "code": country["code"]}
        for country in base["countries"]
    ]
    return TransferMap(
        base["width"],
        base["height"],
        countries,
        practice_points,
        pilot_points,
        lines,
        sorted({line.theme for line in lines}),
    )
