"""Site-wide guards: settings, migrations, the pages that must always answer."""

import os
import subprocess
import sys
from pathlib import Path

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


# Fail-closed settings: each case a fresh process with only the environment and local file it names.

BASE_DIR = Path(__file__).resolve().parent.parent
SHOW_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
)


def start(tmp_path, env_file="", **env):
    """Start Django in a new process: no DEBUG or SECRET_KEY but `env`'s, and `env_file` as the local file."""
    (tmp_path / "local.env").write_text(env_file)
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    clean.update(LOCAL_ENV_FILE=str(tmp_path / "local.env"), DJANGO_SETTINGS_MODULE="delgosea.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], cwd=BASE_DIR, env=clean, capture_output=True, text=True, check=False
    )


def test_without_environment_the_portal_refuses_to_start_and_says_why(tmp_path):
    result = start(tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "make run" in result.stderr


def test_debug_is_off_unless_turned_on(tmp_path):
    assert start(tmp_path, SECRET_KEY="k" * 50).stdout.split() == ["False", "k" * 50]
    assert start(tmp_path, SECRET_KEY="k" * 50, DEBUG="1").stdout.split()[0] == "True"


def test_debug_without_a_key_gets_a_new_one_per_process_never_a_fixed_one(tmp_path):
    first, second = (start(tmp_path, DEBUG="1").stdout.split() for _ in range(2))
    assert first[0] == second[0] == "True"
    assert len(first[1]) >= 50 and first[1] != second[1]


def test_the_local_file_is_read_and_the_environment_wins(tmp_path):
    local = "# written by make\nDEBUG=1\nSECRET_KEY=from-the-file\n\n"
    assert start(tmp_path, local).stdout.split() == ["True", "from-the-file"]
    assert start(tmp_path, local, DEBUG="0").stdout.split() == ["False", "from-the-file"]
    assert start(tmp_path, local, SECRET_KEY="from-the-env").stdout.split() == ["True", "from-the-env"]


def test_make_writes_the_local_file_once_and_manage_py_needs_nothing_else(tmp_path):
    make = ["make", "-s", "-f", str(BASE_DIR / "Makefile"), "-C", str(tmp_path), f"PY={sys.executable}"]
    make.append("var/local.env")
    subprocess.run(make, check=True, capture_output=True)
    written = (tmp_path / "var" / "local.env").read_text()
    subprocess.run(make, check=True, capture_output=True)
    assert (tmp_path / "var" / "local.env").read_text() == written  # idempotent: the key is kept
    assert "DEBUG=1" in written.splitlines()
    assert (tmp_path / "var" / "local.env").stat().st_mode & 0o077 == 0
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    env["LOCAL_ENV_FILE"] = str(tmp_path / "var" / "local.env")
    check = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stderr
    key = next(line for line in written.splitlines() if line.startswith("SECRET_KEY="))
    assert start(tmp_path, written).stdout.split() == ["True", key.removeprefix("SECRET_KEY=")]


COMMITTED_KEY = r"SECRET_KEY['\"]?\s*[:=]\s*['\"][^'\"]{8,}"  # SECRET_KEY = "…", "SECRET_KEY": "…"


def test_the_local_file_is_git_ignored_and_no_secret_key_is_committed():
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/local.env"], cwd=BASE_DIR, check=False)
    assert ignored.returncode == 0
    found = subprocess.run(
        ["git", "grep", "--untracked", "-nIE", COMMITTED_KEY, "--", ":!tests/test_project.py"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.stdout == "", found.stdout


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
