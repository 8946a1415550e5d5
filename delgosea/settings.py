"""Settings for the DELGOSEA Knowledge Portal.

One file for every environment. Production differs by environment values,
never by code paths. Without them the portal fails closed: DEBUG is off and a
SECRET_KEY is required. `make run` writes var/local.env (git-ignored: DEBUG on,
a generated key), read here so every manage.py command works in development.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name, default):
    """A boolean from the environment; anything but a clear yes/no is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no or on/off.")


def envint(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def envlist(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


_CACHE_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "file": "django.core.cache.backends.filebased.FileBasedCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


def envcache(name, default):
    """A cache from a URL: locmem://, file:///absolute/path, redis://host:port/db, rediss://… or dummy://."""
    raw = os.environ.get(name) or default
    scheme, sep, rest = raw.partition("://")
    if not sep or scheme not in _CACHE_BACKENDS:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a cache URL: use {', '.join(_CACHE_BACKENDS)}://…")
    if scheme == "file" and not rest.startswith("/"):
        raise ImproperlyConfigured(f"{name}={raw!r}: a file cache needs an absolute path, e.g. file:///var/cache/x.")
    location = raw if scheme.startswith("redis") else rest
    cache = {"BACKEND": _CACHE_BACKENDS[scheme], "LOCATION": location}
    if scheme == "file":
        # Django's default of 300 entries is far below one page per filter combination and language.
        cache["OPTIONS"] = {"MAX_ENTRIES": 20_000}
    elif scheme.startswith("redis"):
        # A Redis that hangs costs each request a quarter of a second, then the page is rendered without it.
        cache["OPTIONS"] = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
    return cache


def envmedia():
    """Where uploads live: MEDIA_ROOT, or the S3-compatible bucket AWS_STORAGE_BUCKET_NAME names.

    Returns the "default" storage and the origin its URLs point at (None for files served by this site).
    The names are django-storages' own, read from the environment, so every app server sees the same media.
    """
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        # Overwrite, as S3 does: renditions have fixed names and are rebuilt in place (uploads get random names).
        return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"allow_overwrite": True}}, None
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip()
    domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip().strip("/")
    if not endpoint and not domain:
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME needs AWS_S3_ENDPOINT_URL (the object store, e.g. https://s3.eu-central-1."
            "amazonaws.com) or AWS_S3_CUSTOM_DOMAIN (the host that serves the bucket), so the pages know where "
            "media live."
        )
    parts = urlsplit(endpoint)
    if endpoint and (parts.scheme not in ("http", "https") or not parts.hostname):
        raise ImproperlyConfigured(f"AWS_S3_ENDPOINT_URL={endpoint!r} is not an http(s):// URL.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "custom_domain": domain or None,
        # Path-style URLs (endpoint/bucket/key) work with every S3-compatible store and keep one origin.
        "addressing_style": "path",
        # Plain URLs: the public pages are cached, and a signed URL would expire inside a cached page.
        "querystring_auth": False,
        # No ACL from the app: the bucket's policy makes photos and renditions public, documents/ stays
        # private (documents are only ever streamed through the download view, which checks who may see them).
        "default_acl": None,
        # Renditions have fixed names and are rebuilt in place; originals and documents get random names.
        "file_overwrite": True,
    }
    origin = f"https://{domain}" if domain else f"{parts.scheme}://{parts.netloc}"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, origin


def read_env_file(path):
    """KEY=value lines (blank lines and # comments skipped) that the real environment overrides."""
    if path.is_file():
        for line in path.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and not key.lstrip().startswith("#"):
                os.environ.setdefault(key.strip(), value.strip())


read_env_file(Path(os.environ.get("LOCAL_ENV_FILE") or BASE_DIR / "var" / "local.env"))

DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. In development run `make run` once (it writes "
            "var/local.env with DEBUG=1 and a generated key); in production set SECRET_KEY in the environment."
        )
    # DEBUG on without a key: one per process, so none is ever written in the repository.
    SECRET_KEY = secrets.token_urlsafe(50)

# Host names without ports; a Host header may name only the port the server answers on (HostPortMiddleware).
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation must come before admin so its admin integration registers first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    # ninja serves the API docs' Swagger UI from its own static files (no CDN).
    "ninja",
    "practices",
    "pilots",
    "partners",
    "documents",
    "opendata",
    "delgosea",
]

MIDDLEWARE = [
    # Outermost, so that no HEAD response of any middleware or view below carries a body.
    "delgosea.middleware.HeadWithoutBodyMiddleware",
    # Then the load balancer's probe, answered whatever the Host header and scheme (delgosea/health.py).
    "delgosea.health.HealthCheckMiddleware",
    # Before anything reads the host: a port the request did not reach is refused like a disallowed host.
    "delgosea.middleware.HostPortMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The header middleware wrap everything below, so redirects (/ -> /th/, a missing slash) and the
    # static files WhiteNoise answers carry the same headers as pages.
    "delgosea.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Public pages answer GET and HEAD only (405 otherwise), with the headers above and before CSRF.
    "delgosea.middleware.ReadOnlyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware needs the session and must run before CommonMiddleware.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Django's cache middleware in one piece, after the session, locale, auth and header-adding middleware
    # (the language is in the key; Vary and the security headers are added to hits as to misses) and
    # before the rest, which a cached page does not need.
    "delgosea.cache.PageCacheMiddleware",
    # Pages compressed for the browsers that accept gzip, inside the page cache so a hit costs no compression
    # (whether the browser accepts gzip is in the page key). Django's middleware pads the gzip header with random
    # bytes against BREACH; the public pages hold no secret anyway.
    "django.middleware.gzip.GZipMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A view's database failure answers 503 with Retry-After (the 503 page is never cached: only 200s are).
    "delgosea.middleware.DatabaseUnavailableMiddleware",
    # AxesMiddleware last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "delgosea.urls"
WSGI_APPLICATION = "delgosea.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
            # i18n, static and the portal helpers are used by nearly every template.
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "delgosea.templatetags.portal",
                "delgosea.templatetags.seo",
            ],
        },
    },
]

# Database: embedded SQLite unless DATABASE_URL names another one.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        # CONN_HEALTH_CHECKS: a kept connection that died between requests (a database restart) is replaced
        # before the request uses it; one that dies during a request answers 503 (DatabaseUnavailableMiddleware).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's data sits in memory or on SSD. PostgreSQL's default random_page_cost (4) models spinning
    # disks and makes it read every practice's text instead of using the search's trigram indexes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The public pages are cached for anonymous visitors (delgosea/cache.py), so the cache must be shared by
# every worker process: files under var/ by default (no server needed), redis:// in production (with
# maxmemory and allkeys-lru, see README). locmem:// is per process: an edit would not reach other workers.
CACHES = {"default": envcache("CACHE_URL", f"file://{BASE_DIR / 'var' / 'cache'}")}
# An edit invalidates at once, so the lifetime only bounds how long unvisited pages take up space; 0 = off.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 24 * 3600)
# `make bench` only: serve /bench/trivial/, the baseline every page's throughput is compared with.
BENCH_ENDPOINT = envbool("BENCH", False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out login is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Languages: Thai is the default; English is the source language of the catalogue.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Bangkok"
MODELTRANSLATION_DEFAULT_LANGUAGE = "th"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("th", "en")


def _field_in_language(verbose_name, code):
    """'Summary [English]', 'สรุป [อังกฤษ]': a per-language field named in the reader's language, as the admin
    and its change history show it. Brackets, because modeltranslation's admin tabs strip ' [...]' from labels."""
    return f"{verbose_name} [{get_language_info(code)['name_translated']}]"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _field_in_language

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploads (photos, renditions, documents) through the storage API: files under MEDIA_ROOT, or an S3-compatible
# bucket when AWS_STORAGE_BUCKET_NAME is set (see envmedia); MEDIA_ORIGIN is then the host the pages link to.
_MEDIA_STORAGE, MEDIA_ORIGIN = envmedia()
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: photos and logos are checked against these limits (see practices/images.py).
IMAGE_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024  # uploaded PDFs (documents app)
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_MAX_SIDE = 8000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Login throttling for the admin (django-axes): an account is locked from one address after a few failures,
# and an address for every account after more (a password spray over many user names).
LOGIN_FAILURES_PER_ACCOUNT = envint("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURES_PER_ADDRESS = envint("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = "delgosea.middleware.login_failure_limit"
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

# Security: production defaults follow DEBUG; each may be overridden by the environment.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Behind the proxy every request comes from the proxy's address: count failed logins per real visitor.
AXES_CLIENT_IP_CALLABLE = "delgosea.middleware.client_ip" if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: everything from this host only, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # The one style attribute in django-simple-history's history list ("border-top: 0"), allowed by hash only.
        "style-src-attr": ["'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        # Photos and logos come from the media store's host when it is not this site.
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The admin's Thai/English tabs use jQuery UI; it is served from here, not from a CDN.
# (modeltranslation reads the unprefixed name; its default is a Google CDN URL that the CSP blocks.)
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
