"""Every public page is valid HTML by the W3C Nu Html Checker (vnu.jar, pinned in package.json), in Thai and English.

The pages are every address of the sitemap, the lists with filters applied, a page of search results and the
comparison, rendered from the shipped data and checked in one run of the checker (its JVM starts slowly).
Without Java or vnu.jar the test is skipped with the reason; in CI (`CI=true`) it fails instead.
"""

import json
import re
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction

from delgosea.loader import load
from tests.browser.conftest import unavailable

pytestmark = pytest.mark.django_db

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGS = ["th", "en"]
# The lists as a visitor filters and pages them (values not understood included), search results, a comparison and
# the 404 page; the API's docs are added.
FILTERED = [
    "practices/?theme=3&country=th",
    "practices/?theme=1&theme=2&sort=copies",
    "practices/?q=water",
    "practices/?theme=9&country=zz",
    "practices/?page=9",
    "pilots/?country=th&award=excellence",
    "pilots/?practice=14",
    "transfers/?from=ph&to=th",
    "transfers/?theme=3",
    "municipalities/?role=pilot&country=id",
    "documents/?kind=case_study&kind=pilot_report",
    "documents/?page=2",
    "search/?q=น้ำเสีย",
    "search/?q=Marikina",
    "search/?q=no-such-thing",
    "compare/?p=constructed-wetland&p=eco-savers",
    "no-such-page/",
]
# A page with a known error: the checker must report it, which proves it read the files (it ignores what it cannot
# open, file: URLs for one).
CONTROL = '<!DOCTYPE html><html lang="en"><title>Control</title><form action=""></form></html>'
CONTROL_ERROR = "Bad value “” for attribute “action” on element “form”: Must be non-empty."


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    """The shipped data, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def checker():
    java = shutil.which("java")
    missing = "Java is not installed" if java is None else None
    if missing is None and not VNU_JAR.is_file():
        missing = f"vnu.jar is missing at {VNU_JAR} (run `npm ci` in the repository root)"
    if missing:
        unavailable(missing, "HTML conformance check")
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]


def sitemap_paths(client):
    xml = client.get("/sitemap.xml").content.decode()
    return sorted({urlsplit(url).path for url in re.findall(r"<loc>(.*?)</loc>", xml)})


def test_every_public_page_is_valid_html(client, shipped, checker, tmp_path):
    paths = sitemap_paths(client)
    assert len(paths) > 100, "the sitemap should list every record in both languages"
    paths += [f"/{lang}/{page}" for lang in LANGS for page in FILTERED] + ["/api/v1/docs"]
    files = {}
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code == (404 if "no-such-page" in path else 200), path
        assert response["Content-Type"].startswith("text/html"), path
        page = tmp_path / f"page-{number:03}.html"
        page.write_bytes(response.content)
        files[str(page)] = path
    control = tmp_path / "control.html"
    control.write_text(CONTROL, encoding="utf-8")

    run = subprocess.run([*checker, str(control), *files], capture_output=True, text=True, timeout=600, check=False)

    messages = json.loads(run.stderr)["messages"]
    by_file = {}
    for message in messages:
        by_file.setdefault(urlsplit(message.get("url", "")).path, []).append(message)
    assert [m["message"] for m in by_file.pop(str(control), [])] == [CONTROL_ERROR], run.stderr
    problems = [
        f"{files.get(name, name)} line {message.get('lastLine')}: {message['message']}\n"
        f"    {message.get('extract', '').strip()}"
        for name, found in by_file.items()
        for message in found
    ]
    assert not problems, f"{len(problems)} errors from the Nu Html Checker:\n" + "\n".join(problems)
