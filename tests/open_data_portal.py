"""A small portal for the download and API tests: published records in three countries, drafts that must
never show, and text that a spreadsheet would run as a formula."""

import datetime
from decimal import Decimal

from pilots.models import Pilot
from tests import factories as f

FORMULA_TITLE = '=HYPERLINK("http://example.org","click")'


def build():
    participation = f.theme(1, slug="peoples-participation", name_th="การมีส่วนร่วมของประชาชน", name_en="Participation")
    environment = f.theme(3, slug="urban-environment", name_th="สิ่งแวดล้อมเมือง", name_en="Urban environment")
    marikina = f.municipality(
        "marikina", country_code="ph", name_th="มาริกินา", name_en="Marikina", latitude=Decimal("14.65")
    )
    udon = f.municipality("udon-thani", country_code="th", name_th="อุดรธานี", name_en="Udon Thani")
    solo = f.municipality("surakarta", country_code="ph", name_th="โซโล", name_en="Surakarta")
    kupang = f.municipality(
        "kupang",
        country_code="vn",
        name_th="กูปัง",
        name_en="Kupang",
        latitude=Decimal("-10.17"),
        longitude=Decimal("123.6"),
    )
    eco = f.practice(
        12,
        slug="eco-savers",
        theme=environment,
        municipality=marikina,
        title_th="ออมทรัพย์สีเขียว",
        title_en="Marikina Eco Savers Project",
        start_year=2003,
    )
    wetland = f.practice(
        10,
        slug="constructed-wetland",
        theme=environment,
        municipality=udon,
        title_th="การจัดการน้ำเสียแบบบึงประดิษฐ์",
        title_en="Constructed Wetland Wastewater Treatment",
    )
    vendors = f.practice(
        14,
        slug="street-vendors",
        theme=participation,
        municipality=solo,
        title_th="การย้ายผู้ค้าริมถนน",
        title_en="Relocation of Street Vendors",
        summary_en="Vendors were moved by dialogue, with eco savings groups.",
    )
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
    pakkret = f.municipality("pakkret", country_code="th", name_th="ปากเกร็ด", name_en="Pakkret")
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
    alaminos = f.municipality("alaminos", country_code="ph", name_th="อาลามิโนส", name_en="Alaminos")
    f.pilot("alaminos", municipality=alaminos, practice=wetland)
    f.pilot("kupang", municipality=kupang, practice=eco, award=Pilot.Award.NONE)
    f.pilot(
        "hidden-pilot", municipality=f.municipality("hidden-town", country_code="th"), practice=eco, published=False
    )
    f.pilot("copies-a-draft", municipality=f.municipality("draft-town", country_code="vn"), practice=draft)
    f.partner("kas", acronym="KAS", name_en="Konrad-Adenauer-Stiftung", name_th="มูลนิธิคอนราด อาเดนาวร์")
    f.partner("draft-partner", published=False)
    return {"eco": eco, "wetland": wetland, "vendors": vendors, "formula": formula, "draft": draft, "pilot": pilot}
