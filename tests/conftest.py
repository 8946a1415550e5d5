from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from django.core import signals
from django.core.cache import caches
from django.db import close_old_connections
from django.utils import translation


@pytest.fixture(autouse=True)
def _thai_by_default():
    """Tests start in the portal's default language, as a request with no preference would."""
    with translation.override("th"):
        yield


@pytest.fixture(autouse=True)
def _private_page_cache(settings):
    """Each test starts with an empty cache of its own: the default file cache under var/ is shared by
    every process on the machine, test runs included (see delgosea/cache.py for the page cache)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    caches["default"].clear()


def editors_group():
    """The Editors group from its migration. Transactional tests (live server, browser) flush the
    database, data migrations included, so the group is re-created from the same code when missing."""
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        from django.apps import apps

        editors = import_module("practices.migrations.0002_editors_group")
        editors.create_editors(apps, None, labels=[*editors.CONTENT_APPS, "documents"])
        group = Group.objects.get(name="Editors")
    return group


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.org", "a-strong-Passw0rd!", is_staff=True)
    user.groups.add(editors_group())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Requests through the WSGI entry point close "old" database connections when they start and end, and
    the test's connection, held in a transaction, looks old: on PostgreSQL that would close it and lose the
    test's records. Django's test client switches this off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
