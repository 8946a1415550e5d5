#!/usr/bin/env python3
"""Cut the database connections under load and count the answers: no request may get a server error.

    make db-fault-drill                 # 400 requests, 8 at a time, connections cut every 0.25 s
    DRILL_REQUESTS=1000 make db-fault-drill

What it does, on this machine only (the load test's helpers, scripts/loadtest.py):
1. recreates a separate PostgreSQL database (default delgosea_drill_load), migrates it and loads the data;
2. starts gunicorn with production settings and the page cache off, so every request reads the database;
3. sends DRILL_REQUESTS requests to every kind of public page in both languages from DRILL_CONCURRENCY
   threads while another connection terminates every gunicorn backend (pg_terminate_backend) every
   DRILL_INTERVAL seconds, as a database restart or failover would;
4. prints the answers by status. A connection that died between requests is replaced by the health check
   (200); a request whose connection dies under it gets the 503 page. It exits non-zero on any 5xx but 503.
"""

import collections
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from loadtest import BASE_DIR, WORK_DIR, fetch, free_port, manage, production_environment, recreate_database, say

REQUESTS = int(os.environ.get("DRILL_REQUESTS", 400))
CONCURRENCY = int(os.environ.get("DRILL_CONCURRENCY", 8))
INTERVAL = float(os.environ.get("DRILL_INTERVAL", 0.25))
DATABASE_URL = os.environ.get("DRILL_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/delgosea_drill_load"


def terminate_backends(name, stop, terminated):
    """Every INTERVAL seconds, end every other connection to the drill database."""
    import psycopg2
    from django.db import connection

    params = {**connection.get_connection_params(), "dbname": "postgres"}
    params.pop("cursor_factory", None)
    # Not `with admin:`, which opens one transaction: pg_stat_activity would show the same snapshot every round.
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    try:
        while not stop.wait(INTERVAL):
            with admin.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                )
                terminated.append(cursor.fetchone()[0])
    finally:
        admin.close()


def answer(base, path):
    try:
        return str(fetch(base, path)[0])
    except OSError as error:  # refused, reset or timed out: no HTTP answer at all
        return f"no answer ({type(error).__name__})"


def main():
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    env = {**production_environment(), "DATABASE_URL": DATABASE_URL, "PAGE_CACHE_SECONDS": "0"}
    name = recreate_database(DATABASE_URL)
    say(f"== preparing the drill database {name} ==")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "compile_catalogue")
    manage(env, "load_delgosea")
    manage(env, "collectstatic", "--no-input", "-v0")
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from loadtest import url_mix

    paths = url_mix()[0]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(WORK_DIR / "drill-gunicorn.log", "w")  # noqa: SIM115 - open for the server's whole life
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "delgosea.wsgi", "-b", f"127.0.0.1:{port}", "-w", "3"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stop, terminated = threading.Event(), []
    killer = threading.Thread(target=terminate_backends, args=(name, stop, terminated))
    try:
        for _ in range(100):
            if answer(base, "/healthz") == "200":
                break
            time.sleep(0.3)
        say(f"== {REQUESTS} requests, {CONCURRENCY} at a time, backends terminated every {INTERVAL} s ==")
        started = time.monotonic()
        killer.start()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            statuses = collections.Counter(pool.map(lambda i: answer(base, paths[i % len(paths)]), range(REQUESTS)))
        stop.set()
        killer.join()
        seconds = time.monotonic() - started
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
        log.close()
    say(f"{sum(terminated)} backends terminated in {len(terminated)} rounds over {seconds:.1f} s")
    for status, count in sorted(statuses.items()):
        say(f"  {status}: {count}")
    failures = {status: count for status, count in statuses.items() if status not in ("200", "503")}
    if failures:
        say(f"FAILED: {failures} (server log: {WORK_DIR / 'drill-gunicorn.log'})")
        return 1
    say("OK: every answer was the page (200) or the 503 page, none a server error.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
