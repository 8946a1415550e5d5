"""The open data, described once. Each resource has one schema: ninja serialises model instances with it for
the API (`resolve_<field>` computes what the model does not hold as such), the downloads flatten the same
records into columns, and the codebook page lists the fields. Every field carries a description: the OpenAPI
document shows it in English and the codebook page (opendata/views.py) in the visitor's language.
"""

import datetime as dt
import types
import typing
from dataclasses import dataclass, replace
from typing import Annotated, Literal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from ninja import Field, Schema

from delgosea.filters import MAX_QUERY_LENGTH  # the list pages shorten longer search text to this length
from documents.models import Document
from pilots.models import Pilot
from practices.models import BestPractice, Sdg

Language = Literal["th", "en"]
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000_000

# Text that the downloads' codebook names more exactly than "text"; the API and its document ignore the mark.
Code = Annotated[str, "code"]
Url = Annotated[str, "url"]


def describe(text, **extra):
    return Field(description=text, **extra)


# Query parameters.


class LanguageQuery(Schema):
    lang: Language = Field(
        "th", description=gettext_noop("Language of the text fields: th (Thai, the default) or en (English).")
    )


class Paging(Schema):
    limit: int = Field(
        20, ge=1, le=MAX_LIMIT, description=gettext_noop("How many records to return, 1–100 (default 20).")
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description=gettext_noop("How many records to skip from the start of the list (default 0)."),
    )


ThemeNumber = Annotated[int, Field(ge=1, le=99)]
CountryCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
PracticeNumber = Annotated[int, Field(ge=1, le=32767)]
SdgNumber = Annotated[int, Field(ge=1, le=17)]


class PracticeQuery(Schema):
    theme: list[ThemeNumber] = Field(
        [],
        description=gettext_noop(
            "Only practices of this theme number (1–4). Repeat to allow several: theme=1&theme=3."
        ),
    )
    country: list[CountryCode] = Field(
        [], description=gettext_noop("Only practices from this country (lower-case ISO code, e.g. ph). May repeat.")
    )
    sdg: list[SdgNumber] = Field(
        [], description=gettext_noop("Only practices serving this UN Sustainable Development Goal (1–17). May repeat.")
    )
    copied: Literal["1"] | None = Field(
        None, description=gettext_noop("copied=1: only practices that at least one pilot copied.")
    )
    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        description=gettext_noop("Search text, matched in Thai and English as on the practice list page."),
    )
    sort: Literal["copies"] | None = Field(
        None,
        description=gettext_noop(
            "sort=copies: the most copied practices first (then by number), also with a search. "
            "Without it, by number, or title matches first when searching."
        ),
    )


class PilotQuery(Schema):
    country: list[CountryCode] = Field(
        [], description=gettext_noop("Only pilots in this country (lower-case ISO code, e.g. th). May repeat.")
    )
    theme: list[ThemeNumber] = Field(
        [], description=gettext_noop("Only pilots that copied a practice of this theme number. May repeat.")
    )
    practice: list[PracticeNumber] = Field(
        [], description=gettext_noop("Only pilots that copied the practice with this number. May repeat.")
    )
    award: list[Literal["excellence", "appreciation", "none"]] = Field(
        [], description=gettext_noop("Only pilots with this 2012 award: excellence, appreciation or none. May repeat.")
    )
    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        description=gettext_noop("Search text: the town's names and spellings, the titles and the description."),
    )


class DocumentQuery(Schema):
    kind: list[Literal[tuple(Document.Kind.values)]] = Field(
        [], description=gettext_noop("Only documents of this kind (case_study, pilot_report, news, …). May repeat.")
    )
    language: list[Literal[tuple(Document.Language.values)]] = Field(
        [], description=gettext_noop("Only documents written in this language (ISO 639-1 code, e.g. en). May repeat.")
    )
    year: list[Annotated[int, Field(ge=1, le=9999)]] = Field(
        [], description=gettext_noop("Only documents dated in this year (Common Era). May repeat.")
    )


class MunicipalityQuery(Schema):
    country: list[CountryCode] = Field([], description=gettext_noop("Only those in this country. May repeat."))
    role: list[Literal["practice", "pilot"]] = Field(
        [], description=gettext_noop("Only homes of a best practice (practice) or pilots (pilot). May repeat.")
    )
    q: str = Field("", max_length=MAX_QUERY_LENGTH, description=gettext_noop("Any of its names or spellings."))


# Records. Text fields read the active language (the API's `lang`, a download's page language).


def _absolute(context, path):
    return context["request"].build_absolute_uri(path)


def _label(obj, name):
    """A choice's label, as get_FOO_display() gives it without hashing every label of the field each call."""
    value = getattr(obj, name)
    return str(dict(obj._meta.get_field(name).choices).get(value, value))


class Record(Schema):
    """What the records compute alike; a resolver serves only the schemas that have its field."""

    @staticmethod
    def resolve_url(obj, context):
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_kind_label(obj):
        return _label(obj, "kind")

    @staticmethod
    def resolve_sources(obj):
        return obj.source_list

    @staticmethod
    def resolve_updated(obj):
        return timezone.localtime(obj.updated)


class CountryRef(Record):
    code: Code = describe(gettext_noop("ISO 3166-1 alpha-2 code, lower case (e.g. ph)."))
    name: str = describe(gettext_noop("Name of the country."))


class ThemeRef(Record):
    number: int = describe(gettext_noop("The theme's number (1–4)."))
    slug: Code = describe(gettext_noop("Short name in the theme's web address; the same in both languages."))
    name: str = describe(gettext_noop("Name of the theme."))


class SdgRef(Record):
    number: int = describe(gettext_noop("Number of the UN Sustainable Development Goal (1–17)."))
    name: str = describe(gettext_noop("Name of the goal."))


class MunicipalityOut(Record):
    slug: Code = describe(gettext_noop("Short ASCII name of the local government; the same in both languages."))
    name: str = describe(gettext_noop("Name of the local government."))
    kind: Code = describe(gettext_noop("Kind of local government, as a code (city, municipality, regency, …)."))
    kind_label: str = describe(gettext_noop("Kind of local government, in words."))
    province: str = describe(gettext_noop("Province or region."))
    country: CountryRef = describe(gettext_noop("The local government's country."))
    population: int | None = describe(gettext_noop("Population, when known."))
    latitude: float | None = describe(gettext_noop("Latitude in decimal degrees (WGS 84), when known."))
    longitude: float | None = describe(gettext_noop("Longitude in decimal degrees (WGS 84), when known."))
    website: Url = describe(gettext_noop("The local government's website; empty when unknown."))


class PlaceOut(MunicipalityOut):
    """A local government as its own record (the list at /api/v1/municipalities and its download)."""

    url: Url = describe(gettext_noop("The local government's page on this portal, in the language asked for."))
    aliases: list[str] = describe(gettext_noop("Its other names and spellings."))
    population_note: str = describe(gettext_noop("What the population figure counts, and when."))
    has_practice: bool = describe(gettext_noop("True when it is the home of a published best practice."))
    has_pilot: bool = describe(gettext_noop("True when it is the town of a published pilot."))
    mayor: str = describe(gettext_noop("The mayor at the time, as the sources name them; empty when they do not."))
    contact: str = describe(gettext_noop("Official contact given by a source; empty when none."))
    sources: list[Url] = describe(gettext_noop("Web addresses of the documents the record is based on."))
    updated: dt.datetime = describe(gettext_noop("When the record was last changed (ISO 8601, with time zone)."))

    @staticmethod
    def resolve_aliases(obj):
        return obj.alias_list


class ShortRecord(Record):
    """A practice or pilot in short, named by its local government."""

    @staticmethod
    def resolve_municipality(obj):
        return obj.municipality.name

    @staticmethod
    def resolve_country(obj):
        return obj.municipality.country


class PracticeRef(ShortRecord):
    number: int = describe(gettext_noop("The practice's number, as the source documents cite it."))
    slug: Code = describe(gettext_noop("Short name in the practice's web address."))
    title: str = describe(gettext_noop("Title of the practice."))
    url: Url = describe(gettext_noop("The practice's page on this portal, in the language asked for."))
    theme: ThemeRef = describe(gettext_noop("The practice's theme."))
    municipality: str = describe(gettext_noop("The local government the practice comes from."))
    country: CountryRef = describe(gettext_noop("The country the practice comes from."))


class PilotRef(ShortRecord):
    slug: Code = describe(gettext_noop("Short name in the pilot's web address."))
    title: str = describe(gettext_noop("Title of the pilot's replication project."))
    url: Url = describe(gettext_noop("The pilot's page on this portal, in the language asked for."))
    municipality: str = describe(gettext_noop("The pilot local government."))
    country: CountryRef = describe(gettext_noop("The pilot's country."))
    award: Code = describe(gettext_noop("The 2012 award: excellence, appreciation or none."))


class PracticeOut(Record):
    number: int = describe(gettext_noop("The practice's number, as the source documents cite it; it never changes."))
    slug: Code = describe(gettext_noop("Short name in the practice's web address; the same in both languages."))
    url: Url = describe(gettext_noop("The practice's page on this portal, in the language asked for."))
    title: str = describe(gettext_noop("Title of the practice."))
    title_unverified: bool = describe(
        gettext_noop("True when no source confirms an official title in this language: the title is the portal's own.")
    )
    summary: str = describe(gettext_noop("Short summary of the practice."))
    background: str = describe(gettext_noop("Background: the problem the practice answered."))
    what_was_done: str = describe(gettext_noop("What was done."))
    results: str = describe(gettext_noop("Results."))
    lessons: str = describe(gettext_noop("Lessons and conditions for transfer."))
    theme: ThemeRef = describe(gettext_noop("The practice's theme."))
    sdgs: list[SdgRef] = describe(gettext_noop("The UN Sustainable Development Goals the practice serves, by number."))
    municipality: MunicipalityOut = describe(gettext_noop("The local government known for the practice."))
    start_year: int | None = describe(
        gettext_noop("Year the practice started (Common Era), when the sources confirm it.")
    )
    photo: Url | None = describe(gettext_noop("Address of the practice's photo, if it has one."))
    photo_alt: str = describe(gettext_noop("What the photo shows, for people who cannot see it."))
    pilot_count: int = describe(gettext_noop("How many published pilots copied this practice."))
    sources: list[Url] = describe(gettext_noop("Web addresses of the documents the record is based on."))
    updated: dt.datetime = describe(gettext_noop("When the record was last changed (ISO 8601, with time zone)."))

    @staticmethod
    def resolve_photo(obj, context):
        return _absolute(context, obj.photo.url) if obj.photo else None


class PracticeDetail(PracticeOut):
    pilots: list[PilotRef] = describe(gettext_noop("The published pilots that copied this practice."))
    also_inspired: list[PilotRef] = describe(
        gettext_noop("Published pilots that copied another practice but drew on this one.")
    )


class MilestoneOut(Record):
    date: dt.date = describe(
        gettext_noop("When it happened (the first day of the month or year when only those are known).")
    )
    precision: Code = describe(gettext_noop("How exact the date is: day, month or year."))
    end_date: dt.date | None = describe(gettext_noop("Last day, for events over several days."))
    title: str = describe(gettext_noop("What happened."))


class PilotOut(Record):
    slug: Code = describe(gettext_noop("Short name in the pilot's web address; the same in both languages."))
    url: Url = describe(gettext_noop("The pilot's page on this portal, in the language asked for."))
    title: str = describe(gettext_noop("Title of the pilot's replication project."))
    title_unverified: bool = describe(
        gettext_noop("True when no source confirms an official title in this language: the title is the portal's own.")
    )
    description: str = describe(gettext_noop("What the pilot set out to do."))
    status: str = describe(gettext_noop("Status at the end of the project (2012)."))
    municipality: MunicipalityOut = describe(gettext_noop("The pilot local government."))
    practice: PracticeRef = describe(gettext_noop("The best practice the pilot copied."))
    also_drew_on: list[PracticeRef] = describe(gettext_noop("Other published best practices the pilot also drew on."))
    cross_border: bool = describe(gettext_noop("True when the pilot copied a practice from another country."))
    stage: Code = describe(
        gettext_noop("Stage the replication reached: concept, preparation, implementation, implemented or scaled_up.")
    )
    stage_label: str = describe(gettext_noop("The stage reached, in words."))
    award: Code = describe(gettext_noop("The 2012 award: excellence, appreciation or none."))
    award_label: str = describe(gettext_noop("The 2012 award, in words."))
    milestones: list[MilestoneOut] = describe(gettext_noop("Dated steps of the replication, oldest first."))
    sources: list[Url] = describe(gettext_noop("Web addresses of the documents the record is based on."))
    updated: dt.datetime = describe(gettext_noop("When the record was last changed (ISO 8601, with time zone)."))

    @staticmethod
    def resolve_cross_border(obj):
        return obj.is_cross_border

    @staticmethod
    def resolve_stage_label(obj):
        return _label(obj, "stage")

    @staticmethod
    def resolve_award_label(obj):
        return _label(obj, "award")


class ThemeOut(ThemeRef):
    description: str = describe(gettext_noop("What the theme covers."))
    url: Url = describe(gettext_noop("The theme's page on this portal, in the language asked for."))
    practice_count: int = describe(gettext_noop("How many published practices belong to the theme."))


class CountryOut(CountryRef):
    url: Url = describe(gettext_noop("The country's page on this portal, in the language asked for."))
    practice_count: int = describe(gettext_noop("How many published practices come from the country."))
    pilot_count: int = describe(gettext_noop("How many published pilots are in the country."))


class PartnerOut(Record):
    slug: Code = describe(gettext_noop("Short name in the partner's web address; the same in both languages."))
    url: Url = describe(gettext_noop("The partner's page on this portal, in the language asked for."))
    name: str = describe(gettext_noop("Name of the organisation."))
    acronym: str = describe(gettext_noop("Its acronym; empty when it has none."))
    kind: Code = describe(
        gettext_noop("Kind of organisation, as a code: funder, lead, national, association, ngo or academic.")
    )
    kind_label: str = describe(gettext_noop("Kind of organisation, in words."))
    country: CountryRef | None = describe(gettext_noop("Its country; null for regional or international bodies."))
    role: str = describe(gettext_noop("Its role in DELGOSEA."))
    website: Url = describe(gettext_noop("Its website; empty when unknown."))
    logo: Url | None = describe(gettext_noop("Address of its logo, if it has one."))
    sources: list[Url] = describe(gettext_noop("Web addresses of the documents the record is based on."))

    @staticmethod
    def resolve_logo(obj, context):
        return _absolute(context, obj.logo.url) if obj.logo else None


class DocumentOut(Record):
    slug: Code = describe(gettext_noop("Short name of the document; the same in both languages."))
    title: str = describe(gettext_noop("Title of the document."))
    kind: Code = describe(
        gettext_noop("Kind, as a code: case_study, transfer_concept, pilot_report, report, presentation or news.")
    )
    kind_label: str = describe(gettext_noop("Kind of document, in words."))
    date: dt.date | None = describe(
        gettext_noop("Its date (the first day of the month or year when only those are known); null when unknown.")
    )
    precision: Code = describe(gettext_noop("How exact the date is: day, month or year."))
    language: Code = describe(gettext_noop("Language the document is written in (ISO 639-1 code, e.g. en)."))
    url: Url = describe(
        gettext_noop("Where to read it: this portal's download of its PDF, or the page that publishes it.")
    )
    external: bool = describe(gettext_noop("True when the document is published elsewhere and `url` leads there."))
    description: str = describe(gettext_noop("Short description."))
    practices: list[int] = describe(gettext_noop("Numbers of the published best practices it is about."))
    pilots: list[Code] = describe(gettext_noop("Slugs of the published pilots it is about."))
    municipalities: list[Code] = describe(gettext_noop("Slugs of the local governments it is about."))
    partners: list[Code] = describe(gettext_noop("Slugs of the published partner organisations it is about."))
    sources: list[Url] = describe(gettext_noop("Web addresses of the documents the record is based on."))
    updated: dt.datetime = describe(gettext_noop("When the record was last changed (ISO 8601, with time zone)."))

    @staticmethod
    def resolve_external(obj):
        return not obj.file

    @staticmethod
    def resolve_practices(obj):
        return [practice.number for practice in obj.practices.all()]

    @staticmethod
    def resolve_pilots(obj):
        return [pilot.slug for pilot in obj.pilots.all()]

    @staticmethod
    def resolve_municipalities(obj):
        return [place.slug for place in obj.municipalities.all()]

    @staticmethod
    def resolve_partners(obj):
        return [partner.slug for partner in obj.partners.all()]


# What the schemas read, in one query per table whatever the number of records.


def practice_rows():
    """The published practices with what their schema reads; the list page's filters go on top."""
    return (
        BestPractice.objects.published()
        .select_related("theme", "municipality__country")
        .annotate(pilot_count=Count("pilots", filter=Q(pilots__published=True), distinct=True))
        .prefetch_related(Prefetch("sdgs", queryset=Sdg.objects.order_by("number")))
    )


def pilot_rows():
    """The published pilots in the pilot list page's order, with what their schema reads but the milestones,
    which each use reads its own way."""
    drew_on = BestPractice.objects.published().select_related("theme", "municipality__country").order_by("number")
    return (
        Pilot.objects.published()
        .select_related("municipality__country", "practice__theme", "practice__municipality__country")
        .by_place()
        .prefetch_related(Prefetch("also_drew_on", queryset=drew_on))
    )


def document_rows():
    """The published documents in the document list's order, with what they are about."""
    return Document.objects.published().with_subjects()


# Envelopes.


class ListInfo(Schema):
    count: int = describe(gettext_noop("How many records match, over all pages."))
    lang: Language = describe(gettext_noop("Language of the text fields."))
    notices: list[str] = describe(
        gettext_noop("Filter values that were not understood and were ignored, as on the list pages; empty when none.")
    )


class PagedInfo(ListInfo):
    limit: int = describe(gettext_noop("The limit used."))
    offset: int = describe(gettext_noop("The offset used."))
    next: str | None = describe(gettext_noop("Address of the next page of results; null on the last page."))
    previous: str | None = describe(gettext_noop("Address of the previous page of results; null on the first page."))


class PracticePage(PagedInfo):
    results: list[PracticeOut] = describe(
        gettext_noop("The practices on this page, in the order of the practice list.")
    )


class PilotPage(PagedInfo):
    results: list[PilotOut] = describe(gettext_noop("The pilots on this page, in the order of the pilot list."))


class PlacePage(PagedInfo):
    results: list[PlaceOut] = describe(gettext_noop("The local governments on this page, in the list's order."))


class PartnerPage(PagedInfo):
    results: list[PartnerOut] = describe(gettext_noop("The partner organisations on this page."))


class DocumentPage(PagedInfo):
    results: list[DocumentOut] = describe(
        gettext_noop("The documents on this page, in the order of the document list.")
    )


class ThemeList(Schema):
    count: int = describe(gettext_noop("How many themes there are."))
    lang: Language = describe(gettext_noop("Language of the text fields."))
    results: list[ThemeOut] = describe(gettext_noop("Every theme, by number."))


class CountryList(Schema):
    count: int = describe(gettext_noop("How many countries there are."))
    lang: Language = describe(gettext_noop("Language of the text fields."))
    results: list[CountryOut] = describe(gettext_noop("Every country, by code."))


class NotFound(Schema):
    detail: str = describe(gettext_noop("Why nothing was found."))


class InvalidRequest(Schema):
    detail: list[dict] = describe(
        gettext_noop("One entry per parameter that is not valid: where it is and what is wrong.")
    )


# The downloads: each record as its schema gives it, flattened into columns.

KINDS = {
    int: _("whole number"),
    float: _("decimal number"),
    str: _("text"),
    bool: _("true or false"),
    dict: _("object"),
    dt.date: _("date (YYYY-MM-DD)"),
    dt.datetime: _("date and time (ISO 8601)"),
    "code": _("code (fixed ASCII value)"),
    "url": _("web address (URL)"),
}
LIST_KINDS = {
    int: _("list of whole numbers"),
    str: _("list of texts"),
    "url": _("list of web addresses"),
    "code": _("list of codes"),
}


def bare(annotation):
    """The type without its `| None`."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


@dataclass(frozen=True)
class Column:
    """A column of a download. Its value is at `path` (by default its key) in the record as its schema gives
    it: "theme.number"; through a list, "sdgs.number" lists the numbers. The codebook names its kind from the
    last field on the path and describes it in the words of the first, unless `description` words it for the
    download."""

    key: str
    path: str = ""
    description: str = ""
    kind: str = ""
    separator: str = " "  # between a list's items in CSV; names hold spaces, so theirs is "; "

    def of(self, schema):
        """The column as the codebook shows it, for the records of `schema`."""
        path = self.path or self.key
        description = self.description or _(schema.model_fields[path.split(".")[0]].description)
        many = False
        for name in path.split("."):
            schema = bare(schema.model_fields[name].rebuild_annotation())  # the next schema; at last the value's type
            if typing.get_origin(schema) is list:
                schema, many = bare(typing.get_args(schema)[0]), True
        mark = typing.get_args(schema)[1] if typing.get_origin(schema) is Annotated else schema
        return replace(self, path=path, description=description, kind=(LIST_KINDS if many else KINDS)[mark])

    def value(self, record):
        for name in self.path.split("."):
            record = [item[name] for item in record] if isinstance(record, list) else record[name]
        if isinstance(record, dt.datetime):
            return record.isoformat(timespec="seconds")
        if isinstance(record, dt.date):
            return record.isoformat()
        return None if record == "" else record  # no text is no value: null in JSON, as the codebook says


class Download:
    """The records of `schema` as rows of `columns` (CSV and JSON alike), and the codebook's list of them."""

    def __init__(self, schema, *columns):
        self.schema, self.columns = schema, [column.of(schema) for column in columns]

    def row(self, record, context):
        data = self.schema.model_validate(record, context=context).model_dump()
        return {column.key: column.value(data) for column in self.columns}


SLUG = Column("slug", description=_("Short name in the record's web address; the same in both languages."))
PAGE = Column("url", description=_("The record's page on this portal, in the language of the download."))
TITLE_UNVERIFIED = Column(
    "title_unverified",
    description=_(
        "true when no source confirms an official title in this language (the title is the portal's own), "
        "otherwise false."
    ),
)
LOCATION = [
    Column(
        "municipality_kind",
        "municipality.kind_label",
        _("Kind of local government (city, municipality, regency, …)."),
    ),
    Column("province", "municipality.province", _("Province or region of the local government.")),
    Column(
        "country_code",
        "municipality.country.code",
        _("ISO 3166-1 alpha-2 code of the local government's country, lower case (e.g. ph)."),
    ),
    Column("country", "municipality.country.name", _("Name of the local government's country.")),
    Column(
        "latitude",
        "municipality.latitude",
        _("Latitude of the local government in decimal degrees (WGS 84); empty when unknown."),
    ),
    Column(
        "longitude",
        "municipality.longitude",
        _("Longitude of the local government in decimal degrees (WGS 84); empty when unknown."),
    ),
]
SOURCES = Column(
    "sources", description=_("Web addresses of the documents the record is based on; in CSV separated by spaces.")
)
UPDATED = Column("updated", description=_("When the record was last changed, with its time zone."))

PRACTICES = Download(
    PracticeOut,
    Column("number"),
    SLUG,
    PAGE,
    Column("title"),
    TITLE_UNVERIFIED,
    Column("summary"),
    Column("theme_number", "theme.number", _("Number of the practice's theme (1–4).")),
    Column("theme", "theme.name", _("Name of the practice's theme.")),
    Column(
        "sdgs",
        "sdgs.number",
        _("Numbers of the UN Sustainable Development Goals (1–17) the practice serves; in CSV separated by spaces."),
    ),
    Column("municipality", "municipality.name"),
    *LOCATION,
    Column(
        "start_year",
        description=_(
            "Year the practice started, in the Common Era in both languages (add 543 for the Buddhist Era); "
            "empty when the sources do not confirm it."
        ),
    ),
    Column("pilot_count"),
    Column("background"),
    Column("what_was_done"),
    Column("results"),
    Column("lessons"),
    Column("photo", description=_("Address of the practice's photo; empty when it has none.")),
    Column("photo_alt"),
    SOURCES,
    UPDATED,
)

PILOTS = Download(
    PilotOut,
    SLUG,
    PAGE,
    Column("title"),
    TITLE_UNVERIFIED,
    Column("description"),
    Column("municipality", "municipality.name"),
    *LOCATION,
    Column("practice_number", "practice.number", _("Number of the best practice the pilot copied.")),
    Column("practice_title", "practice.title", _("Title of the best practice the pilot copied.")),
    Column(
        "practice_url",
        "practice.url",
        _("Page of the copied practice on this portal, in the language of the download."),
    ),
    Column("theme_number", "practice.theme.number", _("Number of the copied practice's theme (1–4).")),
    Column("theme", "practice.theme.name", _("Name of the copied practice's theme.")),
    Column(
        "practice_municipality",
        "practice.municipality",
        _("The local government the copied practice comes from."),
    ),
    Column(
        "practice_country_code",
        "practice.country.code",
        _("ISO 3166-1 alpha-2 code of the country the copied practice comes from, lower case."),
    ),
    Column("practice_country", "practice.country.name", _("Name of the country the copied practice comes from.")),
    Column(
        "cross_border",
        description=_("true when the pilot copied a practice from another country, otherwise false."),
    ),
    Column(
        "also_drew_on",
        "also_drew_on.number",
        _("Numbers of the other best practices the pilot also drew on; in CSV separated by spaces."),
    ),
    Column("stage"),
    Column("stage_label"),
    Column("award"),
    Column("award_label"),
    Column("status"),
    SOURCES,
    UPDATED,
)

DOCUMENTS = Download(
    DocumentOut,
    SLUG,
    Column("title"),
    Column("kind"),
    Column("kind_label"),
    Column("date"),
    Column("precision"),
    Column("language"),
    Column("url", description=_("Where to read it: this portal's download of its PDF, or the page that publishes it.")),
    Column("external"),
    Column("description"),
    Column("practices", description=_("Numbers of the best practices it is about; in CSV separated by spaces.")),
    Column("pilots", description=_("Slugs of the pilots it is about; in CSV separated by spaces.")),
    Column("municipalities", description=_("Slugs of the local governments it is about; in CSV separated by spaces.")),
    Column("partners", description=_("Slugs of the partner organisations it is about; in CSV separated by spaces.")),
    SOURCES,
    UPDATED,
)

MUNICIPALITIES = Download(
    PlaceOut,
    SLUG,
    PAGE,
    Column("name"),
    Column("aliases", description=_("Other names and spellings; in CSV separated by semicolons."), separator="; "),
    Column("kind"),
    Column("kind_label"),
    Column("province"),
    Column("country_code", "country.code", _("ISO 3166-1 alpha-2 code of the country, lower case (e.g. ph).")),
    Column("country", "country.name", _("Name of the country.")),
    Column("has_practice"),
    Column("has_pilot"),
    Column("population"),
    Column("population_note"),
    Column("latitude"),
    Column("longitude"),
    Column("mayor"),
    Column("contact"),
    Column("website"),
    SOURCES,
    UPDATED,
)
