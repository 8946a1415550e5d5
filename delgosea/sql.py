"""Queries whose SQL is put together once per process.

A page's fixed queries (a filter's choices, the tallies) are the same on every request, and Django took
longer to build and compile each of them than the database took to answer it. `fixed_rows(build, *args)`
compiles the queryset that `build(*args)` returns once per process and database, then runs that SQL on
every call: the rows are read afresh each time, never kept. `build` is a module-level function and `args`
are hashable, so that the compiled queries stay a handful.
"""

import functools

from django.db import connection


@functools.cache
def _compiled(build, args, vendor):
    return build(*args).query.sql_with_params()


def fixed_rows(build, *args):
    """The rows, as tuples in the order of its columns, of the queryset `build(*args)`."""
    sql, params = _compiled(build, args, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
