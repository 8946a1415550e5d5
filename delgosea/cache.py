"""The page cache: Django's cache middleware for anonymous visitors, with a key that every edit changes.

Every key holds the cache *generation*: saving or deleting a record of the portal's apps, or changing a
many-to-many link, starts a new one, so no page rendered before the edit is served again. Every key also
holds the code version, so no page of the previous release is served after a deploy.

Only what any anonymous visitor would get is stored: 200 responses to GETs with no logged-in session (a
stale or junk session cookie is anonymous) whose query parameters are all ones a page reads, that set no
cookie, hold no CSRF token, do not vary on cookies and are not marked private, no-cache or no-store (a view
marks a page private when it did not understand a parameter's value). PAGE_CACHE_SECONDS=0 switches it off.

The cache is a help, never a dependency: when it cannot be reached, pages are rendered and edits are saved
without it, and the failure is logged.
"""

import functools
import hashlib
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.cache import CacheMiddleware
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import cc_delim_re, has_vary_header
from django.utils.crypto import get_random_string
from django.utils.translation import get_language
from simple_history.models import HistoricalChanges

GENERATION_KEY = "pages:generation"
CONTENT_APPS = {"practices", "pilots", "partners", "documents"}
# Staff pages, the health probe and the bench's baseline never touch the cache, not even to look.
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/bench/")
HIT_HEADER = "X-Page-Cache"
# Every query parameter a public page, export or API response reads: the list filters and order, `page`, `p` (the
# compare page's choices, the sitemap's page), the API's `lang`, `limit` and `offset`. A page asked with any
# other (utm_source, fbclid, a typo) is rendered but not stored: each value would be a new entry.
LIST_FILTERS = {"q", "theme", "country", "from", "to", "sdg", "copied", "sort", "practice", "award"}
LIST_FILTERS |= {"kind", "language", "year", "role"}
# The ones a public page reads (its canonical address keeps only these, delgosea/templatetags/seo.py).
PAGE_PARAMETERS = frozenset(LIST_FILTERS | {"page", "p"})
READ_PARAMETERS = PAGE_PARAMETERS | {"lang", "limit", "offset"}
UNSHARED = {"private", "no-cache", "no-store"}
MAX_BYTES = 1_000_000  # pages are far smaller; a bigger body (a full data download) is not worth the space

logger = logging.getLogger(__name__)
accepts_gzip = re_accepts_gzip.search


def bump_generation(**_ignored):
    """End the generation: no page stored so far is served again, and the next request starts a new one.

    A delete, not a write, so it works on a full cache too (Redis at maxmemory with noeviction refuses writes).
    """
    try:
        caches["default"].delete(GENERATION_KEY)
    except Exception:
        logger.exception("The page cache could not be invalidated after an edit; clear it once it is back.")


@functools.cache
def code_version():
    """A fingerprint of the code, templates, catalogues and static manifest this process serves."""
    base = Path(settings.BASE_DIR)
    roots = [base / "delgosea", *(Path(d) for d in settings.TEMPLATES[0]["DIRS"]), *map(Path, settings.LOCALE_PATHS)]
    roots += [Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == base]
    digest = hashlib.sha256()
    for root in sorted(set(roots)):
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".xml", ".mo"} and path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def shared(request, response):
    """Whether `response` is what any anonymous visitor would get for this request."""
    directives = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and len(response.content) <= MAX_BYTES
        and not directives & UNSHARED
        and not has_vary_header(response, "Cookie")
        and not has_vary_header(response, "*")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds this visitor's CSRF token
        and not request.session.modified  # a session cookie is about to be set
    )


def page_key(request):
    """The page's address (with its query string) in the page's language, for this code version, and whether it
    is stored gzipped (GZipMiddleware, inside this one, compresses it for a browser that accepts gzip)."""
    gzipped = bool(accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    identity = f"{request.build_absolute_uri()}\n{get_language()}\n{gzipped}"
    return f"page.{code_version()}.{hashlib.sha256(identity.encode()).hexdigest()}"


class PageCacheMiddleware(CacheMiddleware):
    """Django's cache middleware for anonymous GETs only, each page stored with the generation it was rendered in
    and read with the current generation in one round trip; a HEAD reads it too.

    Placed after SessionMiddleware, LocaleMiddleware and the header-adding middleware, which therefore run on
    hits as on misses: `Vary: Cookie` (added because this middleware reads the session) and the security
    headers are the same either way. The key holds the language and ignores cookies, which only anonymous
    requests reach, and whether the browser accepts gzip (`Vary: Accept-Encoding`), so no Vary header needs learning.
    """

    def process_request(self, request):
        request._cache_update_cache = False
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or request.method not in ("GET", "HEAD")
            or request.path.startswith(UNCACHED_PREFIXES)
            or not READ_PARAMETERS.issuperset(request.GET)
            or request.user.is_authenticated
        ):
            return None
        key = page_key(request)
        try:
            found = self.cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is None:  # the first request since an edit starts the next generation
                self.cache.add(GENERATION_KEY, get_random_string(16), timeout=None)
                generation = self.cache.get(GENERATION_KEY)
        except Exception:
            logger.exception("The page cache cannot be read; serving the page without it.")
            return None
        stored_generation, response = found.get(key, (None, None))
        if generation is not None and stored_generation == generation:
            response[HIT_HEADER] = "hit"
            return response
        request.page_cache = (key, generation)
        # A HEAD is answered from a stored GET, never stored: HeadWithoutBodyMiddleware empties what it gets.
        request._cache_update_cache = generation is not None and request.method == "GET"
        return None

    def process_response(self, request, response):
        if not (self._should_update_cache(request, response) and shared(request, response)):
            return response
        key, generation = request.page_cache
        # Stored without the expiry headers Django's middleware would add: browsers must ask again after an edit.
        try:
            self.cache.set(key, (generation, response), settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("The page cache cannot be written; the page was served without storing it.")
        else:
            response[HIT_HEADER] = "miss"
        return response


def _content_changed(sender, **kwargs):
    if sender._meta.app_label not in CONTENT_APPS or issubclass(sender, HistoricalChanges):
        return  # historical records (django-simple-history) are on no public page
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed fires before and after a change; once is enough
    bump_generation()
    # Again once the transaction commits: a request that started a generation before the commit may have
    # stored the old page under it.
    transaction.on_commit(bump_generation)


def connect_signals():
    """Called from PracticesConfig.ready(), so every process (web, admin, management commands) invalidates.

    A signal receiver that only bumps the generation: it must see every write — the admin, inlines, bulk
    deletes, the loader — which no single service function does.
    """
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid="delgosea.cache")
