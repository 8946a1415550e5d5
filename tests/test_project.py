"""Site-wide guards: settings, migrations, the pages that must always answer."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from delgosea.settings import envbool, envint


def test_envbool_refuses_garbage(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        envbool("DEBUG", False)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("0", False)])
def test_envbool_reads_clear_values(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert envbool("SOME_FLAG", not expected) is expected


def test_envint_refuses_garbage(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "sixty")
    with pytest.raises(ImproperlyConfigured):
        envint("CONN_MAX_AGE", 0)


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "-c", "import delgosea.settings"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_wsgi_application_keeps_what_it_loaded_out_of_the_garbage_collectors_walks():
    # The views, imported by the URLconf, are among the frozen objects, which the collector no longer lists.
    code = (
        "import gc, delgosea.wsgi, practices.views as views;"
        "print(gc.get_freeze_count(), any(o is views.practice_list for o in gc.get_objects()))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    frozen, view_walked = result.stdout.split()
    assert int(frozen) > 20_000
    assert view_walked == "False"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["/th/", "/en/"])
def test_home_answers_in_both_languages(client, prefix):
    assert client.get(prefix).status_code == 200
