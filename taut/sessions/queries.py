"""Reads of needling sessions, scoped to the actor's clinic and audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from taut.audit.models import Action
from taut.audit.reads import get_audited
from taut.audit.services import record
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic
from taut.clinics.permissions import Permission, require
from taut.consent.models import ConsentKind
from taut.consent.queries import has_valid_consent
from taut.episodes.models import Episode
from taut.lib.records import RecordStatus
from taut.patients.models import Patient
from taut.sessions.models import NeedleMismatch, NeedlingSession, SafetyIncident


def get_session(actor: Actor, public_id: uuid.UUID | str) -> NeedlingSession:
    require(actor, Permission.VIEW_CLINICAL)
    sessions = NeedlingSession.objects.select_related(
        "patient", "episode", "clinic", "signed_by", "amends", "incident"
    ).prefetch_related("insertions", "side_effects", "mismatches")
    return get_audited(actor, sessions, public_id, object_type="needling_session")


def get_session_for_aftercare(actor: Actor, public_id: uuid.UUID | str) -> NeedlingSession:
    """A signed (or amended) session, for printing its aftercare sheet: front desk may, so this
    asks only ``view_patients`` (the sheet shows what the patient is told, no clinical notes)."""
    require(actor, Permission.VIEW_PATIENTS)
    sessions = (
        NeedlingSession.objects.filter(status__in=(RecordStatus.SIGNED, RecordStatus.AMENDED))
        .select_related("patient", "episode", "clinic", "signed_by")
        .prefetch_related("insertions", "side_effects")
    )
    return get_audited(actor, sessions, public_id, object_type="aftercare_sheet")


def signed_dates(sessions: list[NeedlingSession]) -> list[date]:
    """The days of signed sessions (visits that count, e.g. for Medicare's acupuncture limits)."""
    return sorted({s.performed_on for s in sessions if s.status == RecordStatus.SIGNED})


def sessions_of(
    actor: Actor, episode: Episode, *, latest: int | None = None
) -> list[NeedlingSession]:
    """The episode's sessions, newest first, without superseded versions (chart history);
    only the ``latest`` so many when given."""
    require(actor, Permission.VIEW_CLINICAL)
    found = (
        NeedlingSession.objects.filter(clinic=actor.clinic, episode=episode)
        .exclude(status=RecordStatus.AMENDED)
        .prefetch_related("insertions", "side_effects")
        .order_by("-performed_on", "-id")
    )
    return list(found[:latest] if latest is not None else found)


def latest_signed(actor: Actor, episode: Episode) -> NeedlingSession | None:
    """The episode's most recent signed session (for a page that lists only the latest few)."""
    require(actor, Permission.VIEW_CLINICAL)
    return (
        NeedlingSession.objects.filter(
            clinic=actor.clinic, episode=episode, status=RecordStatus.SIGNED
        )
        .order_by("-performed_on", "-id")
        .first()
    )


def signed_dates_of(actor: Actor, episode: Episode) -> list[date]:
    """``signed_dates`` of all the episode's sessions, read as dates only (for a page that
    lists only the latest sessions)."""
    require(actor, Permission.VIEW_CLINICAL)
    return sorted(
        set(
            NeedlingSession.objects.filter(
                clinic=actor.clinic, episode=episode, status=RecordStatus.SIGNED
            ).values_list("performed_on", flat=True)
        )
    )


def signed_count(actor: Actor, episode: Episode, *, since: date) -> int:
    """How many sessions of the episode were signed for visits on or after ``since``."""
    require(actor, Permission.VIEW_CLINICAL)
    return NeedlingSession.objects.filter(
        clinic=actor.clinic,
        episode=episode,
        status=RecordStatus.SIGNED,
        performed_on__gte=since,
    ).count()


def visit_chain(session: NeedlingSession) -> set[int]:
    """The ids of the session and every version it amends: one visit's record."""
    ids = {session.pk}
    earlier = session.amends_id
    while earlier is not None:
        ids.add(earlier)
        earlier = (
            NeedlingSession.objects.filter(pk=earlier).values_list("amends_id", flat=True).first()
        )
    return ids


def is_of_visit(event: NeedleMismatch, session: NeedlingSession, chain: set[int]) -> bool:
    """Whether a needle event belongs to the session's visit: recorded on its record (any
    version, ``chain``), or on a record of the same episode and day withdrawn as a mistake (a
    duplicate draft). Another visit the same day is another visit."""
    if event.session_id in chain:
        return True
    other = event.session
    return (
        other.episode_id == session.episode_id
        and other.performed_on == session.performed_on
        and other.status == RecordStatus.ENTERED_IN_ERROR
    )


def visit_needle_events(session: NeedlingSession) -> list[NeedleMismatch]:
    """The needle events of the session's visit (see ``is_of_visit``; the caller fetched, and
    audited, the session)."""
    chain = visit_chain(session)
    candidates = NeedleMismatch.objects.filter(
        session__episode_id=session.episode_id, session__performed_on=session.performed_on
    ).select_related("session", "recorded_by", "resolved_by", "found_by")
    return [event for event in candidates if is_of_visit(event, session, chain)]


def needle_events_of(clinic: Clinic, patient: Patient) -> list[NeedleMismatch]:
    """Every needle event of the patient, resolved or not (the needling gate reads them all;
    the caller audited the patient read)."""
    return needle_events_of_many(clinic, [patient.pk])[patient.pk]


def needle_events_of_many(
    clinic: Clinic, patient_ids: list[int]
) -> dict[int, list[NeedleMismatch]]:
    """``needle_events_of`` for several patients in one query (a day's list), by patient id."""
    found: dict[int, list[NeedleMismatch]] = {pk: [] for pk in patient_ids}
    for event in NeedleMismatch.objects.filter(
        session__clinic=clinic, session__patient_id__in=patient_ids
    ).select_related("session"):
        found[event.session.patient_id].append(event)
    return found


def open_needle_events(
    actor: Actor, patient: Patient, events: list[NeedleMismatch] | None = None
) -> list[NeedleMismatch]:
    """The patient's needle events still open: a needle may be unaccounted for (the chart shows
    them until they are resolved; from ``events`` when the page has read them all already)."""
    require(actor, Permission.VIEW_PATIENTS)
    if events is None:
        events = needle_events_of(actor.clinic, patient)
    return [e for e in events if not e.resolved]


def get_needle_event(actor: Actor, public_id: uuid.UUID | str) -> NeedleMismatch:
    """One needle event of the actor's clinic (404 otherwise), recording the view."""
    require(actor, Permission.VIEW_CLINICAL)
    events = NeedleMismatch.objects.select_related("session", "session__patient")
    return get_audited(
        actor,
        events,
        public_id,
        object_type="needle_mismatch",
        patient_of=lambda event: event.session.patient,
        clinic_field="session__clinic",
    )


def incidents(actor: Actor) -> list[SafetyIncident]:
    """The clinic's safety incidents, newest first (owners). Each patient shown is audited."""
    require(actor, Permission.REVIEW_INCIDENTS)
    found = list(
        SafetyIncident.objects.filter(clinic=actor.clinic).select_related(
            "patient", "session", "previous", "recorded_by", "reviewed_by"
        )
    )
    for patient in {incident.patient_id: incident.patient for incident in found}.values():
        record(actor, Action.LIST, object_type="safety_incident", patient=patient)
    return found


def get_incident(actor: Actor, public_id: uuid.UUID | str) -> SafetyIncident:
    require(actor, Permission.REVIEW_INCIDENTS)
    found = SafetyIncident.objects.select_related(
        "patient", "session", "previous", "recorded_by", "reviewed_by"
    )
    return get_audited(actor, found, public_id, object_type="safety_incident")


@dataclass(frozen=True)
class Suggested:
    """Rows a new draft starts from, to confirm or change: where they came from, and the rows."""

    source: str  # "last_session" | "plan" | ""
    on: date | None
    rows: list[dict[str, object]]


# What a previous insertion passes on: the site and the needle and stimulation settings, not what
# happened (twitches) at that visit.
CARRIED = (
    "muscle",
    "side",
    "trigger_point",
    "needle_gauge_mm",
    "needle_length_mm",
    "needle_count",
    "depth_mm",
    "technique",
    "retention_minutes",
    "estim",
    "estim_channel",
    "estim_frequency_hz",
    "estim_pulse_width_us",
    "estim_intensity_ma",
    "estim_minutes",
)


ESTIM_FIELDS = (
    "estim_channel",
    "estim_frequency_hz",
    "estim_pulse_width_us",
    "estim_intensity_ma",
    "estim_minutes",
)


def suggested_rows(session: NeedlingSession) -> Suggested:
    """For a draft with no insertions yet: the last signed session's insertions in this episode,
    else the agreed plan's muscles (each side its own row)."""
    if session.insertions.exists():
        return Suggested("", None, [])
    last = (
        NeedlingSession.objects.filter(
            episode=session.episode,
            status=RecordStatus.SIGNED,
            performed_on__lte=session.performed_on,
        )
        .exclude(pk=session.pk)
        .order_by("-performed_on", "-id")
        .first()
    )
    if last is not None:
        rows = [{name: getattr(i, name) for name in CARRIED} for i in last.insertions.all()]
        if rows and not has_valid_consent(
            session.clinic, session.patient, kind=ConsentKind.ELECTRICAL_STIMULATION
        ):
            # No consent to stimulation now: suggest the sites, not the stimulation.
            for row in rows:
                row.update(dict.fromkeys(ESTIM_FIELDS))
                row["estim"] = False
        if rows:
            return Suggested("last_session", last.performed_on, rows)
    plan = session.episode.treatment_plans.filter(status="active").first()
    if plan is not None:
        rows = [{"muscle": m.muscle, "side": m.side} for m in plan.muscles.all()]
        if rows:
            return Suggested("plan", plan.agreed_on, rows)
    return Suggested("", None, [])


def aftercare_sessions(actor: Actor, patient: Patient) -> list[NeedlingSession]:
    """The patient's signed sessions, newest first, for printing their aftercare sheet (front
    desk may print it; this carries nothing else of the record)."""
    require(actor, Permission.VIEW_PATIENTS)
    return list(
        NeedlingSession.objects.filter(
            clinic=actor.clinic, patient=patient, status=RecordStatus.SIGNED
        )
        .only("public_id", "performed_on")
        .order_by("-performed_on", "-id")[:6]
    )
