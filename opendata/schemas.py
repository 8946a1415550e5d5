"""What the API accepts and returns. Every field carries a description: the OpenAPI document shows it
in English and the codebook page (opendata/views.py) in the visitor's language, from the same string.
"""

import datetime as dt
from typing import Annotated, Literal

from django.utils.translation import gettext_noop
from ninja import Field, Schema

from practices.filters import MAX_QUERY_LENGTH  # the list pages shorten longer search text to this length

Language = Literal["th", "en"]
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000_000


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
    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        description=gettext_noop("Search text, matched in Thai and English as on the practice list page."),
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


# Records.


class CountryRef(Schema):
    code: str = describe(gettext_noop("ISO 3166-1 alpha-2 code, lower case (e.g. ph)."))
    name: str = describe(gettext_noop("Name of the country."))


class ThemeRef(Schema):
    number: int = describe(gettext_noop("The theme's number (1–4)."))
    slug: str = describe(gettext_noop("Short name in the theme's web address; the same in both languages."))
    name: str = describe(gettext_noop("Name of the theme."))


class SdgRef(Schema):
    number: int = describe(gettext_noop("Number of the UN Sustainable Development Goal (1–17)."))
    name: str = describe(gettext_noop("Name of the goal."))


class MunicipalityOut(Schema):
    slug: str = describe(gettext_noop("Short ASCII name of the local government; the same in both languages."))
    name: str = describe(gettext_noop("Name of the local government."))
    kind: str = describe(gettext_noop("Kind of local government, as a code (city, municipality, regency, …)."))
    kind_label: str = describe(gettext_noop("Kind of local government, in words."))
    province: str = describe(gettext_noop("Province or region."))
    country: CountryRef = describe(gettext_noop("The local government's country."))
    population: int | None = describe(gettext_noop("Population, when known."))
    latitude: float | None = describe(gettext_noop("Latitude in decimal degrees (WGS 84), when known."))
    longitude: float | None = describe(gettext_noop("Longitude in decimal degrees (WGS 84), when known."))
    website: str = describe(gettext_noop("The local government's website; empty when unknown."))


class PracticeRef(Schema):
    number: int = describe(gettext_noop("The practice's number, as the source documents cite it."))
    slug: str = describe(gettext_noop("Short name in the practice's web address."))
    title: str = describe(gettext_noop("Title of the practice."))
    url: str = describe(gettext_noop("The practice's page on this portal, in the language asked for."))
    theme: ThemeRef = describe(gettext_noop("The practice's theme."))
    municipality: str = describe(gettext_noop("The local government the practice comes from."))
    country: CountryRef = describe(gettext_noop("The country the practice comes from."))


class PilotRef(Schema):
    slug: str = describe(gettext_noop("Short name in the pilot's web address."))
    title: str = describe(gettext_noop("Title of the pilot's replication project."))
    url: str = describe(gettext_noop("The pilot's page on this portal, in the language asked for."))
    municipality: str = describe(gettext_noop("The pilot local government."))
    country: CountryRef = describe(gettext_noop("The pilot's country."))
    award: str = describe(gettext_noop("The 2012 award: excellence, appreciation or none."))


class PracticeOut(Schema):
    number: int = describe(gettext_noop("The practice's number, as the source documents cite it; it never changes."))
    slug: str = describe(gettext_noop("Short name in the practice's web address; the same in both languages."))
    url: str = describe(gettext_noop("The practice's page on this portal, in the language asked for."))
    title: str = describe(gettext_noop("Title of the practice."))
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
    photo: str | None = describe(gettext_noop("Address of the practice's photo, if it has one."))
    photo_alt: str = describe(gettext_noop("What the photo shows, for people who cannot see it."))
    pilot_count: int = describe(gettext_noop("How many published pilots copied this practice."))
    sources: list[str] = describe(gettext_noop("Web addresses of the documents the record is based on."))
    updated: dt.datetime = describe(gettext_noop("When the record was last changed (ISO 8601, with time zone)."))


class PracticeDetail(PracticeOut):
    pilots: list[PilotRef] = describe(gettext_noop("The published pilots that copied this practice."))
    also_inspired: list[PilotRef] = describe(
        gettext_noop("Published pilots that copied another practice but drew on this one.")
    )


class MilestoneOut(Schema):
    date: dt.date = describe(
        gettext_noop("When it happened (the first day of the month or year when only those are known).")
    )
    precision: str = describe(gettext_noop("How exact the date is: day, month or year."))
    end_date: dt.date | None = describe(gettext_noop("Last day, for events over several days."))
    title: str = describe(gettext_noop("What happened."))


class PilotOut(Schema):
    slug: str = describe(gettext_noop("Short name in the pilot's web address; the same in both languages."))
    url: str = describe(gettext_noop("The pilot's page on this portal, in the language asked for."))
    title: str = describe(gettext_noop("Title of the pilot's replication project."))
    description: str = describe(gettext_noop("What the pilot set out to do."))
    status: str = describe(gettext_noop("Status at the end of the project (2012)."))
    municipality: MunicipalityOut = describe(gettext_noop("The pilot local government."))
    practice: PracticeRef = describe(gettext_noop("The best practice the pilot copied."))
    also_drew_on: list[PracticeRef] = describe(gettext_noop("Other published best practices the pilot also drew on."))
    cross_border: bool = describe(gettext_noop("True when the pilot copied a practice from another country."))
    stage: str = describe(
        gettext_noop("Stage the replication reached: concept, preparation, implementation, implemented or scaled_up.")
    )
    stage_label: str = describe(gettext_noop("The stage reached, in words."))
    award: str = describe(gettext_noop("The 2012 award: excellence, appreciation or none."))
    award_label: str = describe(gettext_noop("The 2012 award, in words."))
    milestones: list[MilestoneOut] = describe(gettext_noop("Dated steps of the replication, oldest first."))
    sources: list[str] = describe(gettext_noop("Web addresses of the documents the record is based on."))
    updated: dt.datetime = describe(gettext_noop("When the record was last changed (ISO 8601, with time zone)."))


class ThemeOut(ThemeRef):
    description: str = describe(gettext_noop("What the theme covers."))
    url: str = describe(gettext_noop("The theme's page on this portal, in the language asked for."))
    practice_count: int = describe(gettext_noop("How many published practices belong to the theme."))


class CountryOut(CountryRef):
    url: str = describe(gettext_noop("The country's page on this portal, in the language asked for."))
    practice_count: int = describe(gettext_noop("How many published practices come from the country."))
    pilot_count: int = describe(gettext_noop("How many published pilots are in the country."))


class PartnerOut(Schema):
    slug: str = describe(gettext_noop("Short name in the partner's web address; the same in both languages."))
    url: str = describe(gettext_noop("The partner's page on this portal, in the language asked for."))
    name: str = describe(gettext_noop("Name of the organisation."))
    acronym: str = describe(gettext_noop("Its acronym; empty when it has none."))
    kind: str = describe(
        gettext_noop("Kind of organisation, as a code: funder, lead, national, association, ngo or academic.")
    )
    kind_label: str = describe(gettext_noop("Kind of organisation, in words."))
    country: CountryRef | None = describe(gettext_noop("Its country; null for regional or international bodies."))
    role: str = describe(gettext_noop("Its role in DELGOSEA."))
    website: str = describe(gettext_noop("Its website; empty when unknown."))
    logo: str | None = describe(gettext_noop("Address of its logo, if it has one."))
    sources: list[str] = describe(gettext_noop("Web addresses of the documents the record is based on."))


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


class PartnerPage(PagedInfo):
    results: list[PartnerOut] = describe(gettext_noop("The partner organisations on this page."))


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
