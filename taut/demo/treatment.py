"""Demo step: clinic hours, plans, appointments and signed needling sessions.

Each ready patient (screened, consented, assessed) gets an agreed plan from the kernel's
proposal, appointments for every planned date (past ones attended), and a signed session for each
past date needling the muscles the assessment found. One session is amended, one carries a needle
count mismatch that was found and resolved, one needles with electrical stimulation, and one
visit has a duplicate draft marked entered in error.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from taut.appointments import services as appointment_services
from taut.appointments.demo import setup_availability, setup_clinic_hours
from taut.assessment.models import Assessment, AssessmentStatus
from taut.clinics.models import Membership, Role
from taut.consent.queries import has_valid_consent
from taut.demo.outcomes import treatment_start
from taut.episodes.models import EpisodeStatus
from taut.plans import services as plan_services
from taut.safety.models import SafetyProfile
from taut.sessions import services as session_services
from taut.sessions.services import InsertionInput, SessionInput

if TYPE_CHECKING:
    from datetime import date

    from taut.appointments.models import Appointment
    from taut.clinics.actor import Actor
    from taut.clinics.models import Location
    from taut.demo.seed import DemoContext
    from taut.episodes.models import Episode
    from taut.patients.models import Patient

SEVERITY = ("moderate", "severe", "mild")


def _insertions(assessment: Assessment, estim: bool) -> list[InsertionInput]:
    rows: list[InsertionInput] = []
    for finding in assessment.palpation.all():
        if finding.finding == "none":
            continue
        deep = finding.muscle in {
            "quadratus_lumborum",
            "gluteus_minimus",
            "piriformis",
            "multifidi",
        }
        rows.append(
            InsertionInput(
                muscle=finding.muscle,
                side=finding.side,
                needle_gauge_mm=Decimal("0.30"),
                needle_length_mm=60 if deep else 50,
                needle_count=2 if deep else 1,
                depth_mm=Decimal("40") if deep else Decimal("30"),
                technique="pistoning",
                trigger_point=finding.trigger_point,
                twitch_responses=3 if finding.finding == "active" else 1,
                estim=estim and not rows,
                estim_frequency_hz=Decimal("2") if estim and not rows else None,
                estim_pulse_width_us=250 if estim and not rows else None,
                estim_intensity_ma=Decimal("2.5") if estim and not rows else None,
                estim_minutes=15 if estim and not rows else None,
            )
        )
    return rows[:3]


def plans_and_sessions(ctx: DemoContext) -> None:
    for clinic in ctx.clinics.values():
        setup_clinic_hours(clinic)
        for membership in Membership.objects.filter(
            clinic=clinic, role__in=[Role.CLINICIAN, Role.OWNER]
        ):
            for location in clinic.locations.all():
                setup_availability(membership, location)
    count = 0
    for clinic_name, patients in ctx.patients.items():
        actor = ctx.actors[clinic_name]
        first_location = actor.clinic.locations.order_by("name").first()
        if first_location is None:
            continue
        for patient in patients:
            episode = patient.episodes.filter(status=EpisodeStatus.ACTIVE).first()
            assessment = (
                Assessment.objects.filter(episode=episode, status=AssessmentStatus.SIGNED).first()
                if episode
                else None
            )
            if (
                episode is None
                or assessment is None
                or not has_valid_consent(actor.clinic, patient, kind="dry_needling")
            ):
                continue
            plan = plan_services.draft_plan(
                actor, episode, severity=SEVERITY[count % 3], start_on=treatment_start(ctx, episode)
            )
            plan = plan_services.update_plan(
                actor, plan, therapies=["stretching", "corrective_exercise", "heat_or_cold"]
            )
            plan = plan_services.agree_plan(actor, plan, agreed_on=treatment_start(ctx, episode))
            for day in plan.planned:
                appointment = _book(actor, patient, episode, first_location, day)
                if appointment is None:
                    continue
                starts = appointment.starts_at.astimezone(actor.clinic.zone)
                if starts.date() >= ctx.today:
                    continue
                _session(ctx, actor, episode, assessment, appointment, count)
                count += 1


def _book(
    actor: Actor, patient: Patient, episode: Episode, location: Location, day: date
) -> Appointment | None:
    """Book the first free 45-minute slot that day (or the next day if the clinic is closed)."""
    for shift in (0, 1, 2):
        when = day + timedelta(days=shift)
        for slot in range(12):
            starts = datetime.combine(when, time(8, 0), tzinfo=actor.clinic.zone) + timedelta(
                minutes=45 * slot
            )
            try:
                return appointment_services.book_appointment(
                    actor,
                    patient=patient,
                    clinician=actor.user,
                    location=location,
                    starts_at=starts,
                    minutes=45,
                    kind="needling_session",
                    episode=episode,
                    allow_past=True,
                )
            except appointment_services.AppointmentError:
                continue
    return None


def _session(
    ctx: DemoContext,
    actor: Actor,
    episode: Episode,
    assessment: Assessment,
    appointment: Appointment,
    count: int,
) -> None:
    estim = count == 4
    if estim and not has_valid_consent(
        actor.clinic, episode.patient, kind="electrical_stimulation"
    ):
        from taut.consent import queries as consent_queries
        from taut.consent import services as consent_services

        document = consent_queries.current_document(actor.clinic, kind="electrical_stimulation")
        if document is not None:
            consent_services.record_consent(
                actor,
                episode.patient,
                document=document,
                method="typed_name",
                typed_name=episode.patient.formal_name,
                confirmed=True,
            )
    session = session_services.start_session(
        actor,
        episode,
        appointment=appointment,
        performed_on=appointment.starts_at.astimezone(actor.clinic.zone).date(),
    )
    rows = _insertions(assessment, estim)
    if not rows:
        return
    total = sum(r.needle_count for r in rows)
    before = ctx.rng.randint(4, 7)
    data = SessionInput(
        new_red_flags=False,
        medication_changes=False,
        side_effects_since_last=count % 3 == 0,
        side_effects_note="Sore for a day" if count % 3 == 0 else "",
        nprs_before=before,
        position="prone",
        skin_cleaned=True,
        insertions=rows,
        needles_out=total,
        massage=True,
        heat=count % 2 == 0,
        stretching_given=True,
        nprs_after=max(0, before - 2),
        side_effects=[("soreness", "")] if count % 2 else [],
    )
    profile = SafetyProfile.objects.filter(patient=episode.patient, status="current").first()
    if profile and profile.answers.get("anticoagulant_or_antiplatelet"):
        data = SessionInput(
            **{
                **data.__dict__,
                "overridden": ["anticoagulant_or_antiplatelet"],
                "override_reason": "Apixaban, no bruising history; firm pressure for 30 s after each needle.",
            }
        )
    if count == 2:  # one needle not found at first: recorded as a safety event, then found
        session_services.save_session(
            actor, session, SessionInput(**{**data.__dict__, "needles_out": total - 1})
        )
        session_services.record_needle_mismatch(
            actor,
            session,
            needles_out=total - 1,
            action="Needle found in the couch cover and disposed of; patient checked.",
            resolved=True,
        )
    session_services.save_session(actor, session, data)
    session_services.sign_session(actor, session)
    if count == 1:  # a documentation slip corrected by amendment
        amendment = session_services.amend_session(
            actor, session, reason="Retention time was not recorded"
        )
        session_services.sign_session(actor, amendment)
    if count == 3:  # a second record opened for the same visit, withdrawn
        duplicate = session_services.start_session(
            actor, episode, performed_on=session.performed_on
        )
        session_services.mark_session_entered_in_error(
            actor, duplicate, reason="Opened twice for the same visit; the signed record stands."
        )
