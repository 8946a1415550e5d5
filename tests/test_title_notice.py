"""A title that no source confirms in a language (the portal's translation) says so on its page, in that language."""

import csv
import io
import json

import pytest

from delgosea.loader import load
from pilots.models import Pilot
from practices.models import BestPractice
from tests import factories as f

pytestmark = pytest.mark.django_db

PRACTICE_NOTICE = {
    "en": "This title is the portal’s translation: no source confirms an official title in this language.",
    "th": "ชื่อเรื่องนี้เป็นคำแปลของคลังความรู้ ไม่มีแหล่งข้อมูลใดยืนยันชื่อทางการในภาษานี้",
}
PILOT_NOTICE = {
    "en": "The project title is the portal’s translation: no source confirms an official title in this language.",
    "th": "ชื่อโครงการนี้เป็นคำแปลของคลังความรู้ ไม่มีแหล่งข้อมูลใดยืนยันชื่อทางการในภาษานี้",
}


def page(client, language, obj):
    return client.get(f"/{language}{obj.get_absolute_url()[3:]}").content.decode()


def test_a_practice_whose_english_title_is_the_portals_translation_says_so_in_english_only(client):
    practice = f.practice(6, title_unverified_en=True)
    assert PRACTICE_NOTICE["en"] in page(client, "en", practice)
    # The Thai title is confirmed: an unticked Thai box does not fall back to the English one.
    thai = page(client, "th", practice)
    assert PRACTICE_NOTICE["th"] not in thai and practice.title_th in thai


def test_a_pilot_whose_title_no_source_confirms_says_so_in_both_languages(client):
    pilot = f.pilot("vinh", title_unverified_th=True, title_unverified_en=True)
    assert PILOT_NOTICE["en"] in page(client, "en", pilot)
    assert PILOT_NOTICE["th"] in page(client, "th", pilot)


def test_a_confirmed_title_has_no_notice(client):
    practice, pilot = f.practice(1), f.pilot("pakkret")
    for language in ("th", "en"):
        assert PRACTICE_NOTICE[language] not in page(client, language, practice)
        assert PILOT_NOTICE[language] not in page(client, language, pilot)


def test_the_shipped_data_marks_the_titles_the_facts_call_unverified():
    load()
    practice = BestPractice.objects.get(number=6)  # the English selection list is cut off: facts UNVERIFIED
    assert (practice.title_unverified_th, practice.title_unverified_en) == (False, True)
    assert BestPractice.objects.filter(title_unverified_en=True).count() == 1
    assert not BestPractice.objects.filter(title_unverified_th=True).exists()
    # Ten pilots have no confirmed official title; the other six have their English one only.
    unverified = set(Pilot.objects.filter(title_unverified_en=True).values_list("slug", flat=True))
    assert unverified == {
        *("misamis-oriental-clusters", "vinh", "choam-chao", "kupang", "pangkalpinang"),
        *("wakatobi", "chiang-rai", "songkhla", "yala", "da-nang"),
    }
    assert Pilot.objects.filter(title_unverified_th=True).count() == 16


def test_the_api_and_the_downloads_say_which_titles_are_the_portals_translation(client):
    """Open data carries the same answer as the page, in the language asked for."""
    practice = f.practice(6, title_unverified_en=True)
    f.pilot("vinh", practice=practice, title_unverified_th=True, title_unverified_en=True)
    confirmed = f.pilot("pakkret", practice=practice)
    for language, expected in (("th", False), ("en", True)):
        api = client.get(f"/api/v1/practices/{practice.slug}", {"lang": language}).json()
        assert api["title_unverified"] is expected
        download = client.get(f"/{language}/practices/export.json")
        records = json.loads(b"".join(download.streaming_content))["results"]
        assert [record["title_unverified"] for record in records] == [expected]
        rows = csv.DictReader(
            io.StringIO(b"".join(client.get(f"/{language}/pilots/export.csv").streaming_content).decode("utf-8-sig"))
        )
        assert {row["slug"]: row["title_unverified"] for row in rows} == {"vinh": "true", confirmed.slug: "false"}
    pilots = client.get("/api/v1/pilots", {"lang": "en"}).json()["results"]
    assert {pilot["slug"]: pilot["title_unverified"] for pilot in pilots} == {"vinh": True, confirmed.slug: False}
