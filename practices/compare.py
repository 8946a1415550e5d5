"""Choosing practices to compare side by side at /compare/?p=eco-savers&p=constructed-wetland.

A choice is a practice's slug or its number (the source documents cite practices by number). Like the
list filters, a choice that is not understood is dropped and explained, never an error.
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from delgosea.lookups import Ids
from delgosea.sql import fixed_dicts
from delgosea.translated import columns, language_order, pick, plain

from .models import BestPractice

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


# A menu's options are written here, not by a template loop: sixty of them, three values each, took a twentieth
# of a practice page's time in the template. Escaped and localised as the template did it.
OPTION_HTML = '<option value="{}">{}. {}</option>'


@dataclass(frozen=True)
class OptionGroup:
    number: int
    name: str


def _options_query(limit, excluded):
    """The first published practices by number but the `excluded` (Ids), compiled once (delgosea.sql)."""
    return (
        plain(BestPractice.objects.published().exclude(pk__among=excluded))
        .order_by("number")
        .values("slug", "number", "theme__number", *columns("title", "theme__name"))[:limit]
    )


def compare_options(exclude=()):
    """Practices to offer in a "compare with" menu, as [(theme, options), …] for one <optgroup> each, `options`
    being the group's <option> elements, ready to show.

    The theme of the practices already chosen (`exclude`) comes first: a practice is most often compared
    with its neighbours. Bounded to the first OPTIONS_LIMIT by number (an index scan, not a sort of every
    practice): a menu is no way through thousands of practices (the list page's checkboxes, with its search
    and filters, are), and each option is page weight on every practice page. Read as plain rows: the menu
    shows three fields of each practice, not worth building model instances for.
    """
    rows = fixed_dicts(_options_query, OPTIONS_LIMIT, values=(Ids(practice.pk for practice in exclude),))
    order = language_order()
    groups = {}
    for row in rows:
        theme = OptionGroup(row["theme__number"], pick(row, "theme__name", order))
        option = format_html(OPTION_HTML, row["slug"], localize(row["number"]), pick(row, "title", order))
        groups.setdefault(theme, []).append(option)
    chosen_themes = {practice.theme.number for practice in exclude}
    return [
        (theme, mark_safe("".join(options)))  # each option escaped by format_html
        for theme, options in sorted(
            groups.items(), key=lambda group: (group[0].number not in chosen_themes, group[0].number)
        )
    ]
