#!/usr/bin/env python3
"""Load test the portal as it runs in production, while an editor keeps saving changes.

    make loadtest                                   # 60 s, 32 connections
    LOADTEST_SECONDS=10 LOADTEST_CONNECTIONS=16 make loadtest

What it does, all on this machine's loopback interface:
1. recreates a separate PostgreSQL database (default delgosea_load), migrates it and loads the DELGOSEA data;
2. starts gunicorn with production settings (DEBUG=0, a fresh SECRET_KEY, whitenoise's hashed static files)
   on a free 127.0.0.1 port, as behind a TLS proxy (X-Forwarded-Proto: https);
3. drives a mix of public pages in Thai and English with wrk, while an editor changes a practice's
   Thai and English titles through the ORM every second;
4. reports requests per second, errors (socket errors, timeouts, non-2xx/3xx) and latency percentiles,
   then checks that every edited practice shows its last edit on its public page in both languages.
It exits non-zero on any error, so it can gate a release.

Settings (environment): LOADTEST_SECONDS (60), LOADTEST_CONNECTIONS (32), LOADTEST_THREADS (2),
LOADTEST_WORKERS (2 × CPUs + 1), LOADTEST_DATABASE_URL (postgres://postgres@127.0.0.1:5432/delgosea_load).
DATABASE_URL is ignored on purpose: the load database is dropped and recreated, so it is never the real one.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / "var" / "loadtest"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def setting(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        sys.exit(f"{name}={raw!r} must be a positive whole number.")
    return int(raw)


SECONDS = setting("LOADTEST_SECONDS", 60)
CONNECTIONS = setting("LOADTEST_CONNECTIONS", 32)
THREADS = min(setting("LOADTEST_THREADS", 2), CONNECTIONS)
WORKERS = setting("LOADTEST_WORKERS", 2 * (os.cpu_count() or 1) + 1)
DATABASE_URL = os.environ.get("LOADTEST_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/delgosea_load"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def say(message):
    print(message, flush=True)


def _maintenance_connection(url):
    """A connection to the server's `postgres` database, for a throwaway database named by `url`.

    Refuses anything that could be a real one: not PostgreSQL, a name not ending in _load, a host not on loopback.
    """
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    name, host = config["NAME"], config.get("HOST") or "127.0.0.1"
    if "postgresql" not in config["ENGINE"]:
        sys.exit(f"{url!r} is not a postgres:// URL: the load database is PostgreSQL.")
    if not name.endswith("_load"):
        sys.exit(f"Refusing to drop the database {name!r}: the load database's name must end in _load.")
    if host not in LOOPBACK:
        sys.exit(f"Refusing {host!r}: the load test only talks to this machine's loopback interface.")
    admin = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=host,
        port=config.get("PORT") or 5432,
    )
    admin.autocommit = True
    return admin, name


def recreate_database(url):
    """Drop and create the load database."""
    from psycopg2 import sql

    admin, name = _maintenance_connection(url)
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    return name


def drop_database(url):
    """Drop the load database, ending the connections still open to it."""
    from psycopg2 import sql

    admin, name = _maintenance_connection(url)
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.close()


def production_environment():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "delgosea.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "BEHIND_PROXY": "1",
        "STATIC_ROOT": str(WORK_DIR / "static"),
        "MEDIA_ROOT": str(WORK_DIR / "media"),
        # Its own page cache, shared by the gunicorn workers and the editor, never the one `make run` uses.
        "CACHE_URL": f"file://{WORK_DIR / 'cache'}",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(base, path):
    request = urllib.request.Request(base + path, headers=PROXY_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")


def wait_until_healthy(base, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped before it served a request; see var/loadtest/gunicorn.log.")
        try:
            if fetch(base, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not answer /healthz within 30 s.")


def url_mix():
    """Every kind of public page in both languages, with real slugs and filters from the load database."""
    from partners.models import Partner
    from pilots.models import Pilot
    from practices.models import BestPractice, Country, Theme

    practices = list(BestPractice.objects.published())
    paths = ["", "practices/", "pilots/", "transfers/", "partners/", "about/", "practices/?page=1"]
    paths += [f"practices/?{urlencode({'q': word})}" for word in ("water", "น้ำ", "waste")]
    paths += [f"practices/?theme={theme.number}" for theme in Theme.objects.all()]
    paths += [f"themes/{theme.slug}/" for theme in Theme.objects.all()]
    paths += [f"countries/{country.code}/" for country in Country.objects.all()]
    paths += [f"practices/?country={country.code}&theme=1&theme=3" for country in Country.objects.all()]
    paths += [f"practices/{practice.slug}/" for practice in practices]
    paths += [f"pilots/{pilot.slug}/" for pilot in Pilot.objects.published()]
    paths += ["pilots/?award=excellence", "pilots/?country=ph", "pilots/?practice=14"]
    paths += [f"partners/{partner.slug}/" for partner in Partner.objects.published()]
    return [f"/{language}/{path}" for language in ("th", "en") for path in paths], practices


LUA = """
local paths = {%(paths)s}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  math.randomseed(os.time() + 7919 * id)
end
wrk.headers["X-Forwarded-Proto"] = "https"
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "LOADTEST_JSON {\\"requests\\":%%d,\\"duration_us\\":%%d,\\"connect\\":%%d,\\"read\\":%%d,\\"write\\":%%d," ..
    "\\"status\\":%%d,\\"timeout\\":%%d,\\"p50\\":%%d,\\"p90\\":%%d,\\"p99\\":%%d,\\"max\\":%%d}\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


class Editor(threading.Thread):
    """Project staff at work during the load: one practice's Thai and English titles changed every second."""

    def __init__(self, practices):
        super().__init__(name="editor", daemon=True)
        self.originals = {practice.pk: (practice.title_th, practice.title_en) for practice in practices}
        self.stop = threading.Event()
        self.edits = []  # (pk, title_th, title_en) in the order they were saved
        self.errors = []

    def run(self):
        from django.db import connection, transaction

        from practices.models import BestPractice

        pks = sorted(self.originals)
        number = 0
        try:
            while not self.stop.wait(1.0):
                number += 1
                pk = pks[number % len(pks)]
                title_th, title_en = self.originals[pk]
                title_th, title_en = f"{title_th} (แก้ไขครั้งที่ {number})", f"{title_en} (edit {number})"
                try:
                    with transaction.atomic():
                        practice = BestPractice.objects.select_for_update().get(pk=pk)
                        practice.title_th, practice.title_en = title_th, title_en
                        practice.save()
                    self.edits.append((pk, title_th, title_en))
                except Exception as error:  # any failed save is a finding, reported at the end
                    self.errors.append(f"edit {number} of practice {pk}: {error}")
        finally:
            connection.close()


def verify_edits(base, editor):
    """Every edited practice shows its last edit on its public page, in Thai and in English."""
    from django.utils.html import escape

    from practices.models import BestPractice

    last = {pk: (title_th, title_en) for pk, title_th, title_en in editor.edits}
    problems = []
    history_rows = BestPractice.history.filter(history_type="~").count()
    if history_rows < len(editor.edits):
        problems.append(f"{len(editor.edits)} edits saved but only {history_rows} change-history rows")
    for practice in BestPractice.objects.filter(pk__in=last):
        for language, title in zip(("th", "en"), last[practice.pk], strict=True):
            status, body = fetch(base, f"/{language}/practices/{practice.slug}/")
            if status != 200 or escape(title) not in body:
                problems.append(f"/{language}/practices/{practice.slug}/ ({status}) does not show {title!r}")
    return len(last), problems


def run_wrk(base, paths):
    script = WORK_DIR / "mix.lua"
    script.write_text(LUA % {"paths": ", ".join(json.dumps(path) for path in paths)}, encoding="utf-8")
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "--latency"]
    result = subprocess.run(
        [*command, "-s", str(script), base], capture_output=True, text=True, timeout=SECONDS + 60, check=False
    )
    say(result.stdout.rstrip())
    if result.returncode != 0:
        say(result.stderr)
        sys.exit("wrk failed.")
    match = re.search(r"^LOADTEST_JSON (.*)$", result.stdout, re.MULTILINE)
    return json.loads(match.group(1))


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: run `make loadtest` (it installs it) or `apt-get install wrk`.")
    shutil.rmtree(WORK_DIR / "cache", ignore_errors=True)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    env = production_environment()
    name = recreate_database(DATABASE_URL)
    say(f"== preparing the load database {name} and the static files ==")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "compile_catalogue")
    manage(env, "load_delgosea")
    manage(env, "collectstatic", "--no-input", "-v0")

    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    paths, practices = url_mix()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(WORK_DIR / "gunicorn.log", "w")  # noqa: SIM115 - open for the server's whole life
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "delgosea.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(WORKERS)],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    editor = Editor(practices)
    try:
        wait_until_healthy(base, server)
        broken = [(path, status) for path in paths if (status := fetch(base, path)[0]) != 200]
        if broken:
            sys.exit(f"Before the load, these pages do not answer 200: {broken}")
        say(
            f"== {SECONDS} s of load: {CONNECTIONS} connections, {THREADS} wrk threads, {WORKERS} gunicorn "
            f"workers, {len(paths)} URLs, one edit a second =="
        )
        editor.start()
        stats = run_wrk(base, paths)
        editor.stop.set()
        editor.join(timeout=10)
        edited, problems = verify_edits(base, editor)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    errors = {kind: stats[kind] for kind in ("connect", "read", "write", "timeout", "status")}
    seconds = stats["duration_us"] / 1e6
    say("== result ==")
    say(f"requests: {stats['requests']} in {seconds:.1f} s = {stats['requests'] / seconds:.1f} requests/s")
    say(f"errors: {sum(errors.values())} ({', '.join(f'{kind} {count}' for kind, count in errors.items())})")
    say(
        "latency: p50 {:.1f} ms, p90 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms".format(
            *(stats[key] / 1000 for key in ("p50", "p90", "p99", "max"))
        )
    )
    say(f"edits: {len(editor.edits)} saved during the load, {edited} practices checked in Thai and English")
    failures = [f"{count} {kind} errors" for kind, count in errors.items() if count]
    failures += editor.errors + problems
    if not editor.edits:
        failures.append("the editor saved nothing")
    if failures:
        say("FAILED:\n  " + "\n  ".join(failures))
        say(f"(server log: {WORK_DIR / 'gunicorn.log'})")
        return 1
    say("OK: no errors, and every edit is on the public pages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
