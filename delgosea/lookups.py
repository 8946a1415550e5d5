"""`field__among=[ids]`: `__in` for a long list of ids, sent to the database as one parameter.

`pk__in=ids` writes one placeholder per id: for a search that matches 3,000 practices, each query of the
list page (the count, the facets, the page) carries 3,000 parameters that Django prepares one by one and
the database parses one by one, and SQLite refuses more than its variable limit. `pk__among=ids` sends
the whole list as a single value: a PostgreSQL array (`= ANY(%s)`), a JSON array that SQLite unpacks
with `json_each`. The rows it selects are exactly those `__in` selects.
"""

import json

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import Lookup


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
