"""Loading the shipped DELGOSEA data (fixtures/*.yaml) without ever undoing an editor's work.

A record is created only when no record has, or ever had, its natural key (number, code
or slug): the change history remembers records an editor deleted, renamed or renumbered.
A record that exists is left exactly as it is, so loading twice changes nothing. The data's
references follow a renamed record; what refers to a deleted one is not created either.
It loads every app's records, so it lives in the project package rather than in one app.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from simple_history.utils import update_change_reason

from documents.models import Document
from partners.models import Partner
from pilots.models import Milestone, Pilot
from practices.models import BestPractice, Country, Municipality, Sdg, Theme

FIXTURE_DIR = settings.BASE_DIR / "fixtures"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
CHANGE_REASON = "Loaded from the shipped DELGOSEA data"


class FixtureError(ValueError):
    """The data files are not what the loader expects."""


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    kept: dict = field(default_factory=dict)

    def count(self, bucket, model):
        name = model._meta.verbose_name_plural
        getattr(self, bucket)[name] = getattr(self, bucket).get(name, 0) + 1

    @property
    def total_created(self):
        return sum(self.created.values())


def read_data(directory=FIXTURE_DIR):
    """Merge every YAML file in `directory` into one mapping of lists."""
    data = {}
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise FixtureError(f"No *.yaml data files in {directory}.")
    for path in files:
        with path.open(encoding="utf-8") as handle:
            content = yaml.safe_load(handle) or {}
        if not isinstance(content, dict):
            raise FixtureError(f"{path.name}: the top level must be a mapping.")
        for key, items in content.items():
            data.setdefault(key, []).extend(items or [])
    return data


def translated(record, name, *, required=True):
    """{th: ..., en: ...} → {"name_th": ..., "name_en": ...}."""
    value = record.get(name)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise FixtureError(f"{name!r} of {record.get('slug') or record.get('number') or record} needs th and en.")
    fields = {}
    for code in LANGUAGE_CODES:
        text = (value.get(code) or "").strip()
        if required and not text:
            raise FixtureError(f"{name!r} of {record.get('slug') or record.get('number')} has no {code} text.")
        fields[f"{name}_{code}"] = text
    return fields


class _Gone(Exception):
    """A record the data refers to was deleted by an editor."""


def _current(model, **lookup):
    """The record with `lookup`, or the one that had it before an editor renamed or renumbered it."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        past = model.history.filter(**lookup).order_by("-history_date").values_list("id", flat=True).first()
        obj = model.objects.filter(pk=past).first() if past is not None else None
    return obj


def _ref(model, **lookup):
    """A record the data refers to, wherever editors have taken it; _Gone if they deleted it."""
    obj = _current(model, **lookup)
    if obj is None:
        raise _Gone
    return obj


def _taken(model, values):
    """Whether a value that must be unique is already another record's (an editor used the data's slug)."""
    return any(
        model.objects.filter(**{field.name: values[field.name]}).exists()
        for field in model._meta.fields
        if field.unique and not field.primary_key and field.name in values
    )


def _create_once(report, model, lookup, build):
    """Create a record unless one has or had its key; return the record (None if it was deleted)."""
    existing = _current(model, **lookup)
    if existing is not None:
        report.count("kept", model)
        return existing
    try:
        values = build()
    except _Gone:
        values = None
    if values is None or model.history.filter(**lookup).exists() or _taken(model, values):
        report.count("kept", model)
        return None
    obj = model(**lookup, **values)
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    update_change_reason(obj, CHANGE_REASON)
    report.count("created", model)
    return obj


def _title_unverified(record):
    """`title_unverified: [en]` → {"title_unverified_th": False, "title_unverified_en": True}: the languages in which
    no source confirms an official title, so the title is the portal's translation."""
    languages = record.get("title_unverified") or []
    unknown = set(languages) - set(LANGUAGE_CODES)
    if unknown:
        raise FixtureError(f"title_unverified of {record.get('slug') or record.get('number')}: unknown {unknown}.")
    return {f"title_unverified_{code}": code in languages for code in LANGUAGE_CODES}


def _sources(record):
    return "\n".join(record.get("sources") or [])


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _tag_sdgs(practice, item, sdgs, practice_created, new_sdgs):
    """Link a practice to its goals, but only where no editor can have decided otherwise: the practice or
    the goal was created in this run (so a portal loaded before goals existed gets its tags once)."""
    wanted = [
        sdgs[number] for number in item.get("sdgs") or [] if number in sdgs and (practice_created or number in new_sdgs)
    ]
    if wanted:
        practice.sdgs.add(*wanted)
        update_change_reason(practice, CHANGE_REASON)  # the tagging is a history entry of its own


@transaction.atomic  # a data file that fails halfway creates nothing
def load(directory=FIXTURE_DIR):
    data = read_data(directory)
    known_sdgs = {item["number"] for item in data.get("sdgs", [])}
    for item in data.get("practices", []):
        unknown = sorted(set(item.get("sdgs") or []) - known_sdgs)
        if unknown:
            raise FixtureError(f"Practice {item['number']} names unknown SDGs {unknown}: add them to sdgs.yaml.")
    report = LoadReport()

    for item in data.get("themes", []):
        _create_once(
            report,
            Theme,
            {"number": item["number"]},
            lambda item=item: {
                "slug": item["slug"],
                **translated(item, "name"),
                **translated(item, "description"),
            },
        )

    for item in data.get("countries", []):
        _create_once(report, Country, {"code": item["code"]}, lambda item=item: translated(item, "name"))

    new_sdgs = set()
    for item in data.get("sdgs", []):
        before = report.created.get(Sdg._meta.verbose_name_plural, 0)
        sdg = _create_once(report, Sdg, {"number": item["number"]}, lambda item=item: translated(item, "name"))
        if sdg is not None and report.created.get(Sdg._meta.verbose_name_plural, 0) > before:
            new_sdgs.add(sdg.number)

    for item in data.get("municipalities", []):
        _create_once(
            report,
            Municipality,
            {"slug": item["slug"]},
            lambda item=item: {
                "country": _ref(Country, code=item["country"]),
                "kind": item["kind"],
                **translated(item, "name"),
                **translated(item, "province"),
                "aliases": "\n".join(item.get("aliases") or []),
                "population": item.get("population"),
                **translated(item, "population_note", required=False),
                "latitude": _decimal(item.get("latitude")),
                "longitude": _decimal(item.get("longitude")),
                "website": item.get("website") or "",
                **translated(item, "mayor", required=False),
                **translated(item, "contact", required=False),
                "sources": _sources(item),
            },
        )

    sdgs = {s.number: s for s in Sdg.objects.all()}
    for item in data.get("practices", []):
        before = report.created.get(BestPractice._meta.verbose_name_plural, 0)
        practice = _create_once(
            report,
            BestPractice,
            {"number": item["number"]},
            lambda item=item: {
                "slug": item["slug"],
                "theme": _ref(Theme, number=item["theme"]),
                "municipality": _ref(Municipality, slug=item["municipality"]),
                "start_year": item.get("start_year"),
                **{
                    key: value
                    for name in ("title", "summary", "background", "what_was_done", "results", "lessons")
                    for key, value in translated(item, name).items()
                },
                **_title_unverified(item),
                "sources": _sources(item),
                "published": item.get("published", True),
            },
        )
        if practice is not None:
            created = report.created.get(BestPractice._meta.verbose_name_plural, 0) > before
            _tag_sdgs(practice, item, sdgs, created, new_sdgs)

    for item in data.get("pilots", []):
        created_before = report.created.get(Pilot._meta.verbose_name_plural, 0)
        pilot = _create_once(
            report,
            Pilot,
            {"slug": item["slug"]},
            lambda item=item: {
                "municipality": _ref(Municipality, slug=item["municipality"]),
                "practice": _ref(BestPractice, number=item["practice"]),
                "stage": item["stage"],
                "award": item["award"],
                **translated(item, "title"),
                **_title_unverified(item),
                **translated(item, "description"),
                **translated(item, "status"),
                "sources": _sources(item),
                "published": item.get("published", True),
            },
        )
        if pilot is None or report.created.get(Pilot._meta.verbose_name_plural, 0) == created_before:
            continue  # an existing pilot keeps its own related records as editors left them
        drew_on = [_current(BestPractice, number=number) for number in item.get("also_drew_on") or []]
        pilot.also_drew_on.set([practice for practice in drew_on if practice is not None])
        for step in item.get("milestones") or []:
            milestone = Milestone(
                pilot=pilot,
                date=_date(step["date"]),
                end_date=_date(step.get("end_date")),
                precision=step.get("precision", "day"),
                **translated(step, "title"),
            )
            milestone.full_clean()
            milestone.save()
            update_change_reason(milestone, CHANGE_REASON)
            report.count("created", Milestone)

    for item in data.get("partners", []):
        _create_once(
            report,
            Partner,
            {"slug": item["slug"]},
            lambda item=item: {
                **translated(item, "name"),
                "acronym": item.get("acronym") or "",
                "kind": item["kind"],
                "country": _ref(Country, code=item["country"]) if item.get("country") else None,
                **translated(item, "role"),
                "website": item.get("website") or "",
                "sources": _sources(item),
                "published": item.get("published", True),
            },
        )

    for item in data.get("documents", []):
        created_before = report.created.get(Document._meta.verbose_name_plural, 0)
        document = _create_once(
            report,
            Document,
            {"slug": item["slug"]},
            lambda item=item: {
                **translated(item, "title"),
                **translated(item, "description", required=False),
                "kind": item["kind"],
                "date": _date(item.get("date")),
                "precision": item.get("precision", "day"),
                "language": item["language"],
                "url": item["url"],
                "sources": _sources(item),
                "published": item.get("published", True),
            },
        )
        if document is None or report.created.get(Document._meta.verbose_name_plural, 0) == created_before:
            continue  # an existing document keeps the subjects editors gave it
        subjects = {
            "practices": [_current(BestPractice, number=number) for number in item.get("practices") or []],
            "pilots": [_current(Pilot, slug=slug) for slug in item.get("pilots") or []],
            "municipalities": [_current(Municipality, slug=slug) for slug in item.get("municipalities") or []],
            "partners": [_current(Partner, slug=slug) for slug in item.get("partners") or []],
        }
        for name, records in subjects.items():
            getattr(document, name).set([record for record in records if record is not None])
        update_change_reason(document, CHANGE_REASON)  # the subjects are a history entry of their own
    return report
