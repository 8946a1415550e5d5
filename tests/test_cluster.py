"""`make cluster`, shortened: two app servers sharing PostgreSQL, Redis and an object store (scripts/cluster.py).

Runs in the PostgreSQL pass of `make test` (CI runs both passes), on a throwaway database next to DATABASE_URL's
(its name plus _cluster_load), created and dropped by the script. About a minute.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the two-server cluster runs on PostgreSQL: it runs in the DATABASE_URL=postgres://… pass of make test",
)


def cluster_database_url():
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_cluster_load"))


def test_two_app_servers_serve_each_others_uploads_and_edits_under_load_and_alone():
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed; .ci/run installs it")
        pytest.skip("redis-server is not installed: the cluster's shared page cache needs it")
    env = {**os.environ, "CLUSTER_SECONDS": "5", "CLUSTER_DATABASE_URL": cluster_database_url()}

    result = subprocess.run(
        [sys.executable, "scripts/cluster.py"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for check in ("a) photo uploaded on A, served on B", "b) edit saved on A", "d) load on A and B", "c) A stopped"):
        assert f"PASS {check}" in output, output
    assert "\nerrors: 0\n" in output, output
