"""The columns of the practice and pilot downloads: one list per download, read by the CSV and JSON
writers (values) and by the codebook page (keys, kinds, meanings), so the three cannot drift apart.

Keys are stable ASCII names; text values are in the language of the page the download was asked from.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pilots.models import Pilot
from practices.models import BestPractice, Municipality, Sdg

# Kinds of value, as the codebook names them.
INTEGER = _("whole number")
NUMBER = _("decimal number")
TEXT = _("text")
CODE = _("code (fixed ASCII value)")
URL = _("web address (URL)")
BOOLEAN = _("true or false")
DATETIME = _("date and time (ISO 8601)")
URL_LIST = _("list of web addresses")
INTEGER_LIST = _("list of whole numbers")


@dataclass(frozen=True)
class Column:
    key: str
    kind: Any
    description: Any
    value: Any  # (record, Context) -> the typed value; None means "no value"


_SLUG_MARK = "slug-placeholder"


@dataclass
class Context:
    """What every row of one download shares: the site's address, and page addresses and choice labels
    worked out once per download rather than once per row (10,000 rows make that count)."""

    origin: str
    language: str
    _urls: dict = field(default_factory=dict)
    _labels: dict = field(default_factory=dict)

    def text(self, record, name):
        """A translated field in the download's language, falling back as modeltranslation does (to the first
        of MODELTRANSLATION_FALLBACK_LANGUAGES that has a value); read straight from the record's columns,
        because modeltranslation's own accessor costs about 10 µs a field."""
        for code in (self.language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES):
            value = getattr(record, f"{name}_{code}", None)
            if value not in (None, ""):
                return value
        return getattr(record, f"{name}_{self.language}")

    def url(self, name, slug):
        if name not in self._urls:
            self._urls[name] = self.origin + reverse(name, kwargs={"slug": _SLUG_MARK})
        return self._urls[name].replace(_SLUG_MARK, slug)

    def label(self, choices, value):
        if choices not in self._labels:
            self._labels[choices] = {key: str(label) for key, label in choices.choices}
        return self._labels[choices].get(value, value)


def practice_rows():
    """The practice list page's records, built as the list page builds them; filters go on top."""
    return (
        BestPractice.objects.published()
        .annotate(pilot_count=Count("pilots", filter=Q(pilots__published=True), distinct=True))
        .prefetch_related(Prefetch("sdgs", queryset=Sdg.objects.order_by("number")))
    )


def pilot_rows():
    """The pilot list page's records in its order, with the other practices each pilot drew on."""
    return (
        Pilot.objects.published()
        .order_by("municipality__name", "slug")
        .prefetch_related(Prefetch("also_drew_on", queryset=BestPractice.objects.published().order_by("number")))
    )


def _coordinate(value):
    return None if value is None else float(value)


def _when(value):
    return timezone.localtime(value).isoformat(timespec="seconds")


def _photo(record, context):
    return f"{context.origin}{record.photo.url}" if record.photo else None


SLUG = Column(
    "slug", CODE, _("Short name in the record's web address; the same in both languages."), lambda r, o: r.slug
)


def _page_url(name):
    return Column(
        "url",
        URL,
        _("The record's page on this portal, in the language of the download."),
        lambda r, o: o.url(name, r.slug),
    )


# Where a local government is: the same columns for a practice's city and for a pilot.
LOCATION = [
    Column(
        "municipality_kind",
        TEXT,
        _("Kind of local government (city, municipality, regency, …)."),
        lambda r, o: o.label(Municipality.Kind, r.municipality.kind),
    ),
    Column(
        "province",
        TEXT,
        _("Province or region of the local government."),
        lambda r, o: o.text(r.municipality, "province"),
    ),
    Column(
        "country_code",
        CODE,
        _("ISO 3166-1 alpha-2 code of the local government's country, lower case (e.g. ph)."),
        lambda r, o: r.municipality.country.code,
    ),
    Column(
        "country",
        TEXT,
        _("Name of the local government's country."),
        lambda r, o: o.text(r.municipality.country, "name"),
    ),
    Column(
        "latitude",
        NUMBER,
        _("Latitude of the local government in decimal degrees (WGS 84); empty when unknown."),
        lambda r, o: _coordinate(r.municipality.latitude),
    ),
    Column(
        "longitude",
        NUMBER,
        _("Longitude of the local government in decimal degrees (WGS 84); empty when unknown."),
        lambda r, o: _coordinate(r.municipality.longitude),
    ),
]
SOURCES = Column(
    "sources",
    URL_LIST,
    _("Web addresses of the documents the record is based on; in CSV separated by spaces."),
    lambda r, o: r.source_list,
)
UPDATED = Column(
    "updated", DATETIME, _("When the record was last changed, with its time zone."), lambda r, o: _when(r.updated)
)

PRACTICE_COLUMNS = [
    Column(
        "number",
        INTEGER,
        _("The practice's number, as the source documents cite it; it never changes."),
        lambda r, o: r.number,
    ),
    SLUG,
    _page_url("practices:practice_detail"),
    Column("title", TEXT, _("Title of the practice."), lambda r, o: o.text(r, "title")),
    Column("summary", TEXT, _("Short summary of the practice."), lambda r, o: o.text(r, "summary")),
    Column("theme_number", INTEGER, _("Number of the practice's theme (1–4)."), lambda r, o: r.theme.number),
    Column("theme", TEXT, _("Name of the practice's theme."), lambda r, o: o.text(r.theme, "name")),
    Column(
        "sdgs",
        INTEGER_LIST,
        _("Numbers of the UN Sustainable Development Goals (1–17) the practice serves; in CSV separated by spaces."),
        lambda r, o: [sdg.number for sdg in r.sdgs.all()],
    ),
    Column(
        "municipality",
        TEXT,
        _("The local government known for the practice."),
        lambda r, o: o.text(r.municipality, "name"),
    ),
    *LOCATION,
    Column(
        "start_year",
        INTEGER,
        _(
            "Year the practice started, in the Common Era in both languages (add 543 for the Buddhist Era); "
            "empty when the sources do not confirm it."
        ),
        lambda r, o: r.start_year,
    ),
    Column("pilot_count", INTEGER, _("How many published pilots copied this practice."), lambda r, o: r.pilot_count),
    Column(
        "background", TEXT, _("Background: the problem the practice answered."), lambda r, o: o.text(r, "background")
    ),
    Column("what_was_done", TEXT, _("What was done."), lambda r, o: o.text(r, "what_was_done")),
    Column("results", TEXT, _("Results."), lambda r, o: o.text(r, "results")),
    Column("lessons", TEXT, _("Lessons and conditions for transfer."), lambda r, o: o.text(r, "lessons")),
    Column("photo", URL, _("Address of the practice's photo; empty when it has none."), _photo),
    Column(
        "photo_alt", TEXT, _("What the photo shows, for people who cannot see it."), lambda r, o: o.text(r, "photo_alt")
    ),
    SOURCES,
    UPDATED,
]

PILOT_COLUMNS = [
    SLUG,
    _page_url("pilots:pilot_detail"),
    Column("title", TEXT, _("Title of the pilot's replication project."), lambda r, o: o.text(r, "title")),
    Column("description", TEXT, _("What the pilot set out to do."), lambda r, o: o.text(r, "description")),
    Column("municipality", TEXT, _("The pilot local government."), lambda r, o: o.text(r.municipality, "name")),
    *LOCATION,
    Column(
        "practice_number", INTEGER, _("Number of the best practice the pilot copied."), lambda r, o: r.practice.number
    ),
    Column(
        "practice_title",
        TEXT,
        _("Title of the best practice the pilot copied."),
        lambda r, o: o.text(r.practice, "title"),
    ),
    Column(
        "practice_url",
        URL,
        _("Page of the copied practice on this portal, in the language of the download."),
        lambda r, o: o.url("practices:practice_detail", r.practice.slug),
    ),
    Column(
        "theme_number", INTEGER, _("Number of the copied practice's theme (1–4)."), lambda r, o: r.practice.theme.number
    ),
    Column("theme", TEXT, _("Name of the copied practice's theme."), lambda r, o: o.text(r.practice.theme, "name")),
    Column(
        "practice_municipality",
        TEXT,
        _("The local government the copied practice comes from."),
        lambda r, o: o.text(r.practice.municipality, "name"),
    ),
    Column(
        "practice_country_code",
        CODE,
        _("ISO 3166-1 alpha-2 code of the country the copied practice comes from, lower case."),
        lambda r, o: r.practice.municipality.country.code,
    ),
    Column(
        "practice_country",
        TEXT,
        _("Name of the country the copied practice comes from."),
        lambda r, o: o.text(r.practice.municipality.country, "name"),
    ),
    Column(
        "cross_border",
        BOOLEAN,
        _("true when the pilot copied a practice from another country, otherwise false."),
        lambda r, o: r.is_cross_border,
    ),
    Column(
        "also_drew_on",
        INTEGER_LIST,
        _("Numbers of the other best practices the pilot also drew on; in CSV separated by spaces."),
        lambda r, o: [practice.number for practice in r.also_drew_on.all()],
    ),
    Column(
        "stage",
        CODE,
        _("Stage the replication reached: concept, preparation, implementation, implemented or scaled_up."),
        lambda r, o: r.stage,
    ),
    Column("stage_label", TEXT, _("The stage reached, in words."), lambda r, o: o.label(Pilot.Stage, r.stage)),
    Column("award", CODE, _("The 2012 award: excellence, appreciation or none."), lambda r, o: r.award),
    Column("award_label", TEXT, _("The 2012 award, in words."), lambda r, o: o.label(Pilot.Award, r.award)),
    Column("status", TEXT, _("Status at the end of the project (2012)."), lambda r, o: o.text(r, "status")),
    SOURCES,
    UPDATED,
]
