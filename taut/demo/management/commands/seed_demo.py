from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from taut.demo.seed import demo_exists, demo_today, login_table, seed


class Command(BaseCommand):
    help = "Loads the deterministic demo clinics, staff, patients and episodes (once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="lay out dates from this day")

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_exists():
            self.stdout.write("The demo clinics are already loaded.")
        else:
            today = options["today"]
            if isinstance(today, str):
                today = date.fromisoformat(today)
            started = time.monotonic()

            def progress(number: int, steps: int, what: str) -> None:
                elapsed = time.monotonic() - started
                self.stdout.write(f"  [{number}/{steps}] {what} ({elapsed:.0f} s so far)")
                self.stdout.flush()

            self.stdout.write("Loading the demo clinics (about a minute on a laptop):")
            ctx = seed(today or demo_today(), progress=progress)
            count = sum(len(p) for p in ctx.patients.values())
            self.stdout.write(self.style.SUCCESS(f"Loaded the demo: 2 clinics, {count} patients."))
        self.stdout.write("\nDemo logins\n" + login_table() + "\n")
