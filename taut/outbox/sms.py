"""Taut's small SMS backend interface: a backend has ``send(to=, body=, key=)`` and raises on
failure. ``TAUT_SMS_BACKEND`` names the class: the console (the demo), a file per message (tests,
a clinic without a provider yet), or a provider adapter of your own (docs/follow-up.md).
``key`` is the message's idempotency key: an adapter passes it to a provider that takes one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str, key: str) -> None: ...


class ConsoleBackend:
    """Writes each SMS to standard output."""

    def send(self, *, to: str, body: str, key: str) -> None:
        sys.stdout.write(f"SMS to {to} ({key}):\n{body}\n\n")
        sys.stdout.flush()


class FileBackend:
    """Appends each SMS as one JSON line to ``TAUT_SMS_FILE_PATH``."""

    def send(self, *, to: str, body: str, key: str) -> None:
        path = Path(settings.TAUT_SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = {"to": to, "body": body, "key": key, "at": timezone.now().isoformat()}
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")


def backend() -> SmsBackend:
    found: SmsBackend = import_string(settings.TAUT_SMS_BACKEND)()
    return found
