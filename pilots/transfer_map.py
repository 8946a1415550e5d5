"""The transfer map: Southeast Asia drawn by the portal itself, as an SVG document (templates/pilots/transfer_map.svg).

Country outlines come from static/map/southeast-asia.json (Natural Earth, see scripts/build_map.py).
On top: every published best practice and pilot at its local government's latitude and longitude, and a
curved line from each practice city to each pilot city that copied it, coloured by the practice's theme.
Its size is bounded whatever the data: lines are aggregated by city pair and theme, and each layer is capped
(the tables beside the map list everything).
"""

import functools
import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAP_FILE = settings.BASE_DIR / "static" / "map" / "southeast-asia.json"
# A 700-pixel map shows no more than this usefully, and the page stays small (the map about 100 KB at most).
MAX_POINTS = 60  # per layer (practices, pilots)
MAX_LINES = 150
PARTNER_COUNTRIES = {"id", "kh", "ph", "th", "vn"}
CURVE = 0.18  # how far a line bows out, as a share of its length


@functools.cache
def outlines():
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


@dataclass
class Point:
    x: float
    y: float
    label: str  # the full name, for the link's <title>
    short: str  # shown beside the point (or along the line) on hover and keyboard focus
    url: str
    theme: int

    @property
    def anchor(self):
        """Labels on the right half of the map extend to the left, so they stay inside it."""
        return "end" if self.x > outlines()["width"] / 2 else "start"


@dataclass
class Line(Point):  # x and y are the curve's middle, where its label goes
    d: str
    width: float  # routes copied more often are drawn thicker


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


# What the map reads of a town. Each query joins only what it reads (select_related(None) drops the joins that
# published() adds for the list pages).
TOWN = ("municipality__name", "municipality__latitude", "municipality__longitude")
PLACE = (*TOWN, "municipality__country__name")


def _practice_points(practices):
    practices = (
        practices.filter(**_in_frame("municipality__"))
        .select_related(None)
        .select_related("theme", "municipality__country")
        .only("number", "slug", "title", "theme__number", *PLACE)
        .order_by("number")[:MAX_POINTS]
    )
    label = _("Best practice %(number)s: %(title)s — %(place)s, %(country)s")
    short = _("%(place)s: practice %(number)s")
    points = []
    for practice in practices:
        town = practice.municipality
        names = {"number": practice.number, "title": practice.title, "place": town.name, "country": town.country.name}
        x, y = project(town.latitude, town.longitude)
        points.append(Point(x, y, label % names, short % names, practice.get_absolute_url(), practice.theme.number))
    return points


def _pilot_points(pilots):
    pilots = (
        pilots.filter(**_in_frame("municipality__"))
        .select_related(None)
        .select_related("municipality__country", "practice__theme", "practice__municipality")
        .only("slug", "practice__number", "practice__theme__number", "practice__municipality__name", *PLACE)
        .order_by("slug")[:MAX_POINTS]
    )
    label = _("Pilot: %(place)s, %(country)s — copied practice %(number)s from %(origin)s")
    short = _("%(place)s: pilot")
    points = []
    for pilot in pilots:
        town, practice = pilot.municipality, pilot.practice
        names = {
            "place": town.name,
            "country": town.country.name,
            "number": practice.number,
            "origin": practice.municipality.name,
        }
        x, y = project(town.latitude, town.longitude)
        points.append(Point(x, y, label % names, short % names, pilot.get_absolute_url(), practice.theme.number))
    return points


def _lines(pilots):
    """Transfers between two towns on the map, one line for each town pair and theme, the most copied first:
    each drawn from the first pilot of its group (by slug), which carries the group's size."""
    group = ["practice__municipality", "municipality", "practice__theme"]
    firsts = (
        pilots.filter(**_in_frame("municipality__"), **_in_frame("practice__municipality__"))
        .annotate(
            count=Window(Count("pk"), partition_by=group),
            rank=Window(RowNumber(), partition_by=group, order_by="slug"),
        )
        .filter(rank=1)
        .select_related(None)
        .select_related("municipality", "practice__municipality", "practice__theme")
        .only("slug", "practice__theme__number", *TOWN, *(f"practice__{field}" for field in TOWN))
        .order_by("-count", "slug")[:MAX_LINES]
    )
    all_transfers = reverse("pilots:transfers") + "#by-pilot"
    lines = []
    for pilot in firsts:
        origin, target, count = pilot.practice.municipality, pilot.municipality, pilot.count
        if origin.pk == target.pk:
            continue  # a city copying itself has no line to draw
        label = ngettext(
            "%(count)s transfer from %(origin)s to %(target)s",
            "%(count)s transfers from %(origin)s to %(target)s",
            count,
        ) % {"count": count, "origin": origin.name, "target": target.name}
        url = pilot.get_absolute_url() if count == 1 else all_transfers
        d, (x, y) = curve(project(origin.latitude, origin.longitude), project(target.latitude, target.longitude))
        short = f"{origin.name} → {target.name}"
        width = round(2 + math.log2(count), 1)
        lines.append(Line(x, y, label, short, url, pilot.practice.theme.number, d, width))
    return lines


@dataclass
class TransferMap:
    width: int
    height: int
    countries: list  # {"d", "partner", "selected"} for each outline
    practices: list
    pilots: list
    lines: list
    line_themes: list  # one arrowhead marker per theme drawn


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
    """The map of the published practices and pilots that `transfer_filter` (the transfers page's filter)
    shows, named in the page's language: three queries whatever the data."""
    base = outlines()
    selected = set(transfer_filter.selected("country"))
    lines = _lines(transfer_filter.qs)
    return TransferMap(
        width=base["width"],
        height=base["height"],
        countries=[
            {
                "d": country["d"],
                "partner": country["code"] in PARTNER_COUNTRIES,
                "selected": country["code"] in selected,
            }
            for country in base["countries"]
        ],
        practices=_practice_points(transfer_filter.map_practices()),
        pilots=_pilot_points(transfer_filter.qs),
        lines=lines,
        line_themes=sorted({line.theme for line in lines}),
    )
