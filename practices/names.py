"""Names in Thai dictionary order, the same on PostgreSQL and SQLite.

Both databases compare Thai names with ICU's Thai collation: PostgreSQL's own `th-x-icu`, and on SQLite a collation
of the same name made from PyICU's collator. A leading vowel (เ แ โ ใ ไ) sorts under the consonant it is written
before, so เชียงราย comes after ชลบุรี. A local government's name is sorted without its administrative prefix:
เทศบาลนครปากเกร็ด sorts under ป, เมืองวินห์ under ว.
"""

import icu
from django.db import models
from django.db.models.functions import Collate, LTrim, Substr
from django.utils.translation import get_language

THAI_COLLATION = "th-x-icu"  # PostgreSQL's ICU collation for Thai; SQLite gets one of the same name

# The words before a local government's own name, as the shipped data and Thai usage write them, each before any
# shorter one it begins with. Only the first that matches is dropped: เทศบาลตำบลเมืองแกลง sorts as เมืองแกลง.
ADMINISTRATIVE_PREFIXES = (
    "องค์การบริหารส่วนจังหวัด",
    "องค์การบริหารส่วนตำบล",
    "กลุ่มเทศบาล",
    "เทศบาลนคร",
    "เทศบาลเมือง",
    "เทศบาลตำบล",
    "เขตปกครอง",
    "เทศบาล",
    "จังหวัด",
    "สังกัต",
    "อำเภอ",
    "เมือง",
    "กรุง",
)
# Names that begin like a prefix but where it is part of the name: กรุงเทพมหานคร sorts under ก.
NOT_PREFIXES = ("กรุงเทพ",)


def thai_collator():
    """ICU's collator for Thai, as PostgreSQL's th-x-icu compares; one per connection (collators are not shared
    between threads)."""
    return icu.Collator.createInstance(icu.Locale("th"))


def without_prefix(column):
    """`column`'s text without its administrative prefix, as a database expression."""
    kept = [models.When(**{f"{column}__startswith": name}, then=models.F(column)) for name in NOT_PREFIXES]
    dropped = [
        models.When(**{f"{column}__startswith": prefix}, then=LTrim(Substr(column, len(prefix) + 1)))
        for prefix in ADMINISTRATIVE_PREFIXES
    ]
    return models.Case(*kept, *dropped, default=models.F(column), output_field=models.CharField())


def name_order(thai, english):
    """Order by a name in the active language: Thai (`thai`, a column or expression) in dictionary order, English
    (`english`) as it is written."""
    if get_language() == "th":
        thai = models.F(thai) if isinstance(thai, str) else thai
        return [Collate(thai, THAI_COLLATION)]
    return [models.F(english)]


def place_order(path=""):
    """Order by the name of the local government at `path` ("municipality__" from a pilot)."""
    return name_order(f"{path}sort_name", f"{path}name_en")
