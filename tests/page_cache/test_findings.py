"""What a probe of the page cache found, one test (or a few) per finding: junk that fills the cache, a hung
Redis, junk session cookies, a lost `Vary`, and Host headers with ports the site is not on."""

import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils.cache import patch_cache_control

from delgosea.cache import HIT_HEADER
from delgosea.settings import envcache

pytestmark = pytest.mark.django_db


def use_cache_url(monkeypatch, settings, url):
    """The cache as the settings build it from CACHE_URL, timeouts included."""
    monkeypatch.setenv("CACHE_URL", url)
    settings.CACHES = {"default": envcache("CACHE_URL", "locmem://")}


# 1. Junk query strings filled the cache: only pages whose parameters were all understood are stored.


def test_a_page_asked_with_a_parameter_no_page_reads_is_rendered_and_never_stored(visitor, practice):
    """A link shared on social media arrives as ?fbclid=…, a new value each click: each would be a new entry."""
    assert visitor.get("/en/practices/?theme=3")[HIT_HEADER] == "miss"
    for _attempt in range(2):
        tracked = visitor.get("/en/practices/?theme=3&fbclid=IwAR0abc&utm_source=newsletter")
        assert tracked.status_code == 200
        assert HIT_HEADER not in tracked
        assert tracked.context is not None  # rendered, not served from the cache
    assert visitor.get("/en/practices/?theme=3")[HIT_HEADER] == "hit"


def unshared(request, directive):
    response = HttpResponse(f"for this request only: {directive}")
    patch_cache_control(response, **{directive.replace("-", "_"): True})
    return response


urlpatterns = [path("unshared/<str:directive>/", unshared)]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("directive", ["private", "no-cache", "no-store"])
def test_a_page_marked_private_no_cache_or_no_store_is_not_stored(visitor, directive):
    """How a view says it did not understand a value (theme=9, page=abc): such pages are not shared."""
    for _attempt in range(2):
        response = visitor.get(f"/unshared/{directive}/")
        assert response.status_code == 200
        assert HIT_HEADER not in response


@pytest.mark.parametrize("query", ["theme=9", "page=abc"])
def test_a_list_page_with_a_value_it_did_not_understand_is_not_stored(visitor, practice, query):
    for _attempt in range(2):
        response = visitor.get(f"/en/practices/?{query}")
        assert response.status_code == 200
        assert HIT_HEADER not in response


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A Redis server of this module's own, so its memory limit can be changed without touching anyone else's."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed: the tests against a real Redis need it")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = tmp_path_factory.mktemp("redis")
    arguments = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory]
    server = subprocess.Popen([binary, *map(str, arguments)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port, socket_timeout=1)
    for _attempt in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.skip(f"redis-server did not answer on port {port}")
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def redis_cache(redis_url, monkeypatch, settings):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.config_set("maxmemory", 0)
    client.flushdb()
    use_cache_url(monkeypatch, settings, redis_url)
    return client


def test_pages_are_served_from_redis_and_an_edit_shows_on_the_next_request(
    visitor, practice, redis_cache, django_capture_on_commit_callbacks
):
    assert visitor.get("/en/practices/eco-savers/")[HIT_HEADER] == "miss"
    cached = visitor.get("/en/practices/eco-savers/")
    assert cached[HIT_HEADER] == "hit"
    assert "Eco Savers" in cached.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        practice.title_en = "Eco Savers, revised"
        practice.save()
    fresh = visitor.get("/en/practices/eco-savers/")
    assert fresh[HIT_HEADER] == "miss"
    assert "Eco Savers, revised" in fresh.content.decode()


def test_an_edit_shows_on_the_next_request_even_when_redis_is_full(
    visitor, practice, redis_cache, caplog, django_capture_on_commit_callbacks
):
    """Redis at maxmemory with its default policy (noeviction) refuses every write, a new generation too."""
    visitor.get("/en/practices/eco-savers/")
    assert visitor.get("/en/practices/eco-savers/")[HIT_HEADER] == "hit"
    redis_cache.config_set("maxmemory", 1)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            practice.title_en = "Eco Savers, revised"
            practice.save()
        fresh = visitor.get("/en/practices/eco-savers/")
    finally:
        redis_cache.config_set("maxmemory", 0)
    assert fresh.status_code == 200
    assert "Eco Savers, revised" in fresh.content.decode()
    assert "The page cache cannot be read" in caplog.text  # the new generation, refused


# 2. A hung Redis stalled every request: the cache gives up after a quarter of a second.


def test_redis_urls_get_short_connect_and_read_timeouts(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/0")
    options = envcache("CACHE_URL", "locmem://")["OPTIONS"]
    assert options["socket_connect_timeout"] <= 0.25
    assert options["socket_timeout"] <= 0.25


@pytest.fixture
def hung_redis(monkeypatch, settings):
    """A server that accepts connections and never answers; closed after 10 s, so a regression fails, not hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    safety = threading.Timer(10, listener.close)
    safety.start()
    use_cache_url(monkeypatch, settings, f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
    yield
    safety.cancel()
    listener.close()


def test_a_hung_redis_neither_stalls_pages_nor_edits(
    visitor, practice, hung_redis, caplog, django_capture_on_commit_callbacks
):
    for _attempt in range(2):
        started = time.monotonic()
        response = visitor.get("/en/practices/eco-savers/")
        assert time.monotonic() - started < 1.5
        assert response.status_code == 200
        assert "Eco Savers" in response.content.decode()
    assert "The page cache cannot be read" in caplog.text
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        practice.title_en = "Eco Savers, saved anyway"
        practice.save()
    assert time.monotonic() - started < 1.5
    practice.refresh_from_db()
    assert practice.title_en == "Eco Savers, saved anyway"


# 3. A junk session cookie bypassed the cache: only a session that holds a logged-in user does.


def test_a_visitor_with_a_junk_session_cookie_is_served_from_the_cache(
    visitor, practice, django_assert_max_num_queries
):
    junk = {"HTTP_COOKIE": f"{django_settings.SESSION_COOKIE_NAME}=no0such0session0key0at0all0here0"}
    assert visitor.get("/en/practices/eco-savers/", **junk)[HIT_HEADER] == "miss"
    with django_assert_max_num_queries(1):  # looking the session up
        cached = visitor.get("/en/practices/eco-savers/", **junk)
    assert cached[HIT_HEADER] == "hit"
    assert "Eco Savers" in cached.content.decode()
    assert Client().get("/en/practices/eco-savers/")[HIT_HEADER] == "hit"


# 4. Cached responses lost `Vary: Cookie`.


@pytest.mark.parametrize("url", ["/en/practices/eco-savers/", "/robots.txt"])
def test_a_cached_page_varies_on_what_the_page_it_was_stored_from_varied_on(visitor, practice, url):
    stored = visitor.get(url)
    cached = visitor.get(url)
    assert (stored[HIT_HEADER], cached[HIT_HEADER]) == ("miss", "hit")
    assert cached["Vary"] == stored["Vary"]
    assert "Cookie" in cached["Vary"]
    if not url.startswith(("/en/", "/th/")):  # the language comes from the browser, not the address
        assert "Accept-Language" in cached["Vary"]


# 5. A Host with a port the site is not on was accepted, echoed into the page's links and cached.


@pytest.mark.parametrize(("host", "allowed"), [("127.0.0.1:9999", "127.0.0.1"), ("example.org:1234", "example.org")])
def test_a_host_naming_a_port_the_request_did_not_reach_is_refused(visitor, practice, settings, host, allowed):
    settings.ALLOWED_HOSTS = [allowed]
    for _attempt in range(2):
        response = visitor.get("/en/practices/eco-savers/", HTTP_HOST=host, SERVER_PORT="8000")
        assert response.status_code == 400
        assert HIT_HEADER not in response
    domain = host.split(":")[0]
    for asked in (domain, f"{domain}:8000"):
        page = visitor.get("/en/practices/eco-savers/", HTTP_HOST=asked, SERVER_PORT="8000")
        assert page.status_code == 200
        assert f'hreflang="th" href="http://{asked}/th/practices/eco-savers/"' in page.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/practices?theme=9", "/api/v1/pilots?country=zz"])
def test_an_api_answer_about_a_value_it_did_not_understand_is_not_stored(visitor, practice, url):
    for _attempt in range(2):
        response = visitor.get(url)
        assert response.status_code == 200 and response.json()["notices"]
        assert HIT_HEADER not in response
    assert visitor.get(url.split("?")[0])[HIT_HEADER] == "miss"
