#!/usr/bin/env python3
"""Lighthouse on one page of each kind, in Thai and English, as production serves them.

    make lighthouse                               # every page, both languages (about five minutes)
    LIGHTHOUSE_PAGES=home,pilot make lighthouse   # a subset, by the names in PAGES below
    LIGHTHOUSE_LANGS=th make lighthouse           # one language
    LIGHTHOUSE_RUNS=3 make lighthouse             # each page three times, its median run kept (a busy machine)

What it does, all on this machine's loopback interface:
1. builds a separate SQLite database, var/lighthouse/db.sqlite3 (never the real one): migrates it and loads the
   DELGOSEA data, and collects the static files as production does (whitenoise's hashed, compressed files);
2. serves it with gunicorn under production settings: DEBUG=0, a generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
   SECURE_SSL_REDIRECT=0 and insecure cookies because this is plain http on loopback, the page cache on;
3. runs Lighthouse 12 (npm, pinned in package.json: `npm ci`) with its default mobile profile (a mid-range phone,
   simulated slow 4G and a 4× slower CPU) against Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), one
   page at a time, each once warmed up so the page cache holds it;
4. prints a Markdown table of the four category scores and the cumulative layout shift per page, keeps each JSON
   report under var/lighthouse/reports/, and exits 1 if a page is below the targets: performance >= 98,
   accessibility, best practices and SEO 100, CLS < 0.02.

The search page says `noindex` on purpose (search results are not for search engines), which Lighthouse's SEO
category counts as a failure ("is-crawlable"); that one audit is skipped there and only there.
Not part of `make test`: it is slow, and its performance scores depend on the machine.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / "var" / "lighthouse"
LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
CLS_LIMIT = 0.02
RUNS = max(int(os.environ.get("LIGHTHOUSE_RUNS", "1") or 1), 1)

# One page of each kind; `{lang}` is th or en.
PAGES = {
    "home": "/{lang}/",
    "practices": "/{lang}/practices/",
    "practice": "/{lang}/practices/constructed-wetland/",
    "theme": "/{lang}/themes/urban-environment/",
    "country": "/{lang}/countries/ph/",
    "pilots": "/{lang}/pilots/",
    "pilot": "/{lang}/pilots/pakkret/",
    "transfers": "/{lang}/transfers/",
    "municipalities": "/{lang}/municipalities/",
    "municipality": "/{lang}/municipalities/vinh/",
    "partners": "/{lang}/partners/",
    "partner": "/{lang}/partners/kas/",
    "documents": "/{lang}/documents/",
    "search": "/{lang}/search/?q=Pakkret",
    "about": "/{lang}/about/",
    "open data": "/{lang}/open-data/",
}
NOINDEX = {"search"}


def chosen(variable, known):
    names = [name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()]
    unknown = set(names) - set(known)
    if unknown:
        sys.exit(f"{variable}: unknown {', '.join(sorted(unknown))}; choose from {', '.join(known)}.")
    return names or list(known)


def say(message):
    print(message, file=sys.stderr, flush=True)


def production_environment():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "delgosea.settings",
        "DATABASE_URL": f"sqlite:///{WORK_DIR / 'db.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(WORK_DIR / "static"),
        "MEDIA_ROOT": str(WORK_DIR / "media"),
        "CACHE_URL": f"file://{WORK_DIR / 'cache'}",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=sys.stderr)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.status


class Server:
    """gunicorn with production settings on a free loopback port."""

    def __init__(self, env):
        self.base = f"http://127.0.0.1:{free_port()}"
        log = (WORK_DIR / "gunicorn.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "delgosea.wsgi:application", f"--bind={self.base[7:]}", "--workers=2"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped before it served a request; see {WORK_DIR / 'gunicorn.log'}.")
            try:
                if status(self.base + "/robots.txt") == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not answer within 30 s; see {WORK_DIR / 'gunicorn.log'}.")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def lighthouse(url, report, skip_audits=()):
    """Run Lighthouse's mobile profile on `url`; return its four category scores (0–100) and the CLS."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    if skip_audits:
        command.append(f"--skip-audits={','.join(skip_audits)}")
    for attempt in range(3):  # Lighthouse now and then fails to record the trace (NO_NAVSTART): try again
        finished = subprocess.run(command, cwd=BASE_DIR, env={**os.environ, "CHROME_PATH": CHROME})
        if finished.returncode == 0:
            break
        say(f"Lighthouse failed on {url} (attempt {attempt + 1} of 3).")
    else:
        sys.exit(f"Lighthouse could not measure {url}.")
    result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = {
        name: [
            ref["id"]
            for ref in result["categories"][name]["auditRefs"]
            if ref["weight"] and (result["audits"][ref["id"]]["score"] or 0) < 1
        ]
        for name in CATEGORIES
    }
    cls = result["audits"]["cumulative-layout-shift"]["numericValue"]
    return scores, cls, failing, result["environment"]["benchmarkIndex"]


def median_run(url, report, skip_audits=()):
    """Lighthouse RUNS times on `url`; the run with the median performance score (its other figures with it)."""
    reports = [report] if RUNS == 1 else [report.with_name(f"{report.stem}-{n + 1}.json") for n in range(RUNS)]
    runs = sorted((lighthouse(url, path, skip_audits) for path in reports), key=lambda run: run[0]["performance"])
    return runs[len(runs) // 2]


def main():
    if not LIGHTHOUSE.exists():
        sys.exit(f"No Lighthouse at {LIGHTHOUSE}: run `npm ci` in the repository root (Node 18 or 20).")
    if not Path(CHROME).exists():
        sys.exit(f"No Chromium at {CHROME}: apt-get install chromium, or set CHROME_PATH.")
    names = chosen("LIGHTHOUSE_PAGES", PAGES)
    langs = chosen("LIGHTHOUSE_LANGS", ["th", "en"])
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    (WORK_DIR / "reports").mkdir(parents=True)
    # Stopped with SIGTERM (or Ctrl-C): still stop gunicorn, in the `finally` below.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(f"Stopped by signal {number}."))
    env = production_environment()
    say("Building var/lighthouse/db.sqlite3 and the static files…")
    manage(env, "compile_catalogue")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_delgosea")
    manage(env, "collectstatic", "--no-input", "-v0")
    server = Server(env)
    rows, below, benchmarks = [], [], []
    try:
        for lang in langs:
            for name in names:
                url = server.base + PAGES[name].format(lang=lang)
                if status(url) != 200:
                    sys.exit(f"{url} did not answer 200.")
                say(f"Lighthouse: {url}")
                report = WORK_DIR / "reports" / f"{lang}-{name.replace(' ', '-')}.json"
                scores, cls, failing, benchmark = median_run(url, report, ("is-crawlable",) if name in NOINDEX else ())
                benchmarks.append(benchmark)
                rows.append((name, lang, scores, cls))
                misses = [
                    f"{key} {scores[key]} ({', '.join(failing[key])})"
                    for key in CATEGORIES
                    if scores[key] < TARGETS[key]
                ]
                if cls >= CLS_LIMIT:
                    misses.append(f"CLS {cls:.3f}")
                if misses:
                    below.append(f"{lang} {name}: " + "; ".join(misses))
    finally:
        server.stop()
    print("| Page | Lang | Performance | Accessibility | Best practices | SEO | CLS |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, lang, scores, cls in rows:
        print(f"| {name} | {lang} | " + " | ".join(str(scores[key]) for key in CATEGORIES) + f" | {cls:.3f} |")
    # Lighthouse's measure of this machine's speed (a mid-range desktop scores about 1000–2000); a busy or slow
    # machine inflates the blocking time, hence the performance score.
    print(f"\nLighthouse {RUNS} run(s) per page; benchmark index {min(benchmarks):.0f}–{max(benchmarks):.0f}.")
    if below:
        print("\nBelow the targets:\n" + "\n".join(below))
        sys.exit(1)
    print(f"\nEvery page meets the targets (performance >= 98, the others 100, CLS < {CLS_LIMIT}).")


if __name__ == "__main__":
    main()
