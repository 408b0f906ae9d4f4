"""Real worker processes (`taut worker`) killed with SIGKILL at random moments while messages are
due, restarted, and every message sent exactly once by Taut's record (one SENT row, one audit
entry) and at least once to the mail system (one file per delivery; a repeat only where a worker
died mid-send). Three workers on PostgreSQL's test database, sharing the queue.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from taut.audit.models import Action, AuditEntry
from taut.outbox import services
from taut.outbox.models import Message, State

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="workers share the test database on PostgreSQL"
    ),
]
ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 60
WORKERS = 3


def worker_env(tmp_path: Path) -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "taut.settings",
        "TAUT_SECRET_KEY": "worker-test",
        "TAUT_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TAUT_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TAUT_EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "TAUT_OUTBOX_CLAIM_SECONDS": "3",
        "TAUT_OUTBOX_SWEEP_SECONDS": "1",
    }


def start(env: dict[str, str], n: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--worker-id", f"w{n}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def delivered(mail_dir: Path) -> Counter[str]:
    """How many times each message reached the mail system, by its Message-ID."""
    found: Counter[str] = Counter()
    for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
        for line in path.read_text(errors="replace").splitlines():
            if line.lower().startswith("message-id:"):
                found[line.split(":", 1)[1].strip()] += 1
    return found


def test_killed_workers_lose_and_repeat_no_message_by_taut_record(clinic_a, tmp_path):
    rng = random.Random(11)  # noqa: S311 - the test's own randomness
    env = worker_env(tmp_path)
    first = timezone.now() + timedelta(seconds=2)
    for n in range(MESSAGES):  # due one after another while the workers are being killed
        services.schedule(
            due_at=first + timedelta(seconds=n * 0.1),
            clinic=clinic_a,
            key=f"test:{n}",
            purpose="test",
            channel="email",
            to=f"patient{n}@example.org",
            subject="Test",
            body=f"Message {n}",
        )
    workers = [start(env, n) for n in range(WORKERS)]
    kills = 0
    try:
        deadline = time.monotonic() + 90
        chaos_until = time.monotonic() + 10
        while time.monotonic() < deadline:
            if time.monotonic() < chaos_until:
                time.sleep(rng.uniform(0.2, 1.0))
                victim = rng.randrange(WORKERS)
                workers[victim].send_signal(signal.SIGKILL)
                workers[victim].wait()
                kills += 1
                workers[victim] = start(env, WORKERS + kills)
            elif not Message.objects.exclude(state=State.SENT).exists():
                break
            else:
                time.sleep(0.5)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    assert kills > 3
    assert set(Message.objects.values_list("state", flat=True)) == {State.SENT}
    sends = Counter(
        AuditEntry.objects.filter(action=Action.SEND).values_list("object_id", flat=True)
    )
    assert len(sends) == MESSAGES
    assert set(sends.values()) == {1}  # each sent once by Taut's record
    reached = delivered(tmp_path / "mail")
    expected = {services.message_id(m) for m in Message.objects.all()}
    assert set(reached) == expected  # none lost on the way
    assert sum(reached.values()) - MESSAGES <= kills  # a repeat only where a worker died
    assert Message.objects.filter(sent_at__lte=timezone.now()).count() == MESSAGES
