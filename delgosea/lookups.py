"""Lookups the portal's queries need beyond Django's own.

`field__among=[ids]`: `__in` for a long list of ids, sent to the database as one parameter.

`pk__in=ids` writes one placeholder per id: for a search that matches 3,000 practices, each query of the
list page (the count, the facets, the page) carries 3,000 parameters that Django prepares one by one and
the database parses one by one, and SQLite refuses more than its variable limit. `pk__among=ids` sends
the whole list as a single value: a PostgreSQL array (`= ANY(%s)`), a JSON array that SQLite unpacks
with `json_each`. The rows it selects are exactly those `__in` selects. Pass the ids as `Ids(...)` when one
list serves several queries: it is converted once, and Django neither walks it item by item on each query
(looking for expressions among the values, as it does in a list) nor copies it with each queryset.

`field__casefold`: the text with case folded in every alphabet, on SQLite too. SQLite's LIKE and LOWER()
fold ASCII letters only, so `icontains` there misses "Đà Nẵng" for "đà nẵng", which PostgreSQL's UPPER()
finds; `unicode_casefold()` is Python's str.casefold, registered on every SQLite connection
(install_sqlite_functions, connected in PracticesConfig.ready). Elsewhere it is LOWER().
"""

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import Lookup, Transform


class Ids:
    """Whole numbers for `__among`, checked and written out once, however many queries use them."""

    __slots__ = ("values", "_text")

    def __init__(self, values):
        self.values = tuple(int(value) for value in values)
        self._text = None

    def __len__(self):
        return len(self.values)

    def __iter__(self):
        return iter(self.values)

    def __eq__(self, other):
        return isinstance(other, Ids) and other.values == self.values

    def __hash__(self):
        return hash(self.values)

    def __deepcopy__(self, memo):
        return self  # immutable

    def __repr__(self):
        return f"Ids({len(self.values)} values)"

    @property
    def text(self):
        """The numbers, comma-separated ("1,2,3"): the inside of a PostgreSQL array literal and of a JSON array."""
        if self._text is None:
            self._text = ",".join(map(str, self.values))
        return self._text


@models.IntegerField.register_lookup
class Among(Lookup):
    lookup_name = "among"
    prepare_rhs = False

    def get_prep_lookup(self):
        return self.rhs if isinstance(self.rhs, Ids) else Ids(self.rhs)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        # An array literal as one text parameter: quoting one string is cheaper than adapting each number.
        return f"{lhs} = ANY(%s::bigint[])", (*params, f"{{{self.rhs.text}}}")

    def as_sqlite(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", (*params, f"[{self.rhs.text}]")

    def as_sql(self, compiler, connection):
        """Any other database: a plain IN list."""
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*params, *self.rhs.values)


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
