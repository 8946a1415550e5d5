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
"""

import functools
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection

MAX_COMPILED = 512  # distinct (build, args) kept: a query is a few kilobytes of SQL


class _Compiled(NamedTuple):
    sql: str
    params: tuple
    names: tuple  # of the columns, as values() names them
    converters: tuple  # (column index, (converters, expression)), as the compiler applies them


@functools.lru_cache(maxsize=MAX_COMPILED)
def _compiled(build, args, vendor):
    """The SQL of `build(*args)` for the database `vendor`, or None when it can have no rows."""
    queryset = build(*args)
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    # As ValuesIterable names them.
    names = query.selected or [*query.extra_select, *query.values_select, *query.annotation_select]
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    return _Compiled(sql, tuple(params), tuple(names), tuple(converters.items()))


def _read(compiled):
    if compiled is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, compiled.params)
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


def fixed_rows(build, *args):
    """The rows, as tuples in the order of its columns, of the queryset `build(*args)`."""
    return _read(_compiled(build, args, connection.vendor))


def fixed_dicts(build, *args):
    """The rows of the values() queryset `build(*args)`, as the dictionaries values() gives."""
    compiled = _compiled(build, args, connection.vendor)
    if compiled is None:
        return []
    names = compiled.names
    return [dict(zip(names, row, strict=True)) for row in _read(compiled)]
