"""Queries whose SQL is put together once per process.

Django builds a queryset anew on every request: it resolves each field path, joins the tables and compiles
the SQL, and for many of the portal's queries that took longer than the database took to answer them (more
than a third of the map's time went on putting its three queries together). A query that is a function of a
few values alone (a filter's choices, the tallies, the map for one choice of filters) need not be:
`fixed_rows(build, *args)` compiles the queryset that `build(*args)` returns once per process and database,
then runs that SQL on every call. The rows are read afresh each time, never kept.

`build` is a module-level function whose queryset depends on `args` alone: not on the request, the page's
language or the data. `args` are hashable. The compiled queries are few (a bounded cache keeps the most used
of them), whatever the visitors send.

A query for one record or one page of records differs from request to request in a value or two (a record's
id, the ids of a page): those are `values=(…)`, which `build` receives after `args` and uses as whole values
(`pk=value`, `pk__among=value`). The query is compiled once with a stand-in for each, and each run sends the
SQL with the stand-ins' parameters replaced by the values. A value may be a string, a record's id (an int)
or an Ids list; a query that uses one in any other way (inside a LIKE pattern, say) is refused when it is
compiled.

On PostgreSQL a compiled query is also a prepared statement of each connection that runs it (PREPARE once,
then EXECUTE): PostgreSQL plans it once per connection instead of on every call. Planning was most of what the
database did for the detail pages' queries (a practice page's six: 2.4 ms of planning, 0.4 of execution), as
it is for any query that joins a few tables to read a few rows. Each parameter is declared with the type of
its Python value (bigint, text, numeric, boolean…), so PostgreSQL never guesses one from the SQL
around it; a query with a parameter of another type is run unprepared. PostgreSQL itself keeps planning a
statement afresh for each call's values while that is cheaper than one plan for every value. A query whose
values are patterns (the search's words) passes `prepare=False`: one plan for every word would read the
trigram index whole for a word of one or two letters, which a plan for that word does not. A connection
keeps at most MAX_PREPARED statements, the least recently used deallocated first. The PREPARE is sent once
per connection and statement, as Django sends a connection's own setup, and not among a page's queries
(CaptureQueriesContext shows the EXECUTE). PREPARED_STATEMENTS=0 turns them off (a connection pooler in
transaction mode, such as PgBouncer, cannot keep them).
"""

import functools
import itertools
import logging
import re
from collections import OrderedDict
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection

from .lookups import Ids

MAX_COMPILED = 512  # distinct (build, args) kept: a query is a few kilobytes of SQL
MAX_PREPARED = 100  # prepared statements per connection (psycopg 3's default too)
_STAND_IN = "\x00value {}\x00"  # no text in the database holds a NUL character
_ID_STAND_IN = 2**62  # an id no table reaches, inside the range of a big integer (record ids are)


logger = logging.getLogger(__name__)
_statement_numbers = itertools.count(1)
_unprepared = set()  # names of the statements PostgreSQL refused to prepare, run unprepared from then on


class _Prepared(NamedTuple):
    """A compiled query as a PostgreSQL prepared statement."""

    name: str
    prepare: str  # PREPARE name (types) AS the SQL with $1, $2…
    execute: str  # EXECUTE name (%s, %s…), for psycopg2 to fill in


class _Compiled(NamedTuple):
    sql: str
    params: tuple  # with, for each value given at run time, (position in `values`, text before, text after)
    names: tuple  # of the columns, as values() names them
    converters: tuple  # (column index, (converters, expression)), as the compiler applies them
    prepared: _Prepared | None  # on PostgreSQL, unless the query cannot be or should not be


class _Value(NamedTuple):
    """Where a parameter takes a value given at run time: the value, or an Ids list's text between two texts."""

    position: int
    before: str = ""
    after: str = ""


def _stand_in(position, kind):
    if kind is Ids:
        ids = Ids(())
        ids._text = _STAND_IN.format(position)
        return ids
    if kind is int:
        return _ID_STAND_IN + position
    if kind is str:
        return _STAND_IN.format(position)
    raise TypeError(f"A compiled query takes strings, ids and Ids lists as values, not {kind.__name__}.")


def _placed(params, kinds):
    """`params` with each stand-in for a value replaced by where that value goes."""
    placed, found = [], set()
    for param in params:
        for position, kind in enumerate(kinds):
            if kind is int and type(param) is int and param == _ID_STAND_IN + position:
                param = _Value(position)
            elif isinstance(param, str) and (mark := _STAND_IN.format(position)) in param:
                before, _mark, after = param.partition(mark)
                if kind is not Ids and (before or after):
                    raise ValueError(f"Value {position} is used inside a parameter ({param!r}), not as one.")
                param = _Value(position, before, after)
            else:
                continue
            found.add(position)
            break
        placed.append(param)
    if found != set(range(len(kinds))):
        raise ValueError(f"Values {sorted(set(range(len(kinds))) - found)} are not parameters of the query.")
    return tuple(placed)


# PostgreSQL's type for each kind of parameter, by its exact Python type (so a bool is not taken for an int). An Ids
# list is the text of an array, which the SQL casts (delgosea.lookups.Among).
_PARAMETER_TYPES = {
    bool: "boolean",
    int: "bigint",
    float: "double precision",
    Decimal: "numeric",
    str: "text",
    Ids: "text",
}
_PLACEHOLDER = re.compile("%([s%])")


def _parameter_type(param, kinds):
    kind = kinds[param.position] if isinstance(param, _Value) else type(param)
    return _PARAMETER_TYPES.get(kind)


def _prepared(build, sql, params, kinds):
    """`sql` as a prepared statement, or None when a parameter has a type it does not declare (a date, a list)."""
    types = [_parameter_type(param, kinds) for param in params]
    if None in types:
        return None
    numbers = itertools.count(1)
    # psycopg2's placeholders as PostgreSQL's: %s is the next parameter, %% a percent sign.
    text = _PLACEHOLDER.sub(lambda match: f"${next(numbers)}" if match[1] == "s" else "%", sql)
    # Named after the function that builds it (and unique in the process), as pg_stat_statements and logs show it.
    name = re.sub(r"\W+", "_", f"{build.__module__}_{build.__qualname__}")[:40].strip("_").lower()
    name = f"{name}_{next(_statement_numbers)}"
    declared = f" ({', '.join(types)})" if types else ""
    arguments = f" ({', '.join(['%s'] * len(types))})" if types else ""
    return _Prepared(name, f"PREPARE {name}{declared} AS {text}", f"EXECUTE {name}{arguments}")


@functools.lru_cache(maxsize=MAX_COMPILED)
def _compiled(build, args, kinds, vendor, prepare=True):
    """The SQL of `build(*args, *values)` for the database `vendor`, or None when it can have no rows. `kinds` are
    the types of the values given at run time; `prepare`, whether PostgreSQL may keep it prepared."""
    queryset = build(*args, *(_stand_in(position, kind) for position, kind in enumerate(kinds)))
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        if kinds:
            # A stand-in that a lookup refused (one past the range of a small number field, say).
            raise ValueError("A value is used where a stand-in for it cannot go: pass it in `args`.") from None
        return None
    if "\x00" in sql:
        raise ValueError("A value is written into the query's SQL, not sent as a parameter.")
    # As ValuesIterable names them.
    names = query.selected or [*query.extra_select, *query.values_select, *query.annotation_select]
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    placed = _placed(params, kinds)
    prepared = _prepared(build, sql, placed, kinds) if prepare and vendor == "postgresql" else None
    return _Compiled(sql, placed, tuple(names), tuple(converters.items()), prepared)


def _kind(value):
    return Ids if isinstance(value, Ids) else type(value)


def _compiled_for(build, args, values, prepare):
    return _compiled(build, args, tuple(_kind(value) for value in values), connection.vendor, prepare)


def _params(compiled, values):
    if not values:
        return compiled.params
    params = []
    for param in compiled.params:
        if isinstance(param, _Value):
            value = values[param.position]
            param = f"{param.before}{value.text}{param.after}" if isinstance(value, Ids) else value
        params.append(param)
    return params


def _connection_statements():
    """The names of the statements prepared on the current connection, least recently used first."""
    raw = connection.connection
    state = getattr(connection, "_prepared_statements", None)
    if state is None or state[0] is not raw:  # a new connection: nothing prepared on it yet
        state = (raw, OrderedDict())
        connection._prepared_statements = state
    return state[1]


def _prepare(cursor, prepared):
    """Prepare `prepared` on the cursor's connection if it is not yet; whether it is prepared. Sent on psycopg2's own
    cursor, which Django does not log (see the module docstring); inside a savepoint when in a transaction, so that
    a refusal (a parameter type PostgreSQL does not accept there) leaves the transaction as it was."""
    statements = _connection_statements()
    if prepared.name in statements:
        statements.move_to_end(prepared.name)
        return True
    raw_cursor, in_transaction = cursor.cursor, not connection.connection.autocommit
    if in_transaction:
        raw_cursor.execute("SAVEPOINT prepare_statement")
    try:
        raw_cursor.execute(prepared.prepare)
    except connection.Database.Error:
        if in_transaction:
            raw_cursor.execute("ROLLBACK TO SAVEPOINT prepare_statement")
        _unprepared.add(prepared.name)
        logger.warning("PostgreSQL could not prepare %s; it runs unprepared.", prepared.name, exc_info=True)
        return False
    if in_transaction:
        raw_cursor.execute("RELEASE SAVEPOINT prepare_statement")
    statements[prepared.name] = None
    while len(statements) > MAX_PREPARED:
        oldest, _none = statements.popitem(last=False)
        raw_cursor.execute(f"DEALLOCATE {oldest}")
    return True


def _read(compiled, values=()):
    if compiled is None:
        return []
    prepared = compiled.prepared
    with connection.cursor() as cursor:
        if (
            prepared is not None
            and prepared.name not in _unprepared
            and settings.PREPARED_STATEMENTS
            and _prepare(cursor, prepared)
        ):
            cursor.execute(prepared.execute, _params(compiled, values))
        else:
            cursor.execute(compiled.sql, _params(compiled, values))
        rows = cursor.fetchall()
    if not compiled.converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for index, (functions, expression) in compiled.converters:
            value = row[index]
            for function in functions:
                value = function(value, expression, connection)
            row[index] = value
        converted.append(tuple(row))
    return converted


def fixed_rows(build, *args, values=(), prepare=True):
    """The rows, as tuples in the order of its columns, of the queryset `build(*args, *values)`."""
    return _read(_compiled_for(build, args, values, prepare), values)


def fixed_dicts(build, *args, values=(), prepare=True):
    """The rows of the values() queryset `build(*args, *values)`, as the dictionaries values() gives."""
    compiled = _compiled_for(build, args, values, prepare)
    if compiled is None:
        return []
    names = compiled.names
    return [dict(zip(names, row, strict=True)) for row in _read(compiled, values)]
