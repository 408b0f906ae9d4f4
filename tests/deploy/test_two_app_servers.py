"""Two app servers on one PostgreSQL, as docs/deployment.md describes: a session signed in on one
is honoured by the other, and writes sent to both at once are neither lost nor doubled.

Real gunicorn processes on this machine, with Taut's production settings, against the test
database (PostgreSQL runs only: SQLite is one machine's database by nature).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection

from taut.audit.models import AuditEntry
from taut.consent.services import ensure_default_documents
from taut.outcomes.models import Response
from taut.sessions.models import NeedlingSession
from tests.api.test_sessions_api import complete
from tests.builders import PASSWORD, make_episode
from tests.consent.builders import make_consent
from tests.safety.builders import make_safe_to_needle

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several app servers share PostgreSQL only"
    ),
]
ROOT = Path(__file__).resolve().parents[2]
WRITES = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _production_env(tmp_path: Path, static: Path) -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "taut.settings",
        "TAUT_SECRET_KEY": "shared-by-every-app-server",
        "TAUT_DATA_DIR": str(tmp_path),
        "TAUT_STATIC_ROOT": str(static),
        "TAUT_SECURE_COOKIES": "false",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TAUT_DB_POOLING": "pool",
    }


@pytest.fixture(scope="module")
def static(tmp_path_factory):
    """The static files every app server serves, collected once (as a deployment's image does)."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=_production_env(root.parent / "collect", root),
        cwd=ROOT,
        check=True,
    )
    return root


@contextmanager
def app_server(tmp_path: Path, static: Path):
    """One app server: gunicorn with Taut's production settings on the test database."""
    port = _free_port()
    env = _production_env(tmp_path / str(port), static)
    server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [sys.executable, "-m", "gunicorn", "taut.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--worker-class", "gthread", "--threads", "4", "--no-control-socket"],
        env=env,
        cwd=ROOT,
        stdout=(tmp_path / f"{port}.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def signed_in(base: str, email: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/accounts/login/", timeout=30)
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    browser.post(
        f"{base}/accounts/login/",
        data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        timeout=30,
    )
    browser.headers["X-CSRFToken"] = browser.cookies["taut_csrftoken"]
    return browser


def post(browser: requests.Session, url: str, body: dict) -> int:
    return browser.post(url, data=json.dumps(body), timeout=60).status_code


@pytest.fixture
def servers(tmp_path, static):
    with ExitStack() as stack:
        yield [stack.enter_context(app_server(tmp_path, static)) for _ in range(2)]


def test_two_app_servers_share_sessions_and_lose_or_double_no_write(
    servers, actor_a, clinician_a, patient_a
):
    episode_a = make_episode(actor_a, patient_a)
    user = clinician_a.user  # hashed as production hashes (the test settings use a fast hasher)
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    ensure_default_documents(actor_a.clinic)
    make_safe_to_needle(actor_a, patient_a)
    make_consent(actor_a, patient_a)
    first, second = servers
    browser = signed_in(first, clinician_a.user.email)
    responses = f"/api/episodes/{episode_a.public_id}/responses"

    assert browser.get(f"{second}/api/episodes/{episode_a.public_id}/outcomes").status_code == 200

    with ThreadPoolExecutor(8) as pool:
        statuses = list(
            pool.map(
                lambda n: post(
                    browser,
                    f"{servers[n % 2]}{responses}",
                    {"instrument": "nprs", "answers": [n % 11]},
                ),
                range(WRITES),
            )
        )
    assert statuses == [201] * WRITES
    assert Response.objects.filter(episode=episode_a).count() == WRITES

    draft = browser.post(
        f"{first}/api/episodes/{episode_a.public_id}/sessions",
        data=json.dumps(complete()),
        timeout=60,
    ).json()["id"]
    with ThreadPoolExecutor(2) as pool:
        signing = sorted(
            pool.map(lambda base: post(browser, f"{base}/api/sessions/{draft}/sign", {}), servers)
        )

    assert signing == [200, 409]  # one server signs; the other finds it signed
    assert list(NeedlingSession.objects.values_list("status", flat=True)) == ["signed"]
    assert AuditEntry.objects.filter(action="sign", object_id=draft).count() == 1
