"""Choosing practices to compare side by side at /compare/?p=eco-savers&p=constructed-wetland.

A choice is a practice's slug or its number (the source documents cite practices by number). Like the
list filters, a choice that is not understood is dropped and explained, never an error.
"""

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import LONG_TEXTS, BestPractice

MIN_COMPARED = 2
MAX_COMPARED = 3
MAX_RAW_VALUES = 20  # values looked at from the query string; the rest are ignored unread
OPTIONS_LIMIT = 60  # practices offered in a "compare with" menu; the list page's checkboxes reach the rest
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")


def choose(values):
    """The published practices named by `values` (slugs or numbers), in the order given, and notices."""
    notices = []
    wanted = []
    for raw in values[:MAX_RAW_VALUES]:
        value = raw.strip()
        if value and value not in wanted:
            wanted.append(value)
    if len(values) > MAX_RAW_VALUES:
        notices.append(_("Only the first %(limit)s choices were read.") % {"limit": MAX_RAW_VALUES})
    # isdecimal, not isdigit: "²" is a digit that int() refuses; Thai digits (๑๒) are decimals int() reads.
    numbers = {int(value) for value in wanted if value.isdecimal() and len(value) < 6}
    slugs = {value for value in wanted if _SLUG.match(value)}
    found = {}
    if numbers or slugs:
        for practice in BestPractice.objects.published().filter(Q(number__in=numbers) | Q(slug__in=slugs)):
            found[practice.slug] = practice
            found[str(practice.number)] = practice
    chosen = []
    for value in wanted:
        practice = found.get(value) or (found.get(str(int(value))) if value.isdecimal() and len(value) < 6 else None)
        if practice is None:
            notices.append(_("“%(value)s” is not a published practice; it was ignored.") % {"value": value[:40]})
        elif practice not in chosen:
            chosen.append(practice)
    if len(chosen) > MAX_COMPARED:
        notices.append(
            _("You can compare up to %(limit)s practices at once; the first %(limit)s are shown.")
            % {"limit": MAX_COMPARED}
        )
        chosen = chosen[:MAX_COMPARED]
    return chosen, notices


def compare_options(exclude=()):
    """Practices to offer in a "compare with" menu, as [(theme, practices), …] for one <optgroup> each, the theme of
    the practices already chosen (`exclude`) first. Bounded to the first OPTIONS_LIMIT by number: a menu is no way
    through thousands of practices (the list page's checkboxes, with its search and filters, are)."""
    practices = (
        BestPractice.objects.published()
        .exclude(pk__in=[practice.pk for practice in exclude])
        .defer(*LONG_TEXTS)[:OPTIONS_LIMIT]
    )
    groups = {}
    for practice in practices:
        groups.setdefault(practice.theme, []).append(practice)
    chosen_themes = {practice.theme_id for practice in exclude}
    return sorted(groups.items(), key=lambda group: (group[0].pk not in chosen_themes, group[0].number))
