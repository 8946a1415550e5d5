"""A database that is down, or a connection cut between or during requests, never gives a server error:
a connection that died between requests is replaced (CONN_HEALTH_CHECKS) and the request served; a request
whose database fails under it gets a 503 page in its language with Retry-After (DatabaseUnavailableMiddleware)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test import RequestFactory

from tests import factories as f

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")


def fail_after(queries):
    """An execute wrapper: the first `queries` queries run, every later one fails as a lost database would."""
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        if len(seen) > queries:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "heading"), [("/th/", "th", "คลังความรู้ขัดข้องชั่วคราว"), ("/en/", "en", "briefly unavailable")]
)
def test_a_page_whose_database_fails_mid_way_answers_503_in_its_language(client, prefix, lang, heading):
    f.practice()
    # Every query after the first fails, so the 503 page itself would fail if it read the database.
    with connection.execute_wrapper(fail_after(1)):
        response = client.get(f"{prefix}practices/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert [t.name for t in response.templates][:2] == ["503.html", "base.html"]
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert heading in page
    assert "Traceback" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("queries", [0, 1])
def test_a_signed_in_request_whose_database_fails_in_the_middleware_answers_503(client, admin_user, queries):
    """Outside any view: the session is read by middleware before the view runs, so DatabaseUnavailableMiddleware
    never sees that failure; handler500 answers it with the same 503 page (0 and 1: the session and user loads)."""
    f.practice()
    client.force_login(admin_user)
    client.raise_request_exception = False
    with connection.execute_wrapper(fail_after(queries)):
        response = client.get("/en/practices/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_are_not_disguised_as_503(client, monkeypatch):
    monkeypatch.setattr("practices.views.BestPractice.objects", None, raising=False)
    client.raise_request_exception = False
    assert client.get("/en/practices/").status_code == 500


def test_a_portal_whose_database_is_down_answers_503_not_500():
    """A real process whose database cannot be reached (nothing listens on port 1)."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client(raise_request_exception=False).get('/th/practices/')\n"
        "print(response.status_code, response['Retry-After'], 'lang=\"th\"' in response.content.decode())\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "delgosea.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["503", "30", "True"], result.stderr


# PostgreSQL: real connections, terminated from a second connection as a database restart or failover would.


def terminate_backend(pid):
    """End a PostgreSQL backend from another connection and wait (up to 5 s) until it is gone."""
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


def get(path):
    """One request through Django's WSGI handler, with the request_started/finished signals a server sends
    (the test client leaves them out, and with them the connection's health check)."""
    responses = []
    environ = RequestFactory().get(path).environ
    body = WSGIHandler()(environ, lambda status, headers: responses.append(status))
    body.close()
    return int(responses[0].split()[0])


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("health_checks", "status"), [(True, 200), (False, 503)])
def test_a_connection_that_died_between_requests_costs_no_request(settings, health_checks, status):
    settings.PAGE_CACHE_SECONDS = 0
    f.practice()
    connection.settings_dict["CONN_HEALTH_CHECKS"] = health_checks
    connection.close()  # the setting is read when connecting
    try:
        assert get("/en/practices/") == 200
        # The connection outlives the request (CONN_MAX_AGE), as in production: it is this one that dies.
        terminate_backend(connection.connection.get_backend_pid())
        assert get("/en/practices/") == status
    finally:
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
        connection.close()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_connection_terminated_during_a_request_answers_503(client):
    f.practice()

    def terminate_on_second_query(execute, sql, params, many, context):
        queries.append(sql)
        if len(queries) == 2:
            terminate_backend(connection.connection.get_backend_pid())
        return execute(sql, params, many, context)

    queries = []
    try:
        with connection.execute_wrapper(terminate_on_second_query):
            response = client.get("/th/practices/")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert '<html lang="th">' in response.content.decode()
    finally:
        connection.close()
