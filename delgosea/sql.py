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
"""

import functools
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection

from .lookups import Ids

MAX_COMPILED = 512  # distinct (build, args) kept: a query is a few kilobytes of SQL
_STAND_IN = "\x00value {}\x00"  # no text in the database holds a NUL character
_ID_STAND_IN = 2**62  # an id no table reaches, inside the range of a big integer (record ids are)


class _Compiled(NamedTuple):
    sql: str
    params: tuple  # with, for each value given at run time, (position in `values`, text before, text after)
    names: tuple  # of the columns, as values() names them
    converters: tuple  # (column index, (converters, expression)), as the compiler applies them


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


@functools.lru_cache(maxsize=MAX_COMPILED)
def _compiled(build, args, kinds, vendor):
    """The SQL of `build(*args, *values)` for the database `vendor`, or None when it can have no rows. `kinds` are
    the types of the values given at run time."""
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
    return _Compiled(sql, _placed(params, kinds), tuple(names), tuple(converters.items()))


def _kind(value):
    return Ids if isinstance(value, Ids) else type(value)


def _compiled_for(build, args, values):
    return _compiled(build, args, tuple(_kind(value) for value in values), connection.vendor)


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


def _read(compiled, values=()):
    if compiled is None:
        return []
    with connection.cursor() as cursor:
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


def fixed_rows(build, *args, values=()):
    """The rows, as tuples in the order of its columns, of the queryset `build(*args, *values)`."""
    return _read(_compiled_for(build, args, values), values)


def fixed_dicts(build, *args, values=()):
    """The rows of the values() queryset `build(*args, *values)`, as the dictionaries values() gives."""
    compiled = _compiled_for(build, args, values)
    if compiled is None:
        return []
    names = compiled.names
    return [dict(zip(names, row, strict=True)) for row in _read(compiled, values)]
