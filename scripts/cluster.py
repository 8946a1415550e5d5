#!/usr/bin/env python3
"""Two app servers with the same settings behind one imaginary load balancer: what one does, the other serves.

    make cluster                        # about a minute: 20 s of load, 8 visitors at a time
    CLUSTER_SECONDS=5 make cluster

What it starts, all on this machine's loopback interface, and stops again (processes and database) on exit,
Ctrl-C included:
- an S3-compatible object store (moto's server mode) with a fresh bucket, for photos, renditions and documents;
- Redis, the page cache both servers share;
- a fresh PostgreSQL database (default delgosea_cluster_load), migrated and loaded with the DELGOSEA data;
- two gunicorn instances, A and B, on two ports with the same production environment (DEBUG off, one
  SECRET_KEY, ALLOWED_HOSTS), reached as a TLS-terminating proxy would (Host without a port,
  X-Forwarded-Proto: https), so they share the cached pages as they would behind a load balancer.

Then it shows, as an editor and visitors would see it over HTTP:
a) a photo uploaded through A's admin (logged in like a browser: cookies, CSRF) is on B's page, and the
   address B's <img> points at answers 200 with image bytes;
b) an edit saved through A's admin is on B's very next request, though B had the page cached;
d) a load run against both, with an editor saving through both admins meanwhile, gets no error
   (non-2xx/3xx answers and connection errors), and every edit is then on both servers' pages;
c) with A stopped (it then refuses connections), B alone serves the load with no error.
It exits non-zero if any check fails.

Settings (environment): CLUSTER_SECONDS (20), CLUSTER_CONCURRENCY (8), CLUSTER_WORKERS (2 per instance),
CLUSTER_DATABASE_URL (postgres://postgres@127.0.0.1:5432/delgosea_cluster_load; its name must end in _load).
"""

import collections
import http.cookies
import io
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser

from loadtest import BASE_DIR, free_port, manage, production_environment, recreate_database, say, setting

WORK_DIR = BASE_DIR / "var" / "cluster"
SECONDS = setting("CLUSTER_SECONDS", 20)
CONCURRENCY = setting("CLUSTER_CONCURRENCY", 8)
WORKERS = setting("CLUSTER_WORKERS", 2)
DATABASE_URL = os.environ.get("CLUSTER_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/delgosea_cluster_load"
# The site's name as the proxy passes it on: the same on both servers, so their page-cache keys are the same.
SITE_HOST = "127.0.0.1"
PROXY_HEADERS = {"Host": SITE_HOST, "X-Forwarded-Proto": "https"}
ORIGIN = f"https://{SITE_HOST}"
BUCKET = "delgosea-cluster"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


OPENER = urllib.request.build_opener(NoRedirect)


def request(url, data=None, headers=None, timeout=15):
    """(status, headers, body bytes) of one request; HTTP errors are answers, connection errors raise OSError."""
    try:
        with OPENER.open(urllib.request.Request(url, data=data, headers=headers or {}), timeout=timeout) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Visitor:
    """One browser behind the proxy: keeps its cookies (Secure ones too: the proxy speaks HTTPS to it)."""

    def __init__(self):
        self.cookies = {}

    def send(self, base, path, data=None, content_type=None):
        headers = dict(PROXY_HEADERS)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if data is not None:
            headers["Origin"] = ORIGIN  # what a browser sends with a form; Django's CSRF check compares it
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        status, answer_headers, body = request(base + path, data, headers)
        for line in answer_headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(line).items():
                if "1970" in morsel["expires"] or morsel["max-age"] == "0":  # deleted
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return status, answer_headers, body.decode("utf-8", errors="replace")

    def login(self, base, username, password):
        form = read_form(self.send(base, "/admin/login/?next=/admin/")[2], "login-form")
        fields = dict(form, username=username, password=password)
        status, headers, _body = self.send(base, "/admin/login/?next=/admin/", urllib.parse.urlencode(fields).encode())
        if status != 302 or headers.get("Location") != "/admin/":
            raise CheckFailed(f"logging in on {base} answered {status} {headers.get('Location')}")

    def save_practice(self, base, pk, files=None, **changes):
        """Open the practice's admin change page and save it like the Save button does, with `changes`."""
        path = f"/admin/practices/bestpractice/{pk}/change/"
        status, _headers, page = self.send(base, path)
        if status != 200:
            raise CheckFailed(f"the admin change page {path} on {base} answered {status}")
        fields = [(name, value) for name, value in read_form(page, "bestpractice_form") if name not in changes]
        fields += [*changes.items(), ("_save", "Save")]
        body, content_type = multipart(fields, files or {})
        status, headers, page = self.send(base, path, body, content_type)
        if status != 302:
            raise CheckFailed(f"saving practice {pk} through {base}'s admin answered {status}: {form_errors(page)}")


class FormReader(HTMLParser):
    """The (name, value) pairs a browser submits from the form with the given id, in document order."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "chosen": [], "first": None}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]  # a browser submits the first option when none is selected
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # The HTML parser keeps the newline browsers drop after <textarea>.
            self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None


def read_form(page, form_id):
    reader = FormReader(form_id)
    reader.feed(page)
    if not reader.fields:
        raise CheckFailed(f"no form #{form_id} on the page")
    return reader.fields


def form_errors(page):
    reader = TextOf("errorlist")
    reader.feed(page)
    return "; ".join(reader.texts) or page[:300]


class TextOf(HTMLParser):
    """The text of every element with the given class (the admin's error lists)."""

    def __init__(self, css_class):
        super().__init__(convert_charrefs=True)
        self.css_class, self.depth, self.texts = css_class, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth or self.css_class in (dict(attrs).get("class") or "").split():
            self.depth += 1
            if self.depth == 1:
                self.texts.append("")

    def handle_endtag(self, tag):
        self.depth = max(self.depth - 1, 0)

    def handle_data(self, data):
        if self.depth:
            self.texts[-1] += data.strip() + " "


class ImageSources(HTMLParser):
    """The src of every <img> inside <figure class="photo"> (a practice's photo)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_figure, self.sources = False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "photo" in (attrs.get("class") or "").split():
            self.in_figure = True
        elif tag == "img" and self.in_figure:
            self.sources.append(attrs.get("src", ""))

    def handle_endtag(self, tag):
        if tag == "figure":
            self.in_figure = False


def multipart(fields, files):
    """A multipart/form-data body, as a browser sends a form with a file input."""
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class CheckFailed(Exception):
    pass


class Processes:
    """Every server this script starts, stopped in reverse order however the script ends."""

    def __init__(self):
        self.running = []  # (name, Popen, log file)

    def start(self, name, command, env=None):
        log = open(WORK_DIR / f"{name}.log", "w")  # noqa: SIM115 - open for the process's whole life
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append((name, process, log))
        return process

    def stop(self, process):
        for entry in list(self.running):
            if entry[1] is process:
                self.running.remove(entry)
                stop_process(*entry)

    def stop_all(self):
        while self.running:
            stop_process(*self.running.pop())


def stop_process(name, process, log):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log.close()


def wait_for(what, probe, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"{what} stopped before it answered; see {WORK_DIR}/")
        try:
            if probe():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise CheckFailed(f"{what} did not answer within {seconds} s")


def start_object_store(processes):
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = processes.start("moto", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)])
    wait_for("the object store (moto)", lambda: request(endpoint + "/moto-api/")[0] == 200, server)
    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="cluster", aws_secret_access_key="x"
    )
    client.create_bucket(Bucket=BUCKET)
    # As the README asks of a real bucket: photos and renditions readable by anyone, documents/ not.
    public = [f"arn:aws:s3:::{BUCKET}/{folder}/*" for folder in ("practices", "partners", "pilots", "renditions")]
    statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": public}
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    return endpoint


def start_redis(processes):
    binary = shutil.which("redis-server")
    if not binary:
        raise CheckFailed("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    server = processes.start("redis", [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""])
    wait_for("Redis", lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close() is None, server)
    return f"redis://127.0.0.1:{port}/0"


def start_app_server(processes, name, env):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = processes.start(
        f"gunicorn-{name}",
        [sys.executable, "-m", "gunicorn", "delgosea.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(WORKERS)],
        env,
    )
    wait_for(f"gunicorn {name}", lambda: request(base + "/healthz")[0] == 200, server)
    return base, server


def public_page(base, path):
    return Visitor().send(base, path)


def image_bytes(base, source):
    """Fetch what an <img src> points at, as a browser on the public site would."""
    url = urllib.parse.urljoin(f"{ORIGIN}/", source)
    parts = urllib.parse.urlsplit(url)
    if parts.netloc == SITE_HOST:  # on the site itself: through the proxy, to server `base`
        status, headers, body = request(
            base + parts.path + (f"?{parts.query}" if parts.query else ""), None, PROXY_HEADERS
        )
    else:
        status, headers, body = request(url)
    return url, status, headers.get("Content-Type", ""), body


def a_photo_uploaded_on_a_is_served_on_b(editor, a, b, practice):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 110, 160)).save(out, "JPEG", quality=85)
    editor.save_practice(
        a,
        practice.pk,
        files={"photo": ("cluster.jpg", out.getvalue(), "image/jpeg")},
        photo_alt_th="ภาพทดสอบจากเซิร์ฟเวอร์ A",
        photo_alt_en="A test photo uploaded through server A",
    )
    status, headers, page = public_page(b, f"/en/practices/{practice.slug}/")
    reader = ImageSources()
    reader.feed(page)
    if status != 200 or not reader.sources:
        raise CheckFailed(f"B's page /en/practices/{practice.slug}/ ({status}) shows no photo")
    url, status, content_type, body = image_bytes(b, reader.sources[0])
    try:
        with Image.open(io.BytesIO(body)) as image:
            found = f"{image.format} {image.width}×{image.height}"
    except Exception:
        found = None
    if status != 200 or not content_type.startswith("image/") or not found:
        raise CheckFailed(f"B's <img> {url} answered {status} {content_type!r}, {len(body)} bytes, not an image")
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(url))
    allowed = next(
        (rule.split()[1:] for rule in headers.get("Content-Security-Policy", "").split(";") if "img-src" in rule), []
    )
    if origin != ORIGIN and origin not in allowed:
        raise CheckFailed(f"B's Content-Security-Policy img-src {allowed} does not allow the photo's host {origin}")
    return f"B's <img> {url} -> 200 {content_type}, {len(body)} bytes ({found}), allowed by B's CSP"


def an_edit_on_a_is_on_bs_next_request(editor, a, b, practice):
    path = f"/en/practices/{practice.slug}/"
    public_page(b, path)
    cached = public_page(b, path)[1].get("X-Page-Cache")
    if cached != "hit":
        raise CheckFailed(f"B did not serve {path} from the page cache before the edit (X-Page-Cache: {cached})")
    title = f"{practice.title_en} (edited on A {secrets.token_hex(3)})"
    editor.save_practice(a, practice.pk, title_en=title)
    status, headers, page = public_page(b, path)
    from django.utils.html import escape

    if status != 200 or escape(title) not in page:
        raise CheckFailed(f"B's next request for {path} ({status}) does not show the title saved on A")
    return f"B had {path} cached (hit); its next request after A's save: 200, new title ({headers.get('X-Page-Cache')})"


class Load:
    """Visitors on both servers, as a round-robin load balancer sends them, counting every answer."""

    def __init__(self, bases, paths):
        self.bases, self.paths = bases, paths
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.answers = collections.Counter()  # (base, status or error name)
        self.turn = 0

    def visitor(self):
        rng = random.Random()
        while not self.stop.is_set():
            with self.lock:
                base = self.bases[self.turn % len(self.bases)]
                self.turn += 1
            try:
                outcome = request(base + rng.choice(self.paths), None, PROXY_HEADERS)[0]
            except OSError as error:
                outcome = f"no answer ({type(error).__name__})"
            with self.lock:
                self.answers[base, outcome] += 1

    def run(self, seconds):
        """CONCURRENCY visitors for `seconds`; returns how long they ran."""
        visitors = [threading.Thread(target=self.visitor, daemon=True) for _ in range(CONCURRENCY)]
        started = time.monotonic()
        for thread in visitors:
            thread.start()
        time.sleep(seconds)
        self.stop.set()
        for thread in visitors:
            thread.join(timeout=30)
        return time.monotonic() - started

    def errors(self):
        return {key: count for key, count in self.answers.items() if not (isinstance(key[1], int) and key[1] < 400)}


class Editor(threading.Thread):
    """Staff at work during the load: a practice's titles saved through the admin, on A and B in turn, with the
    one session the editor logged in with on A (as a load balancer would send the editor to either)."""

    def __init__(self, bases, session, practices):
        super().__init__(name="editor", daemon=True)
        self.bases, self.session = bases, session
        self.originals = {practice.pk: (practice.title_th, practice.title_en) for practice in practices}
        self.stop = threading.Event()
        self.last = {}  # pk -> (title_th, title_en) last saved
        self.saves = collections.Counter()
        self.errors = []

    def run(self):
        pks = sorted(self.originals)
        number = 0
        while not self.stop.wait(0.5):
            number += 1
            base = self.bases[number % len(self.bases)]
            pk = pks[number % len(pks)]
            title_th, title_en = self.originals[pk]
            title_th, title_en = f"{title_th} (แก้ไขครั้งที่ {number})", f"{title_en} (edit {number})"
            try:
                self.session.save_practice(base, pk, title_th=title_th, title_en=title_en)
            except (CheckFailed, OSError) as error:
                self.errors.append(f"edit {number} through {base}: {error}")
            else:
                self.last[pk] = (title_th, title_en)
                self.saves[base] += 1


def load_with_edits(a, b, paths, practices, session):
    from django.utils.html import escape

    load = Load([a, b], paths)
    editor = Editor([a, b], session, practices)
    editor.start()
    seconds = load.run(SECONDS)
    editor.stop.set()
    editor.join(timeout=30)
    stale = [
        f"{base} /{language}/practices/{slug}/ does not show {title!r}"
        for pk, titles in editor.last.items()
        for slug in [next(practice.slug for practice in practices if practice.pk == pk)]
        for base in (a, b)
        for language, title in zip(("th", "en"), titles, strict=True)
        if escape(title) not in public_page(base, f"/{language}/practices/{slug}/")[2]
    ]
    return load, editor, seconds, stale


def main():
    # Ctrl-C and `kill` both end in the clean-up below (SIGINT too when the shell started this in the background).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    WORK_DIR.mkdir(parents=True)
    processes = Processes()
    checks = []  # (label, passed, detail)
    name = None
    try:
        say("== starting the object store, Redis and a fresh database ==")
        endpoint = start_object_store(processes)
        env = {
            **production_environment(),
            "DATABASE_URL": DATABASE_URL,
            "ALLOWED_HOSTS": SITE_HOST,
            "STATIC_ROOT": str(WORK_DIR / "static"),
            # Only files that did not reach the object store would land here; neither server serves it.
            "MEDIA_ROOT": str(WORK_DIR / "media-not-shared"),
            "CACHE_URL": start_redis(processes),
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "cluster",
            "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(20),
        }
        name = recreate_database(DATABASE_URL)
        manage(env, "compile_catalogue")
        # The static files (hashed and compressed, a quarter of the set-up) are collected while the database loads.
        static = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=BASE_DIR, env=env
        )
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_delgosea")
        if static.wait() != 0:
            raise CheckFailed("collectstatic failed")
        os.environ.update(env)
        sys.path.insert(0, str(BASE_DIR))
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.db import connection
        from loadtest import url_mix

        paths, practices = url_mix()
        password = secrets.token_urlsafe(16)
        get_user_model().objects.create_superuser("cluster-editor", "editor@example.org", password)
        connection.close()

        a, server_a = start_app_server(processes, "A", env)
        b, _server_b = start_app_server(processes, "B", env)
        say(f"object store {endpoint} (bucket {BUCKET}), page cache {env['CACHE_URL']}, database {name}")
        say(f"server A {a}, server B {b}: {WORKERS} gunicorn workers each, the same environment")

        def check(label, function, *args):
            try:
                detail = function(*args)
            except (CheckFailed, OSError) as error:
                checks.append((label, False, str(error)))
            else:
                checks.append((label, True, detail))
            say(f"{label}: {'OK' if checks[-1][1] else 'FAILED'} - {checks[-1][2]}")

        editor = Visitor()
        editor.login(a, "cluster-editor", password)
        say("== cross-instance checks ==")
        check("a) photo uploaded on A, served on B", a_photo_uploaded_on_a_is_served_on_b, editor, a, b, practices[0])
        check("b) edit saved on A, on B's next request", an_edit_on_a_is_on_bs_next_request, editor, a, b, practices[1])

        say(f"== {SECONDS} s of load on A and B: {CONCURRENCY} visitors, {len(paths)} URLs, an editor saving ==")
        load, edits, seconds, stale = load_with_edits(a, b, paths, practices[2:], editor)
        total = sum(load.answers.values())
        errors = load.errors()
        for base, label in ((a, "A"), (b, "B")):
            statuses = collections.Counter()
            for (answered, outcome), count in load.answers.items():
                if answered == base:
                    statuses[outcome] += count
            say(f"server {label}: {sum(statuses.values())} requests, {dict(sorted(statuses.items(), key=str))}")
        say(f"requests: {total} in {seconds:.1f} s = {total / seconds:.1f} requests/s")
        say(f"errors: {sum(errors.values())}" + (f" {errors}" if errors else ""))
        say(
            f"admin saves with the session from A's login: {sum(edits.saves.values())} "
            f"(through A {edits.saves[a]}, through B {edits.saves[b]}), failed: {len(edits.errors)}"
        )
        problems = [f"{count} × {outcome} from {base}" for (base, outcome), count in errors.items()]
        problems += edits.errors + stale
        if not edits.last:
            problems.append("the editor saved nothing")
        detail = f"{total} requests, 0 errors, every edit on both servers in Thai and English"
        checks.append(("d) load on A and B with edits", not problems, "; ".join(problems[:5]) or detail))
        say(f"{checks[-1][0]}: {'OK' if checks[-1][1] else 'FAILED'} - {checks[-1][2]}")

        say("== stopping A ==")
        processes.stop(server_a)
        try:
            request(a + "/healthz")
            a_down = False
        except OSError:
            a_down = True  # nothing listens on A's port any more
        alone = Load([b], paths)
        seconds = alone.run(min(SECONDS, 10))
        answers = collections.Counter({outcome: count for (_base, outcome), count in alone.answers.items()})
        checks.append(
            (
                "c) A stopped, B serves",
                not alone.errors() and a_down,
                f"A {'refuses connections' if a_down else 'STILL ANSWERS'}; B alone, {CONCURRENCY} visitors for "
                f"{seconds:.0f} s: {sum(answers.values())} requests, {dict(sorted(answers.items(), key=str))}",
            )
        )
        say(f"{checks[-1][0]}: {'OK' if checks[-1][1] else 'FAILED'} - {checks[-1][2]}")
    except CheckFailed as error:
        checks.append(("setup", False, str(error)))
        say(f"FAILED: {error}")
    except KeyboardInterrupt:
        checks.append(("interrupted", False, "stopped before every check ran"))
        say("== interrupted: stopping every server and dropping the database ==")
    finally:
        processes.stop_all()
        if name:
            from loadtest import drop_database

            drop_database(DATABASE_URL)
    say("== result ==")
    for label, passed, detail in checks:
        say(f"{'PASS' if passed else 'FAIL'} {label}: {detail}")
    if not checks or not all(passed for _label, passed, _detail in checks):
        say(f"FAILED (the servers' logs: {WORK_DIR}/)")
        return 1
    say("OK: both servers serve the same site, and either serves it alone.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
