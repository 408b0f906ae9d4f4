"""Reads of the hub: a clinician's day (today's patients with what each needs) and what a
discharge offers (the appointments still booked, the final questionnaires).

The day gathers what the other apps already decide (the needling gate, the outcome schedule) and adds
nothing of its own: no rule about what is "needed" lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from taut.accounts.models import User
from taut.appointments import rules
from taut.appointments.models import OCCUPYING, Appointment, Kind, Status
from taut.assessment.models import Assessment
from taut.audit.models import Action
from taut.audit.services import record
from taut.clinical.schedule import Due
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode
from taut.intake.models import Intake
from taut.lib.records import RecordStatus
from taut.outcomes.queries import collected_dates_of, due_instruments, visit_dates_of
from taut.sessions.gate import GateLine, patient_gate, read_patient_records_of
from taut.sessions.models import NeedlingSession


@dataclass
class DayRow:
    """One of the day's appointments, with what its patient needs."""

    appointment: Appointment
    episode: Episode | None = None
    blocked: tuple[GateLine, ...] = ()
    due: list[Due] = field(default_factory=list)
    no_episode: bool = False
    no_intake: bool = False

    @property
    def ready(self) -> bool:
        return not (self.blocked or self.due or self.no_episode)

    @property
    def session_kind(self) -> bool:
        return self.appointment.kind == Kind.NEEDLING_SESSION


@dataclass
class Day:
    day: date
    clinician: User
    rows: list[DayRow]
    earlier_sessions: list[NeedlingSession]
    earlier_assessments: list[Assessment]

    @property
    def to_resolve(self) -> int:
        return sum(1 for row in self.rows if not row.ready and not row.appointment.is_cancelled)


def _needs(actor: Actor, appointments: list[Appointment]) -> dict[int, DayRow]:
    """What each patient of the day needs, read for all of them at once (the same few queries
    for two patients or twenty): the needling gate, the questionnaires due, a missing intake.
    A patient seen twice is judged once, on the episode of their first appointment."""
    first: dict[int, Appointment] = {}
    for appointment in appointments:
        first.setdefault(appointment.patient_id, appointment)
    if not first:
        return {}
    patient_ids = list(first)
    active = {
        e.patient_id: e
        for e in Episode.objects.filter(
            clinic=actor.clinic, patient_id__in=patient_ids, status="active"
        ).order_by("patient_id", "started_on", "id")  # the newest active episode wins
    }
    episodes = {pk: a.episode or active.get(pk) for pk, a in first.items()}
    episode_ids = [e.pk for e in episodes.values() if e is not None]
    records = read_patient_records_of(actor.clinic, patient_ids)
    collected = collected_dates_of(actor, episode_ids)
    visits = visit_dates_of(actor, episode_ids)
    seen_before = _episodes_with_signed_visits(actor, episode_ids)
    with_intake = set(
        Intake.objects.filter(clinic=actor.clinic, patient_id__in=patient_ids).values_list(
            "patient_id", flat=True
        )
    )
    needs = {}
    for pk, appointment in first.items():
        episode = episodes[pk]
        # An intake matters before the first visit; later it is history.
        first_visit = episode is None or episode.pk not in seen_before
        needs[pk] = DayRow(
            appointment,
            episode=episode,
            blocked=patient_gate(actor, appointment.patient, records[pk]).blocked,
            due=due_instruments(
                actor, episode, collected=collected[episode.pk], visits=visits[episode.pk]
            )
            if episode is not None
            else [],
            no_episode=episode is None,
            no_intake=first_visit and pk not in with_intake,
        )
    return needs


def _episodes_with_signed_visits(actor: Actor, episode_ids: list[int]) -> set[int]:
    """The episodes with a signed needling session or a signed assessment."""
    signed = RecordStatus.SIGNED
    needled = NeedlingSession.objects.filter(
        clinic=actor.clinic, episode_id__in=episode_ids, status=signed
    ).values_list("episode_id", flat=True)
    assessed = Assessment.objects.filter(
        clinic=actor.clinic, episode_id__in=episode_ids, status=signed
    ).values_list("episode_id", flat=True)
    return set(needled) | set(assessed)


def my_day(actor: Actor, *, clinician: User, day: date) -> Day:
    """The clinician's appointments of the local day (cancelled ones last) with each patient's
    needs, and the drafts they left unsigned on earlier days. Audited as one listing."""
    require(actor, Permission.VIEW_CLINICAL)
    start, end = rules.local_day_bounds(day, actor.clinic.zone)
    appointments = list(
        Appointment.objects.filter(
            clinic=actor.clinic, clinician=clinician, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("patient", "episode", "location")
        .order_by("starts_at", "id")
    )
    needs = _needs(actor, [a for a in appointments if a.status in OCCUPYING])
    rows: list[DayRow] = []
    for appointment in appointments:
        row = DayRow(appointment)
        known = needs.get(appointment.patient_id) if appointment.status in OCCUPYING else None
        if known is not None:
            row.episode, row.blocked, row.due = known.episode, known.blocked, known.due
            row.no_episode, row.no_intake = known.no_episode, known.no_intake
        rows.append(row)
    rows.sort(key=lambda r: (r.appointment.is_cancelled, r.appointment.starts_at))
    earlier_sessions = list(
        NeedlingSession.objects.filter(
            clinic=actor.clinic,
            created_by=clinician,
            status=RecordStatus.DRAFT,
            performed_on__lt=day,
        )
        .select_related("patient")
        .order_by("performed_on")
    )
    earlier_assessments = list(
        Assessment.objects.filter(
            clinic=actor.clinic,
            created_by=clinician,
            status=RecordStatus.DRAFT,
            created_at__lt=start,
        )
        .select_related("patient")
        .order_by("created_at")
    )
    record(
        actor,
        Action.LIST,
        object_type="day",
        detail={
            "day": day.isoformat(),
            "clinician": str(clinician.public_id),
            "patients": sorted({str(r.appointment.patient.public_id) for r in rows}),
        },
    )
    return Day(day, clinician, rows, earlier_sessions, earlier_assessments)


def remaining_appointments(actor: Actor, episode: Episode) -> list[Appointment]:
    """The episode's appointments still booked from now on, and the patient's booked ones tied
    to no episode (offered for cancelling at discharge); never another episode's."""
    require(actor, Permission.EDIT_CLINICAL)
    return list(
        Appointment.objects.filter(
            Q(episode=episode) | Q(episode__isnull=True),
            clinic=actor.clinic,
            patient=episode.patient,
            status=Status.BOOKED,
            starts_at__gt=timezone.now(),
        )
        .select_related("clinician", "location", "episode")
        .order_by("starts_at")
    )


def final_questionnaires(actor: Actor, episode: Episode) -> list[str]:
    """The instruments the schedule asks for at discharge that were not collected today."""
    return [d.instrument for d in due_instruments(actor, episode, discharging=True)]
