"""The real Django admin as project staff use it."""

import datetime

import pytest
from django.urls import reverse

from practices.models import BestPractice
from tests import factories as f
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "a-strong-Passw0rd!"


def test_an_editor_logs_in_through_the_login_form(client, editor):
    response = client.post(
        reverse("admin:login"), {"username": "editor", "password": PASSWORD, "next": "/admin/"}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"].username == "editor"
    assert reverse("admin:practices_bestpractice_changelist") in response.content.decode()


def test_editor_changes_a_thai_title_sees_it_in_history_and_reverts_it(editor_client):
    practice = f.practice(number=10)
    f.pilot(practice=practice)
    original_th, original_en = practice.title_th, practice.title_en
    change_url = reverse("admin:practices_bestpractice_change", args=[practice.pk])

    page = editor_client.get(change_url)
    assert page.status_code == 200
    response = editor_client.post(change_url, admin_form_data(page, title_th="การจัดการน้ำเสียแบบบึงประดิษฐ์ (แก้ไข)"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert practice.title_th == "การจัดการน้ำเสียแบบบึงประดิษฐ์ (แก้ไข)"
    assert practice.title_en == original_en

    history = editor_client.get(reverse("admin:practices_bestpractice_history", args=[practice.pk]))
    assert history.status_code == 200
    assert "editor" in history.content.decode()
    latest, before = practice.history.order_by("-history_date", "-history_id")[:2]
    assert latest.history_user.username == "editor"

    revert_url = reverse("admin:practices_bestpractice_simple_history", args=[practice.pk, before.history_id])
    revert_page = editor_client.get(revert_url)
    assert revert_page.status_code == 200
    response = editor_client.post(revert_url, admin_form_data(revert_page))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title_th == original_th
    assert practice.title_en == original_en
    assert practice.history.count() == 3


@pytest.mark.parametrize("name", ["auth_user", "auth_group"])
def test_an_editor_cannot_open_user_or_group_admin(editor_client, name):
    assert editor_client.get(reverse(f"admin:{name}_changelist")).status_code == 403
    assert editor_client.get(reverse(f"admin:{name}_add")).status_code == 403


@pytest.mark.parametrize(
    "model",
    [
        "practices_theme",
        "practices_country",
        "practices_municipality",
        "practices_bestpractice",
        "pilots_pilot",
        "partners_partner",
    ],
)
def test_an_editor_can_list_search_and_add_every_record_type(editor_client, model):
    f.pilot()
    f.partner()
    listing = editor_client.get(reverse(f"admin:{model}_changelist"), {"q": "a"})
    assert listing.status_code == 200
    assert editor_client.get(reverse(f"admin:{model}_add")).status_code == 200


def test_practice_list_marks_a_row_whose_english_text_is_missing(editor_client):
    complete = f.practice(number=1)
    incomplete = f.practice(number=2, summary_en="")
    html = editor_client.get(reverse("admin:practices_bestpractice_changelist")).content.decode()
    rows = {line for line in html.split("<tr") if "/change/" in line}
    incomplete_row = next(row for row in rows if f"/{incomplete.pk}/change/" in row)
    complete_row = next(row for row in rows if f"/{complete.pk}/change/" in row)
    assert "translation-missing" in incomplete_row and "EN" in incomplete_row
    assert "translation-missing" not in complete_row


def test_the_practice_change_page_shows_its_pilots_inline(editor_client):
    pilot = f.pilot()
    html = editor_client.get(reverse("admin:practices_bestpractice_change", args=[pilot.practice.pk])).content.decode()
    assert pilot.title_en in html or pilot.title_th in html
    assert 'id="pilots-group"' in html


def test_autocomplete_finds_a_municipality_by_its_other_spelling(editor_client):
    f.municipality(slug="pakkret", aliases="Pak Kret\nPakkred")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "Pakkred", "app_label": "practices", "model_name": "bestpractice", "field_name": "municipality"},
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_deleting_a_practice_with_pilots_is_refused_with_a_clear_message(admin_client):
    """Only a superuser may delete (editors cannot); even one cannot pull a practice from under its pilots."""
    pilot = f.pilot()
    url = reverse("admin:practices_bestpractice_delete", args=[pilot.practice.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "protected" in response.content.decode().lower() or response.context["protected"]
    assert BestPractice.objects.filter(pk=pilot.practice.pk).exists()


def test_the_admin_tabs_load_jquery_ui_from_this_site(editor_client):
    html = editor_client.get(reverse("admin:practices_bestpractice_add")).content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html


@pytest.mark.parametrize(
    ("model_name", "make"),
    [
        ("partners_partner", lambda: f.partner("kas", country=None)),
        ("practices_bestpractice", lambda: f.practice(12)),
        ("pilots_pilot", lambda: f.pilot("kupang")),
    ],
)
def test_editors_publish_and_hide_records_from_the_list(editor_client, model_name, make):
    record = make()
    url = reverse(f"admin:{model_name}_changelist")
    english = {"accept-language": "en"}
    hidden = editor_client.post(
        url, {"action": "make_hidden", "_selected_action": [record.pk]}, follow=True, headers=english
    )
    assert hidden.status_code == 200
    assert "1 record hidden from the public." in hidden.content.decode()
    record.refresh_from_db()
    assert record.published is False
    assert record.history.first().published is False  # the change is in the history
    shown = editor_client.post(
        url, {"action": "make_published", "_selected_action": [record.pk]}, follow=True, headers=english
    )
    assert "1 record published." in shown.content.decode()
    record.refresh_from_db()
    assert record.published is True


def test_reverting_restores_the_links_of_that_version_too(editor_client):
    """Goals and 'also drew on' practices are part of a version, as the texts are."""
    cities, water = f.sdg(11), f.sdg(6)
    practice, other = f.practice(10), f.practice(12)
    practice.sdgs.add(cities)
    pilot = f.pilot("alaminos", practice=practice)
    pilot.also_drew_on.add(other)
    cases = [
        (practice, "practices_bestpractice", "sdgs", [water.pk], [cities.pk]),
        (pilot, "pilots_pilot", "also_drew_on", [], [other.pk]),
    ]
    for record, name, field, changed, original in cases:
        version = record.history.order_by("-history_date", "-history_id").first()
        change_url = reverse(f"admin:{name}_change", args=[record.pk])
        saved = editor_client.post(change_url, admin_form_data(editor_client.get(change_url), **{field: changed}))
        assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
        assert [linked.pk for linked in getattr(record, field).all()] == changed

        revert_url = reverse(f"admin:{name}_simple_history", args=[record.pk, version.history_id])
        revert_page = editor_client.get(revert_url)
        assert revert_page.context["adminform"].form.initial[field] == original
        assert editor_client.post(revert_url, admin_form_data(revert_page)).status_code == 302
        assert [linked.pk for linked in getattr(record, field).all()] == original, field


def test_a_milestone_change_made_on_the_pilot_page_can_be_reverted(editor_client):
    pilot = f.pilot("pakkret")
    milestone = f.milestone(pilot, datetime.date(2011, 7, 12), title_th="ศึกษาดูงาน", title_en="Study visit")
    version = milestone.history.first()
    milestone.title_en = "Study visit, renamed"
    milestone.save()

    listing = editor_client.get(reverse("admin:pilots_milestone_changelist"), {"q": "renamed"})
    assert listing.status_code == 200 and list(listing.context["cl"].result_list) == [milestone]
    history = editor_client.get(reverse("admin:pilots_milestone_history", args=[milestone.pk]))
    assert history.status_code == 200
    revert_url = reverse("admin:pilots_milestone_simple_history", args=[milestone.pk, version.history_id])
    assert editor_client.post(revert_url, admin_form_data(editor_client.get(revert_url))).status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title_en, milestone.title_th) == ("Study visit", "ศึกษาดูงาน")


def test_a_pilot_cannot_also_draw_on_the_practice_it_copied(editor_client):
    pilot = f.pilot("kupang")
    change_url = reverse("admin:pilots_pilot_change", args=[pilot.pk])
    data = admin_form_data(editor_client.get(change_url), also_drew_on=[pilot.practice_id])
    response = editor_client.post(change_url, data, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "is the practice this pilot copied" in str(response.context["adminform"].form.errors)
    assert list(pilot.also_drew_on.all()) == []
