"""A small portal for the download and API tests: published records in three countries, drafts that must
never show, and text that a spreadsheet would run as a formula."""

import datetime
from decimal import Decimal

from pilots.models import Pilot
from practices.models import BestPractice
from tests import factories as f

FORMULA_TITLE = '=HYPERLINK("http://example.org","click")'


def build():
    participation, environment = f.participation_theme(), f.environment_theme()
    marikina = f.town("marikina", latitude=Decimal("14.65"))
    udon = f.town("udon-thani")
    solo = f.town("surakarta", country_code="ph")
    kupang = f.town("kupang", latitude=Decimal("-10.17"), longitude=Decimal("123.6"))
    eco = f.eco_savers(theme=environment, municipality=marikina, start_year=2003)
    wetland = f.constructed_wetland(theme=environment, municipality=udon)
    vendors = f.street_vendors(theme=participation, municipality=solo)
    formula = f.practice(
        16,
        slug="formula",
        theme=participation,
        municipality=kupang,
        title_th="+ข้อความที่ขึ้นต้นด้วยเครื่องหมายบวก",
        title_en=FORMULA_TITLE,
        summary_th="-2+3",
        summary_en="@SUM(A1:A2)",
    )
    cities, water = f.sdg(11), f.sdg(6)
    eco.sdgs.add(cities, water)
    wetland.sdgs.add(water)
    draft = f.practice(15, slug="draft-practice", theme=environment, municipality=udon, published=False)
    pakkret = f.town("pakkret")
    pilot = f.pilot(
        "pakkret",
        municipality=pakkret,
        practice=vendors,
        award=Pilot.Award.EXCELLENCE,
        title_en="Old riverside market",
        title_th="ตลาดเก่าริมน้ำ",
    )
    pilot.also_drew_on.add(eco, draft)
    f.milestone(pilot, datetime.date(2011, 7, 12), title_th="ศึกษาดูงานที่โซโล", title_en="Study visit to Solo")
    alaminos = f.town("alaminos")
    f.pilot("alaminos", municipality=alaminos, practice=wetland)
    f.pilot("kupang", municipality=kupang, practice=eco, award=Pilot.Award.NONE)
    f.pilot(
        "hidden-pilot", municipality=f.municipality("hidden-town", country_code="th"), practice=eco, published=False
    )
    f.pilot("copies-a-draft", municipality=f.municipality("draft-town", country_code="vn"), practice=draft)
    f.partner("kas", acronym="KAS", name_en="Konrad-Adenauer-Stiftung", name_th="มูลนิธิคอนราด อาเดนาวร์")
    f.partner("draft-partner", published=False)
    return {"eco": eco, "wetland": wetland, "vendors": vendors, "formula": formula, "draft": draft, "pilot": pilot}


def everything_listed(response):
    """Every record a list page found (all its pages), in its order. A search of the practices pages the ids of its
    matches: they are read back here as practices."""
    records = list(response.context["page"].paginator.object_list)
    if records and all(isinstance(record, int) for record in records):
        found = BestPractice.objects.in_bulk(records)
        return [found[pk] for pk in records]
    return records
