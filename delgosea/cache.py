"""The page cache: anonymous visitors get public pages from the shared cache, and an edit shows at once.

Every stored page records the cache *generation* it was rendered in. Saving or deleting any record of the
portal's apps (and changing a many-to-many link) starts a new generation, so no page rendered before the
edit is served again. The generation lives in the same shared cache as the pages (a directory under var/
by default, Redis in production), so every worker process sees it; if the cache ever loses it, a new one
is started, which only costs a re-render. A page is looked up in one round trip: generation and page
are fetched together.

Query parameters no page reads (utm_source, fbclid, a typo) change nothing a page shows but would make a
new entry per value, each a cold render: the key leaves them out, so such a request is served the page
stored for its address without them, and a page rendered for one is never stored (it would echo the
parameter into its links).

What is never stored: anything but a 200 GET; bodies over a megabyte; requests that carry a session
cookie (staff, or anyone logged in) or are made by an authenticated user; responses that set a cookie,
use the CSRF token, or say `Cache-Control: private/no-cache/no-store`. The key is the absolute URL
(scheme, host, path and the query string's read parameters, so every filter combination and page is its
own entry), the language and the code version.
PAGE_CACHE_SECONDS=0 switches the cache off (`make bench` measures cold pages that way).

The cache is a help, never a dependency: when it cannot be reached (Redis down), pages are rendered
and served without it and edits are saved; the failure is logged.
"""

import functools
import hashlib
import logging
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.crypto import get_random_string
from django.utils.translation import get_language

GENERATION_KEY = "pages:generation"
CONTENT_APPS = {"practices", "pilots", "partners"}
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
# Staff pages, the health probe and the bench's baseline never touch the cache, not even to look.
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/bench/")
HIT_HEADER = "X-Page-Cache"
# Every query parameter a public page, export or API response reads: the list filters, `page`, `p` (the
# compare page's choices, the sitemap's page), the API's `lang`, `limit` and `offset`.
READ_PARAMETERS = frozenset(
    {"q", "theme", "country", "sdg", "practice", "award", "page", "p", "lang", "limit", "offset"}
)
MAX_BYTES = 1_000_000  # pages are far smaller; a bigger body (a full data download) is not worth the space

logger = logging.getLogger(__name__)


def _cache():
    return caches["default"]


def _new_generation():
    return get_random_string(16)


def bump_generation(**_ignored):
    """Start a new generation: every page stored so far is stale from now on."""
    try:
        _cache().set(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception:
        # The edit itself must not fail for the cache's sake. Pages stored before it could be served again
        # if the cache comes back with them, until PAGE_CACHE_SECONDS pass: say so where operators look.
        logger.exception("The page cache could not be invalidated after an edit; clear it once it is back.")


def _start_generation(cache):
    cache.add(GENERATION_KEY, _new_generation(), timeout=None)
    return cache.get(GENERATION_KEY)


@functools.cache
def code_version():
    """A fingerprint of the code, templates, catalogues and static manifest this process serves.

    Part of every key, so pages rendered by the previous release are not served after a deploy,
    even though the shared cache outlives the processes.
    """
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


def _read_query(request):
    """The request's query string without the parameters no page reads."""
    read = [(key, value) for key, values in request.GET.lists() if key in READ_PARAMETERS for value in values]
    return urlencode(read)


def _reads_every_parameter(request):
    return all(key in READ_PARAMETERS for key in request.GET)


def page_key(request):
    address = request.build_absolute_uri(request.path)
    identity = f"{address}?{_read_query(request)}\n{get_language()}\n{code_version()}"
    return "page:" + hashlib.sha256(identity.encode()).hexdigest()


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def _cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies or len(response.content) > MAX_BYTES:
        return False
    directives = {part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
    if directives & UNCACHEABLE_DIRECTIVES:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token: it belongs to one visitor
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False  # a session cookie is about to be set
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PageCacheMiddleware:
    """Serves anonymous GETs from the shared cache and stores what may be shared (see the module docstring).

    It sits after LocaleMiddleware (the language is part of the key) and after the middleware that add
    per-response headers, which therefore still run on every cached response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        cache = _cache()
        key = page_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or _start_generation(cache)
        except Exception:
            logger.exception("The page cache cannot be read; serving the page without it.")
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _generation, status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            response[HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _reads_every_parameter(request) and _cacheable_response(request, response):
            try:
                cache.set(
                    key,
                    (generation, response.status_code, list(response.items()), response.content),
                    settings.PAGE_CACHE_SECONDS,
                )
            except Exception:
                logger.exception("The page cache cannot be written; the page was served without storing it.")
            else:
                response[HIT_HEADER] = "miss"
        return response


def _content_changed(sender, **kwargs):
    if sender._meta.app_label not in CONTENT_APPS:
        return
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed fires before and after a change; once is enough
    bump_generation()
    # Again once the transaction commits: a worker that read the generation bumped above could still have
    # read the database before the commit and stored the old page under it.
    transaction.on_commit(bump_generation)


def connect_signals():
    """Called from PracticesConfig.ready(), so every process (web, admin, management commands) invalidates.

    A signal handler, although STYLE.md keeps business logic out of signals: this one holds no logic, it
    only bumps a number, and it must see every write — the admin, inlines, bulk deletes, the loader — which
    no single service function does.
    """
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid="delgosea.cache")
