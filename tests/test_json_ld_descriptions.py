"""JSON-LD headlines and descriptions that are too long for search engines end at a word, with "…", in Thai (which
writes no spaces between words) as in English (delgosea.structured_data.shortened)."""

import itertools
import json
import re

import pytest

from delgosea.structured_data import DESCRIPTION_LIMIT, HEADLINE_LIMIT
from tests import factories as f

pytestmark = pytest.mark.django_db

# Thai words written as Thai writes them, with no space between them; the cut must fall between two of them.
THAI_WORDS = ["เมือง", "น้ำ", "สะอาด", "ประชาชน", "เทศบาล", "ช่วย", "กัน", "ดูแล", "ขยะ", "ทุก", "วัน"]
THAI = "".join(THAI_WORDS * 15)
THAI_WORD_ENDS = set(itertools.accumulate(len(word) for word in THAI_WORDS * 15))
ENGLISH = "The constructed wetland cleans the city's wastewater before it reaches the river, every day. " * 8


def json_ld(client, url):
    page = client.get(url).content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block)


def assert_cut_at_an_english_word(shortened, original, limit):
    assert len(shortened) <= limit and shortened.endswith("…")
    kept = shortened.removesuffix("…")
    assert original.startswith(kept)
    assert original[len(kept)] in " ,.", f"cut inside a word: …{kept[-20:]}|{original[len(kept) :][:20]}…"
    assert len(kept) > limit - 20, "cut far earlier than needed"


def assert_cut_at_a_thai_word(shortened, limit):
    assert len(shortened) <= limit and shortened.endswith("…")
    kept = shortened.removesuffix("…")
    assert THAI.startswith(kept)
    assert len(kept) in THAI_WORD_ENDS, f"cut inside a Thai word: …{kept[-10:]}|{THAI[len(kept) :][:10]}…"
    assert len(kept) > limit - 10, "cut far earlier than needed"


def test_a_long_english_pilot_description_ends_at_a_word_with_an_ellipsis(client):
    f.pilot("kupang", description_en=ENGLISH)
    data = json_ld(client, "/en/pilots/kupang/")
    assert_cut_at_an_english_word(data["description"], ENGLISH, DESCRIPTION_LIMIT)


def test_a_long_thai_pilot_description_ends_at_a_thai_word_with_an_ellipsis(client):
    f.pilot("kupang", description_th=THAI)
    data = json_ld(client, "/th/pilots/kupang/")
    assert len(THAI) > DESCRIPTION_LIMIT
    assert_cut_at_a_thai_word(data["description"], DESCRIPTION_LIMIT)


@pytest.mark.parametrize(("lang", "role"), [("th", THAI), ("en", ENGLISH)])
def test_a_long_partner_role_ends_at_a_word_with_an_ellipsis(client, lang, role):
    f.partner("kas", **{f"role_{lang}": role})
    description = json_ld(client, f"/{lang}/partners/kas/")["description"]
    if lang == "th":
        assert_cut_at_a_thai_word(description, DESCRIPTION_LIMIT)
    else:
        assert_cut_at_an_english_word(description, role, DESCRIPTION_LIMIT)


def test_a_long_pilot_headline_ends_at_a_word_with_an_ellipsis(client):
    title = (
        "Replicating the participatory budgeting and the citizens' report cards of Naga City"
        " in two neighbouring towns of the province"
    )
    f.pilot("kupang", municipality=f.municipality("kupang", name_en="Kupang"), title_en=title)
    data = json_ld(client, "/en/pilots/kupang/")
    assert_cut_at_an_english_word(data["headline"], f"Kupang: {title}", HEADLINE_LIMIT)
    assert data["name"] == title  # the name is never shortened


def test_a_description_that_fits_is_given_whole(client):
    f.pilot("kupang", description_en="A market moved off the street.", description_th="ย้ายตลาดออกจากถนน")
    assert json_ld(client, "/en/pilots/kupang/")["description"] == "A market moved off the street."
    assert json_ld(client, "/th/pilots/kupang/")["description"] == "ย้ายตลาดออกจากถนน"


def test_one_word_longer_than_the_limit_is_cut_inside_rather_than_dropped(client):
    f.partner("kas", role_en="x" * 600)
    assert json_ld(client, "/en/partners/kas/")["description"] == "x" * (DESCRIPTION_LIMIT - 1) + "…"
