"""Builders for test records. Every translated field is set in Thai and English."""

import itertools

from documents.models import Document
from partners.models import Partner
from pilots.models import Milestone, Pilot
from practices.models import BestPractice, Country, Municipality, Sdg, Theme

_seq = itertools.count(1)


def both(th, en):
    return {"th": th, "en": en}


def _translated(name, value):
    return {f"{name}_th": value["th"], f"{name}_en": value["en"]}


def theme(number=None, **fields):
    number = number or next(_seq) + 10
    defaults = {
        "slug": f"theme-{number}",
        **_translated("name", both(f"ธีม {number}", f"Theme {number}")),
        **_translated("description", both(f"คำอธิบายธีม {number}", f"About theme {number}")),
    }
    return Theme.objects.create(number=number, **{**defaults, **fields})


def country(code="th", **fields):
    names = {"th": both("ไทย", "Thailand"), "ph": both("ฟิลิปปินส์", "Philippines"), "vn": both("เวียดนาม", "Vietnam")}
    name = names.get(code, both(f"ประเทศ {code}", f"Country {code.upper()}"))
    existing = Country.objects.filter(code=code).first()
    return existing or Country.objects.create(code=code, **_translated("name", name), **fields)


def sdg(number, **fields):
    names = {
        11: both("เมืองและถิ่นฐานมนุษย์ที่ยั่งยืน", "Sustainable cities and communities"),
        6: both("การจัดการน้ำและสุขาภิบาล", "Clean water and sanitation"),
    }
    defaults = _translated("name", names.get(number, both(f"เป้าหมาย {number}", f"Goal {number}")))
    return Sdg.objects.create(number=number, **{**defaults, **fields})


def municipality(slug=None, country_code="th", **fields):
    n = next(_seq)
    slug = slug or f"town-{n}"
    defaults = {
        "country": country(country_code),
        "kind": Municipality.Kind.CITY,
        **_translated("name", both(f"เมือง {slug}", f"Town {slug}")),
        **_translated("province", both("จังหวัด", "Province")),
    }
    return Municipality.objects.create(slug=slug, **{**defaults, **fields})


def practice(number=None, **fields):
    number = number or next(_seq) + 100
    defaults = {
        "slug": f"practice-{number}",
        "theme": fields.pop("theme", None) or theme(),
        "municipality": fields.pop("municipality", None) or municipality(),
        **_translated("title", both(f"แนวปฏิบัติที่ดี {number}", f"Good practice {number}")),
        **_translated("summary", both(f"สรุป {number}", f"Summary {number}")),
        **_translated("background", both("ความเป็นมา", "Background")),
        **_translated("what_was_done", both("สิ่งที่ทำ", "What was done")),
        **_translated("results", both("ผลลัพธ์", "Results")),
        **_translated("lessons", both("บทเรียน", "Lessons")),
        "sources": "https://example.org/source",
    }
    return BestPractice.objects.create(number=number, **{**defaults, **fields})


def pilot(slug=None, **fields):
    n = next(_seq)
    slug = slug or f"pilot-{n}"
    defaults = {
        "municipality": fields.pop("municipality", None) or municipality(country_code="ph"),
        "practice": fields.pop("practice", None) or practice(),
        **_translated("title", both(f"โครงการนำร่อง {n}", f"Pilot project {n}")),
        **_translated("description", both("คำอธิบาย", "Description")),
        **_translated("status", both("สถานะ", "Status")),
        "award": Pilot.Award.APPRECIATION,
    }
    return Pilot.objects.create(slug=slug, **{**defaults, **fields})


def milestone(pilot_obj, date, **fields):
    defaults = _translated("title", both("เหตุการณ์", "Event"))
    return Milestone.objects.create(pilot=pilot_obj, date=date, **{**defaults, **fields})


def partner(slug=None, **fields):
    n = next(_seq)
    slug = slug or f"partner-{n}"
    defaults = {
        **_translated("name", both(f"องค์กร {n}", f"Organisation {n}")),
        "acronym": f"ORG{n}",
        "kind": Partner.Kind.ASSOCIATION,
        **_translated("role", both("บทบาท", "Role")),
    }
    return Partner.objects.create(slug=slug, **{**defaults, **fields})


def document(slug=None, **fields):
    """A linked document (give `file` and url="" for an uploaded one)."""
    n = next(_seq)
    slug = slug or f"document-{n}"
    defaults = {
        **_translated("title", both(f"เอกสาร {n}", f"Document {n}")),
        "kind": Document.Kind.NEWS,
        "language": Document.Language.EN,
        "url": f"https://example.org/document-{n}",
    }
    return Document.objects.create(slug=slug, **{**defaults, **fields})


# The real DELGOSEA records the tests lean on, under their real names. Each builder takes the same
# overrides as the generic one, so a test states only what it relies on beyond the name.


def participation_theme(**fields):
    names = _translated("name", both("การมีส่วนร่วมของประชาชน", "Participation"))
    return theme(1, **{"slug": "peoples-participation", **names, **fields})


def environment_theme(**fields):
    names = _translated("name", both("สิ่งแวดล้อมเมือง", "Urban environment"))
    return theme(3, **{"slug": "urban-environment", **names, **fields})


_TOWNS = {
    "marikina": ("ph", both("มาริกินา", "Marikina")),
    "udon-thani": ("th", both("อุดรธานี", "Udon Thani")),
    "surakarta": ("id", both("โซโล", "Surakarta")),
    "pakkret": ("th", both("ปากเกร็ด", "Pakkret")),
    "alaminos": ("ph", both("อาลามิโนส", "Alaminos")),
    "kupang": ("vn", both("กูปัง", "Kupang")),
}


def town(slug, **fields):
    """A municipality of the real data by its slug, in its country unless `country_code` says otherwise."""
    country_code, names = _TOWNS[slug]
    return municipality(slug, **{"country_code": country_code, **_translated("name", names), **fields})


def eco_savers(**fields):
    titles = _translated("title", both("ออมทรัพย์สีเขียว", "Marikina Eco Savers Project"))
    return practice(12, **{"slug": "eco-savers", **titles, **fields})


def constructed_wetland(**fields):
    titles = _translated("title", both("การจัดการน้ำเสียแบบบึงประดิษฐ์", "Constructed Wetland Wastewater Treatment"))
    return practice(10, **{"slug": "constructed-wetland", **titles, **fields})


def street_vendors(**fields):
    defaults = {
        "slug": "street-vendors",
        **_translated("title", both("การย้ายผู้ค้าริมถนน", "Relocation of Street Vendors")),
        "summary_en": "Vendors were moved by dialogue, with eco savings groups.",
    }
    return practice(14, **{**defaults, **fields})
