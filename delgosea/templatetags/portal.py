"""Template helpers shared by every page: language switch, Buddhist-Era years, dates,
query strings for filters and paging, search highlighting, practice cards and image renditions.

Loaded as a template builtin (see settings.TEMPLATES), so no {% load %} is needed.
"""

import functools
import re
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

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


@register.simple_tag(takes_context=True)
def language_url(context, code):
    """The current page in another language: same path and query string, other prefix."""
    request = context.get("request")
    if request is None:
        return f"/{code}/"
    path = request.path
    for current in LANGUAGE_CODES:
        prefix = f"/{current}/"
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            path = f"/{code}/" + path[len(prefix) :]
            break
    else:
        path = f"/{code}/"
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


@register.simple_tag(takes_context=True)
def absolute_language_url(context, code):
    request = context["request"]
    return request.build_absolute_uri(language_url(context, code))


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
    """A pattern matching any word of search `query`, longest first; None for a query without words. Built once
    for the dozens of titles and summaries a list page highlights."""
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


# A practice card (practices.views.PracticeCard), written here rather than by a template loop: filling in twenty
# cards of a dozen values each took the template language a seventh of a list page's time. Escaped as the
# template escapes (conditional_escape).
_CARD = (
    '\n  <li class="card theme-{theme}">'
    '\n    <p class="meta">{label} · {theme_name}</p>'
    '\n    <h3><a href="{url}">{title}</a></h3>'
    '\n    <p class="meta">{place}, <a href="{country_url}">{country_name}</a></p>'
    "\n    <p>{summary}</p>"
    "\n    {goals}"
    "\n    {copies}"
    "\n    {compare}"
    "\n  </li>\n"
)
_CARD_GOALS = '<ul class="sdg-tags" aria-label="{}">{}</ul>'
_CARD_COPIES = '<p class="meta">{}</p>'
_CARD_COMPARE = (
    '<p class="compare-pick"><label><input type="checkbox" name="p" value="{}" form="compare-form"> {}'
    '<span class="visually-hidden">: {}</span></label></p>'
)


@register.simple_tag
def practice_cards(practices, query="", compare_form=False):
    """The cards of `practices` (PracticeCards), their titles and summaries highlighted for search `query`, each
    with a box to tick for comparing them when `compare_form`."""
    goals_label = conditional_escape(gettext("Sustainable Development Goals"))
    compare_label = conditional_escape(gettext("Compare"))
    cards = []
    for card in practices:
        title, slug = conditional_escape(card.title), conditional_escape(card.slug)
        cards.append(
            _CARD.format(
                theme=card.theme,
                label=conditional_escape(card.label),
                theme_name=conditional_escape(card.theme_name),
                url=conditional_escape(card.url),
                title=highlight(card.title, query) if query else title,
                place=conditional_escape(card.place),
                country_url=conditional_escape(card.country_url),
                country_name=conditional_escape(card.country_name),
                summary=highlight(card.summary, query) if query else conditional_escape(card.summary),
                goals=_CARD_GOALS.format(goals_label, card.goals) if card.goals else "",
                copies=_CARD_COPIES.format(conditional_escape(card.copies)) if card.copies else "",
                compare=_CARD_COMPARE.format(slug, compare_label, title) if compare_form else "",
            )
        )
    return mark_safe("\n" + "".join(cards))  # every value escaped above, or safe HTML (labels, goal tags)


# A pilot card (pilots.views.PilotCard), written here for the same reason as a practice card.
_PILOT_CARD = (
    '\n  <li class="card theme-{theme}">'
    '\n    <p class="meta">{country} · {stage}</p>'
    '\n    <h3><a href="{url}">{place}</a></h3>'
    "\n    <p>{title}</p>"
    '\n    <p class="meta">{copied}</p>'
    "\n    {award}\n"
    "\n  </li>\n"
)
# A pilot's 2012 award as its badge (pilot cards, and includes/award.html on the pilot and practice pages).
_AWARDS = {
    "excellence": '<span class="tag award-excellence">★ {} {}</span>',
    "appreciation": '<span class="tag award-appreciation">{} {}</span>',
}


def _award_badge(award, label, year):
    return _AWARDS[award].format(conditional_escape(label), year) if award in _AWARDS else ""


@register.simple_tag
def award_badge(award, label):
    """A pilot's 2012 award (its value) as its badge, named `label`; nothing for a pilot without one."""
    return mark_safe(_award_badge(award, label, era_year(2012)))  # the label escaped


@register.simple_tag
def pilot_cards(pilots):
    """The cards of `pilots` (PilotCards)."""
    award_year = era_year(2012)
    return mark_safe(  # every value escaped, or safe HTML (the sentence of what was copied)
        "".join(
            _PILOT_CARD.format(
                theme=pilot.theme,
                country=conditional_escape(pilot.country),
                stage=conditional_escape(pilot.stage),
                url=conditional_escape(pilot.url),
                place=conditional_escape(pilot.place),
                title=conditional_escape(pilot.title),
                copied=conditional_escape(pilot.copied),
                award=_award_badge(pilot.award, pilot.award_label, award_year),
            )
            for pilot in pilots
        )
    )


# A facet's box (practices.filters.FacetOption), written here for the same reason: a list page has thirty of them.
_FACET_OPTION = (
    '\n    <label><input type="checkbox" name="{name}" value="{value}"{checked}>'
    '\n      <span>{text}</span> <span class="count">{count}<span class="visually-hidden"> {results}</span></span>'
    "</label>\n  "
)


@register.simple_tag
def facet_options(name, options, results):
    """The boxes of the facet `name` for `options` (FacetOptions), each count followed by the word `results` for
    screen readers."""
    name, results = conditional_escape(name), conditional_escape(results)
    return mark_safe(  # every value escaped
        "".join(
            _FACET_OPTION.format(
                name=name,
                value=conditional_escape(option.value),
                checked=" checked" if option.selected else "",
                text=conditional_escape(option.text),
                count=conditional_escape(option.shown_count),
                results=results,
            )
            for option in options
        )
    )


@register.simple_tag
def rendition(field_file, width):
    from practices.images import rendition_url

    return rendition_url(field_file, int(width))
