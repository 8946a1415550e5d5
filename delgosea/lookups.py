"""Lookups the portal's queries need beyond Django's own.

`field__among=[ids]`: `__in` for a long list of ids, sent to the database as one parameter.

`pk__in=ids` writes one placeholder per id: for a search that matches 3,000 practices, each query of the
list page (the count, the facets, the page) carries 3,000 parameters that Django prepares one by one and
the database parses one by one, and SQLite refuses more than its variable limit. `pk__among=ids` sends
the whole list as a single value: a PostgreSQL array (`= ANY(%s)`), a JSON array that SQLite unpacks
with `json_each`. The rows it selects are exactly those `__in` selects.

`field__casefold`: the text with case folded in every alphabet, on SQLite too. SQLite's LIKE and LOWER()
fold ASCII letters only, so `icontains` there misses "Đà Nẵng" for "đà nẵng", which PostgreSQL's UPPER()
finds; `unicode_casefold()` is Python's str.casefold, registered on every SQLite connection
(install_sqlite_functions, connected in PracticesConfig.ready). Elsewhere it is LOWER().
"""

import json

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import Lookup, Transform


@models.IntegerField.register_lookup
class Among(Lookup):
    lookup_name = "among"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*params, self.rhs)

    def as_sqlite(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(self.rhs))

    def as_sql(self, compiler, connection):
        """Any other database: a plain IN list."""
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*params, *self.rhs)


class CaseFold(Transform):
    lookup_name = "casefold"
    function = "LOWER"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="unicode_casefold", **extra)


models.CharField.register_lookup(CaseFold)
models.TextField.register_lookup(CaseFold)


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def install_sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver: the SQL functions the lookups above use on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("unicode_casefold", 1, _casefold, deterministic=True)
