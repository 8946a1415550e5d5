"""The shipped DELGOSEA data is complete, bilingual and true to the sourced fact sheet."""

import os
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import models, transaction
from modeltranslation.translator import translator

from delgosea.loader import load
from partners.models import Partner
from pilots.models import Milestone, Pilot
from practices.models import BestPractice, Country, Municipality, Sdg, Theme

pytestmark = pytest.mark.django_db

FACTS = settings.BASE_DIR.parent / "shared" / "data" / "delgosea-facts.yaml"
OPTIONAL_TRANSLATIONS = {"photo_alt", "population_note", "contact"}  # filled in both languages or in neither
# A foreign name is written in Thai only where it transliterates reliably; Thai pages fall back to English.
ENGLISH_FALLBACK = {"mayor"}


def text_fields(model):
    """The translated fields that hold text (not the per-language title_unverified boxes)."""
    return [
        name
        for name in translator.get_options_for_model(model).fields
        if not isinstance(model._meta.get_field(name), models.BooleanField)
    ]


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    """The shipped data, loaded once for this module's read-only tests and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        load()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def facts():
    if not Path(FACTS).exists():
        message = f"The fact sheet is not beside the checkout ({FACTS})."
        if os.environ.get("CI"):
            pytest.fail(message)  # CI always has shared/ beside the clone: never skip there
        pytest.skip(message)
    return yaml.safe_load(Path(FACTS).read_text(encoding="utf-8"))


def test_shipped_data_has_every_record(shipped):
    assert Theme.objects.count() == 4
    assert Sdg.objects.count() == 17
    assert sorted(Country.objects.values_list("code", flat=True)) == ["id", "kh", "ph", "th", "vn"]
    assert list(BestPractice.objects.order_by("number").values_list("number", flat=True)) == list(range(1, 17))
    assert Pilot.objects.count() == 16
    assert Municipality.objects.count() == 31  # Vinh is both a best-practice city and a pilot
    assert Partner.objects.count() >= 17
    assert Milestone.objects.count() >= 50


@pytest.mark.parametrize("model", [Theme, Country, Sdg, Municipality, BestPractice, Pilot, Milestone, Partner])
def test_every_translated_field_is_filled_in_both_languages(shipped, model):
    optional = OPTIONAL_TRANSLATIONS | ENGLISH_FALLBACK
    fields = [name for name in text_fields(model) if name not in optional]
    gaps = [
        f"{obj.pk}.{name}_{code}"
        for obj in model.objects.all()
        for name in fields
        for code, _language in settings.LANGUAGES
        if not (getattr(obj, f"{name}_{code}") or "").strip()
    ]
    assert gaps == []


@pytest.mark.parametrize("model", [Municipality, BestPractice])
def test_optional_texts_are_given_in_both_languages_or_in_neither(shipped, model):
    fields = [name for name in translator.get_options_for_model(model).fields if name in OPTIONAL_TRANSLATIONS]
    for obj in model.objects.all():
        for name in fields:
            filled = {bool((getattr(obj, f"{name}_{code}") or "").strip()) for code, _language in settings.LANGUAGES}
            assert len(filled) == 1, f"{obj.pk}.{name}"


def test_a_mayor_named_in_thai_is_named_in_english_too(shipped):
    assert not Municipality.objects.filter(mayor_en="").exclude(mayor_th="").exists()
    assert Municipality.objects.get(slug="pakkret").mayor_en == "Vichai Bandasak"
    assert Municipality.objects.filter(mayor_en__gt="").count() == 7


def test_thai_text_is_thai_and_english_text_is_not(shipped):
    for practice in BestPractice.objects.all():
        assert any("\u0e00" <= char <= "\u0e7f" for char in practice.title_th), practice.number
        assert not any("\u0e00" <= char <= "\u0e7f" for char in practice.title_en), practice.number


# A year of the Common Era (1900-2039) standing alone: Thai text gives years in the Buddhist Era.
COMMON_ERA_YEAR = re.compile(r"(?<![\d/.-])(19\d\d|20[0-3]\d)(?!\d)")


@pytest.mark.parametrize("model", [Theme, Municipality, BestPractice, Pilot, Milestone, Partner])
def test_thai_text_gives_years_in_the_buddhist_era(shipped, model):
    fields = text_fields(model)
    common_era = [
        f"{obj.pk}.{name}_th: {match.group(0)}"
        for obj in model.objects.all()
        for name in fields
        for match in COMMON_ERA_YEAR.finditer(getattr(obj, f"{name}_th") or "")
    ]
    assert common_era == []


def test_every_published_record_cites_its_sources(shipped):
    for model in (BestPractice, Pilot, Partner):
        assert not model.objects.filter(sources="").exists(), model


def _pilot_for(city_en):
    """The shipped pilot whose municipality is named (or also written) like the fact sheet's city."""
    first_word = city_en.replace("(", " ").split()[0].lower()
    matches = [
        pilot
        for pilot in Pilot.objects.select_related("municipality")
        if any(
            name.lower().startswith(first_word) for name in [pilot.municipality.name_en, *pilot.municipality.alias_list]
        )
    ]
    assert len(matches) == 1, (city_en, matches)
    return matches[0]


def test_every_pilot_copied_the_practice_the_facts_say(shipped, facts):
    for fact in facts["pilots"]:
        assert _pilot_for(fact["city_en"]).practice.number == fact["practice_number"], fact["city_en"]


def test_awards_match_the_2012_award_list(shipped, facts):
    award = {"award_of_excellence": Pilot.Award.EXCELLENCE, "special_appreciation": Pilot.Award.APPRECIATION}
    for fact in facts["pilots"]:
        assert _pilot_for(fact["city_en"]).award == award[fact["award"]], fact["city_en"]
    assert Pilot.objects.filter(award=Pilot.Award.EXCELLENCE).count() == len(facts["award_2012"]["award_of_excellence"])


def test_practices_sit_under_the_theme_and_country_the_facts_say(shipped, facts):
    for fact in facts["best_practices"]:
        practice = BestPractice.objects.select_related("theme", "municipality__country").get(number=fact["number"])
        assert practice.theme.number == fact["theme"], fact["number"]
        assert practice.municipality.country.code == fact["country"].lower(), fact["number"]


def test_marikina_eco_savers_was_copied_by_four_pilots(shipped):
    assert BestPractice.objects.get(number=12).pilots.count() == 4
