"""Search across the practices' text in both languages, as a filter on a practice queryset.

Thai is written without spaces between words, so matching is by substring (`น้ำเสีย` finds
`การจัดการน้ำเสียแบบบึงประดิษฐ์`), ignoring case in every alphabet. Every word must appear in the practice's
own text (BestPractice.search_text), the names or spellings of its town or country, or the town of a published
pilot that copied it. Practices whose title holds every word rank first.
"""

import re
import unicodedata
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BooleanField, Case, Exists, F, Func, IntegerField, OuterRef, Q, TextField, Value, When
from django.db.models.functions import Concat, Upper
from django.db.models.lookups import Contains

from .names import THAI_COLLATION, thai_collator

MAX_TERMS = 8
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TITLE_FIELDS = [f"title_{code}" for code in LANGUAGE_CODES]
COUNTRY_FIELDS = [f"name_{code}" for code in LANGUAGE_CODES]

_SARA_AM_SPLIT = "\u0e4d\u0e32"  # nikhahit + sara aa: looks like sara am (ำ) but is two characters
_TONE_AFTER_SARA_AM = re.compile("\u0e33([\u0e48-\u0e4b])")


def normalise(text):
    """The query as the texts are stored: NFC, Thai vowels and tone marks in their standard order.

    Thai keyboards let people type `น้ำ` in ways that look the same but are different characters; zero-width
    spaces come along when text is copied from a web page.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\u200b", "").replace(_SARA_AM_SPLIT, "\u0e33")
    return _TONE_AFTER_SARA_AM.sub("\\1\u0e33", text)


def search_terms(text):
    """The words of a query (at most MAX_TERMS), as search and highlighting both use them."""
    return normalise(text).split()[:MAX_TERMS]


def _spellings(term):
    """`term` and, for a hyphenated word whose parts have 3 letters or more, its spaced spelling ("eco savers")."""
    parts = term.replace("-", " ").split()
    if len(parts) > 1 and all(len(part) >= 3 for part in parts):
        return [term, " ".join(parts)]
    return [term]


class CaseFold(Func):
    """Text in capitals in every alphabet, on SQLite, whose own LIKE and UPPER() fold ASCII letters only."""

    function = "unicode_upper"
    output_field = TextField()


def install_sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver: CaseFold's function, pg_trgm's word_similarity and the Thai collation on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("unicode_upper", 1, _upper, deterministic=True)
        connection.connection.create_function("word_similarity", 2, word_similarity, deterministic=True)
        connection.connection.create_collation(THAI_COLLATION, thai_collator().compare)


def _trigrams(text):
    """pg_trgm's trigrams: of each word in lower case, padded with two spaces before and one after."""
    return {
        padded[i : i + 3]
        for word in re.findall(r"\w+", text.lower())
        for padded in [f"  {word} "]
        for i in range(len(padded) - 2)
    }


def word_similarity(text, other):
    """How much of `text`'s trigrams `other` holds, 0 to 1: pg_trgm's word_similarity for a short query."""
    wanted = _trigrams(text or "")
    return len(wanted & _trigrams(other or "")) / len(wanted) if wanted else 0.0


def _upper(value):
    return value.upper() if isinstance(value, str) else value


def _folds_beyond_ascii(text):
    return not all(char.isascii() or char.casefold() == char.upper() for char in text)


def contains(column, term, capitalised=False):
    """Whether `column` holds `term` in any of its spellings, whatever the case. A `capitalised` column is kept in
    capitals by the database, so on PostgreSQL only the term is capitalised (what its trigram index serves)."""
    condition = Q()
    for spelling in _spellings(term):
        if capitalised and connection.vendor == "postgresql":
            condition |= Q(Contains(F(column), Upper(Value(spelling))))
        elif connection.vendor == "sqlite" and _folds_beyond_ascii(spelling):
            condition |= Q(Contains(CaseFold(column), CaseFold(Value(spelling))))
        else:
            condition |= Q(**{f"{column}__icontains": spelling})
    return condition


class _AnyOf(Func):
    """`field = ANY(ARRAY(subquery))`: PostgreSQL reads it off the field's index, as one more branch of the bitmap
    that the text conditions make, where `IN (subquery)` inside an OR would test every practice."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def among(field, subquery):
    """`field` is one of the ids `subquery` selects."""
    if connection.vendor == "postgresql":
        return Q(_AnyOf(F(field), ArraySubquery(subquery)))
    return Q(**{f"{field}__in": subquery})


def any_of(term, *fields, prefix=""):
    """Whether `term` appears in any of `fields`."""
    return reduce(or_, (contains(prefix + field, term) for field in fields))


def _is_number(term):
    return term.isdecimal() and len(term) <= 5


def _in_title(term):
    condition = any_of(term, *TITLE_FIELDS)
    if _is_number(term):
        condition |= Q(number=int(term))
    return condition


def _matches(term):
    """Practices in which `term` appears anywhere the search looks."""
    from .models import BestPractice, Country, Municipality

    towns = named(term).values("pk")
    towns_in_country = Municipality.objects.filter(country__in=Country.objects.filter(any_of(term, *COUNTRY_FIELDS)))
    towns_in_country = towns_in_country.values("pk")
    # Through the reverse relation that pilots declare: pilots depend on practices, not the other way round.
    pilots = BestPractice.pilots.field.model.objects.published()
    copied_in_towns = pilots.filter(municipality__in=towns).order_by().values("practice")
    return (
        _in_title(term)
        | contains("search_text", term, capitalised=True)
        | among("municipality_id", towns)
        | among("municipality_id", towns_in_country)
        | among("id", copied_in_towns)
        | mentioning("search_text", term)
    )


class _LikeAny(Func):
    """`column LIKE ANY(ARRAY(subquery))`: PostgreSQL's trigram index serves it as it serves one LIKE."""

    template = "%(expressions)s)"
    arg_joiner = " LIKE ANY("
    output_field = BooleanField()


def mentioning(column, term):
    """Whether the capitalised `column` names, in any language, a place that `term` names in another spelling:
    "Pakkred" finds a text that mentions Pakkret. (A name's own % or _ would widen its pattern; names have none.)"""
    places = named(term).order_by()
    if connection.vendor == "postgresql":
        wild = Value("%", output_field=TextField())
        patterns = (
            places.annotate(pattern=Concat(wild, Upper(f"name_{code}", output_field=TextField()), wild)).values(
                "pattern"
            )
            for code in LANGUAGE_CODES
        )
        return reduce(or_, (Q(_LikeAny(F(column), ArraySubquery(pattern))) for pattern in patterns))
    names = (Q(Contains(OuterRef(column), Upper(f"name_{code}"))) for code in LANGUAGE_CODES)
    return Q(Exists(places.filter(reduce(or_, names))))


def ranked(queryset, text, tiers):
    """`queryset` narrowed to the records in which every word of `text` matches the last of `tiers` (functions from a
    word to a Q, broadest last), ranked by the first tier that holds every word: `search_rank` 0, 1, …"""
    terms = search_terms(text)
    if not terms:
        return queryset.annotate(search_rank=Value(0))
    for term in terms:
        queryset = queryset.filter(tiers[-1](term))
    ranks = [When(reduce(and_, (tier(term) for term in terms)), then=Value(rank)) for rank, tier in enumerate(tiers)]
    return queryset.annotate(search_rank=Case(*ranks[:-1], default=Value(len(tiers) - 1), output_field=IntegerField()))


def search_practices(queryset, text):
    """`queryset` narrowed to the practices matching `text`, title matches first, then by number."""
    if not search_terms(text):
        return queryset
    return ranked(queryset, text, [_in_title, _matches]).order_by("search_rank", "number")


def named(term):
    """Local governments with `term` in one of their names or spellings, in any language."""
    from .models import Municipality

    return Municipality.objects.filter(contains("search_name", term, capitalised=True))


def search_places(queryset, text):
    """Local governments matching `text`: by a name or spelling first, then by their country or province."""

    def in_name(term):
        return among("pk", named(term).values("pk"))

    def anywhere(term):
        return in_name(term) | any_of(term, *COUNTRY_FIELDS, prefix="country__") | Q(province__icontains=term)

    return ranked(queryset, text, [lambda term: is_named(text), in_name, anywhere])


def is_named(text, prefix=""):
    """Whether a place's name is exactly `text` (whatever the case): "Vinh" before Tra Vinh."""
    text = " ".join(search_terms(text))
    return reduce(or_, (Q(**{f"{prefix}name_{code}__iexact": text}) for code in LANGUAGE_CODES))
