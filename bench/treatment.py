"""Benchmark: a busy clinic's week calendar, a long treatment chart, and signing a session.

Run with `make bench` (or `.venv/bin/python bench/treatment.py`; SQLite in a throwaway directory),
or with DATABASE_URL set for PostgreSQL. Everything is built through the real services:

- one location open Monday to Saturday 08:00-20:00 and six clinicians working those hours, each
  with 12 appointments of 45 minutes a day on the six days of next week (432 appointments, 216
  patients seen twice each), booked with `book_appointment`;
- a patient whose active episode has 30 signed needling sessions of three insertions each
  (red-flag screen, safety profile and consent first, then `start_session`, `save_session`,
  `sign_session`);
- 32 drafts of six insertions, one per episode of 32 other patients, to sign.

It reports the median of 30 requests, through Django's test client as a logged-in clinician
(middleware, clinic scope, audit entry, queries and template), of the week calendar and the
patient chart, and the median of 30 `sign_session` calls (the safety gate, billing codes and audit
entry; of the 32 drafts one warms up and one is signed while counting queries), each with the
number of SQL queries it makes.
Record the numbers in docs/performance.md; the requirement is under 300 ms for the calendar and
the chart and under 100 ms for signing, on a 2-core machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from functools import partial
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from taut.appointments.models import Kind  # noqa: E402
from taut.appointments.services import (  # noqa: E402
    book_appointment,
    set_availability,
    set_opening_hours,
)
from taut.clinical.red_flags import FLAGS  # noqa: E402
from taut.clinics.actor import Actor  # noqa: E402
from taut.clinics.models import Clinic, Membership, Role  # noqa: E402
from taut.clinics.services import add_staff, create_clinic  # noqa: E402
from taut.consent import queries as consent_queries  # noqa: E402
from taut.consent.models import (
    Consent,  # noqa: E402
    ConsentKind,  # noqa: E402
)
from taut.consent.services import ensure_default_documents, record_consent  # noqa: E402
from taut.episodes.models import Episode  # noqa: E402
from taut.episodes.services import open_episode  # noqa: E402
from taut.lib.records import RecordStatus  # noqa: E402
from taut.patients.models import Patient  # noqa: E402
from taut.patients.services import register_patient  # noqa: E402
from taut.safety.models import RedFlagScreen, SafetyProfile  # noqa: E402
from taut.safety.services import confirm_safety_profile, record_red_flag_screen  # noqa: E402
from taut.sessions.models import NeedlingSession  # noqa: E402
from taut.sessions.services import (  # noqa: E402
    InsertionInput,
    SessionInput,
    save_session,
    sign_session,
    start_session,
)

CLINICIANS = 6
DAYS = 6  # Monday to Saturday
SLOTS = 12  # appointments per clinician per day, on the hour from 08:00
MINUTES = 45
CHART_SESSIONS = 30
GROWTH = (10, 30, 100, 300)  # signed sessions on the charts of the growth table
RUNS = 30
SURNAMES = ["García", "Smith", "López", "Brown", "Núñez", "Taylor", "Díaz", "Wilson"]
GIVEN = ["Ana", "John", "María", "Liam", "Sara", "Omar", "Ingrid", "Tuan"]
# A drawn signature inside the consent pad (600 x 200), as the pad writes it.
SIGNATURE = "M100 120 L110 110 L125 130 Q140 90 160 120 C170 100 190 140 210 115"


def needle(muscle: str, side: str, length: int = 50, depth: str = "30") -> InsertionInput:
    return InsertionInput(muscle, side, Decimal("0.30"), length, 1, Decimal(depth), "pistoning")


LOW_BACK = [
    needle("multifidus", "left", 60, "40"),
    needle("multifidus", "right", 60, "40"),
    needle("gluteus_medius", "left"),
]
SIX = [
    *LOW_BACK,
    needle("gluteus_medius", "right"),
    needle("quadratus_lumborum", "left", 75, "50"),
    needle("quadratus_lumborum", "right", 75, "50"),
]


def session_input(insertions: list[InsertionInput]) -> SessionInput:
    return SessionInput(
        new_red_flags=False,
        medication_changes=False,
        side_effects_since_last=False,
        nprs_before=6,
        position="prone",
        skin_cleaned=True,
        single_use_sterile_needles=True,
        insertions=insertions,
        needles_out=sum(i.needle_count for i in insertions),
        nprs_after=4,
        stretching_given=True,
        side_effects=[("soreness", "")],
    )


def actor_of(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership)


def register(actor: Actor, i: int) -> Patient:
    family, given = SURNAMES[i % 8] + str(i // 8), GIVEN[(i * 7) % 8]
    return register_patient(
        actor,
        data={
            "family_name": family,
            "given_names": given,
            "birth_date": date(1950, 1, 1) + timedelta(days=(i * 97) % 20000),
            "gender": "female" if i % 2 else "male",
            "phone": f"+34 600 {i:06d}",
        },
    )


def ready_to_needle(actor: Actor, patient: Patient, since_days: int = 120) -> Episode:
    """An active episode begun ``since_days`` ago, a screen with no red flags, a safety profile
    and signed consent."""
    today = actor.today()
    episode = open_episode(
        actor,
        patient,
        onset_on=today - timedelta(days=since_days + 80),
        started_on=today - timedelta(days=since_days),
        presenting_complaint="Low back pain",
        diagnosis_codes=["M54.50"],
    )
    record_red_flag_screen(actor, patient, answers=dict.fromkeys(FLAGS, False))
    confirm_safety_profile(actor, patient, answers={})
    document = consent_queries.current_document(actor.clinic, kind=ConsentKind.DRY_NEEDLING)
    assert document is not None  # noqa: S101 - ensure_default_documents published it
    record_consent(
        actor,
        patient,
        document=document,
        method="drawn_signature",
        signature_path=SIGNATURE,
        confirmed=True,
    )
    return episode


def build_clinic() -> tuple[Clinic, Actor, list[Membership]]:
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
    owner = actor_of(Membership.objects.get(clinic=clinic, role=Role.OWNER))
    ensure_default_documents(clinic)
    location = clinic.locations.get()
    week = {day: [(clock(8), clock(20))] for day in range(DAYS)}
    set_opening_hours(owner, location=location, week=week)
    staff = [
        add_staff(
            clinic,
            email=f"c{n}@b.example",
            full_name=f"Clinician {n}",
            role=Role.CLINICIAN,
            password="x",
        )
        for n in range(CLINICIANS)
    ]
    for membership in staff:
        set_availability(owner, membership=membership, location=location, week=week)
    return clinic, owner, staff


def book_week(actor: Actor, staff: list[Membership], patients: list[Patient]) -> date:
    """Next week full: each patient twice, three days apart, same time, same clinician."""
    today = actor.today()
    monday = today + timedelta(days=7 - today.weekday())
    location = actor.clinic.locations.get()
    for c, membership in enumerate(staff):
        for d in range(DAYS):
            for s in range(SLOTS):
                book_appointment(
                    actor,
                    patient=patients[c * SLOTS * 3 + s * 3 + d % 3],
                    clinician=membership.user,
                    location=location,
                    starts_at=datetime.combine(monday + timedelta(days=d), clock(8 + s), UTC),
                    minutes=MINUTES,
                    kind=Kind.NEEDLING_SESSION if (s + d) % 4 else Kind.REVIEW,
                )
    return monday


def chart_sessions(actor: Actor, episode: Episode, count: int = CHART_SESSIONS) -> None:
    """Past visits, recorded now (with a reason past the clinic's limit): the screen, profile and
    consent are moved to before the first, so that the gate finds them in force at each."""
    today = actor.today()
    first = today - timedelta(days=3 * count + 1)
    before = datetime.combine(first, clock(8), UTC)
    patient = episode.patient
    RedFlagScreen.objects.filter(patient=patient).update(recorded_at=before)
    SafetyProfile.objects.filter(patient=patient).update(
        confirmed_at=before, review_due_on=today + timedelta(days=90)
    )
    Consent.objects.filter(patient=patient).update(signed_at=before)
    for n in range(count):
        performed_on = today - timedelta(days=3 * (count - n))
        session = start_session(
            actor,
            episode,
            performed_on=performed_on,
            needled_at=datetime.combine(performed_on, clock(10), UTC),
            backdating_reason="Bench history, recorded at once.",
        )
        save_session(actor, session, session_input(LOW_BACK))
        sign_session(actor, session)


def drafts(actor: Actor, patients: list[Patient]) -> list[NeedlingSession]:
    made = []
    for patient in patients:
        session = start_session(actor, ready_to_needle(actor, patient))
        made.append(save_session(actor, session, session_input(SIX)))
    return made


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def queries_of(work: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured.captured_queries)


def page(client: Client, url: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        return response

    return get


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main() -> None:
    clinic, owner, staff = build_clinic()
    clinician = actor_of(staff[0])
    patients = [register(owner, i) for i in range(CLINICIANS * SLOTS * 3 + RUNS + 2)]
    calendar_patients = patients[: CLINICIANS * SLOTS * 3]
    monday = book_week(owner, staff, calendar_patients)
    chart_patient = calendar_patients[0]
    chart_sessions(clinician, ready_to_needle(clinician, chart_patient))
    to_sign = drafts(clinician, patients[len(calendar_patients) :])

    client = Client()
    client.force_login(clinician.user)
    week_url = f"{reverse('appointments:week')}?date={monday.isoformat()}"
    chart_url = reverse("chart:patient", args=[chart_patient.public_id])
    results: list[tuple[str, float, int]] = []
    for name, url in (("week calendar", week_url), ("patient chart", chart_url)):
        get = page(client, url)
        get()
        count = queries_of(get)
        results.append((name, median_ms([timed(get) for _ in range(RUNS)]), count))
    shown = client.get(week_url).content.decode().count('class="appt ')
    assert shown == CLINICIANS * DAYS * SLOTS, shown  # noqa: S101 - every appointment drawn

    sign_session(clinician, to_sign[0])  # warm-up, not counted
    count = queries_of(lambda: sign_session(clinician, to_sign[1]))
    times = [timed(partial(sign_session, clinician, s)) for s in to_sign[2:]]
    signed = NeedlingSession.objects.filter(clinic=clinic, status=RecordStatus.SIGNED).count()
    assert signed == CHART_SESSIONS + RUNS + 2, signed  # noqa: S101
    results.append(("sign a session (6 needles)", median_ms(times), count))

    growth = chart_growth(clinician, client, [register(owner, 9000 + n) for n in GROWTH])

    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    sys.stdout.write(
        f"{CLINICIANS} clinicians x {DAYS} days x {SLOTS} appointments, a chart of "
        f"{CHART_SESSIONS} signed sessions, {engine}; median of {RUNS} runs\n"
    )
    for name, ms, count in results:
        sys.stdout.write(f"  {name:28s} {ms:7.1f} ms  {count:4d} queries\n")
    sys.stdout.write("chart as the history grows (one episode, sessions three days apart)\n")
    base = growth[0][1]
    for sessions, ms, count in growth:
        sys.stdout.write(
            f"  {sessions:4d} signed sessions {ms:7.1f} ms  {count:4d} queries  x{ms / base:.2f}\n"
        )


def chart_growth(
    actor: Actor, client: Client, patients: list[Patient]
) -> list[tuple[int, float, int]]:
    """The chart's time and queries for patients with 10, 30, 100 and 300 signed sessions."""
    found = []
    for patient, count in zip(patients, GROWTH, strict=True):
        chart_sessions(actor, ready_to_needle(actor, patient, 3 * count + 7), count)
        get = page(client, reverse("chart:patient", args=[patient.public_id]))
        get()
        found.append((count, median_ms([timed(get) for _ in range(RUNS)]), queries_of(get)))
    return found


if __name__ == "__main__":
    main()
