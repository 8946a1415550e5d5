"""Realistic bilingual records in bulk, for the query-budget tests and `make bench`.

    generate(practices=1000, pilots=1000, seed=1)

adds that many best practices and pilots (with the towns they belong to, milestones, "also drew on" links and
goal tags) on top of what the database holds: load the shipped data first (delgosea.loader.load()), since
the records are spread over its themes and countries. Titles and texts read like the real ones: Thai with
the English terms Thai officials use (E-Government, One Stop Service), English with Thai town names, and
municipalities with a second spelling, so search has something realistic to chew on.

Everything goes in with bulk_create, which sends no signals: the tallies are counted once at the end, and
callers that serve pages from the page cache afterwards must bump its generation
(delgosea.cache.bump_generation) themselves.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max

from pilots.models import Milestone, Pilot

from . import tallies
from .models import BestPractice, Country, Municipality, Theme

BATCH = 1000
DRAFT_SHARE = 0.05

# (English, Thai) pairs: the words of a town name and the second spelling officials also use.
_SYLLABLES = [
    ("Ban", "บ้าน"),
    ("Nong", "หนอง"),
    ("Khlong", "คลอง"),
    ("Mae", "แม่"),
    ("Sam", "สาม"),
    ("Phai", "ไผ่"),
    ("Don", "ดอน"),
    ("Tha", "ท่า"),
    ("Wang", "วัง"),
    ("Lam", "ลำ"),
    ("Khok", "โคก"),
    ("Rai", "ไร่"),
    ("San", "สัน"),
    ("Bang", "บาง"),
    ("Phu", "ภู"),
    ("Chiang", "เชียง"),
    ("Kaeo", "แก้ว"),
    ("Thong", "ทอง"),
    ("Sai", "ทราย"),
    ("Yai", "ใหญ่"),
]

# Topics by theme number: (English, Thai).
_TOPICS = {
    1: [
        ("community budget forum", "เวทีงบประมาณชุมชน"),
        ("participatory planning", "การวางแผนแบบมีส่วนร่วม"),
        ("citizen report card", "บัตรรายงานพลเมือง"),
        ("neighbourhood council", "สภาชุมชน"),
        ("youth council", "สภาเด็กและเยาวชน"),
        ("public hearing", "การรับฟังความคิดเห็นสาธารณะ"),
    ],
    2: [
        ("One Stop Service centre", "ศูนย์บริการแบบเบ็ดเสร็จ One Stop Service"),
        ("E-Government services", "บริการรัฐบาลอิเล็กทรอนิกส์ E-Government"),
        ("open budget", "งบประมาณแบบเปิดเผย"),
        ("complaint hotline", "สายด่วนรับเรื่องร้องเรียน"),
        ("staff performance system", "ระบบประเมินผลการปฏิบัติงาน"),
        ("inter-municipal cooperation", "ความร่วมมือระหว่างท้องถิ่น"),
    ],
    3: [
        ("wastewater treatment", "การบำบัดน้ำเสีย"),
        ("waste sorting", "การคัดแยกขยะ"),
        ("recycling bank", "ธนาคารขยะรีไซเคิล"),
        ("flood early warning", "การเตือนภัยน้ำท่วม"),
        ("urban tree planting", "การปลูกต้นไม้ในเมือง"),
        ("low carbon transport", "การเดินทางคาร์บอนต่ำ"),
        ("household composting", "การทำปุ๋ยหมักในครัวเรือน"),
    ],
    4: [
        ("street market", "ตลาดนัดริมถนน"),
        ("heritage tourism", "การท่องเที่ยวเชิงมรดกวัฒนธรรม"),
        ("local tax collection", "การจัดเก็บภาษีท้องถิ่น"),
        ("microcredit for vendors", "สินเชื่อรายย่อยสำหรับผู้ค้า"),
        ("coastal aquaculture", "การเพาะเลี้ยงชายฝั่ง"),
        ("investment promotion", "การส่งเสริมการลงทุน"),
    ],
}

_MODIFIERS = [
    ("for every household", "สำหรับทุกครัวเรือน"),
    ("with local schools", "ร่วมกับโรงเรียนในพื้นที่"),
    ("run by community groups", "โดยกลุ่มชุมชน"),
    ("on mobile phones", "ผ่านโทรศัพท์มือถือ"),
    ("for small towns", "สำหรับเมืองขนาดเล็ก"),
    ("with the private sector", "ร่วมกับภาคเอกชน"),
    ("for the urban poor", "เพื่อผู้มีรายได้น้อยในเมือง"),
    ("with women's groups", "ร่วมกับกลุ่มสตรี"),
]

_PARTNERS = [
    ("the provincial office", "สำนักงานจังหวัด"),
    ("a local university", "มหาวิทยาลัยในพื้นที่"),
    ("the municipal league", "สันนิบาตเทศบาล"),
    ("volunteer groups", "กลุ่มอาสาสมัคร"),
    ("market vendors", "ผู้ค้าในตลาด"),
]

# Body sections: a few sentence patterns each, in both languages, filled with the record's own words.
_SECTIONS = {
    "background": [
        (
            "Before {year}, {town} had no {topic}; residents complained about slow services and rising costs.",
            "ก่อนปี {year_th} {town_th}ยังไม่มี{topic_th} ประชาชนร้องเรียนเรื่องบริการที่ล่าช้าและค่าใช้จ่ายที่สูงขึ้น",
        ),
        (
            "The council saw neighbouring towns succeed and asked {partner} for advice.",
            "สภาท้องถิ่นเห็นความสำเร็จของเมืองใกล้เคียง จึงขอคำแนะนำจาก{partner_th}",
        ),
        (
            "About {people} people live in the area, many of them in informal settlements.",
            "มีประชาชนอาศัยอยู่ในพื้นที่ราว {people} คน หลายคนอยู่ในชุมชนแออัด",
        ),
    ],
    "what_was_done": [
        (
            "The town set up {topic} {modifier} and trained {staff} officials to run it.",
            "เมืองจัดให้มี{topic_th}{modifier_th} และอบรมเจ้าหน้าที่ {staff} คนให้ดูแลงาน",
        ),
        (
            "Each district chose volunteers; {partner} helped write the rules and the budget.",
            "แต่ละเขตเลือกอาสาสมัครของตนเอง {partner_th}ช่วยร่างระเบียบและงบประมาณ",
        ),
        (
            "Progress was reported every quarter at an open meeting in the town hall.",
            "มีการรายงานความคืบหน้าทุกไตรมาสในการประชุมแบบเปิดที่ศาลาว่าการ",
        ),
    ],
    "results": [
        (
            "Within {years} years, satisfaction with the service rose to {percent} per cent.",
            "ภายใน {years} ปี ความพึงพอใจต่อบริการเพิ่มขึ้นเป็นร้อยละ {percent}",
        ),
        (
            "Costs fell and {households} households took part in the first year.",
            "ค่าใช้จ่ายลดลง และมีครัวเรือนเข้าร่วม {households} ครัวเรือนในปีแรก",
        ),
        (
            "Other local governments visited {town} to see {topic} at work.",
            "องค์กรปกครองส่วนท้องถิ่นอื่นมาศึกษาดูงาน{topic_th}ที่{town_th}",
        ),
    ],
    "lessons": [
        (
            "A mayor who backs the idea and a small budget line are enough to start.",
            "ผู้บริหารที่สนับสนุนแนวคิดและงบประมาณเพียงเล็กน้อยก็เพียงพอสำหรับการเริ่มต้น",
        ),
        (
            "Involve {partner} from the first meeting, not after the plan is written.",
            "ควรให้{partner_th}มีส่วนร่วมตั้งแต่การประชุมครั้งแรก ไม่ใช่หลังจากเขียนแผนเสร็จแล้ว",
        ),
        (
            "Publish the figures: people trust {topic} when they can check it.",
            "เปิดเผยตัวเลขต่อสาธารณะ เพราะประชาชนเชื่อมั่นใน{topic_th}เมื่อตรวจสอบได้",
        ),
    ],
}


@dataclass
class Generated:
    municipalities: int = 0
    practices: int = 0
    pilots: int = 0
    milestones: int = 0


def _town(rng):
    first, second = rng.sample(_SYLLABLES, 2)
    english = f"{first[0]} {second[0]}"
    return english, f"{first[1]}{second[1]}", english.replace(" ", "")


def _words(rng, theme_number, town_en, town_th):
    topic, topic_th = rng.choice(_TOPICS.get(theme_number) or _TOPICS[3])
    modifier, modifier_th = rng.choice(_MODIFIERS)
    partner, partner_th = rng.choice(_PARTNERS)
    year = rng.randint(2000, 2015)
    return {
        "topic": topic,
        "topic_th": topic_th,
        "modifier": modifier,
        "modifier_th": modifier_th,
        "partner": partner,
        "partner_th": partner_th,
        "town": town_en,
        "town_th": town_th,
        "year": year,
        "year_th": year + 543,
        "people": f"{rng.randint(8, 400) * 1000:,}",
        "staff": rng.randint(4, 60),
        "years": rng.randint(2, 6),
        "percent": rng.randint(60, 95),
        "households": f"{rng.randint(2, 90) * 100:,}",
    }


def _section(rng, name, words):
    sentences = rng.sample(_SECTIONS[name], 2)
    english = " ".join(en.format(**words) for en, _th in sentences)
    thai = " ".join(th.format(**words) for _en, th in sentences)
    return {f"{name}_th": thai, f"{name}_en": english, name: thai}


def _translated(name, th, en):
    # The untranslated column holds the default language, as modeltranslation keeps it.
    return {name: th, f"{name}_th": th, f"{name}_en": en}


def _new_municipalities(rng, count, countries, start):
    kinds = [Municipality.Kind.CITY, Municipality.Kind.MUNICIPALITY, Municipality.Kind.SUBDISTRICT_MUNICIPALITY]
    towns = []
    for index in range(start, start + count):
        english, thai, other_spelling = _town(rng)
        towns.append(
            Municipality(
                slug=f"syn-town-{index}",
                country=rng.choice(countries),
                kind=rng.choice(kinds),
                aliases=f"{other_spelling}\n{english} Municipality",
                population=rng.randint(5, 500) * 1000,
                **_translated("name", thai, english),
                **_translated("province", f"จังหวัด{thai}", f"{english} Province"),
                **_translated("population_note", "", ""),
            )
        )
    return Municipality.objects.bulk_create(towns, batch_size=BATCH)


def _new_practices(rng, count, themes, towns, start):
    practices = []
    for number in range(start, start + count):
        theme = rng.choice(themes)
        town = rng.choice(towns)
        words = _words(rng, theme.number, town.name_en, town.name_th)
        title_en = f"{words['topic'][0].upper()}{words['topic'][1:]} {words['modifier']} in {town.name_en}"
        title_th = f"{words['topic_th']}{words['modifier_th']} {town.name_th}"
        summary_en = (
            f"{town.name_en} introduced {words['topic']} {words['modifier']}. "
            f"Residents, officials and {words['partner']} worked on it together for {words['years']} years."
        )
        summary_th = (
            f"{town.name_th}ริเริ่ม{words['topic_th']}{words['modifier_th']} "
            f"ประชาชน เจ้าหน้าที่ และ{words['partner_th']}ร่วมกันดำเนินการเป็นเวลา {words['years']} ปี"
        )
        fields = {}
        for section in _SECTIONS:
            fields.update(_section(rng, section, words))
        practices.append(
            BestPractice(
                number=number,
                slug=f"syn-practice-{number}",
                theme=theme,
                municipality=town,
                country_id=town.country_id,  # as the tallies would, without rewriting 10,000 rows
                start_year=words["year"],
                sources=f"https://example.org/synthetic/practice-{number}",
                published=rng.random() >= DRAFT_SHARE,
                **_translated("title", title_th, title_en),
                **_translated("summary", summary_th, summary_en),
                **_translated("photo_alt", "", ""),
                **fields,
            )
        )
    return BestPractice.objects.bulk_create(practices, batch_size=BATCH)


def _new_pilots(rng, count, practices, towns, start, theme_numbers):
    stages = [choice for choice, _label in Pilot.Stage.choices]
    awards = [Pilot.Award.NONE] * 6 + [Pilot.Award.APPRECIATION] * 3 + [Pilot.Award.EXCELLENCE]
    pilots = []
    for index in range(start, start + count):
        # Popular practices are copied again and again (Marikina's by four pilots): skew towards the first ones.
        practice = practices[int(len(practices) * rng.random() ** 2)]
        town = rng.choice(towns)
        words = _words(rng, theme_numbers[practice.theme_id], town.name_en, town.name_th)
        description_en = " ".join(
            [
                f"{town.name_en} adapted practice {practice.number} to its own situation.",
                _section(rng, "what_was_done", words)["what_was_done_en"],
                _section(rng, "results", words)["results_en"],
            ]
        )
        description_th = " ".join(
            [
                f"{town.name_th}นำแนวปฏิบัติที่ดีลำดับที่ {practice.number} มาปรับใช้ให้เหมาะกับพื้นที่",
                _section(rng, "what_was_done", words)["what_was_done_th"],
                _section(rng, "results", words)["results_th"],
            ]
        )
        pilots.append(
            Pilot(
                slug=f"syn-pilot-{index}",
                municipality=town,
                practice=practice,
                stage=rng.choice(stages),
                award=rng.choice(awards),
                sources=f"https://example.org/synthetic/pilot-{index}",
                published=rng.random() >= DRAFT_SHARE,
                **_translated(
                    "title",
                    f"การนำ{words['topic_th']}มาปรับใช้ใน{town.name_th}",
                    f"Adapting {words['topic']} in {town.name_en}",
                ),
                **_translated("description", description_th, description_en),
                **_translated("status", "ดำเนินการต่อเนื่องหลังสิ้นสุดโครงการ", "Continued after the project ended."),
            )
        )
    return Pilot.objects.bulk_create(pilots, batch_size=BATCH)


def _milestones(rng, pilots):
    steps = [
        ("ศึกษาดูงานที่เมืองต้นแบบ", "Study visit to the best-practice city"),
        ("จัดทำแนวคิดการนำไปปรับใช้", "Transfer concept written"),
        ("เปิดให้บริการครั้งแรก", "First service opened"),
    ]
    milestones = []
    for pilot in pilots:
        day = date(2011, 1, 1) + timedelta(days=rng.randint(0, 500))
        for title_th, title_en in steps[: rng.randint(0, 3)]:
            milestones.append(Milestone(pilot=pilot, date=day, **_translated("title", title_th, title_en)))
            day += timedelta(days=rng.randint(20, 120))
    return Milestone.objects.bulk_create(milestones, batch_size=BATCH)


def _links(rng, pilots, practices):
    """A tenth of the pilots also drew on another practice; practices serve one to three goals."""
    through = Pilot.also_drew_on.through
    also = [
        through(pilot_id=pilot.pk, bestpractice_id=other.pk)
        for pilot in pilots
        if rng.random() < 0.1
        for other in [rng.choice(practices)]
        if other.pk != pilot.practice_id
    ]
    through.objects.bulk_create(also, batch_size=BATCH)
    sdgs = getattr(BestPractice, "sdgs", None)  # goal tags exist once the SDG migration is in
    if sdgs is None:
        return
    goal_ids = list(sdgs.field.related_model.objects.values_list("pk", flat=True))
    if not goal_ids:
        return
    column = sdgs.field.m2m_reverse_field_name() + "_id"
    tags = [
        sdgs.through(bestpractice_id=practice.pk, **{column: goal})
        for practice in practices
        for goal in rng.sample(goal_ids, min(len(goal_ids), rng.randint(1, 3)))
    ]
    sdgs.through.objects.bulk_create(tags, batch_size=BATCH)


@transaction.atomic
def generate(practices=1000, pilots=1000, seed=1):
    """Add `practices` best practices and `pilots` pilots, spread over the existing themes and countries."""
    rng = random.Random(seed)
    themes = list(Theme.objects.all())
    countries = list(Country.objects.all())
    if not themes or not countries:
        raise ValueError("No themes or countries yet: load the shipped data first (delgosea.loader.load()).")
    report = Generated()
    town_count = Municipality.objects.filter(slug__startswith="syn-town-").count()
    new_towns = _new_municipalities(rng, max(10, (practices + pilots) // 10), countries, town_count)
    report.municipalities = len(new_towns)
    towns = list(Municipality.objects.all())

    first_number = (BestPractice.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    new_practices = _new_practices(rng, practices, themes, towns, first_number)
    report.practices = len(new_practices)
    all_practices = list(BestPractice.objects.order_by("number").only("pk", "number", "theme_id"))
    if pilots and not all_practices:
        raise ValueError("Pilots need practices to copy.")

    pilot_count = Pilot.objects.filter(slug__startswith="syn-pilot-").count()
    theme_numbers = {theme.pk: theme.number for theme in themes}
    new_pilots = _new_pilots(rng, pilots, all_practices, towns, pilot_count, theme_numbers)
    report.pilots = len(new_pilots)
    report.milestones = len(_milestones(rng, new_pilots))
    _links(rng, new_pilots, new_practices)
    tallies.rebuild()
    return report
