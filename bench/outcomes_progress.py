"""Benchmark: an episode's progress section (outcome charts) with 30 sessions and 6 instruments.

Run with `.venv/bin/python bench/outcomes_progress.py` (SQLite in a throwaway directory), or with
DATABASE_URL set for PostgreSQL. It records 30 responses for each of six instruments (NPRS, ODI,
RMDQ, TSK-17, PSFS, STarT Back) through the outcome service's builder, then reports the median of
30 renders of the progress section: the read (`outcome_summary`) and the template
(`outcomes/_progress.html`, which draws the SVG charts). Record the numbers in
docs/performance.md; the requirement is under 100 ms on a 2-core machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = tempfile.mkdtemp(prefix="taut-bench-")
os.environ.setdefault("TAUT_SECRET_KEY", "bench-only")
os.environ.setdefault("TAUT_DATA_DIR", TMP)
os.environ.setdefault("TAUT_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taut.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from taut.clinical import instruments  # noqa: E402
from taut.clinics.actor import Actor  # noqa: E402
from taut.clinics.models import Role  # noqa: E402
from taut.clinics.services import add_staff, create_clinic  # noqa: E402
from taut.episodes.models import Episode  # noqa: E402
from taut.lib import records  # noqa: E402
from taut.lib.text import digits, fold  # noqa: E402
from taut.outcomes.models import Response  # noqa: E402
from taut.outcomes.queries import outcome_summary  # noqa: E402
from taut.outcomes.services import build_response  # noqa: E402
from taut.patients.models import Patient  # noqa: E402

INSTRUMENTS = ("nprs", "odi", "rmdq", "tsk17", "psfs", "startback")
SESSIONS = 30
FIRST_SESSION = date(2026, 9, 1)


def answers(code: str, session: int) -> list[int | None]:
    """Plausible answers that improve over the episode, deterministically."""
    definition = instruments.get(code)
    progress = session / (SESSIONS - 1)
    out: list[int | None] = []
    for n, item in enumerate(definition.items[:3] if code == "psfs" else definition.items):
        values = sorted(item.values)
        worse = 1 - progress if not definition.higher_is_better else progress
        wobble = ((session + n) % 3 - 1) * 0.1
        share = min(max(0.2 + 0.6 * worse + wobble, 0.0), 1.0)
        if item.reverse_scored:
            share = 1 - share
        out.append(values[round(share * (len(values) - 1))])
    return out


def build() -> tuple[Actor, Episode, list[date]]:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    clinic = create_clinic(
        name="Bench",
        time_zone="UTC",
        owner_email="o@b.example",
        owner_name="O",
        owner_password="x",
        validate=False,
    )
    member = add_staff(
        clinic, email="c@b.example", full_name="C", role=Role.CLINICIAN, password="x"
    )
    patient = Patient.objects.create(
        clinic=clinic,
        record_number="T000001",
        family_name="García",
        given_names="Ana",
        birth_date=date(1970, 5, 31),
        gender="female",
        phone="+34 600 000001",
        search_name=fold("Ana García"),
        phone_digits=digits("+34 600 000001"),
    )
    episode = Episode.objects.create(
        clinic=clinic, patient=patient, onset_on=date(2026, 8, 1), started_on=FIRST_SESSION
    )
    sessions = [FIRST_SESSION + timedelta(days=3 * i) for i in range(SESSIONS)]
    responses = [
        build_response(episode=episode, instrument=code, answers=answers(code, i), collected_on=day)
        for code in INSTRUMENTS
        for i, day in enumerate(sessions)
    ]
    for response in responses:
        response.entered_by = member.user
        records.sign(response, member.user)  # as submit_response does: only signed ones count
    Response.objects.bulk_create(responses)
    return Actor(user=member.user, membership=member), episode, sessions


def measure(work: Callable[[], object], runs: int = 30) -> float:
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    actor, episode, sessions = build()
    summary = outcome_summary(actor, episode)
    assert [len(t.points) for t in summary.trends] == [SESSIONS] * len(INSTRUMENTS)

    def read() -> object:
        return outcome_summary(actor, episode)

    def draw() -> object:
        return render_to_string(
            "outcomes/_progress.html", {"outcomes": summary, "session_dates": sessions}
        )

    def both() -> object:
        return render_to_string(
            "outcomes/_progress.html",
            {"outcomes": outcome_summary(actor, episode), "session_dates": sessions},
        )

    html = draw()
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    sys.stdout.write(
        f"{len(INSTRUMENTS)} instruments x {SESSIONS} sessions, {engine}; median of 30 runs "
        f"({len(html) / 1024:.0f} KiB of HTML)\n"
    )
    for name, work in (
        ("read (outcome_summary)", read),
        ("render (_progress.html)", draw),
        ("progress section (both)", both),
    ):
        sys.stdout.write(f"  {name:26s} {measure(work):7.1f} ms\n")


if __name__ == "__main__":
    main()
