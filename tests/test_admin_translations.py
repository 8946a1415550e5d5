"""The admin in two languages: finding records that lack a translation."""

import pytest
from django.urls import reverse

from practices.models import Country
from tests import factories as f

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
