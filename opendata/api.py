"""The read-only JSON API at /api/v1/: what the public pages show, for programs.

It shows exactly what the pages show: the same published() rule (no drafts, even for staff), the same
FilterSets with the same lenient reading of values (a theme number that does not exist is ignored and
reported in `notices`, as the list page does), and the same order. Text fields come in one language,
chosen with `lang` (th, the default, or en). A value of the wrong shape (theme=abc, limit=0, lang=fr)
is answered with 422 and the reason. The records are the model instances, serialised by their schemas.
"""

import typing
from functools import wraps
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_noop
from ninja import NinjaAPI, Path, Query
from ninja.openapi.docs import DocsBase

from documents.filters import DocumentFilter
from partners.models import Partner
from pilots.filters import PilotFilter
from pilots.models import Milestone, Pilot
from practices.filters import MunicipalityFilter, PracticeFilter
from practices.models import Country, Municipality, Theme

from . import schemas
from .schemas import Language, LanguageQuery, Paging, PilotQuery, PracticeQuery, pilot_rows, practice_rows

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


api = NinjaAPI(
    title="DELGOSEA Knowledge Portal API",
    version="1.0.0",
    description=(
        "Read-only open data of the DELGOSEA Knowledge Portal: best practices, the pilots that copied them, "
        "themes, countries, partner organisations and documents. Only published records appear. Text fields come "
        "in the language chosen with `lang` (th, the default, or en). Lists take the same filters as the list pages "
        "(values of one parameter are OR-ed, different parameters AND-ed) and are paged with `limit` and "
        "`offset`. Every field is described in the codebook at /en/open-data/ (Thai: /th/open-data/)."
    ),
    urls_namespace="api-v1",
    docs=PortalDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def in_requested_language(run):
    """Runs an endpoint and serialises its answer in the language of `lang`, and says so in Content-Language
    (LocaleMiddleware would otherwise name the browser's language). A `lang` of the wrong form is a 422."""

    @wraps(run)
    def run_in_language(request, *args, **kwargs):
        lang = request.GET.get("lang", "th")
        if lang not in typing.get_args(Language):
            return run(request, *args, **kwargs)
        with translation.override(lang):
            response = run(request, *args, **kwargs)
        if response.status_code == 200:
            response.headers["Content-Language"] = lang
        return response

    return run_in_language


api.add_decorator(in_requested_language, mode="view")

INVALID = {422: schemas.InvalidRequest}
DETAIL_ERRORS = {404: schemas.NotFound, 422: schemas.InvalidRequest}


def _query(params):
    """The validated parameters as the query string the list pages' FilterSets read."""
    data = QueryDict(mutable=True)
    for name, value in params.dict(exclude_none=True).items():
        data.setlist(name, [str(item) for item in value] if isinstance(value, list) else [value])
    return data


def _link(request, offset):
    params = [(key, value) for key, values in request.GET.lists() if key != "offset" for value in values]
    params.append(("offset", offset))
    return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")


def _paged(request, queryset, paging, lang, notices=(), response=None):
    if notices:  # as on the list pages: an answer about values not understood is not shared by the page cache
        patch_cache_control(response, private=True)
    count = queryset.count()
    end = paging.offset + paging.limit
    return {
        "count": count,
        "lang": lang,
        "notices": [str(notice) for notice in notices],
        "limit": paging.limit,
        "offset": paging.offset,
        "next": _link(request, end) if end < count else None,
        "previous": _link(request, max(paging.offset - paging.limit, 0)) if paging.offset else None,
        "results": queryset[paging.offset : end],
    }


def _pilots_with_milestones():
    return pilot_rows().prefetch_related(Prefetch("milestones", queryset=Milestone.objects.in_time_order()))


@api.get("/practices", response={200: schemas.PracticePage, **INVALID}, tags=["practices"], summary="List practices")
def list_practices(
    request,
    response: HttpResponse,
    filters: Query[PracticeQuery],
    paging: Query[Paging],
    language: Query[LanguageQuery],
):
    """Published best practices, filtered and ordered as on the practice list page."""
    found = PracticeFilter(_query(filters), queryset=practice_rows())
    return _paged(request, found.qs, paging, language.lang, found.notices, response)


@api.get(
    "/practices/{slug}",
    response={200: schemas.PracticeDetail, **DETAIL_ERRORS},
    tags=["practices"],
    summary="One practice",
)
def get_practice(request, language: Query[LanguageQuery], slug: str = SLUG):
    """A published practice with the pilots that copied it and those that also drew on it."""
    pilots = Pilot.objects.published().select_related("municipality__country").by_place()
    practices = practice_rows().prefetch_related(
        Prefetch("pilots", queryset=pilots), Prefetch("also_inspired", queryset=pilots)
    )
    return get_object_or_404(practices, slug=slug)


@api.get("/pilots", response={200: schemas.PilotPage, **INVALID}, tags=["pilots"], summary="List pilots")
def list_pilots(
    request,
    response: HttpResponse,
    filters: Query[PilotQuery],
    paging: Query[Paging],
    language: Query[LanguageQuery],
):
    """Published pilots, filtered and ordered as on the pilot list page, with their milestones."""
    found = PilotFilter(_query(filters), queryset=_pilots_with_milestones())
    return _paged(request, found.qs, paging, language.lang, found.notices, response)


@api.get("/pilots/{slug}", response={200: schemas.PilotOut, **DETAIL_ERRORS}, tags=["pilots"], summary="One pilot")
def get_pilot(request, language: Query[LanguageQuery], slug: str = SLUG):
    """A published pilot (whose copied practice is published too)."""
    return get_object_or_404(_pilots_with_milestones(), slug=slug)


@api.get(
    "/municipalities",
    response={200: schemas.PlacePage, **INVALID},
    tags=["municipalities"],
    summary="List local governments",
)
def list_municipalities(
    request,
    response: HttpResponse,
    filters: Query[schemas.MunicipalityQuery],
    paging: Query[Paging],
    language: Query[LanguageQuery],
):
    """The homes of published best practices and the towns of published pilots, as on the local-government list."""
    found = MunicipalityFilter(_query(filters), queryset=Municipality.objects.published().by_name())
    return _paged(request, found.qs, paging, language.lang, found.notices, response)


@api.get(
    "/municipalities/{slug}",
    response={200: schemas.PlaceOut, **DETAIL_ERRORS},
    tags=["municipalities"],
    summary="One local government",
)
def get_municipality(request, language: Query[LanguageQuery], slug: str = SLUG):
    """A local government with a published best practice or pilot."""
    return get_object_or_404(Municipality.objects.published(), slug=slug)


@api.get("/themes", response={200: schemas.ThemeList, **INVALID}, tags=["reference"], summary="List themes")
def list_themes(request, language: Query[LanguageQuery]):
    """Every theme, with how many published practices it has."""
    themes = Theme.objects.order_by("number").annotate(
        practice_count=Count("practices", filter=Q(practices__published=True), distinct=True)
    )
    return {"count": len(themes), "lang": language.lang, "results": themes}


@api.get("/countries", response={200: schemas.CountryList, **INVALID}, tags=["reference"], summary="List countries")
def list_countries(request, language: Query[LanguageQuery]):
    """Every country, with how many published practices and pilots it has."""
    practices = Q(municipalities__practices__published=True)
    pilots = Q(municipalities__pilots__published=True, municipalities__pilots__practice__published=True)
    countries = Country.objects.order_by("code").annotate(
        practice_count=Count("municipalities__practices", filter=practices, distinct=True),
        pilot_count=Count("municipalities__pilots", filter=pilots, distinct=True),
    )
    return {"count": len(countries), "lang": language.lang, "results": countries}


@api.get("/partners", response={200: schemas.PartnerPage, **INVALID}, tags=["reference"], summary="List partners")
def list_partners(request, paging: Query[Paging], language: Query[LanguageQuery]):
    """Published partner organisations, by kind."""
    return _paged(request, Partner.objects.published().select_related("country"), paging, language.lang)


@api.get(
    "/partners/{slug}", response={200: schemas.PartnerOut, **DETAIL_ERRORS}, tags=["reference"], summary="One partner"
)
def get_partner(request, language: Query[LanguageQuery], slug: str = SLUG):
    """A published partner organisation."""
    return get_object_or_404(Partner.objects.published().select_related("country"), slug=slug)


@api.get("/documents", response={200: schemas.DocumentPage, **INVALID}, tags=["documents"], summary="List documents")
def list_documents(
    request,
    response: HttpResponse,
    filters: Query[schemas.DocumentQuery],
    paging: Query[Paging],
    language: Query[LanguageQuery],
):
    """Published documents, filtered and ordered as on the document list page."""
    found = DocumentFilter(_query(filters), queryset=schemas.document_rows())
    return _paged(request, found.qs, paging, language.lang, found.notices, response)


@api.get(
    "/documents/{slug}",
    response={200: schemas.DocumentOut, **DETAIL_ERRORS},
    tags=["documents"],
    summary="One document",
)
def get_document(request, language: Query[LanguageQuery], slug: str = SLUG):
    """A published document."""
    return get_object_or_404(schemas.document_rows(), slug=slug)


def not_found(request):
    """Any other address under /api/: a 404 in the API's JSON, as an unknown slug gets, not the HTML 404 page."""
    return api.create_response(request, {"detail": "Not Found"}, status=404)
