"""``taut worker``: one background worker (django-tasks-db's ``db_worker``) with the outbox's
sweep scheduled, so that due messages go out even when their own task was lost."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from taut.outbox.services import ensure_sweep


class Command(BaseCommand):
    help = "Run a background worker: sends check-ins, reminders and links when they are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is due, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument("--worker-id", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_sweep()
        extra = {"worker_id": options["worker_id"]} if options["worker_id"] else {}
        call_command(
            "db_worker",
            batch=options["batch"],
            interval=options["interval"],
            reload=False,
            startup_delay=False,
            **extra,
        )
