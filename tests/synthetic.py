"""Realistic bilingual records in bulk, for the query-budget tests and `make bench`.

    generate(practices=1000, pilots=1000, seed=1)

adds that many best practices and pilots, with their towns, milestones, "also drew on" links and goal tags, over
the themes, countries and goals already there: load the shipped data first (delgosea.loader.load()). The text
reads like the real records' (Thai with the English terms officials use, towns with a second spelling), so search
has something realistic to chew on. bulk_create keeps 20,000 records fast; it sends no signals, so a caller that
serves cached pages afterwards must invalidate the page cache itself.
"""

import random
from datetime import date, timedelta
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Max

from pilots.models import Milestone, Pilot
from practices.models import BestPractice, Country, Municipality, Sdg, Theme

BATCH = 1000
DRAFT_SHARE = 0.05

# A town's name is two of these syllables: (English, Thai).
SYLLABLES = [
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

# What a practice is about, by theme number. The bench's searches ("wastewater", "น้ำเสีย") hit one topic in seven
# of theme 3's, as they always have, so its figures stay comparable from run to run.
TOPICS = {
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
MODIFIERS = [
    ("for every household", "สำหรับทุกครัวเรือน"),
    ("with local schools", "ร่วมกับโรงเรียนในพื้นที่"),
    ("run by community groups", "โดยกลุ่มชุมชน"),
    ("on mobile phones", "ผ่านโทรศัพท์มือถือ"),
    ("for small towns", "สำหรับเมืองขนาดเล็ก"),
    ("with the private sector", "ร่วมกับภาคเอกชน"),
    ("for the urban poor", "เพื่อผู้มีรายได้น้อยในเมือง"),
    ("with women's groups", "ร่วมกับกลุ่มสตรี"),
]
PARTNERS = [
    ("the provincial office", "สำนักงานจังหวัด"),
    ("a local university", "มหาวิทยาลัยในพื้นที่"),
    ("the municipal league", "สันนิบาตเทศบาล"),
    ("volunteer groups", "กลุ่มอาสาสมัคร"),
    ("market vendors", "ผู้ค้าในตลาด"),
]

# Each field's sentences, English and Thai, filled with the record's own words.
PRACTICE_TEXT = {
    "title": [("{Topic} {modifier} in {town}", "{topic_th}{modifier_th} {town_th}")],
    "summary": [
        ("{town} introduced {topic} {modifier}.", "{town_th}ริเริ่ม{topic_th}{modifier_th}"),
        (
            "Residents, officials and {partner} worked on it together for {years} years.",
            "ประชาชน เจ้าหน้าที่ และ{partner_th}ร่วมกันดำเนินการเป็นเวลา {years} ปี",
        ),
    ],
    "background": [
        (
            "Before {year}, {town} had no {topic}; residents complained about slow services and rising costs.",
            "ก่อนปี {year_th} {town_th}ยังไม่มี{topic_th} ประชาชนร้องเรียนเรื่องบริการที่ล่าช้าและค่าใช้จ่ายที่สูงขึ้น",
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
    ],
    "lessons": [
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
PILOT_TEXT = {
    "title": [("Adapting {topic} in {town}", "การนำ{topic_th}มาปรับใช้ใน{town_th}")],
    "description": [
        (
            "{town} adapted practice {number} to its own situation.",
            "{town_th}นำแนวปฏิบัติที่ดีลำดับที่ {number} มาปรับใช้ให้เหมาะกับพื้นที่",
        ),
        *PRACTICE_TEXT["what_was_done"],
        *PRACTICE_TEXT["results"],
    ],
    "status": [("Continued after the project ended.", "ดำเนินการต่อเนื่องหลังสิ้นสุดโครงการ")],
}
MILESTONES = [
    ("Study visit to the best-practice city", "ศึกษาดูงานที่เมืองต้นแบบ"),
    ("Transfer concept written", "จัดทำแนวคิดการนำไปปรับใช้"),
    ("First service opened", "เปิดให้บริการครั้งแรก"),
]
KINDS = [Municipality.Kind.CITY, Municipality.Kind.MUNICIPALITY, Municipality.Kind.SUBDISTRICT_MUNICIPALITY]
# Most pilots win no award, as in the real data.
AWARDS = [Pilot.Award.NONE] * 6 + [Pilot.Award.APPRECIATION] * 3 + [Pilot.Award.EXCELLENCE]


def _words(rng, theme_number, town, **more):
    topic, topic_th = rng.choice(TOPICS.get(theme_number, TOPICS[3]))
    modifier, modifier_th = rng.choice(MODIFIERS)
    partner, partner_th = rng.choice(PARTNERS)
    year = rng.randint(2000, 2015)
    return dict(
        topic=topic,
        Topic=topic[0].upper() + topic[1:],
        topic_th=topic_th,
        modifier=modifier,
        modifier_th=modifier_th,
        partner=partner,
        partner_th=partner_th,
        town=town.name_en,
        town_th=town.name_th,
        year=year,
        year_th=year + 543,
        people=f"{rng.randint(8, 400) * 1000:,}",
        staff=rng.randint(4, 60),
        years=rng.randint(2, 6),
        percent=rng.randint(60, 95),
        households=f"{rng.randint(2, 90) * 100:,}",
        **more,
    )


def _texts(fields, words):
    """{"title_en": ..., "title_th": ..., ...}: each field's sentences filled with `words`."""
    return {
        f"{name}_{code}": " ".join(pair[index].format(**words) for pair in sentences)
        for name, sentences in fields.items()
        for index, code in enumerate(("en", "th"))
    }


def _town(rng, index, countries):
    (first, first_th), (second, second_th) = rng.sample(SYLLABLES, 2)
    return Municipality(
        slug=f"syn-town-{index}",
        country=rng.choice(countries),
        kind=rng.choice(KINDS),
        name_en=f"{first} {second}",
        name_th=first_th + second_th,
        aliases=f"{first}{second}\n{first} {second} Municipality",  # the spellings officials also use
        province_en=f"{first} {second} Province",
        province_th=f"จังหวัด{first_th}{second_th}",
        population=rng.randint(5, 500) * 1000,
    )


def _practice(rng, number, themes, towns):
    theme, town = rng.choice(themes), rng.choice(towns)
    words = _words(rng, theme.number, town)
    return BestPractice(
        number=number,
        slug=f"syn-practice-{number}",
        theme=theme,
        municipality=town,
        start_year=words["year"],
        sources=f"https://example.org/synthetic/practice-{number}",
        published=rng.random() >= DRAFT_SHARE,
        **_texts(PRACTICE_TEXT, words),
    )


def _pilot(rng, index, practices, towns):
    # Popular practices are copied again and again (Marikina's by four pilots): skewed towards the first ones.
    practice, town = practices[int(len(practices) * rng.random() ** 2)], rng.choice(towns)
    return Pilot(
        slug=f"syn-pilot-{index}",
        municipality=town,
        practice=practice,
        stage=rng.choice(Pilot.Stage.values),
        award=rng.choice(AWARDS),
        sources=f"https://example.org/synthetic/pilot-{index}",
        published=rng.random() >= DRAFT_SHARE,
        **_texts(PILOT_TEXT, _words(rng, practice.theme.number, town, number=practice.number)),
    )


def _milestones(rng, pilot):
    day = date(2011, 1, 1) + timedelta(days=rng.randint(0, 500))
    for title_en, title_th in MILESTONES[: rng.randint(0, 3)]:
        yield Milestone(pilot=pilot, date=day, title_en=title_en, title_th=title_th)
        day += timedelta(days=rng.randint(20, 120))


@transaction.atomic
def generate(practices=1000, pilots=1000, seed=1):
    """Add `practices` best practices and `pilots` pilots; return how many of each."""
    rng = random.Random(seed)
    themes, countries = list(Theme.objects.all()), list(Country.objects.all())
    if not themes or not countries:
        raise ValueError("No themes or countries yet: load the shipped data first (delgosea.loader.load()).")
    next_town = Municipality.objects.filter(slug__startswith="syn-town-").count()
    count = max(10, (practices + pilots) // 10)
    Municipality.objects.bulk_create([_town(rng, next_town + i, countries) for i in range(count)], batch_size=BATCH)
    towns = list(Municipality.objects.all())

    next_number = (BestPractice.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    new_practices = [_practice(rng, next_number + i, themes, towns) for i in range(practices)]
    BestPractice.objects.bulk_create(new_practices, batch_size=BATCH)
    everyone = list(BestPractice.objects.select_related("theme").only("number", "theme__number").order_by("number"))
    if pilots and not everyone:
        raise ValueError("Pilots need practices to copy.")

    next_pilot = Pilot.objects.filter(slug__startswith="syn-pilot-").count()
    new_pilots = [_pilot(rng, next_pilot + i, everyone, towns) for i in range(pilots)]
    Pilot.objects.bulk_create(new_pilots, batch_size=BATCH)
    Milestone.objects.bulk_create([step for pilot in new_pilots for step in _milestones(rng, pilot)], batch_size=BATCH)

    # A tenth of the pilots also drew on another practice; each new practice serves one to three goals.
    drew_on, links = Pilot.also_drew_on.through, []
    for pilot in new_pilots:
        other = rng.choice(everyone)
        if rng.random() < 0.1 and other.pk != pilot.practice_id:
            links.append(drew_on(pilot_id=pilot.pk, bestpractice_id=other.pk))
    drew_on.objects.bulk_create(links, batch_size=BATCH)
    goals, tags = list(Sdg.objects.values_list("pk", flat=True)), BestPractice.sdgs.through
    tags.objects.bulk_create(
        [
            tags(bestpractice_id=practice.pk, sdg_id=goal)
            for practice in new_practices
            for goal in rng.sample(goals, min(len(goals), rng.randint(1, 3)))
        ],
        batch_size=BATCH,
    )
    return SimpleNamespace(practices=len(new_practices), pilots=len(new_pilots))
