"""The read-only JSON API at /api/v1/: what the public pages show, for programs.

It shows exactly what the pages show: the same published() rule (no drafts, even for staff), the same
FilterSets with the same lenient reading of values (a theme number that does not exist is ignored and
reported in `notices`, as the list page does), and the same order. Text fields come in one language,
chosen with `lang` (th, the default, or en). A value of the wrong shape (theme=abc, limit=0, lang=fr)
is answered with 422 and the reason.
"""

import typing
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from ninja import NinjaAPI, Path, Query
from ninja.openapi.docs import DocsBase

from partners.models import Partner
from pilots.filters import PilotFilter
from pilots.models import Milestone, Pilot
from practices.filters import PracticeFilter
from practices.models import Country, Theme

from .columns import pilot_rows, practice_rows
from .schemas import (
    CountryList,
    InvalidRequest,
    Language,
    LanguageQuery,
    NotFound,
    Paging,
    PartnerOut,
    PartnerPage,
    PilotOut,
    PilotPage,
    PilotQuery,
    PracticeDetail,
    PracticePage,
    PracticeQuery,
    ThemeList,
)

SLUG = Path(
    ...,
    pattern=r"^[-a-zA-Z0-9_]+$",
    description=gettext_noop("The record's slug: the last part of its page's address, the same in both languages."),
)


class PortalDocs(DocsBase):
    """Swagger UI from this host (django-ninja ships it as static files), started by a static script: no CDN,
    no inline code, so the site's Content-Security-Policy holds."""

    def render_page(self, request, api, **kwargs):
        return render(request, "opendata/api_docs.html", {"openapi_url": self.get_openapi_url(api, kwargs)})


class PortalAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        # Say which language the text is in; LocaleMiddleware would otherwise name the browser's language.
        lang = request.GET.get("lang", "th")
        if lang in typing.get_args(Language) and response.status_code == 200:
            response.headers["Content-Language"] = lang
        return response


api = PortalAPI(
    title="DELGOSEA Knowledge Portal API",
    version="1.0.0",
    description=(
        "Read-only open data of the DELGOSEA Knowledge Portal: best practices, the pilots that copied them, "
        "themes, countries and partner organisations. Only published records appear. Text fields come in the "
        "language chosen with `lang` (th, the default, or en). Lists take the same filters as the list pages "
        "(values of one parameter are OR-ed, different parameters AND-ed) and are paged with `limit` and "
        "`offset`. Every field is described in the codebook at /en/open-data/ (Thai: /th/open-data/)."
    ),
    urls_namespace="api-v1",
    docs=PortalDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

INVALID = {422: InvalidRequest}
DETAIL_ERRORS = {404: NotFound, 422: InvalidRequest}


def _origin(request):
    return request.build_absolute_uri("/")[:-1]


def _query(params):
    """The validated parameters as the query string the list pages' FilterSets read."""
    data = QueryDict(mutable=True)
    for name, value in params.dict().items():
        data.setlist(name, [str(item) for item in value] if isinstance(value, list) else [value])
    return data


def _link(request, offset):
    params = [(key, value) for key, values in request.GET.lists() if key != "offset" for value in values]
    params.append(("offset", offset))
    return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")


def _paged(request, queryset, paging, lang, serialize, notices=()):
    count = queryset.count()
    end = paging.offset + paging.limit
    origin = _origin(request)
    return {
        "count": count,
        "lang": lang,
        "notices": [str(notice) for notice in notices],
        "limit": paging.limit,
        "offset": paging.offset,
        "next": _link(request, end) if end < count else None,
        "previous": _link(request, max(paging.offset - paging.limit, 0)) if paging.offset else None,
        "results": [serialize(record, origin) for record in queryset[paging.offset : end]],
    }


# Records as the API shows them. Each reads translated fields in the active language (set from `lang`).


def _country(country):
    return {"code": country.code, "name": country.name}


def _theme(theme):
    return {"number": theme.number, "slug": theme.slug, "name": theme.name}


def _municipality(municipality):
    return {
        "slug": municipality.slug,
        "name": municipality.name,
        "kind": municipality.kind,
        "kind_label": municipality.get_kind_display(),
        "province": municipality.province,
        "country": _country(municipality.country),
        "population": municipality.population,
        "latitude": None if municipality.latitude is None else float(municipality.latitude),
        "longitude": None if municipality.longitude is None else float(municipality.longitude),
        "website": municipality.website,
    }


def _media(field_file, origin):
    return f"{origin}{field_file.url}" if field_file else None


def _practice_ref(practice, origin):
    return {
        "number": practice.number,
        "slug": practice.slug,
        "title": practice.title,
        "url": origin + practice.get_absolute_url(),
        "theme": _theme(practice.theme),
        "municipality": practice.municipality.name,
        "country": _country(practice.municipality.country),
    }


def _pilot_ref(pilot, origin):
    return {
        "slug": pilot.slug,
        "title": pilot.title,
        "url": origin + pilot.get_absolute_url(),
        "municipality": pilot.municipality.name,
        "country": _country(pilot.municipality.country),
        "award": pilot.award,
    }


def _practice(practice, origin):
    return {
        "number": practice.number,
        "slug": practice.slug,
        "url": origin + practice.get_absolute_url(),
        "title": practice.title,
        "summary": practice.summary,
        "background": practice.background,
        "what_was_done": practice.what_was_done,
        "results": practice.results,
        "lessons": practice.lessons,
        "theme": _theme(practice.theme),
        "sdgs": [{"number": sdg.number, "name": sdg.name} for sdg in practice.sdgs.all()],
        "municipality": _municipality(practice.municipality),
        "start_year": practice.start_year,
        "photo": _media(practice.photo, origin),
        "photo_alt": practice.photo_alt,
        "pilot_count": practice.pilot_count,
        "sources": practice.source_list,
        "updated": timezone.localtime(practice.updated),
    }


def _pilot(pilot, origin):
    return {
        "slug": pilot.slug,
        "url": origin + pilot.get_absolute_url(),
        "title": pilot.title,
        "description": pilot.description,
        "status": pilot.status,
        "municipality": _municipality(pilot.municipality),
        "practice": _practice_ref(pilot.practice, origin),
        "also_drew_on": [_practice_ref(practice, origin) for practice in pilot.also_drew_on.all()],
        "cross_border": pilot.is_cross_border,
        "stage": pilot.stage,
        "stage_label": pilot.get_stage_display(),
        "award": pilot.award,
        "award_label": pilot.get_award_display(),
        "milestones": [
            {"date": m.date, "precision": m.precision, "end_date": m.end_date, "title": m.title}
            for m in pilot.milestones.all()
        ],
        "sources": pilot.source_list,
        "updated": timezone.localtime(pilot.updated),
    }


def _partner(partner, origin):
    return {
        "slug": partner.slug,
        "url": origin + partner.get_absolute_url(),
        "name": partner.name,
        "acronym": partner.acronym,
        "kind": partner.kind,
        "kind_label": partner.get_kind_display(),
        "country": _country(partner.country) if partner.country else None,
        "role": partner.role,
        "website": partner.website,
        "logo": _media(partner.logo, origin),
        "sources": partner.source_list,
    }


def _pilots_with_details():
    return pilot_rows().prefetch_related(Prefetch("milestones", queryset=Milestone.objects.in_time_order()))


# Endpoints.


@api.get("/practices", response={200: PracticePage, **INVALID}, tags=["practices"], summary="List practices")
def list_practices(request, filters: Query[PracticeQuery], paging: Query[Paging], language: Query[LanguageQuery]):
    """Published best practices, filtered and ordered as on the practice list page."""
    with translation.override(language.lang):
        practice_filter = PracticeFilter(_query(filters), queryset=practice_rows())
        return _paged(request, practice_filter.qs, paging, language.lang, _practice, practice_filter.notices)


@api.get(
    "/practices/{slug}", response={200: PracticeDetail, **DETAIL_ERRORS}, tags=["practices"], summary="One practice"
)
def get_practice(request, language: Query[LanguageQuery], slug: str = SLUG):
    """A published practice with the pilots that copied it and those that also drew on it."""
    with translation.override(language.lang):
        practice = get_object_or_404(practice_rows(), slug=slug)
        origin = _origin(request)
        pilots = Pilot.objects.published().filter(practice=practice).order_by("municipality__name")
        also_inspired = Pilot.objects.published().filter(also_drew_on=practice).order_by("municipality__name")
        return {
            **_practice(practice, origin),
            "pilots": [_pilot_ref(pilot, origin) for pilot in pilots],
            "also_inspired": [_pilot_ref(pilot, origin) for pilot in also_inspired],
        }


@api.get("/pilots", response={200: PilotPage, **INVALID}, tags=["pilots"], summary="List pilots")
def list_pilots(request, filters: Query[PilotQuery], paging: Query[Paging], language: Query[LanguageQuery]):
    """Published pilots, filtered and ordered as on the pilot list page, with their milestones."""
    with translation.override(language.lang):
        pilot_filter = PilotFilter(_query(filters), queryset=_pilots_with_details())
        return _paged(request, pilot_filter.qs, paging, language.lang, _pilot, pilot_filter.notices)


@api.get("/pilots/{slug}", response={200: PilotOut, **DETAIL_ERRORS}, tags=["pilots"], summary="One pilot")
def get_pilot(request, language: Query[LanguageQuery], slug: str = SLUG):
    """A published pilot (whose copied practice is published too)."""
    with translation.override(language.lang):
        return _pilot(get_object_or_404(_pilots_with_details(), slug=slug), _origin(request))


@api.get("/themes", response={200: ThemeList, **INVALID}, tags=["reference"], summary="List themes")
def list_themes(request, language: Query[LanguageQuery]):
    """Every theme, with how many published practices it has."""
    with translation.override(language.lang):
        origin = _origin(request)
        themes = Theme.objects.order_by("number").annotate(
            practice_count=Count("practices", filter=Q(practices__published=True), distinct=True)
        )
        results = [
            {
                **_theme(theme),
                "description": theme.description,
                "url": origin + theme.get_absolute_url(),
                "practice_count": theme.practice_count,
            }
            for theme in themes
        ]
        return {"count": len(results), "lang": language.lang, "results": results}


@api.get("/countries", response={200: CountryList, **INVALID}, tags=["reference"], summary="List countries")
def list_countries(request, language: Query[LanguageQuery]):
    """Every country, with how many published practices and pilots it has."""
    with translation.override(language.lang):
        origin = _origin(request)
        practices = Q(municipalities__practices__published=True)
        pilots = Q(municipalities__pilots__published=True, municipalities__pilots__practice__published=True)
        countries = Country.objects.order_by("code").annotate(
            practice_count=Count("municipalities__practices", filter=practices, distinct=True),
            pilot_count=Count("municipalities__pilots", filter=pilots, distinct=True),
        )
        results = [
            {
                **_country(country),
                "url": origin + country.get_absolute_url(),
                "practice_count": country.practice_count,
                "pilot_count": country.pilot_count,
            }
            for country in countries
        ]
        return {"count": len(results), "lang": language.lang, "results": results}


@api.get("/partners", response={200: PartnerPage, **INVALID}, tags=["reference"], summary="List partners")
def list_partners(request, paging: Query[Paging], language: Query[LanguageQuery]):
    """Published partner organisations, by kind."""
    with translation.override(language.lang):
        return _paged(request, Partner.objects.published(), paging, language.lang, _partner)


@api.get("/partners/{slug}", response={200: PartnerOut, **DETAIL_ERRORS}, tags=["reference"], summary="One partner")
def get_partner(request, language: Query[LanguageQuery], slug: str = SLUG):
    """A published partner organisation."""
    with translation.override(language.lang):
        return _partner(get_object_or_404(Partner.objects.published(), slug=slug), _origin(request))
