"""The change history in the admin, per language: what an edit changed, and a revert, in Thai and English."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}
THAI = {"accept-language": "th"}


def edit(client, record, headers, **changes):
    """Save `record`'s admin change page with `changes`, as an editor whose browser asks for `headers`' language."""
    url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
    response = client.post(url, admin_form_data(client.get(url, headers=headers), **changes), headers=headers)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors


def latest_changes(client, record, headers):
    """The fields the newest entry of `record`'s admin history page says were changed, as that page names them."""
    url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_history", args=[record.pk])
    page = client.get(url, headers=headers)
    assert page.status_code == 200
    newest = page.context["page_obj"].object_list[0]
    return [change["field"] for change in newest.history_delta_changes], page.content.decode()


def test_an_english_edit_of_the_english_summary_is_recorded_as_that_field_alone(editor_client):
    practice = f.practice(number=10)
    edit(editor_client, practice, ENGLISH, summary_en="A wetland cleans the town's waste water.")

    latest, before = practice.history.all()[:2]
    assert latest.diff_against(before).changed_fields == ["summary_en"]
    assert (latest.summary_th, latest.summary_en) == ("สรุป 10", "A wetland cleans the town's waste water.")
    fields, html = latest_changes(editor_client, practice, ENGLISH)
    assert fields == ["Summary [English]"]
    assert "Summary [English]" in html and "Title" not in html
    # The Thai admin names the same change in Thai.
    assert latest_changes(editor_client, practice, THAI)[0] == ["สรุป [อังกฤษ]"]


def test_a_thai_edit_of_the_thai_title_is_recorded_as_that_field_alone(editor_client):
    pilot = f.pilot("pakkret")
    edit(editor_client, pilot, THAI, title_th="ปากเกร็ดจัดการขยะ (แก้ไข)")

    latest, before = pilot.history.all()[:2]
    assert latest.diff_against(before).changed_fields == ["title_th"]
    assert latest.title_en == before.title_en
    fields, html = latest_changes(editor_client, pilot, THAI)
    assert fields == ["ชื่อโครงการนำไปปรับใช้ [ไทย]"]
    assert "ปากเกร็ดจัดการขยะ (แก้ไข)" in html


@pytest.mark.parametrize(("edit_headers", "revert_headers"), [(ENGLISH, THAI), (THAI, ENGLISH)])
def test_a_revert_restores_both_languages_exactly(editor_client, edit_headers, revert_headers):
    practice = f.practice(number=12)
    original = {name: getattr(practice, name) for name in ("title_th", "title_en", "summary_th", "summary_en")}
    version = practice.history.first()
    edit(editor_client, practice, edit_headers, title_en="Changed title", summary_th="สรุปที่แก้แล้ว")

    revert_url = reverse("admin:practices_bestpractice_simple_history", args=[practice.pk, version.history_id])
    revert_page = editor_client.get(revert_url, headers=revert_headers)
    assert revert_page.status_code == 200
    form = revert_page.context["adminform"].form
    assert {name: form.initial[name] for name in original} == original
    response = editor_client.post(revert_url, admin_form_data(revert_page), headers=revert_headers)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert {name: getattr(practice, name) for name in original} == original
    latest, changed = practice.history.all()[:2]
    assert sorted(latest.diff_against(changed).changed_fields) == ["summary_th", "title_en"]


@pytest.mark.parametrize(
    ("model_name", "make"),
    [
        ("practices_theme", lambda: f.theme()),
        ("practices_country", lambda: f.country("ph")),
        ("practices_sdg", lambda: f.sdg(11)),
        ("practices_municipality", lambda: f.municipality()),
        ("practices_bestpractice", lambda: f.practice()),
        ("pilots_pilot", lambda: f.pilot()),
        ("pilots_milestone", lambda: f.milestone(f.pilot(), "2011-07-12", title_th="ศึกษาดูงาน", title_en="Visit")),
        ("partners_partner", lambda: f.partner()),
        ("documents_document", lambda: f.document()),
    ],
)
def test_every_history_page_and_version_opens(editor_client, model_name, make):
    record = make()
    record.save()  # a second version, so the page shows a diff
    history = editor_client.get(reverse(f"admin:{model_name}_history", args=[record.pk]), headers=ENGLISH)
    assert history.status_code == 200
    assert str(record) in history.content.decode()
    version = record.history.last()
    page = editor_client.get(reverse(f"admin:{model_name}_simple_history", args=[record.pk, version.history_id]))
    assert page.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_history_row_from_before_the_split_keeps_its_text(editor_client):
    """A row written when the history kept the untranslated column too (and, for a field translated later,
    only that column) still shows after the migration that drops it, its text kept in Thai."""
    executor = MigrationExecutor(connection)
    before, after = [("practices", "0019_feed_indexes")], executor.loader.graph.leaf_nodes()
    town = f.municipality(slug="pakkret", population_note_th="ข้อมูลปี 2553", population_note_en="2010 census")
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    values = old_apps.get_model("practices", "Municipality").objects.filter(pk=town.pk).values().get()
    values.pop("search_name")
    old_row = old_apps.get_model("practices", "HistoricalMunicipality").objects.create(
        **{**values, "population_note": "Census of 2010", "population_note_th": None, "population_note_en": None},
        history_date=timezone.now(),
        history_type="+",
    )

    MigrationExecutor(connection).migrate(after)
    kept = town.history.get(history_id=old_row.pk)
    assert (kept.population_note_th, kept.population_note_en) == ("Census of 2010", None)
    assert (kept.name_th, kept.name_en) == (town.name_th, town.name_en)
    town.save()
    response = editor_client.get(reverse("admin:practices_municipality_history", args=[town.pk]), headers=ENGLISH)
    assert response.status_code == 200
    assert "Census of 2010" in response.content.decode()
    changes = response.context["page_obj"].object_list[0].history_delta_changes
    assert {change["field"]: (change["old"], change["new"]) for change in changes} == {
        "Population note [Thai]": ("Census of 2010", "ข้อมูลปี 2553"),
        "Population note [English]": ("None", "2010 census"),
    }
