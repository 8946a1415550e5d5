"""Every shipped text spells a local government as its record does, in the text's language.

The records list other names and spellings (`aliases`) so that search finds them; body texts, titles and summaries
use the record's own name. A variant may stand only beside the record's name, where the text is about that other
spelling: "Solo (Surakarta)".
"""

import re

from delgosea.loader import read_data

# Spellings seen in sources and drafts that are not the records' (nor in their aliases).
KNOWN_VARIANTS = {
    "tra-vinh": ["จ่าวินห์", "ตราวินห์", "Travinh"],
    "choam-chao": ["จอมเจา", "Chom Chau"],
    "tarakan": ["ตาราคัน", "ตารากัน"],
    "alaminos": ["อาลามินอส", "อลามิโนส", "อะลามิโนส"],
    "misamis-oriental-clusters": ["มันลูนา", "บินกีซู", "มิซามิสโอเรียนทัล"],
    "kampot": ["กัมปอต"],
    "pangkalpinang": ["ปังกัลปินัง", "ปังกาลปีนัง"],
    "wakatobi": ["วากาโทบี"],
    "yogyakarta": ["ยอกยาการ์ต้า"],
    "da-nang": ["Danang", "ดาหนัง"],
    "lang-son": ["ลางเซิน", "Langson"],
    "surakarta": ["สุรการ์ตา"],
}
# Aliases that name other places (the towns of a cluster, the alliance a city stood for), not spellings of the record.
OTHER_PLACES = {
    "Manticao",
    "Lugait",
    "Naawan",
    "Binuangan",
    "Kinoguitan",
    "Sugbongcogon",
    "OPAL",
    "One Pangasinan Alliance",
    "One Pangasinan Alliance of Local Government Units",
}


def translated_texts(value, path):
    """(path, language, text) of every {th: …, en: …} text under `value`."""
    if isinstance(value, dict) and set(value) == {"th", "en"}:
        for language, text in value.items():
            if isinstance(text, str):
                yield path, language, text
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from translated_texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from translated_texts(item, f"{path}[{index}]")


def shipped_texts(data):
    for kind, records in data.items():
        for record in records:
            key = record.get("slug") or record.get("number") or record.get("code")
            for field, value in record.items():
                if kind == "documents" and field == "title":
                    # A document's English title is its own, as published; the Thai one is the portal's translation.
                    yield f"{kind}:{key}.title", "th", value["th"]
                    continue
                yield from translated_texts(value, f"{kind}:{key}.{field}")


def variants(place):
    """The spellings of `place` that are not its names in either language (nor a part or longer form of them)."""
    names = [place["name"]["th"].lower(), place["name"]["en"].lower()]
    spellings = [*place.get("aliases", []), *KNOWN_VARIANTS.get(place["slug"], [])]
    return [
        spelling
        for spelling in spellings
        if spelling not in OTHER_PLACES
        and not any(spelling.lower() in name or name in spelling.lower() for name in names)
    ]


def occurrences(spelling, text):
    """Where `spelling` stands in `text`: a Latin spelling as a whole word, a Thai one anywhere (Thai has no spaces)."""
    if re.search("[A-Za-z]", spelling):
        return re.findall(rf"(?<![\w]){re.escape(spelling)}(?![\w])", text)
    return re.findall(re.escape(spelling), text)


def test_every_shipped_text_spells_each_local_government_as_its_record():
    data = read_data()
    texts = list(shipped_texts(data))
    assert len(data["municipalities"]) == 31 and len(texts) > 600
    wrong = []
    for place in data["municipalities"]:
        for spelling in variants(place):
            for path, language, text in texts:
                name = place["name"][language]
                # Where the text explains the other spelling, beside the name: "Solo (Surakarta)".
                text = text.replace(f"{spelling} ({name})", "").replace(f"{name} ({spelling})", "")
                if occurrences(spelling, text):
                    wrong.append(f"{path} ({language}) writes {spelling!r} for {name!r}")
    assert wrong == []


def test_the_check_finds_a_variant_spelling():
    place = {"slug": "tra-vinh", "name": {"th": "เมืองจ่าวิญ", "en": "Tra Vinh"}, "aliases": ["จ่าวิญ", "Tra Vinh City"]}
    assert variants(place) == ["จ่าวินห์", "ตราวินห์", "Travinh"]  # not its own name's short and long forms
    assert occurrences("จ่าวินห์", "โดยเมืองจ่าวินห์ (Tra Vinh) ในเวียดนาม")
    assert not occurrences("Solo", "Solomon Islands")
