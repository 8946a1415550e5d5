"""Template helpers shared by every page: language switch, Buddhist-Era years, dates,
query strings for filters and paging, search highlighting and image renditions.

Loaded as a template builtin (see settings.TEMPLATES), so no {% load %} is needed.
"""

import functools
import re
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from delgosea.images import rendition_url

register = template.Library()

BUDDHIST_ERA_OFFSET = 543
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _thai():
    return (get_language() or "").startswith("th")


@register.filter
def era_year(year):
    """A Common-Era year as the page's language shows it: Buddhist Era (พ.ศ.) on Thai pages."""
    if year in (None, ""):
        return ""
    try:
        year = int(year)
    except (TypeError, ValueError):
        return year
    return year + BUDDHIST_ERA_OFFSET if _thai() else year


@register.filter
def era_date(value, precision="day"):
    """A date at day, month or year precision, with a Buddhist-Era year on Thai pages."""
    if not value:
        return ""
    year = era_year(value.year)
    if precision == "year":
        return str(year)
    if precision == "month":
        return f"{date_format(value, 'F')} {year}"
    return f"{date_format(value, 'j F')} {year}"


@register.filter
def number(value):
    """A whole number with the locale's thousands separator."""
    if value in (None, ""):
        return ""
    return number_format(value, force_grouping=True)


def path_in_language(path, code):
    """`path` under the prefix of language `code` (the home page's when it has no language prefix)."""
    for current in LANGUAGE_CODES:
        prefix = f"/{current}/"
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            return f"/{code}/" + path[len(prefix) :]
    return f"/{code}/"


@register.simple_tag(takes_context=True)
def language_url(context, code):
    """The current page in another language: same path and query parameters, other prefix."""
    request = context.get("request")
    if request is None:
        return f"/{code}/"
    path = path_in_language(request.path, code)
    # Read back from request.GET, so the address is percent-encoded whatever bytes the request's query had.
    query = request.GET.urlencode()
    return f"{path}?{query}" if query else path


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    request = context["request"]
    params = [(key, value) for key, value in request.GET.lists() for value in value]
    for key, value in changes.items():
        params = [(k, v) for k, v in params if k != key]
        if value not in (None, ""):
            params.append((key, value))
    return "?" + urlencode(params) if params else "?"


@register.simple_tag(takes_context=True)
def query_without(context, name, value=None):
    """The current query string without one value of a parameter (or the whole parameter), and page reset."""
    request = context["request"]
    params = [
        (key, item)
        for key, items in request.GET.lists()
        for item in items
        if key != "page" and not (key == name and (value is None or item == str(value)))
    ]
    return "?" + urlencode(params) if params else "?"


@functools.lru_cache(maxsize=64)
def _search_words(query):
    """A pattern matching any word of search `query`, longest first; None for a query without words."""
    from practices.search import search_terms  # the same words the search matched

    words = sorted(set(search_terms(query)), key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) if words else None


@register.filter
def highlight(text, query):
    """Escape `text` and wrap each search word found in it in <mark>."""
    text = str(text or "")
    pattern = _search_words(str(query or ""))
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece was escaped above


@register.simple_tag
def rendition(field_file, width):
    return rendition_url(field_file, int(width))
