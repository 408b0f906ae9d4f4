"""The deterministic demo: two clinics, their staff, about sixty patients and their episodes.

Later features add their demo data by appending a step to ``STEPS``: a function that takes the
``DemoContext`` and builds on what earlier steps made. The same code always builds the same
demo; dates are laid out relative to the day the demo is seeded.
"""

from __future__ import annotations

import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from taut.appointments.services import add_closure
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic, Membership, Role
from taut.clinics.services import add_staff, create_clinic
from taut.demo.clinical import screening_and_assessments
from taut.demo.history import backdate_clinical, sessions_signed_when_seen
from taut.demo.outcomes import trajectories
from taut.demo.treatment import gate_in_action, plans_and_sessions
from taut.episodes import services as episode_services
from taut.episodes.models import DischargeReason
from taut.lib.text import fold
from taut.patients import services as patient_services
from taut.patients.models import AdministrativeGender, ContactChannel, Language, Patient

DEMO_PASSWORD = "needle-demo-2026"  # noqa: S105 - printed for the demo's users; demo data only
SEED = 20261121
CLINIC_A = "Taut Demo Clinic"
CLINIC_B = "Northside Physiotherapy"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    role: str
    clinics: str


LOGINS = (
    DemoLogin("owner@clinic-a.example", "Elena Ruiz", "owner", CLINIC_A),
    DemoLogin("clinician@clinic-a.example", "Sam Patel", "clinician", CLINIC_A),
    DemoLogin("frontdesk@clinic-a.example", "Lucía Moreno", "front desk", CLINIC_A),
    DemoLogin("locum@clinic-a.example", "Ana Costa", "clinician", f"{CLINIC_A} and {CLINIC_B}"),
    DemoLogin("clinician@clinic-b.example", "Ben Okafor", "clinician", CLINIC_B),
)


@dataclass
class DemoContext:
    today: date
    rng: random.Random
    clinics: dict[str, Clinic] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)  # clinic name → a clinician acting there
    patients: dict[str, list[Patient]] = field(default_factory=dict)
    notes: dict[str, Patient] = field(default_factory=dict)  # patients set apart for a feature


FAMILY_NAMES = (
    "García",
    "Martínez",
    "López",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Fernández",
    "Díaz",
    "Romero",
    "Navarro",
    "Torres",
    "Ramos",
    "Gil",
    "Serrano",
    "Molina",
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Wilson",
    "Evans",
    "Walker",
    "Hughes",
    "Clarke",
    "Murphy",
    "O'Brien",
    "Kowalski",
    "Nguyen",
    "Haddad",
    "Jensen",
)
GIVEN_NAMES = {
    AdministrativeGender.FEMALE: (
        "María",
        "Carmen",
        "Laura",
        "Isabel",
        "Marta",
        "Sara",
        "Emma",
        "Olivia",
        "Grace",
        "Hannah",
        "Chloe",
        "Aisha",
        "Ingrid",
        "Mei",
    ),
    AdministrativeGender.MALE: (
        "Antonio",
        "José",
        "Manuel",
        "Javier",
        "David",
        "Daniel",
        "James",
        "Thomas",
        "Oliver",
        "Jack",
        "Liam",
        "Omar",
        "Lars",
        "Tuan",
    ),
}
DIAGNOSIS_MIX = (
    ["M54.50"],
    ["M54.59"],
    ["M79.18"],
    ["S39.012A"],
    ["M54.41"],
    ["M54.42"],
    ["M51.26", "M54.16"],
    ["M48.061"],
    ["M47.816"],
    ["M62.830"],
    ["M51.360"],
    ["M54.50", "M79.18"],
)
COMPLAINTS = (
    "Low back pain after lifting",
    "Dull ache across the lower back",
    "Sharp pain on bending",
    "Stiffness in the mornings",
    "Pain spreading into the buttock",
    "Pain down the back of the leg",
    "Back pain after long hours sitting",
    "Pain after a sports injury",
)


def _staff(ctx: DemoContext) -> None:
    clinic_a = create_clinic(
        name=CLINIC_A,
        time_zone=ZONES[0],
        owner_email=LOGINS[0].email,
        owner_name=LOGINS[0].name,
        owner_password=DEMO_PASSWORD,
        location_name="Fuengirola",
        validate=False,
    )
    clinic_a.phone, clinic_a.email = "+34 952 000 000", "hello@clinic-a.example"
    clinic_a.save(update_fields=["phone", "email"])
    clinic_a.locations.create(name="Marbella")
    clinic_b = create_clinic(
        name=CLINIC_B,
        time_zone=ZONES[1],
        owner_email="owner@clinic-b.example",
        owner_name="Grace Miller",
        owner_password=DEMO_PASSWORD,
        location_name="Main Street",
        validate=False,
    )
    clinic_b.record_number_prefix = "N"
    clinic_b.save(update_fields=["record_number_prefix"])
    sam = add_staff(
        clinic_a,
        email=LOGINS[1].email,
        full_name=LOGINS[1].name,
        role=Role.CLINICIAN,
        password=DEMO_PASSWORD,
    )
    add_staff(
        clinic_a,
        email=LOGINS[2].email,
        full_name=LOGINS[2].name,
        role=Role.FRONT_DESK,
        password=DEMO_PASSWORD,
    )
    add_staff(
        clinic_a,
        email=LOGINS[3].email,
        full_name=LOGINS[3].name,
        role=Role.CLINICIAN,
        password=DEMO_PASSWORD,
    )
    add_staff(clinic_b, email=LOGINS[3].email, full_name=LOGINS[3].name, role=Role.CLINICIAN)
    ben = add_staff(
        clinic_b,
        email=LOGINS[4].email,
        full_name=LOGINS[4].name,
        role=Role.CLINICIAN,
        password=DEMO_PASSWORD,
    )
    # A locum who has left: deactivated, so the staff page shows how that looks.
    former = add_staff(
        clinic_a,
        email="former.locum@clinic-a.example",
        full_name="Noor Haddad",
        role=Role.CLINICIAN,
        password=DEMO_PASSWORD,
    )
    Membership.objects.filter(pk=former.pk).update(is_active=False)
    ctx.clinics = {CLINIC_A: clinic_a, CLINIC_B: clinic_b}
    ctx.actors = {
        CLINIC_A: Actor(user=sam.user, membership=sam),
        CLINIC_B: Actor(user=ben.user, membership=ben),
    }


def _birth_date(ctx: DemoContext) -> date:
    age_days = ctx.rng.randint(19 * 365, 82 * 365)
    return ctx.today - timedelta(days=age_days)


def _patients(ctx: DemoContext) -> None:
    for clinic_name, count in ((CLINIC_A, 60), (CLINIC_B, 10)):
        actor = ctx.actors[clinic_name]
        made: list[Patient] = []
        for index in range(count):
            gender = (AdministrativeGender.FEMALE, AdministrativeGender.MALE)[index % 2]
            given = ctx.rng.choice(GIVEN_NAMES[gender])
            family = ctx.rng.choice(FAMILY_NAMES)
            spanish = clinic_name == CLINIC_A and ctx.rng.random() < 0.55
            phone = (
                f"+34 6{ctx.rng.randint(10, 99)} {ctx.rng.randint(100, 999)} {ctx.rng.randint(100, 999)}"
                if clinic_name == CLINIC_A
                else f"+1 555 {ctx.rng.randint(100, 999)} {ctx.rng.randint(1000, 9999)}"
            )
            data = {
                "family_name": family,
                "given_names": given,
                "birth_date": _birth_date(ctx),
                "gender": gender,
                "language": Language.SPANISH if spanish else Language.ENGLISH,
                "phone": phone,
                "email": f"{fold(given)}.{fold(family)}{index}@mail.example".replace("'", ""),
                "preferred_contact_channel": ctx.rng.choice(list(ContactChannel)[:3]),
                "city": "Fuengirola" if clinic_name == CLINIC_A else "Springfield",
                "country": "ES" if clinic_name == CLINIC_A else "US",
                "emergency_contact_name": f"{ctx.rng.choice(GIVEN_NAMES[AdministrativeGender.FEMALE])} {family}",
                "emergency_contact_relationship": ctx.rng.choice(
                    ["partner", "parent", "sibling", "friend"]
                ),
                "emergency_contact_phone": phone[:-3] + f"{ctx.rng.randint(100, 999)}",
            }
            made.append(
                patient_services.register_patient(actor, data=data, confirmed_not_duplicate=True)
            )
        ctx.patients[clinic_name] = made


def _episodes(ctx: DemoContext) -> None:
    for clinic_name, patients in ctx.patients.items():
        actor = ctx.actors[clinic_name]
        for index, patient in enumerate(patients):
            if index % 6 == 5:
                # An earlier bout of back pain, treated and discharged.
                onset = ctx.today - timedelta(days=ctx.rng.randint(500, 900))
                started = onset + timedelta(days=ctx.rng.randint(3, 30))
                old = episode_services.open_episode(
                    actor,
                    patient,
                    onset_on=onset,
                    started_on=started,
                    presenting_complaint=ctx.rng.choice(COMPLAINTS),
                    diagnosis_codes=["M54.50"],
                )
                episode_services.discharge_episode(
                    actor,
                    old,
                    discharged_on=started + timedelta(days=ctx.rng.randint(20, 60)),
                    summary="Pain settled; continuing the home exercise programme.",
                    reason=DischargeReason.GOALS_MET,
                )
            if index % 10 == 9:
                continue  # registered, not yet assessed
            band = index % 3  # acute, subacute, chronic in turn
            days_ago = (
                ctx.rng.randint(4, 38),
                ctx.rng.randint(44, 80),
                ctx.rng.randint(95, 1100),
            )[band]
            onset = ctx.today - timedelta(days=days_ago)
            started = min(ctx.today, onset + timedelta(days=ctx.rng.randint(1, 14)))
            episode_services.open_episode(
                actor,
                patient,
                onset_on=onset,
                started_on=started,
                presenting_complaint=ctx.rng.choice(COMPLAINTS),
                diagnosis_codes=ctx.rng.choice(DIAGNOSIS_MIX),
            )


def _holidays(ctx: DemoContext) -> None:
    """New Year's Day closes clinic A (booking refuses it); Sam takes a week off in spring."""
    owner = Membership.objects.get(clinic=ctx.clinics[CLINIC_A], role=Role.OWNER)
    actor = Actor(user=owner.user, membership=owner)
    new_year = date(ctx.today.year + 1, 1, 1)
    add_closure(actor, starts_on=new_year, ends_on=new_year, reason="New Year's Day")
    spring = date(ctx.today.year + 1, 4, 6)
    add_closure(
        actor,
        starts_on=spring,
        ends_on=spring + timedelta(days=4),
        reason="Annual leave",
        clinician=ctx.actors[CLINIC_A].user,
    )


STEPS: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("staff, locations and hours", _staff),
    ("patients", _patients),
    ("episodes of care", _episodes),
    ("red-flag screens, safety profiles, consent and assessments", screening_and_assessments),
    ("the course of each episode", backdate_clinical),
    ("questionnaire trajectories", trajectories),
    ("treatment plans, appointments and needling sessions", plans_and_sessions),
    ("the needling gate at work", gate_in_action),
    ("signing each visit", sessions_signed_when_seen),
    ("holidays", _holidays),
]


def demo_exists() -> bool:
    return Clinic.objects.filter(name=CLINIC_A).exists()


ZONES = ("Europe/Madrid", "America/New_York")  # the demo clinics' time zones, A then B


def demo_today(now: datetime | None = None) -> date:
    """The demo's "today": the earliest of the clinics' local dates, so that nothing it records
    for today falls in a clinic's future (between midnight in Madrid and midnight in New York the
    two dates differ, and the services refuse a visit dated tomorrow)."""
    now = now or timezone.now()
    return min(now.astimezone(zoneinfo.ZoneInfo(zone)).date() for zone in ZONES)


@transaction.atomic
def seed(today: date, progress: Callable[[int, int, str], None] | None = None) -> DemoContext:
    """Build the whole demo in one transaction, telling ``progress`` (step number, number of
    steps, what it loads) as each step starts. Raises RuntimeError when it already exists."""
    if demo_exists():
        raise RuntimeError("the demo clinics already exist")
    ctx = DemoContext(today=today, rng=random.Random(SEED))  # noqa: S311 - demo data, not security
    for number, (what, step) in enumerate(STEPS, start=1):
        if progress is not None:
            progress(number, len(STEPS), what)
        step(ctx)
    return ctx


def login_table() -> str:
    width = max(len(login.email) for login in LOGINS)
    lines = [f"  {'e-mail'.ljust(width)}  role         clinic(s)"]
    lines += [f"  {lg.email.ljust(width)}  {lg.role.ljust(11)}  {lg.clinics}" for lg in LOGINS]
    lines.append(f"  password for every demo login: {DEMO_PASSWORD}")
    return "\n".join(lines)
