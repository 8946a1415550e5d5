"""Addresses of records without a reverse() for each: a list page links dozens to hundreds of records, and
reverse() (35 µs) cost more than the rest of each link."""

from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_MARKER = "0key0"  # a value every slug converter accepts


@lru_cache(maxsize=256)
def _around(viewname, kwarg, language, script_prefix, urlconf):
    """What comes before and after the value of URL parameter `kwarg` in view `viewname`'s address, for one
    language, script prefix and URL configuration: everything else reverse() depends on."""
    before, after = reverse(viewname, kwargs={kwarg: _MARKER}, urlconf=urlconf).rsplit(_MARKER, 1)
    return before, after


def _current_around(viewname, kwarg):
    return _around(viewname, kwarg, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def record_url(viewname, value, kwarg="slug"):
    """reverse(viewname, kwargs={kwarg: value}) for a view whose one parameter is a slug, reversed once per
    language. Slugs are URL-safe by construction; quote() keeps them so."""
    if not value:
        return reverse(viewname, kwargs={kwarg: value})  # raises NoReverseMatch, as reverse() would
    before, after = _current_around(viewname, kwarg)
    return f"{before}{quote(value, safe='')}{after}"


def slug_urls(viewname):
    """`slug -> URL` for view `viewname` in the current language, for a page that links hundreds of records."""
    before, after = _current_around(viewname, "slug")
    return lambda slug: f"{before}{quote(slug, safe='')}{after}"
