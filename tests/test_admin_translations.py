"""The admin in two languages: finding records that lack a translation, and messages in the editor's language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from delgosea import admin_messages
from practices.models import Country, Theme
from tests import factories as f
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}
THAI = {"accept-language": "th"}


def listed(client, model_name, missing, headers=ENGLISH):
    response = client.get(reverse(f"admin:{model_name}_changelist"), {"missing": missing}, headers=headers)
    assert response.status_code == 200
    return {record.pk for record in response.context["cl"].result_list}


def test_the_missing_translation_filter_lists_exactly_the_practices_lacking_that_language(editor_client):
    f.practice(1)
    no_thai_summary = f.practice(2, summary_th="")
    no_english_title = f.practice(3, title_en="")
    f.practice(4, lessons_th="", lessons_en="")  # optional and empty in both languages: nothing to translate
    untranslated_lessons = f.practice(5, lessons_en="")
    no_thai_at_all = f.practice(6, title_th="", summary_th="", background_th=None)

    assert listed(editor_client, "practices_bestpractice", "th") == {no_thai_summary.pk, no_thai_at_all.pk}
    assert listed(editor_client, "practices_bestpractice", "en") == {no_english_title.pk, untranslated_lessons.pk}
    assert listed(editor_client, "practices_bestpractice", "en.lessons") == {untranslated_lessons.pk}
    assert listed(editor_client, "practices_bestpractice", "th.title") == {no_thai_at_all.pk}
    assert listed(editor_client, "practices_bestpractice", "th.background") == {no_thai_at_all.pk}


def test_the_filter_names_each_field_in_the_editors_language(editor_client):
    f.practice(1)
    english = editor_client.get(reverse("admin:practices_bestpractice_changelist"), headers=ENGLISH)
    assert "By missing translation" in english.content.decode()
    assert "?missing=en.summary" in english.content.decode()
    choices = [
        choice["display"]
        for spec in english.context["cl"].filter_specs
        for choice in spec.choices(english.context["cl"])
    ]
    assert {"Thai: any field", "Summary [Thai]", "English: any field", "Summary [English]"} <= set(map(str, choices))
    thai = editor_client.get(reverse("admin:practices_bestpractice_changelist"), headers=THAI)
    choices = [
        choice["display"] for spec in thai.context["cl"].filter_specs for choice in spec.choices(thai.context["cl"])
    ]
    assert {"ไทย: ช่องใดก็ได้", "สรุป [ไทย]", "อังกฤษ: ช่องใดก็ได้", "สรุป [อังกฤษ]"} <= set(map(str, choices))


@pytest.mark.parametrize(
    ("model_name", "complete", "lacking_english"),
    [
        ("practices_theme", lambda: f.theme(), lambda: f.theme(description_en="")),
        (
            "practices_country",
            lambda: f.country("ph"),
            lambda: Country.objects.create(code="vn", name_th="เวียดนาม", name_en=""),
        ),
        ("practices_sdg", lambda: f.sdg(11), lambda: f.sdg(6, name_en="")),
        ("practices_municipality", lambda: f.municipality(), lambda: f.municipality(province_en="")),
        ("pilots_pilot", lambda: f.pilot(), lambda: f.pilot(description_en="")),
        (
            "pilots_milestone",
            lambda: f.milestone(f.pilot(), "2011-07-12", title_th="ศึกษาดูงาน", title_en="Visit"),
            lambda: f.milestone(f.pilot(), "2012-01-01", title_th="เริ่มโครงการ", title_en=""),
        ),
        ("partners_partner", lambda: f.partner(), lambda: f.partner(role_en="")),
        ("documents_document", lambda: f.document(), lambda: f.document(title_en="")),
    ],
)
def test_every_translated_record_type_has_the_filter(editor_client, model_name, complete, lacking_english):
    complete()
    record = lacking_english()
    assert listed(editor_client, model_name, "en") == {record.pk}
    assert listed(editor_client, model_name, "th") == set()


def test_an_unknown_filter_value_is_refused_like_any_bad_admin_filter(editor_client):
    response = editor_client.get(reverse("admin:practices_theme_changelist"), {"missing": "fr"})
    assert response.status_code == 302 and "e=1" in response["Location"]


def said(response):
    """The messages the page shows after a redirect, as text."""
    assert response.status_code == 200 and response.redirect_chain
    return [strip_tags(str(message)) for message in response.context["messages"]]


def test_adding_changing_and_deleting_in_the_thai_admin_says_so_in_thai(admin_client):
    """Django's own Thai lacks these messages; the portal's catalogue carries them."""
    add_url = reverse("admin:practices_theme_add")
    data = admin_form_data(
        admin_client.get(add_url, headers=THAI),
        number="7",
        slug="open-data",
        name_th="ข้อมูลเปิด",
        name_en="Open data",
    )
    messages = []
    for button in ["_save", "_continue", "_addanother"]:
        messages += said(admin_client.post(add_url, {**data, button: "1"}, headers=THAI, follow=True))
        Theme.objects.filter(slug="open-data").delete()
    theme = f.theme(7, slug="open-data", name_th="ข้อมูลเปิด")
    change_url = reverse("admin:practices_theme_change", args=[theme.pk])
    for button in ["_save", "_continue", "_addanother"]:
        data = admin_form_data(admin_client.get(change_url, headers=THAI))
        messages += said(admin_client.post(change_url, {**data, button: "1"}, headers=THAI, follow=True))
    delete_url = reverse("admin:practices_theme_delete", args=[theme.pk])
    messages += said(admin_client.post(delete_url, {"post": "yes"}, headers=THAI, follow=True))

    assert messages == [
        "เพิ่มประเด็น “7. ข้อมูลเปิด” เรียบร้อยแล้ว",
        "เพิ่มประเด็น “7. ข้อมูลเปิด” เรียบร้อยแล้ว คุณสามารถแก้ไขได้อีกครั้งด้านล่าง",
        "เพิ่มประเด็น “7. ข้อมูลเปิด” เรียบร้อยแล้ว คุณสามารถเพิ่มประเด็นอื่นได้ด้านล่าง",
        "แก้ไขประเด็น “7. ข้อมูลเปิด” เรียบร้อยแล้ว",
        "แก้ไขประเด็น “7. ข้อมูลเปิด” เรียบร้อยแล้ว คุณสามารถแก้ไขได้อีกครั้งด้านล่าง",
        "แก้ไขประเด็น “7. ข้อมูลเปิด” เรียบร้อยแล้ว คุณสามารถเพิ่มประเด็นอื่นได้ด้านล่าง",
        "ลบประเด็น “7. ข้อมูลเปิด” เรียบร้อยแล้ว",
    ]
    assert not any(re.search("[A-Za-z]", message) for message in messages)


def test_the_thai_history_page_is_in_thai(editor_client):
    theme = f.theme(7, name_th="ข้อมูลเปิด")
    theme.name_en = "Open data, renamed"
    theme.save()
    html = editor_client.get(reverse("admin:practices_theme_history", args=[theme.pk]), headers=THAI).content.decode()
    for thai in ["ประวัติการแก้ไข: 7. ข้อมูลเปิด", "วันที่/เวลา", "แก้ไขโดย", "สิ่งที่เปลี่ยน", "ชื่อ [อังกฤษ]"]:
        assert thai in html
    for english in ["Change history", "Date/time", "Changed by", "Changes", "Comment"]:
        assert english not in html


def test_every_admin_message_the_portal_carries_has_its_thai():
    with translation.override("th"):
        untranslated = [
            msgid
            for msgid in [*admin_messages.DJANGO_ADMIN, *admin_messages.SIMPLE_HISTORY]
            if translation.gettext(msgid) == msgid
        ]
        plurals = [translation.ngettext("entry", "entries", count) for count in (1, 2)]
    assert untranslated == []
    assert plurals == ["รายการ", "รายการ"]
