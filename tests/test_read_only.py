"""Only the admin takes writes: every other address answers GET and HEAD, and any other method 405 with
`Allow: GET, HEAD` and no body (ReadOnlyMiddleware). Editors add and change records but delete none (SPEC §6)."""

import socket
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from practices.models import BestPractice
from tests import factories as f
from tests.conftest import editors_group

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/th/",
    "/en/practices/",
    "/en/practices/practice-12/",
    "/th/transfers/",
    "/en/open-data/",
    "/en/practices/export.csv",
    "/th/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/en/no-such-page/",
]
WRITES = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]


@pytest.fixture
def site():
    f.practice(12)


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("path", PUBLIC)
def test_other_methods_than_get_and_head_answer_405_without_a_body(client, site, path, method):
    response = client.generic(method, path, "title=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.content == b""
    # The usual headers still apply.
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PUBLIC[:-1])
def test_get_and_head_still_answer(client, site, path):
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200


@pytest.mark.parametrize("method", WRITES)
def test_the_api_answers_only_get_by_itself(client, site, method):
    response = client.generic(method, "/api/v1/practices")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert client.get("/api/v1/practices").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_real_server_answers_head_without_a_body(live_server):
    f.practice(12)
    host, port = live_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"HEAD /en/practices/ HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert body == b""


def test_the_admin_still_takes_writes(client, editor):
    login = client.post("/admin/login/", {"username": "editor", "password": "a-strong-Passw0rd!", "next": "/admin/"})
    assert login.status_code == 302
    practice = f.practice(12, published=True)
    url = reverse("admin:practices_bestpractice_changelist")
    response = client.post(url, {"action": "make_hidden", "_selected_action": [practice.pk]})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.published is False


# The Editors group.


def test_editors_add_and_change_every_record_but_delete_none():
    group = editors_group()
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in ("bestpractice", "pilot", "partner", "municipality", "theme", "country"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= codenames, model
    assert not {c for c in codenames if c.startswith("delete_")}
    assert not {c for c in codenames if c.endswith("_user") or c.endswith("_group")}


def test_an_editor_cannot_delete_a_record(editor_client):
    practice = f.practice(12)
    url = reverse("admin:practices_bestpractice_delete", args=[practice.pk])
    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    changelist = editor_client.get(reverse("admin:practices_bestpractice_changelist")).content.decode()
    assert "delete_selected" not in changelist
    assert BestPractice.objects.filter(pk=practice.pk).exists()


def test_the_migration_takes_delete_away_from_an_editors_group_that_had_it():
    group = editors_group()
    group.permissions.add(*Permission.objects.filter(codename__startswith="delete_"))
    import_module("practices.migrations.0017_editors_do_not_delete").drop_delete_permissions(apps, None)
    assert not Group.objects.get(name="Editors").permissions.filter(codename__startswith="delete_").exists()
    assert Group.objects.get(name="Editors").permissions.filter(codename="change_bestpractice").exists()
