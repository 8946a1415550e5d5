"""Downloads of the filtered practice and pilot lists, and the codebook that explains them and the API."""

import types
import typing

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel

from pilots.filters import PilotFilter
from practices.filters import PracticeFilter

from . import schemas
from .columns import PILOT_COLUMNS, PRACTICE_COLUMNS, pilot_rows, practice_rows
from .exports import export_response


def practice_export(request, fmt):
    """Every practice the practice list shows for the same query string (all pages), as CSV or JSON."""
    practice_filter = PracticeFilter(request.GET, queryset=practice_rows())
    return export_response(request, practice_filter, PRACTICE_COLUMNS, fmt, _("delgosea-best-practices"))


def pilot_export(request, fmt):
    """Every pilot the pilot list shows for the same query string (all pages), as CSV or JSON."""
    pilot_filter = PilotFilter(request.GET, queryset=pilot_rows())
    return export_response(request, pilot_filter, PILOT_COLUMNS, fmt, _("delgosea-pilots"))


# The API's objects and parameters, in the order the codebook explains them.
API_OBJECTS = [
    ("practice", gettext_lazy("Practice"), schemas.PracticeOut),
    ("practice-detail", gettext_lazy("Practice (one record)"), schemas.PracticeDetail),
    ("pilot", gettext_lazy("Pilot"), schemas.PilotOut),
    ("municipality", gettext_lazy("Local government"), schemas.MunicipalityOut),
    ("practice-ref", gettext_lazy("Practice (short form)"), schemas.PracticeRef),
    ("pilot-ref", gettext_lazy("Pilot (short form)"), schemas.PilotRef),
    ("milestone", gettext_lazy("Milestone"), schemas.MilestoneOut),
    ("theme", gettext_lazy("Theme"), schemas.ThemeOut),
    ("theme-ref", gettext_lazy("Theme (short form)"), schemas.ThemeRef),
    ("sdg", gettext_lazy("Sustainable Development Goal"), schemas.SdgRef),
    ("country", gettext_lazy("Country"), schemas.CountryOut),
    ("country-ref", gettext_lazy("Country (short form)"), schemas.CountryRef),
    ("partner", gettext_lazy("Partner organisation"), schemas.PartnerOut),
    ("list", gettext_lazy("List of practices, pilots or partners"), schemas.PagedInfo),
    ("reference-list", gettext_lazy("List of themes or countries"), schemas.ThemeList),
    ("not-found", gettext_lazy("Error 404: not found"), schemas.NotFound),
    ("invalid", gettext_lazy("Error 422: invalid request"), schemas.InvalidRequest),
]
API_PARAMETERS = [
    ("/api/v1/practices", [schemas.PracticeQuery, schemas.Paging, schemas.LanguageQuery]),
    ("/api/v1/pilots", [schemas.PilotQuery, schemas.Paging, schemas.LanguageQuery]),
    ("/api/v1/partners", [schemas.Paging, schemas.LanguageQuery]),
    (gettext_lazy("every endpoint"), [schemas.LanguageQuery]),
]
SCHEMA_ANCHORS = {schema: anchor for anchor, _title, schema in API_OBJECTS}


def kind_of(annotation):
    """A field's type in words, with a link target when it is another API object."""
    origin = typing.get_origin(annotation)
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return kind_of(args[0]) if len(args) == 1 else _("value")
    if origin is typing.Annotated:
        return kind_of(args[0])
    if origin is list:
        inner = kind_of(args[0]) if args else _("value")
        return _("list, each item: %(kind)s") % {"kind": inner}
    if origin is typing.Literal:
        return _("one of: %(values)s") % {"values": ", ".join(str(arg) for arg in typing.get_args(annotation))}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _("object")
    names = {
        int: _("whole number"),
        float: _("decimal number"),
        str: _("text"),
        bool: _("true or false"),
        dict: _("object"),
    }
    if annotation in names:
        return names[annotation]
    return {"date": _("date (YYYY-MM-DD)"), "datetime": _("date and time (ISO 8601)")}.get(
        getattr(annotation, "__name__", ""), _("value")
    )


def _fields(schema):
    rows = []
    for name, field in schema.model_fields.items():
        annotation = field.annotation
        nullable = typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in typing.get_args(
            annotation
        )
        target = next(
            (
                arg
                for arg in (annotation, *typing.get_args(annotation))
                if isinstance(arg, type) and issubclass(arg, BaseModel)
            ),
            None,
        )
        rows.append(
            {
                "name": name,
                "kind": kind_of(annotation),
                "nullable": nullable,
                "link": SCHEMA_ANCHORS.get(target),
                "description": _(field.description or ""),
            }
        )
    return rows


def codebook(request):
    return render(
        request,
        "opendata/codebook.html",
        {
            "practice_columns": PRACTICE_COLUMNS,
            "pilot_columns": PILOT_COLUMNS,
            "api_objects": [(anchor, title, _fields(schema)) for anchor, title, schema in API_OBJECTS],
            "api_parameters": [
                (where, [row for schema in group for row in _fields(schema)]) for where, group in API_PARAMETERS
            ],
            "max_limit": schemas.MAX_LIMIT,
        },
    )
