"""Loading the shipped data is idempotent and never undoes an editor's work."""

import pytest
import yaml
from django.core.management import call_command

from delgosea.loader import FixtureError, load
from documents.models import Document
from partners.models import Partner
from pilots.models import Milestone, Pilot
from practices.models import BestPractice, Municipality

pytestmark = pytest.mark.django_db

MODELS = [BestPractice, Municipality, Pilot, Milestone, Partner, Document]


def _snapshot():
    return {model.__name__: (model.objects.count(), model.history.count()) for model in MODELS}


def test_loading_twice_changes_nothing():
    first = load()
    assert first.total_created > 0
    before = _snapshot()
    second = load()
    assert second.total_created == 0
    assert _snapshot() == before


def test_reloading_keeps_an_editors_later_edit():
    load()
    practice = BestPractice.objects.get(number=14)
    practice.title_th = "ชื่อที่บรรณาธิการแก้ไข"
    practice.save()
    load()
    practice.refresh_from_db()
    assert practice.title_th == "ชื่อที่บรรณาธิการแก้ไข"


def test_reloading_does_not_bring_back_what_an_editor_deleted():
    load()
    Partner.objects.get(slug="ulap").delete()
    load()
    assert not Partner.objects.filter(slug="ulap").exists()


def test_reloading_does_not_bring_back_what_an_editor_renamed_or_renumbered():
    load()
    for model in (Pilot, Municipality, Partner):
        renamed = model.objects.get(slug="alaminos" if model is not Partner else "acvn")
        renamed.slug = f"{renamed.slug}-renamed"
        renamed.save()
    practice = BestPractice.objects.get(number=16)
    practice.number = 17
    practice.save()
    before = _snapshot()
    report = load()
    assert report.total_created == 0
    assert _snapshot() == before
    assert BestPractice.objects.get(slug=practice.slug).number == 17


def test_a_new_record_follows_a_renamed_one_and_skips_a_deleted_one(tmp_path):
    load()
    town = Municipality.objects.get(slug="alaminos")
    town.slug = "alaminos-city"
    town.save()
    Municipality.objects.get(slug="pakkret").pilots.all().delete()
    Municipality.objects.get(slug="pakkret").delete()
    data = {
        "pilots": [
            {**NEW_PILOT, "slug": "second-alaminos", "municipality": "alaminos"},
            {**NEW_PILOT, "slug": "second-pakkret", "municipality": "pakkret"},
        ]
    }
    (tmp_path / "pilots.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = load(tmp_path)
    assert report.created == {Pilot._meta.verbose_name_plural: 1}
    assert Pilot.objects.get(slug="second-alaminos").municipality == town
    assert not Pilot.objects.filter(slug="second-pakkret").exists()


NEW_PILOT = {
    "practice": 10,
    "stage": "concept",
    "award": "none",
    "title": {"th": "โครงการที่สอง", "en": "A second project"},
    "description": {"th": "คำอธิบาย", "en": "Description"},
    "status": {"th": "สถานะ", "en": "Status"},
    "sources": ["https://example.org/second"],
}


def test_reloading_keeps_an_editors_milestone_changes():
    load()
    pilot = Pilot.objects.get(slug="pakkret")
    pilot.milestones.first().delete()
    count = pilot.milestones.count()
    load()
    assert pilot.milestones.count() == count


def test_loaded_records_say_where_they_came_from():
    load()
    assert BestPractice.objects.get(number=1).history.first().history_change_reason.startswith("Loaded")


def test_a_data_file_missing_english_text_is_refused_and_nothing_is_created(tmp_path):
    (tmp_path / "broken.yaml").write_text(
        "themes:\n- number: 1\n  slug: t\n  name: {th: ชื่อ, en: ''}\n  description: {th: ก, en: b}\n",
        encoding="utf-8",
    )
    with pytest.raises(FixtureError, match="no en text"):
        load(tmp_path)
    from practices.models import Theme

    assert not Theme.objects.exists()


def test_the_command_reports_what_it_did(capsys):
    call_command("load_delgosea")
    assert "Created" in capsys.readouterr().out
    call_command("load_delgosea")
    assert "nothing changed" in capsys.readouterr().out
