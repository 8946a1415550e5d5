"""Downloads of the filtered practice and pilot lists, and the codebook that explains them and the API."""

import types
import typing

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel

from documents.filters import DocumentFilter
from pilots.filters import PilotFilter
from pilots.models import Milestone
from practices.filters import MunicipalityFilter, PracticeFilter
from practices.models import Municipality

from . import schemas
from .exports import export_response


def practice_export(request, fmt):
    """Every practice the practice list shows for the same query string (all pages), as CSV or JSON."""
    practice_filter = PracticeFilter(request.GET, queryset=schemas.practice_rows())
    return export_response(request, practice_filter, schemas.PRACTICES, fmt, _("delgosea-best-practices"))


def pilot_export(request, fmt):
    """Every pilot the pilot list shows for the same query string (all pages), as CSV or JSON."""
    # The download has no milestones column: each pilot is given none rather than its own being read.
    pilots = schemas.pilot_rows().prefetch_related(Prefetch("milestones", queryset=Milestone.objects.none()))
    pilot_filter = PilotFilter(request.GET, queryset=pilots)
    return export_response(request, pilot_filter, schemas.PILOTS, fmt, _("delgosea-pilots"))


def document_export(request, fmt):
    """Every document the document list shows for the same query string (all pages), as CSV or JSON."""
    document_filter = DocumentFilter(request.GET, queryset=schemas.document_rows())
    return export_response(request, document_filter, schemas.DOCUMENTS, fmt, _("delgosea-documents"))


def municipality_export(request, fmt):
    """Every local government the list shows for the same query string (all pages), as CSV or JSON."""
    place_filter = MunicipalityFilter(request.GET, queryset=Municipality.objects.published().by_name())
    return export_response(request, place_filter, schemas.MUNICIPALITIES, fmt, _("delgosea-local-governments"))


# The API's objects and parameters, in the order the codebook explains them.
API_OBJECTS = [
    ("practice", gettext_lazy("Practice"), schemas.PracticeOut),
    ("practice-detail", gettext_lazy("Practice (one record)"), schemas.PracticeDetail),
    ("pilot", gettext_lazy("Pilot"), schemas.PilotOut),
    ("municipality", gettext_lazy("Local government"), schemas.MunicipalityOut),
    ("place", gettext_lazy("Local government (own record)"), schemas.PlaceOut),
    ("practice-ref", gettext_lazy("Practice (short form)"), schemas.PracticeRef),
    ("pilot-ref", gettext_lazy("Pilot (short form)"), schemas.PilotRef),
    ("milestone", gettext_lazy("Milestone"), schemas.MilestoneOut),
    ("theme", gettext_lazy("Theme"), schemas.ThemeOut),
    ("theme-ref", gettext_lazy("Theme (short form)"), schemas.ThemeRef),
    ("sdg", gettext_lazy("Sustainable Development Goal"), schemas.SdgRef),
    ("country", gettext_lazy("Country"), schemas.CountryOut),
    ("country-ref", gettext_lazy("Country (short form)"), schemas.CountryRef),
    ("partner", gettext_lazy("Partner organisation"), schemas.PartnerOut),
    ("document", gettext_lazy("Document"), schemas.DocumentOut),
    ("list", gettext_lazy("List of practices, pilots, partners or documents"), schemas.PagedInfo),
    ("reference-list", gettext_lazy("List of themes or countries"), schemas.ThemeList),
    ("not-found", gettext_lazy("Error 404: not found"), schemas.NotFound),
    ("invalid", gettext_lazy("Error 422: invalid request"), schemas.InvalidRequest),
]
API_PARAMETERS = [
    ("/api/v1/practices", [schemas.PracticeQuery, schemas.Paging, schemas.LanguageQuery]),
    ("/api/v1/pilots", [schemas.PilotQuery, schemas.Paging, schemas.LanguageQuery]),
    ("/api/v1/municipalities", [schemas.MunicipalityQuery, schemas.Paging, schemas.LanguageQuery]),
    ("/api/v1/partners", [schemas.Paging, schemas.LanguageQuery]),
    ("/api/v1/documents", [schemas.DocumentQuery, schemas.Paging, schemas.LanguageQuery]),
    (gettext_lazy("every endpoint"), [schemas.LanguageQuery]),
]
SCHEMA_ANCHORS = {schema: anchor for anchor, _title, schema in API_OBJECTS}


def _is_schema(annotation):
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def kind_of(annotation):
    """A field's type in words, as the API gives it (a download's columns name theirs more finely)."""
    origin = typing.get_origin(annotation)
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return kind_of(args[0]) if len(args) == 1 else _("value")
    if origin is typing.Annotated:
        return kind_of(args[0])
    if origin is list:
        return _("list, each item: %(kind)s") % {"kind": kind_of(args[0])}
    if origin is typing.Literal:
        return _("one of: %(values)s") % {"values": ", ".join(str(arg) for arg in args)}
    return _("object") if _is_schema(annotation) else schemas.KINDS.get(annotation, _("value"))


def _fields(schema):
    rows = []
    for name, field in schema.model_fields.items():
        types_in_it = (field.annotation, *typing.get_args(field.annotation))
        rows.append(
            {
                "name": name,
                "kind": kind_of(field.annotation),
                "nullable": type(None) in types_in_it,
                "link": next((SCHEMA_ANCHORS.get(arg) for arg in types_in_it if _is_schema(arg)), None),
                "description": _(field.description or ""),
            }
        )
    return rows


def codebook(request):
    return render(
        request,
        "opendata/codebook.html",
        {
            "practice_columns": schemas.PRACTICES.columns,
            "pilot_columns": schemas.PILOTS.columns,
            "document_columns": schemas.DOCUMENTS.columns,
            "municipality_columns": schemas.MUNICIPALITIES.columns,
            "api_objects": [(anchor, title, _fields(schema)) for anchor, title, schema in API_OBJECTS],
            "api_parameters": [
                (where, [row for schema in group for row in _fields(schema)]) for where, group in API_PARAMETERS
            ],
            "max_limit": schemas.MAX_LIMIT,
        },
    )
