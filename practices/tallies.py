"""Counts kept at write time, so that no public page counts every practice or pilot to show its numbers.

PracticeTally and PilotTally (see their docstrings) say how many published practices and pilots each
combination of the lists' filter values has: a few dozen to a few hundred rows, whatever the size of the
data. The practice and pilot lists read their totals and facet counts off them, the transfers page and map
their country-to-country counts, the home page its numbers: one small read instead of a GROUP BY over
10,000 rows, which is most of what such a page would cost uncached. BestPractice.copy_count says how many
published pilots copied each practice, for the cards and the pilot list's "practice copied" options, and
BestPractice.goal_numbers which goals it serves, for the cards and a search's goal counts, and
BestPractice.country its town's country, which a search reads with each match.

They are never stale. Saving or deleting a record they depend on, or changing a practice's goals, counts
them afresh inside the same transaction, so they change in the same commit as the data and every reader
(any process, any connection) sees either both or neither. Rebuilds take a PostgreSQL advisory lock held
until the transaction ends, so two editors saving at once cannot interleave theirs. A rebuild costs three
GROUP BYs, a DELETE and an INSERT of those few rows, and an update of the practices whose copy_count, goals or
country changed: a few milliseconds at the shipped data, 200–250 at 10,000 records (of which 35 for the
countries), paid by the editor's save instead of by every uncached page view.

Writes that send no signals (bulk_create, QuerySet.update(), raw SQL) must call `rebuild()` afterwards;
code that writes many records at once wraps them in `batch()`, which counts once at the end. A search, and
some filter combinations (several goals at once, a chosen practice on the pilot list), are counted live
instead: the tallies cannot answer them.

A signal handler, although STYLE.md keeps business logic out of signals (see delgosea.cache for the same
choice): it must see every write — the admin, its inlines, bulk deletes, the loader — which no single service
function does.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from delgosea.sql import fixed_rows
from delgosea.translated import plain
from pilots.models import Pilot, PilotTally

from .models import BestPractice, Municipality, PracticeTally

# What the tallies are counted from: a change to any other model (a partner, a milestone, a pilot's "also
# drew on" links, history rows) leaves them as they are.
COUNTED_MODELS = frozenset(
    {
        "practices.bestpractice",
        "practices.bestpractice_sdgs",  # a practice's goals
        "practices.municipality",  # its country
        "practices.country",  # its code
        "practices.theme",  # its number
        "practices.sdg",  # its number
        "pilots.pilot",
    }
)
# Any constant, the same in every process: the key of the PostgreSQL lock that serialises rebuilds.
_LOCK_KEY = 2010_2012

_batch = threading.local()


def rebuild(using=DEFAULT_DB_ALIAS):
    """Count both tallies afresh from the published records, in the caller's transaction if there is one."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        practices = BestPractice.objects.using(using).published().order_by()
        place = ("theme__number", "municipality__country__code")
        practice_rows = [
            PracticeTally(theme=theme, country=country, sdg=None, count=total)
            for theme, country, total in practices.values_list(*place).annotate(total=Count("pk"))
        ] + [
            # A practice serves each of its goals once (the link table is unique), so plain counts add up.
            PracticeTally(theme=theme, country=country, sdg=sdg, count=total)
            for theme, country, sdg, total in practices.values_list(*place, "sdgs__number").annotate(total=Count("pk"))
            if sdg is not None
        ]
        pilots = Pilot.objects.using(using).published().order_by()
        route = ("municipality__country__code", "practice__municipality__country__code", "practice__theme__number")
        pilot_rows = [
            PilotTally(country=country, origin=origin, theme=theme, award=award, count=total)
            for country, origin, theme, award, total in pilots.values_list(*route, "award").annotate(total=Count("pk"))
        ]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            # Not QuerySet.delete(): it would fetch the rows to send a signal for each.
            for model in (PracticeTally, PilotTally):
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
        PracticeTally.objects.using(using).bulk_create(practice_rows)
        PilotTally.objects.using(using).bulk_create(pilot_rows)
        _recount_copies(using)
        _recount_goals(using)
        _recount_countries(using)
    _batch_pending().discard(using)


def _recount_copies(using):
    """Each practice's count of published pilots (BestPractice.copy_count), written only where it changed:
    usually one or two rows. Compared in Python: an UPDATE that compared a count subquery per practice took
    60 ms at 10,000 practices even when nothing changed."""
    counted = dict(
        plain(Pilot.objects.using(using).published().order_by().values_list("practice").annotate(total=Count("pk")))
    )
    stored = dict(plain(BestPractice.objects.using(using).filter(copy_count__gt=0).values_list("pk", "copy_count")))
    _write_changed(using, "copy_count", counted, stored, 0)


def _recount_goals(using):
    """Each practice's goals as BestPractice.goal_numbers ("6,11", in order of number), written only where they
    changed, like _recount_copies(). Every practice's, published or not: publishing one leaves its goals as they are."""
    served = defaultdict(list)
    links = BestPractice.sdgs.through.objects.using(using).order_by("bestpractice_id", "sdg__number")
    for pk, number in links.values_list("bestpractice_id", "sdg__number"):
        served[pk].append(str(number))
    served = {pk: ",".join(numbers) for pk, numbers in served.items()}
    stored = dict(plain(BestPractice.objects.using(using).exclude(goal_numbers="")).values_list("pk", "goal_numbers"))
    _write_changed(using, "goal_numbers", served, stored, "")


def _recount_countries(using):
    """Each practice's country (BestPractice.country): its town's, written only where it changed (a new practice,
    one moved to another town, a town moved to another country), compared in Python like _recount_copies().
    Every practice's, published or not. Each row written also rewrites its searched text's indexes (a thousand
    rows a second): code that creates practices by the thousand sets the country itself (practices.synthetic)."""
    towns = dict(Municipality.objects.using(using).values_list("pk", "country_id"))
    counted, stored = {}, {}
    for pk, town, country in plain(BestPractice.objects.using(using)).values_list("pk", "municipality_id", "country"):
        counted[pk], stored[pk] = towns.get(town), country
    _write_changed(using, "country", counted, stored, None)


def _write_changed(using, field, counted, stored, empty):
    """Practice `field` set to its `counted` value (by id) where that differs from the `stored` one; a practice in
    neither has the `empty` value, which neither lists."""
    attribute = BestPractice._meta.get_field(field).attname  # country_id for the country
    changed = [
        BestPractice(pk=pk, **{attribute: counted.get(pk, empty)})
        for pk in sorted(counted.keys() | stored.keys())
        if counted.get(pk, empty) != stored.get(pk, empty)
    ]
    BestPractice.objects.using(using).bulk_update(changed, [field], batch_size=500)


def _practice_rows():
    return PracticeTally.objects.values_list("theme", "country", "sdg", "count")


def _pilot_rows():
    return PilotTally.objects.values_list("country", "origin", "theme", "award", "count")


def practice_counts():
    """Every PracticeTally row as (theme number, country code, goal number or None, count)."""
    return fixed_rows(_practice_rows)


def pilot_counts():
    """Every PilotTally row as (pilot's country code, practice's country code, theme number, award, count)."""
    return fixed_rows(_pilot_rows)


def _batch_pending():
    if not hasattr(_batch, "pending"):
        _batch.depth, _batch.pending = 0, set()
    return _batch.pending


@contextmanager
def batch(using=DEFAULT_DB_ALIAS):
    """A transaction in which saves and deletes do not recount the tallies one by one: they are counted once,
    when the block ends without an error (an error rolls everything back). For loaders and restores."""
    pending = _batch_pending()
    with transaction.atomic(using=using):
        _batch.depth += 1
        try:
            yield
        except BaseException:
            if _batch.depth == 1:
                pending.clear()  # rolled back: nothing to count
            raise
        finally:
            _batch.depth -= 1
        if _batch.depth == 0:
            for alias in sorted(pending):
                rebuild(alias)


def _record_changed(sender, **kwargs):
    if sender._meta.label_lower not in COUNTED_MODELS:
        return
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed fires before and after a change; after is the one that counts
    using = kwargs.get("using") or DEFAULT_DB_ALIAS
    if getattr(_batch, "depth", 0):
        _batch_pending().add(using)
        return
    rebuild(using)


def _migrated(sender, using=DEFAULT_DB_ALIAS, **_kwargs):
    """After `migrate` (and `flush`), count what the database holds: a database migrated with records already
    in it gets its tallies here."""
    tables = set(connections[using].introspection.table_names())
    if {PracticeTally._meta.db_table, PilotTally._meta.db_table} <= tables:
        rebuild(using)


def connect_signals(app_config):
    """Called from PracticesConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_record_changed, dispatch_uid="practices.tallies")
    post_migrate.connect(_migrated, sender=app_config, dispatch_uid="practices.tallies")
