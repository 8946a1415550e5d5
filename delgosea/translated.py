"""Translated columns read as plain rows (`values()`), for lists too long to build model instances for.

django-modeltranslation gives each translated field a column per language (`title_th`, `title_en`); its
descriptors pick the page's language, falling back to the other, but only on model instances. A values()
row asks for every language's column (columns) and picks the text the same way (pick). And sentences
translated once per row of such a list (sentence).
"""

from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


def columns(*fields):
    """Every language's column of each of `fields`."""
    return [f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES]


def language_order():
    """The page's language first, then the others: the order in which pick() looks for a text."""
    codes = [code for code, _name in settings.LANGUAGES]
    current = (get_language() or codes[0])[:2]
    return [current, *(code for code in codes if code != current)]


def pick(row, field, order=None):
    """A translated value from a values() row, in the page's language, falling back to the other one."""
    for code in order or language_order():
        text = row.get(f"{field}_{code}")
        if text:
            return text
    return ""


def plain(queryset):
    """`queryset` for a values() or values_list() of columns named explicitly (columns() above, or fields that
    are not translated): its rows as the database returns them. modeltranslation otherwise rebuilds every row
    to resolve translated field names such a query does not use, which took three times as long as reading
    the rows (75 against 28 ms for 20,000)."""
    return queryset.rewrite(False)


def sentence(text, **values):
    """`text`, a translated sentence with %(name)s placeholders, filled with `values`, escaped: what
    {% blocktranslate %} renders, made where a list builds its rows. In the template, over the twenty rows of
    a page, the tag (which trims and fills its sentence anew each time) took a tenth of the page's rendering."""
    return mark_safe(text % {name: conditional_escape(value) for name, value in values.items()})  # values escaped
