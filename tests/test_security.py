"""Production hardening: security headers and cookies, a CSP the admin lives with, login throttling, health check."""

import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from axes.utils import reset as reset_axes
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from delgosea.middleware import client_ip
from delgosea.settings import envcache
from tests import factories as f

pytestmark = pytest.mark.django_db

PASSWORD = "a-strong-Passw0rd!"
PUBLIC_AND_ADMIN = ["/en/", "/th/", "/admin/login/"]


@pytest.fixture
def production(settings):
    """What DEBUG=0 turns on (see delgosea/settings.py), on top of the test settings."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    return settings


@pytest.fixture(autouse=True)
def _fresh_login_attempts():
    """Failed logins are counted across requests; no test may start or end with another's lockout."""
    reset_axes()
    yield
    reset_axes()


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize("path", PUBLIC_AND_ADMIN)
def test_pages_send_a_strict_content_security_policy(client, production, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    header = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert "http:" not in header and "https:" not in header and "*" not in header


@pytest.mark.parametrize("path", PUBLIC_AND_ADMIN)
def test_pages_send_the_usual_security_headers(client, production, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions


@pytest.mark.parametrize("path", ["/", "/en/practices", "/practices/"])
def test_redirects_carry_the_security_headers_too(client, production, path):
    response = client.get(path, secure=True)
    assert response.status_code in (301, 302)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", ["/en/", "/admin/login/"])
def test_plain_http_is_sent_to_https(client, production, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://testserver{path}"


def test_csrf_cookie_is_secure_httponly_and_same_site(client, production):
    response = client.get("/admin/login/", secure=True)
    cookie = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_session_cookie_is_secure_httponly_and_same_site(client, production, editor):
    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD, "next": "/admin/"}, secure=True
    )
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_production_settings_pass_the_deployment_check():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


class InlineCodeFinder(HTMLParser):
    """Everything in a page that a CSP without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__()
        self.blocked = []
        self.script_sources = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}={value}>")
        if "style" in attrs:
            self.blocked.append(f'<{tag} style="{attrs["style"]}">')
        if tag == "style":
            self.blocked.append("<style>")
        if tag == "script":
            if attrs.get("src"):
                self.script_sources.append(attrs["src"])
            elif attrs.get("type") not in ("application/json", "application/ld+json"):
                self._in_script = ""

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            if self._in_script.strip():
                self.blocked.append(f"<script>{self._in_script.strip()[:60]}</script>")
            self._in_script = None


def same_origin(src):
    return src.startswith("/") and not src.startswith("//")


def inline_code(response):
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    return finder


def admin_pages():
    pilot = f.pilot()
    partner = f.partner()
    practice = pilot.practice
    return [
        reverse("admin:index"),
        reverse("admin:practices_bestpractice_changelist") + "?q=a&published__exact=1",
        reverse("admin:practices_bestpractice_add"),
        reverse("admin:practices_bestpractice_change", args=[practice.pk]),
        reverse("admin:practices_bestpractice_delete", args=[practice.pk]),
        reverse("admin:pilots_pilot_change", args=[pilot.pk]),
        reverse("admin:partners_partner_change", args=[partner.pk]),
        reverse("admin:practices_municipality_add"),
    ]


def test_admin_login_has_no_code_the_csp_would_block(client, production):
    finder = inline_code(client.get("/admin/login/", secure=True))
    assert finder.blocked == []
    assert all(same_origin(src) for src in finder.script_sources), finder.script_sources


def test_admin_pages_have_no_code_the_csp_would_block(admin_client, production):
    """As a superuser: editors may not open the delete page."""
    for url in admin_pages():
        response = admin_client.get(url, secure=True)
        assert response.status_code == 200, url
        finder = inline_code(response)
        assert finder.blocked == [], url
        assert finder.script_sources, url
        assert all(same_origin(src) for src in finder.script_sources), (url, finder.script_sources)


def test_history_page_style_attribute_is_exactly_the_one_the_csp_allows_by_hash(editor_client, production):
    """django-simple-history writes one style attribute; the CSP allows that one by its hash and nothing else."""
    practice = f.practice()
    response = editor_client.get(reverse("admin:practices_bestpractice_history", args=[practice.pk]), secure=True)
    assert response.status_code == 200
    assert set(inline_code(response).blocked) <= {'<p style="border-top: 0">'}
    assert csp_directives(response)["style-src-attr"] == [
        "'unsafe-hashes'",
        "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
    ]


# Login throttling (django-axes). Addresses are loopback ones: the test client sends no traffic anywhere.


def login(client, password, username="editor", address="127.0.0.2", language="en", **extra):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
        **extra,
    )


def fail_five_times(client, **where):
    for _attempt in range(django_settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        response = login(client, "wrong-password", **where)
        assert response.status_code == 200
        assert response.context["form"].errors
    return login(client, "wrong-password", **where)


def test_five_failed_logins_lock_the_account_from_that_address(client, editor):
    fail_five_times(client)
    response = login(client, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed login attempts" in page
    assert "5 times in a row" in page
    assert "try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_a_translated_admin_page(client, editor):
    fail_five_times(client)
    response = login(client, PASSWORD)
    assert response.status_code == 429
    templates = {template.name for template in response.templates}
    assert {"admin/locked_out.html", "admin/base_site.html"} <= templates
    assert '<html lang="en"' in response.content.decode()
    thai = login(client, PASSWORD, language="th")
    assert thai.status_code == 429
    assert '<html lang="th"' in thai.content.decode()
    assert "15" in thai.content.decode()


def test_the_same_account_from_another_address_is_not_locked(client, editor):
    fail_five_times(client, address="127.0.0.2")
    response = login(client, PASSWORD, address="127.0.0.3")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_another_account_from_the_same_address_is_not_locked(client, editor, django_user_model):
    other = django_user_model.objects.create_user("other", "", PASSWORD, is_staff=True)
    fail_five_times(client)
    response = login(client, PASSWORD, username="other")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_a_password_spray_over_many_names_locks_the_address_not_its_neighbours(client, editor):
    """40 failures over 10 user names (4 each, under the per-account limit) from one address: the address is
    locked for every account, even the right password, at the per-address limit; another address is not."""
    per_address = django_settings.LOGIN_FAILURES_PER_ADDRESS
    assert per_address > django_settings.LOGIN_FAILURES_PER_ACCOUNT
    statuses = [
        login(client, "wrong-password", username=f"name{name}").status_code for _round in range(4) for name in range(10)
    ]
    assert statuses == [200] * (per_address - 1) + [429] * (40 - per_address + 1)
    locked = login(client, PASSWORD)
    assert locked.status_code == 429
    assert f"{per_address} times in a row" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert login(client, PASSWORD, address="127.0.0.3").status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_failures_under_both_limits_lock_nothing(client, editor):
    """One failure short of the address's limit, spread so no name reaches its own, then the right password."""
    per_account = django_settings.LOGIN_FAILURES_PER_ACCOUNT
    for attempt in range(django_settings.LOGIN_FAILURES_PER_ADDRESS - 1):
        assert login(client, "wrong-password", username=f"name{attempt // (per_account - 1)}").status_code == 200
    assert login(client, PASSWORD).status_code == 302


def test_behind_the_proxy_visitors_are_told_apart_by_the_address_the_proxy_saw(client, editor, settings):
    settings.AXES_CLIENT_IP_CALLABLE = "delgosea.middleware.client_ip"
    fail_five_times(client, address="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.2")
    assert login(client, PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.2").status_code == 429
    # A forged first hop does not hide the attacker: the proxy appended the address it really saw.
    assert login(client, PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.9, 127.0.0.2").status_code == 429
    assert login(client, PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.3").status_code == 302


def test_client_ip_trusts_only_the_hop_the_proxy_added():
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 127.0.0.7")
    assert client_ip(request) == "127.0.0.7"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="127.0.0.5")) == "127.0.0.5"


# Health check.


def test_healthz_answers_ok_when_the_database_answers(client, production):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    """A real process whose database cannot be reached (nothing listens on port 1)."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(response.status_code, response.content.decode().strip())\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "delgosea.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.stdout.strip() == "503 database unavailable", result.stderr


# Settings for the cache, read from CACHE_URL.


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", ""),
        ("file:///var/cache/portal", "django.core.cache.backends.filebased.FileBasedCache", "/var/cache/portal"),
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/1"),
    ],
)
def test_cache_url_picks_django_s_own_backends(monkeypatch, url, backend, location):
    monkeypatch.setenv("CACHE_URL", url)
    cache = envcache("CACHE_URL", "locmem://")
    assert (cache["BACKEND"], cache["LOCATION"]) == (backend, location)


@pytest.mark.parametrize("url", ["memcached://127.0.0.1", "redis", "file://relative/path", "127.0.0.1:6379"])
def test_cache_url_refuses_what_it_does_not_understand(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)
    with pytest.raises(ImproperlyConfigured):
        envcache("CACHE_URL", "locmem://")


def test_the_redis_client_that_redis_urls_need_is_installed():
    import redis  # noqa: F401 - Django's RedisCache imports it only when first used


def test_healthz_answers_a_probe_by_the_instance_s_own_address_over_plain_http(client, production, settings):
    """A load balancer asks each instance by its private address: not a portal host, and not HTTPS."""
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    # Every other address still checks the host and redirects to HTTPS.
    assert client.get("/th/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    assert client.get("/healthz/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    redirect = client.get("/th/", HTTP_HOST="portal.example.org")
    assert (redirect.status_code, redirect["Location"]) == (301, "https://portal.example.org/th/")
