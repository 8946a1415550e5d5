"""Migration pilots 0011 brings a database loaded before the spelling and unverified-title corrections up to date,
keeping every other edit; on a database loaded from today's data it changes nothing."""

import importlib

import pytest
from django.apps import apps

from delgosea.loader import load, read_data
from pilots.models import Pilot
from practices.models import BestPractice

pytestmark = pytest.mark.django_db

migration = importlib.import_module("pilots.migrations.0011_shipped_corrections")


def snapshot():
    return [list(model.objects.order_by("pk").values()) for model in (BestPractice, Pilot)]


def test_on_the_shipped_data_it_changes_nothing():
    load()
    before = snapshot()
    migration.forwards(apps, None)
    assert snapshot() == before


def test_its_tables_of_unverified_titles_are_the_shipped_datas():
    data = read_data()
    for kind, table in (("practices", migration.PRACTICE_UNVERIFIED), ("pilots", migration.PILOT_UNVERIFIED)):
        shipped = {item["slug"]: item["title_unverified"] for item in data[kind] if item.get("title_unverified")}
        assert {slug: sorted(languages) for slug, languages in shipped.items()} == {
            slug: sorted(languages) for slug, languages in table.items()
        }


def test_an_older_database_gets_the_records_spellings_and_boxes_and_keeps_its_edits():
    load()
    practice = BestPractice.objects.get(number=4)
    assert "เมืองจ่าวิญ" in practice.results_th
    # As loaded before the corrections, then edited by an editor.
    practice.results_th = practice.results_th.replace("จ่าวิญ", "จ่าวินห์") + " ข้อความที่บรรณาธิการเพิ่ม"
    practice.save()
    danang = BestPractice.objects.get(results_en__contains="Da Nang (Vietnam)")
    danang.results_en = danang.results_en.replace("Da Nang (Vietnam)", "Danang (Vietnam)")
    danang.save()
    pakkret = Pilot.objects.get(slug="pakkret")
    pakkret.description_en = pakkret.description_en.replace("visited Surakarta in", "visited Solo in")
    pakkret.title_unverified_th = False
    pakkret.save()
    Pilot.objects.filter(slug="vinh").update(title_unverified_th=False, title_unverified_en=False)
    # An editor who ticked another box on a record has answered for it: left as it is.
    Pilot.objects.filter(slug="kampot").update(title_unverified_th=False, title_unverified_en=True)
    updated_before = Pilot.objects.get(slug="vinh").updated

    migration.forwards(apps, None)

    practice.refresh_from_db()
    assert "จ่าวินห์" not in practice.results_th and "เมืองจ่าวิญ" in practice.results_th
    assert practice.results_th.endswith(" ข้อความที่บรรณาธิการเพิ่ม")
    danang.refresh_from_db()
    assert "Danang" not in danang.results_en and "Da Nang (Vietnam)" in danang.results_en
    pakkret.refresh_from_db()
    assert "visited Surakarta in" in pakkret.description_en and "Solo (Surakarta)" in pakkret.description_en
    assert (pakkret.title_unverified_th, pakkret.title_unverified_en) == (True, False)
    vinh = Pilot.objects.get(slug="vinh")
    assert (vinh.title_unverified_th, vinh.title_unverified_en) == (True, True)
    assert vinh.updated > updated_before
    kampot = Pilot.objects.get(slug="kampot")
    assert (kampot.title_unverified_th, kampot.title_unverified_en) == (False, True)
