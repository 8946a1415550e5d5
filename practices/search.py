"""Search across the practices' text in both languages.

Thai is written without spaces between words, so matching is by substring
(`น้ำเสีย` finds `การจัดการน้ำเสียแบบบึงประดิษฐ์`); English matches ignore case.
Every word of the query must appear somewhere: in the practice's title, summary or
body sections, in the name or another spelling of its local government or country,
or in the name of a pilot that copied it (an officer typing "Pakkret" finds the
practice Pakkret copied). Practices whose title holds every word rank first. Both
languages are searched on every page, so an English query on the Thai site still
finds its practice.

The lookups are `icontains`, which PostgreSQL runs as UPPER(column) LIKE UPPER(pattern):
the trigram indexes of migration 0005_search_indexes are built on exactly UPPER(column).
The towns, countries and pilots are each searched in a subquery of their own, whose ids
PostgreSQL then looks up in the practices' own indexes, alongside their text: one bitmap of
the practices to read (an OR across joined tables would force a scan of every row). A practice's own text,
in both languages, is one column kept in capitals by the database (`search_text`, indexed by
migration 0009_search_text): one index to read and one condition to plan per word, where twelve
columns took longer to plan than to search, and no text to capitalise while searching.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Value, When
from django.db.models.expressions import RawSQL

from delgosea.lookups import Ids  # and registers __among, which apply() uses
from delgosea.sql import fixed_rows
from delgosea.translated import plain

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
MAX_TERMS = 8
MAX_LISTED = 50_000

TITLE_FIELDS = [f"title_{code}" for code in LANGUAGE_CODES]
COUNTRY_FIELDS = [f"name_{code}" for code in LANGUAGE_CODES]

_SARA_AM_SPLIT = "\u0e4d\u0e32"  # nikhahit + sara aa: looks like sara am (ำ) but is two characters
_TONE_AFTER_SARA_AM = re.compile("\u0e33([\u0e48-\u0e4b])")


def normalise(text):
    """The query as the texts are stored: NFC, Thai vowels and tone marks in their standard order.

    Thai keyboards let people type `น้ำ` in ways that look the same but are different characters
    (ํ + า for ำ; the tone mark after the vowel instead of before); zero-width spaces are invisible
    word-break hints that come along when text is copied from a web page.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\u200b", "").replace(_SARA_AM_SPLIT, "\u0e33")
    return _TONE_AFTER_SARA_AM.sub("\\1\u0e33", text)


def search_terms(text):
    """The words of a query (at most MAX_TERMS), as search and highlighting both use them."""
    return normalise(text).split()[:MAX_TERMS]


def _spellings(term):
    """`term` and, for a hyphenated word, its spaced spelling: "eco-savers" finds "Eco Savers".

    Only when every part has 3 letters or more: "e government" is inside "the government"."""
    parts = term.replace("-", " ").split()
    if len(parts) > 1 and all(len(part) >= 3 for part in parts):
        return [term, " ".join(parts)]
    return [term]


def _folds_beyond_ascii(text):
    """Whether `text` has cased letters outside ASCII (Vietnamese "Đà Nẵng"), which SQLite's LIKE does not fold."""
    return not all(char.isascii() or char.casefold() == char.upper() for char in text)


def _like(column, text):
    """SQL for: `column` contains `text`, whatever the case of either, on every database, with its parameters.

    As Django's `icontains` writes it: UPPER(column) LIKE UPPER(text) on PostgreSQL (what its trigram indexes
    serve), and on SQLite a LIKE that folds ASCII letters only; for text with other cased letters (Vietnamese
    "Đà Nẵng"), SQLite compares the column case-folded instead. Thai has no case, so Thai text keeps the plain
    LIKE."""
    pattern = f"%{connection.ops.prep_for_like_query(text)}%"
    if connection.vendor == "postgresql":
        return f"UPPER({column}::text) LIKE UPPER(%s)", [pattern]
    if _folds_beyond_ascii(text):
        return f"unicode_casefold({column}) LIKE %s ESCAPE '\\'", [pattern.casefold()]
    return f"{column} LIKE %s ESCAPE '\\'", [pattern]


def _any_column(columns, term):
    """SQL for: any of `columns` contains `term`, in any of its spellings; with its parameters."""
    tests = [_like(column, spelling) for spelling in _spellings(term) for column in columns]
    return " OR ".join(sql for sql, _params in tests), [param for _sql, params in tests for param in params]


def _in_practice_text(term, practice):
    """SQL for: `term` anywhere in a practice's own text, `practice` being the practices' table in the query (its
    name or alias). BestPractice.search_text holds every language's title, summary and body sections, stored in
    capitals by the database (_in_search_column()).

    The titles are tested first (their own indexes): a row whose title holds the word is then never read in
    full, which for a word in most titles (`การ`) is most of the work."""
    sql, params = _any_column([f"{practice}.{name}" for name in TITLE_FIELDS], term)
    text_sql, text_params = _in_search_column(f"{practice}.search_text", term)
    return f"{sql} OR {text_sql}", params + text_params


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _in_search_column(column, term):
    """SQL for: `term`, in any of its spellings, is in `column`, a column that the database keeps in capitals
    (BestPractice.search_text, Municipality.search_name). On PostgreSQL the term is capitalised by the same
    UPPER() and compared as is: the trigram index is on the column, and no row's text is capitalised again.
    SQLite's UPPER() capitalises ASCII letters only, so there the comparison ignores case as for any column."""
    tests = []
    for spelling in _spellings(term):
        if connection.vendor == "postgresql":
            tests.append((f"{column} LIKE UPPER(%s)", [f"%{connection.ops.prep_for_like_query(spelling)}%"]))
        else:
            tests.append(_like(column, spelling))
    return " OR ".join(sql for sql, _params in tests), [param for _sql, params in tests for param in params]


def _towns_named(term):
    """SQL for the ids of the local governments whose name, in any language or spelling, holds `term`."""
    from .models import Municipality

    sql, params = _in_search_column("search_name", term)
    return f"SELECT id FROM {_table(Municipality)} WHERE {sql}", params


def _among(column, ids):
    """SQL for: `column` is one of the ids that query `ids` selects. PostgreSQL reads `= ANY(ARRAY(...))` off the
    column's index, as one more branch of the bitmap that the practice's own text conditions make."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(ARRAY({ids}))"
    return f"{column} IN ({ids})"


_PRACTICE = "<practice>"  # stands for the practices' table in a search condition's SQL until the query is compiled


class _OnPractice(RawSQL):
    """A search condition (or, given an IntegerField, the title rank) on the practice rows of the query it is put
    in: SQL in which _PRACTICE stands for their table, whose alias is known only when that query is compiled ("U0"
    when the search is itself a subquery)."""

    def __init__(self, sql, params, output_field=None):
        super().__init__(sql, params, output_field=output_field or BooleanField())

    def as_sql(self, compiler, connection):
        practice = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"({self.sql.replace(_PRACTICE, practice)})", self.params


def _term_condition(term):
    return _OnPractice(*_term_sql(term))


def _term_sql(term):
    """SQL, in which _PRACTICE stands for the practices' table, and its parameters for: practices in which `term`
    appears anywhere the search looks: in their own text, or in the name of their town, of their country or of a
    town with a published pilot that copied them.

    One condition on the practice rows, each way of matching read off its own index and combined by PostgreSQL
    into one bitmap of rows to read (a union of id lists read every match twice and took PostgreSQL 40% longer),
    written as SQL: built with the ORM, the subqueries took longer to put together than PostgreSQL took to run them."""
    from .models import Country, Municipality

    in_text, text_params = _in_practice_text(term, _PRACTICE)
    named_towns, town_params = _towns_named(term)
    in_country, country_params = _any_column(COUNTRY_FIELDS, term)
    towns_in_country = (
        f"SELECT id FROM {_table(Municipality)}"
        f" WHERE country_id IN (SELECT id FROM {_table(Country)} WHERE {in_country})"
    )
    pilots_before, pilots_after, params_before, params_after = _published_pilots(connection.vendor)
    sql = " OR ".join(
        (
            in_text,
            _among(f"{_PRACTICE}.municipality_id", named_towns),
            _among(f"{_PRACTICE}.municipality_id", towns_in_country),
            _among(f"{_PRACTICE}.id", f"{pilots_before}{named_towns}{pilots_after}"),
        )
    )
    params = [*text_params, *town_params, *country_params, *params_before, *town_params, *params_after]
    if _is_number(term):
        sql += f" OR {_PRACTICE}.number = %s"
        params.append(int(term))
    return sql, params


_TOWNS_MARK = "SELECT NULL"  # stands for the towns' subquery while the pilots' query is compiled


@functools.cache
def _published_pilots(vendor):
    """SQL for the practices that published pilots in some towns copied, split where the towns' subquery goes, and
    the parameters before and after it. Which pilots the public sees is the Pilot model's rule (published()), whose
    query is compiled here once per database: compiled for every word searched, it took a third of the time the
    whole search took to put together."""
    # Imported here: pilots depends on practices, not the other way round.
    from pilots.models import Pilot

    sql, params = (
        Pilot.objects.published()
        .order_by()
        .filter(municipality__in=RawSQL(_TOWNS_MARK, ()))
        .values("practice_id")
        .query.sql_with_params()
    )
    before, after = sql.split(_TOWNS_MARK)
    at = before.count("%s")
    return before, after, params[:at], params[at:]


def _is_number(term):
    return term.isdecimal() and len(term) <= 5


def _title_rank_sql(terms):
    """SQL and parameters for the title rank: 0 for a practice whose title holds every term (in either language;
    a term that is a number may be the practice's number instead), else 1."""
    tests, params = [], []
    for term in terms:
        sql, term_params = _any_column([f"{_PRACTICE}.{name}" for name in TITLE_FIELDS], term)
        if _is_number(term):
            sql, term_params = f"{sql} OR {_PRACTICE}.number = %s", [*term_params, int(term)]
        tests.append(f"({sql})")
        params += term_params
    return f"CASE WHEN {' AND '.join(tests)} THEN 0 ELSE 1 END", params


def _ranked(queryset, terms):
    return queryset.annotate(title_rank=_OnPractice(*_title_rank_sql(terms), output_field=IntegerField()))


def search_practices(queryset, text):
    """`queryset` narrowed to the practices matching `text`, title matches first."""
    terms = search_terms(text)
    if not terms:
        return queryset
    for term in terms:
        queryset = queryset.filter(_term_condition(term))
    return _ranked(queryset, terms).order_by("title_rank", "number")


@dataclass
class Hits:
    """The result of one search, kept for the several queries of a list page (count, page, facets)."""

    text: str
    ids: Ids | None = None  # None: too many to list, so each query runs the search again
    title_ids: Ids = field(default_factory=lambda: Ids(()))
    # One row per match, in the search's order (title matches first, then by number): the id, then `fields`.
    rows: list = field(default_factory=list)


def find(text, queryset=None, fields=()):
    """Run the search once over `queryset` (default: every practice) and keep what it found.

    A list page with facets asks for the same matches in four or five queries; on PostgreSQL each
    run of the search costs a few milliseconds of index scans and text rechecks (hundreds for a word
    in nearly every practice), an id list far less: apply() sends it as one parameter (`__among`).
    `fields` are read with each match, in the search's order: what a list needs to count its facets and
    pick its page from the matches without asking the database again.
    Beyond MAX_LISTED matches, more than any knowledge base this portal expects, the search runs as a
    subquery instead, so that memory stays bounded.
    """
    from .models import BestPractice

    terms = search_terms(text)
    if not terms:
        return Hits(text)
    queryset = BestPractice.objects.all() if queryset is None else queryset
    matches = plain(search_practices(queryset.order_by(), text))
    return _hits(text, list(matches.values_list("pk", "title_rank", *fields)[: MAX_LISTED + 1]))


def _matches_query(fields, limit, term_sqls, rank_sql, *params):
    """The published practices matching every term, by title rank and number, as find() reads them: `term_sqls`
    and `rank_sql` from _term_sql() and _title_rank_sql(), their `params` in that order."""
    from .models import BestPractice

    queryset = BestPractice.objects.published().order_by()
    params = list(params)
    for sql in term_sqls:
        count = sql.count("%s")
        queryset = queryset.filter(_OnPractice(sql, params[:count]))
        del params[:count]
    rank = _OnPractice(rank_sql, params, output_field=IntegerField())
    matches = queryset.annotate(title_rank=rank).order_by("title_rank", "number")
    return plain(matches).values_list("pk", "title_rank", *fields)[:limit]


def find_published(text, fields=()):
    """find() over the published practices, its query compiled once for each form of search (delgosea.sql): how
    many words, and which of them are numbers or spelled two ways, not the words themselves, which it is sent as
    parameters. Put together anew, the query took a twelfth of a search's time."""
    terms = search_terms(text)
    if not terms:
        return Hits(text)
    term_parts = [_term_sql(term) for term in terms]
    rank_sql, rank_params = _title_rank_sql(terms)
    params = [param for _sql, term_params in term_parts for param in term_params] + rank_params
    term_sqls = tuple(sql for sql, _params in term_parts)
    # Not prepared (delgosea.sql): the values are the words' patterns, and one plan for every word would read a
    # trigram index whole for a word too short to have trigrams.
    rows = fixed_rows(_matches_query, fields, MAX_LISTED + 1, term_sqls, rank_sql, values=tuple(params), prepare=False)
    return _hits(text, rows)


def _hits(text, rows):
    if len(rows) > MAX_LISTED:
        return Hits(text)
    return Hits(
        text,
        Ids(row[0] for row in rows),
        Ids(row[0] for row in rows if row[1] == 0),
        [(row[0], *row[2:]) for row in rows],
    )


def apply(queryset, hits):
    """`queryset` narrowed to the `hits` of find(), title matches first."""
    if hits.ids is None:
        return search_practices(queryset, hits.text)
    in_title = When(pk__among=hits.title_ids, then=Value(0))
    return (
        queryset.filter(pk__among=hits.ids)
        .annotate(title_rank=Case(in_title, default=Value(1), output_field=IntegerField()))
        .order_by("title_rank", "number")
    )
