#!/usr/bin/env python3
"""Benchmark the public pages at scale, as production serves them.

    make bench                                              # SQLite, 10,000 practices and 10,000 pilots
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/delgosea make bench     # PostgreSQL
    BENCH_PRACTICES=1000 BENCH_PILOTS=1000 BENCH_SECONDS=2 make bench       # a quick look

What it does, all on this machine's loopback interface:
1. builds a SEPARATE database, never the real one: var/bench.sqlite3, or with DATABASE_URL a database named
   <name>_bench on that PostgreSQL server (dropped and created here, dropped again at the end unless
   BENCH_KEEP=1); migrates it, loads the DELGOSEA data and adds BENCH_PRACTICES practices and BENCH_PILOTS
   pilots from tests/synthetic.py (realistic Thai and English text), then VACUUM ANALYZE / ANALYZE;
2. counts each page's SQL queries and bytes (HTML; SVG for the transfer map that home and transfers frame) with
   Django's test client against that database, the page cache off (CaptureQueriesContext);
3. serves it with gunicorn under production settings (DEBUG=0, a generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
   SECURE_SSL_REDIRECT=0 because this is plain http on loopback, whitenoise's hashed static files, its own
   file page cache under var/bench/) and BENCH=1, which adds /bench/trivial/: the cheapest Django response,
   through the same middleware and server, that every page's throughput is compared with;
4. drives every page with wrk (BENCH_CONNECTIONS connections, BENCH_SECONDS each) twice:
   warm: the page cache on, each page requested once before it is measured;
   cold: gunicorn restarted with PAGE_CACHE_SECONDS=0, so every request renders the page from the database
   (the cost of the first visit after an edit);
5. prints a Markdown table: requests/s, p50 and p95 latency per mode, throughput as a share of the trivial
   view's, SQL queries and size, and the size of the stylesheet; and for each cold run, the share of CPU time the
   hypervisor took for other machines (steal, from /proc/stat): on a shared virtual machine, a run that lost
   more than a few percent is slower for that reason alone. Latencies that, by Little's law (requests a second
   × mean latency), put more requests in flight than there were connections were not measured in wall time:
   the figure is marked (?) and the run should be repeated.

Settings (environment): BENCH_PRACTICES (10000), BENCH_PILOTS (10000), BENCH_SECONDS (5), BENCH_CONNECTIONS (8),
BENCH_WORKERS (2: one sync worker per core; see docs/performance.md), BENCH_KEEP (1: keep the PostgreSQL bench
database), BENCH_REUSE (1: measure the database kept by the previous run instead of building one; implies
BENCH_KEEP), BENCH_PAGES (a comma-separated subset of the page names, e.g. "pilots,transfers").
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
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / "var" / "bench"
SQLITE_PATH = BASE_DIR / "var" / "bench.sqlite3"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def setting(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdecimal():
        sys.exit(f"{name}={raw!r} must be a whole number.")
    return int(raw)


PRACTICES = setting("BENCH_PRACTICES", 10_000)
PILOTS = setting("BENCH_PILOTS", 10_000)
SECONDS = max(setting("BENCH_SECONDS", 5), 1)
CONNECTIONS = max(setting("BENCH_CONNECTIONS", 8), 1)
IN_FLIGHT_TOLERANCE = 1.1  # wrk's connections are always busy, bar reconnecting: in flight ≈ connections, not more
WORKERS = max(setting("BENCH_WORKERS", 2), 1)
KEEP = setting("BENCH_KEEP", 0)
REUSE = setting("BENCH_REUSE", 0)
ONLY = [name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()]

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH_JSON {\\"requests\\":%d,\\"duration_us\\":%d,\\"p50\\":%d,\\"p95\\":%d," ..
    "\\"mean\\":%d,\\"non2xx\\":%d,\\"socket_errors\\":%d}\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency.mean, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def say(message):
    print(message, file=sys.stderr, flush=True)


def bench_database():
    """The bench database's URL: <name>_bench next to DATABASE_URL's PostgreSQL database, or var/bench.sqlite3."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{SQLITE_PATH}", None
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"DATABASE_URL must be a postgres:// or sqlite:// URL for the bench, not {parts.scheme}://.")
    name = parts.path.lstrip("/") or "delgosea"
    return parts._replace(path=f"/{name}_bench").geturl(), f"{name}_bench"


def postgres_admin(url):
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
    )
    connection.autocommit = True
    return connection


def recreate(url, pg_name):
    if pg_name is None:
        SQLITE_PATH.unlink(missing_ok=True)
        return
    from psycopg2 import sql

    if not pg_name.endswith("_bench"):
        sys.exit(f"Refusing to drop {pg_name!r}: the bench database's name must end in _bench.")
    admin = postgres_admin(url)
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(pg_name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(pg_name)))
    finally:
        admin.close()


def drop(url, pg_name):
    if pg_name is None:
        return
    from psycopg2 import sql

    admin = postgres_admin(url)
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(pg_name)))
    finally:
        admin.close()


def production_environment(database_url, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "delgosea.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(WORK_DIR / "static"),
        "MEDIA_ROOT": str(WORK_DIR / "media"),
        "CACHE_URL": f"file://{WORK_DIR / 'cache'}",
        "BENCH": "1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def django_step(env, code):
    """Run `code` in a Django process with the bench environment; its stdout is the result (JSON)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


FILL = """
import json, time
from django.db import connection
from delgosea.cache import bump_generation
from delgosea import loader
from tests import synthetic
started = time.monotonic()
loader.load()
report = synthetic.generate(practices={practices}, pilots={pilots}, seed=2012)
bump_generation()
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
print(json.dumps({{"seconds": round(time.monotonic() - started, 1), "vendor": connection.vendor,
                  "practices": report.practices, "pilots": report.pilots}}))
"""

PAGES = """
import json
from urllib.parse import urlencode
from pilots.models import Pilot
from practices.models import BestPractice
practices = BestPractice.objects.published().order_by("number")
pilots = Pilot.objects.published().order_by("slug")
practice = practices[practices.count() // 2]
pilot = pilots[pilots.count() // 2]
print(json.dumps({
    "home": "/th/",
    "practices": "/th/practices/",
    "practices by theme + country": "/th/practices/?theme=3&country=th",
    "search (Thai)": "/th/practices/?" + urlencode({"q": "น้ำเสีย"}),
    "search (English)": "/en/practices/?" + urlencode({"q": "wastewater"}),
    "practice": practice.get_absolute_url(),
    "pilots": "/th/pilots/",
    "pilot": pilot.get_absolute_url(),
    "transfers": "/th/transfers/",
    "transfer map (SVG)": "/th/transfers/map.svg",
    "site search": "/th/search/?" + urlencode({"q": "ปากเกร็ด"}),
    "site search (misspelt)": "/en/search/?q=Pakret",
    "local governments": "/th/municipalities/",
    "local government": pilot.municipality.get_absolute_url(),
    "documents": "/th/documents/",
    "feed": "/th/feed/",
}, ensure_ascii=False))
"""

MEASURE = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
pages = json.loads({pages!r})
result = {{}}
for name, url in pages.items():
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    result[name] = {{"queries": len(queries), "bytes": len(response.content)}}
print(json.dumps(result))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


class Server:
    """gunicorn with production settings on a free loopback port."""

    def __init__(self, env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        log = (WORK_DIR / "gunicorn.log").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "delgosea.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={WORKERS}",
                "--worker-class=sync",
                "--backlog=256",
                "--timeout=60",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit("gunicorn stopped before it served a request; see var/bench/gunicorn.log.")
            try:
                if get(self.base + "/bench/trivial/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not answer within 30 s; see var/bench/gunicorn.log.")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def cpu_times():
    """(CPU time the hypervisor gave other machines while this one wanted it, all CPU time) so far, in ticks, or
    None where /proc/stat is not there. A shared virtual machine's figures move with the first."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return (fields[7] if len(fields) > 7 else 0), sum(fields[:8])


def wrk(url):
    script = WORK_DIR / "report.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(2, CONNECTIONS)
    before = cpu_times()
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout=10s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"BENCH_JSON (\{.*\})", result.stdout)
    if not match:
        sys.exit(f"Could not read wrk's report:\n{result.stdout}\n{result.stderr}")
    figures = json.loads(match.group(1))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    after = cpu_times()
    figures["stolen"] = (after[0] - before[0]) / max(after[1] - before[1], 1) if before and after else None
    # Little's law: requests a second × mean latency = requests in flight, which cannot exceed the connections.
    # Latencies that say otherwise were not measured in wall time (a virtual machine's clock that jumped).
    figures["in_flight"] = figures["rps"] * figures["mean"] / 1e6
    return figures


def drive(server, pages, mode):
    results = {}
    for name, path in {"trivial view": "/bench/trivial/", **pages}.items():
        url = server.base + quote(path, safe="/?=&%")
        status, headers, _body = get(url)  # the warm run's page is now in the cache
        if status != 200:
            sys.exit(f"{url} answered {status}.")
        if mode == "warm" and name != "trivial view" and headers.get("X-Page-Cache") not in {"hit", "miss"}:
            sys.exit(f"{url} is not served through the page cache: check the bench settings.")
        results[name] = wrk(url)
        figures = results[name]
        say(
            f"  {mode:4} {name:28} {figures['rps']:8.0f} req/s  p95 {figures['p95'] / 1000:6.1f} ms"
            f"  in flight {figures['in_flight']:4.1f}"
        )
        if results[name]["in_flight"] > CONNECTIONS * IN_FLIGHT_TOLERANCE:
            say(
                f"  ! {name}: its latencies put {results[name]['in_flight']:.1f} requests in flight on {CONNECTIONS} "
                "connections: they were not measured in wall time (the clock jumped?); rerun"
            )
        if results[name]["non2xx"] or results[name]["socket_errors"]:
            say(
                f"  ! {name}: {results[name]['non2xx']} non-2xx answers, {results[name]['socket_errors']} socket errors"
            )
    return results


def css_bytes(server):
    _status, _headers, html = get(server.base + "/th/about/")
    href = re.search(rb'<link rel="stylesheet" href="([^"]+)"', html).group(1).decode()
    return len(get(server.base + href)[2])


def suspect(figures):
    return " (?)" if figures["in_flight"] > CONNECTIONS * IN_FLIGHT_TOLERANCE else ""


def table(pages, counts, warm, cold, css, vendor, data):
    trivial_warm, trivial_cold = warm["trivial view"]["rps"], cold["trivial view"]["rps"]
    lines = [
        f"{vendor}, {data['practices']:,} + 16 practices, {data['pilots']:,} + 16 pilots; "
        f"{WORKERS} gunicorn sync workers, wrk {CONNECTIONS} connections, {SECONDS} s per page and mode; "
        f"{os.cpu_count()} CPUs; data built in {data['seconds']} s.",
        "",
        "| page | SQL queries | KB | warm req/s | warm / trivial | warm p50 ms | warm p95 ms "
        "| cold req/s | cold / trivial | cold p50 ms | cold p95 ms | cold: CPU stolen |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ["trivial view", *pages]:
        w, c = warm[name], cold[name]
        queries = counts[name]["queries"] if name in counts else 0
        size = f"{counts[name]['bytes'] / 1024:.1f}" if name in counts else "0.0"
        lines.append(
            f"| {name} | {queries} | {size} | {w['rps']:.0f} | {w['rps'] / trivial_warm:.0%} | {w['p50'] / 1000:.1f} "
            f"| {w['p95'] / 1000:.1f}{suspect(w)} | {c['rps']:.0f} | {c['rps'] / trivial_cold:.0%} "
            f"| {c['p50'] / 1000:.1f} | {c['p95'] / 1000:.1f}{suspect(c)} "
            f"| {'–' if c['stolen'] is None else format(c['stolen'], '.0%')} |"
        )
    if any(figures["in_flight"] > CONNECTIONS * IN_FLIGHT_TOLERANCE for figures in (*warm.values(), *cold.values())):
        lines += [
            "",
            "(?) Latencies that put more requests in flight than there were connections: not wall time; rerun.",
        ]
    lines += ["", f"Stylesheet: {css / 1024:.1f} KB. Pages need no JavaScript."]
    return "\n".join(lines)


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: `apt-get install wrk` (Debian/Ubuntu), or run `make bench` as root.")
    database_url, pg_name = bench_database()
    if pg_name:
        host = urlsplit(database_url).hostname or "127.0.0.1"
        if host not in LOOPBACK:
            sys.exit(f"Refusing {host!r}: the bench only creates and drops databases on this machine.")
    started = time.monotonic()
    env = production_environment(database_url)
    saved = WORK_DIR / "data.json"
    reuse = REUSE and saved.exists() and json.loads(saved.read_text()).get("database") == database_url
    try:
        if reuse:
            data = json.loads(saved.read_text())
        else:
            shutil.rmtree(WORK_DIR, ignore_errors=True)
            WORK_DIR.mkdir(parents=True)
            say(f"Building the bench database ({'PostgreSQL ' + pg_name if pg_name else SQLITE_PATH})…")
            recreate(database_url, pg_name)
            manage(env, "compile_catalogue")
            manage(env, "migrate", "--no-input", "-v0")
            manage(env, "collectstatic", "--no-input", "-v0")
            data = django_step(env, FILL.format(practices=PRACTICES, pilots=PILOTS))
            saved.write_text(json.dumps({**data, "database": database_url}))
        pages = django_step(env, PAGES)
        pages = {name: url for name, url in pages.items() if not ONLY or name in ONLY}
        counts = django_step({**env, "PAGE_CACHE_SECONDS": "0"}, MEASURE.format(pages=json.dumps(pages)))
        results = {}
        for mode, cache_seconds in (("warm", "3600"), ("cold", "0")):
            server = Server({**env, "PAGE_CACHE_SECONDS": cache_seconds})
            try:
                results[mode] = drive(server, pages, mode)
                css = css_bytes(server)
            finally:
                server.stop()
        print(table(pages, counts, results["warm"], results["cold"], css, data["vendor"], data))
        say(f"Done in {time.monotonic() - started:.0f} s.")
    finally:
        if pg_name and not (KEEP or REUSE):
            drop(database_url, pg_name)
            saved.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
