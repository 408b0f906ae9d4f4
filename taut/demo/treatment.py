"""Demo steps: clinic hours, plans, appointments and signed needling sessions; then what the
needling gate does when it refuses.

Each ready patient (screened, consented, assessed) gets an agreed plan from the kernel's
proposal, appointments for every planned date (past ones attended), and a signed session for each
past date needling the muscles the assessment found. One session is amended, one carries a needle
count mismatch that was found and resolved, one needles with electrical stimulation, and one
visit has a duplicate draft marked entered in error. The history is entered as if on the day:
while it loads, the clinics' limit for recording past visits without a reason is lifted.

``gate_in_action`` then shows the gate refusing: a needle still unaccounted for from yesterday's
visit, today's session of the patient with an open emergency red flag (blocked before the
needle), and a visit three days ago needled without consent, recorded as a safety incident.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from taut.appointments import services as appointment_services
from taut.appointments.demo import setup_availability, setup_clinic_hours
from taut.assessment.models import Assessment
from taut.clinical.gate import DEFAULT_BACKDATE_LIMIT_DAYS
from taut.clinics.models import Clinic, Membership, Role
from taut.consent.queries import has_valid_consent
from taut.demo.outcomes import treatment_start
from taut.episodes.models import EpisodeStatus
from taut.lib.records import RecordStatus
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
            "multifidus",
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
                estim_channel="A" if estim and not rows else "",
                estim_frequency_hz=Decimal("2") if estim and not rows else None,
                estim_pulse_width_us=250 if estim and not rows else None,
                estim_intensity_ma=Decimal("2.5") if estim and not rows else None,
                estim_minutes=15 if estim and not rows else None,
            )
        )
    return rows[:3]


def plans_and_sessions(ctx: DemoContext) -> None:
    Clinic.objects.filter(pk__in=[c.pk for c in ctx.clinics.values()]).update(
        backdate_limit_days=90
    )
    for clinic in ctx.clinics.values():
        clinic.refresh_from_db()
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
                Assessment.objects.filter(episode=episode, status=RecordStatus.SIGNED).first()
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
            consent = consent_services.record_consent(
                actor,
                episode.patient,
                document=document,
                method="typed_name",
                typed_name=episode.patient.formal_name,
                confirmed=True,
            )
            # Taken at the start of that visit, before the needles went in (demo data only).
            type(consent).objects.filter(pk=consent.pk).update(
                signed_at=appointment.starts_at - timedelta(minutes=10)
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
        single_use_sterile_needles=True,
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
            all_found=True,
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
            actor, episode, performed_on=session.performed_on, needled_at=session.needled_at
        )
        session_services.mark_session_entered_in_error(
            actor, duplicate, reason="Opened twice for the same visit; the signed record stands."
        )


def _visit(rows: list[InsertionInput], **changes: object) -> SessionInput:
    data = SessionInput(
        new_red_flags=False,
        medication_changes=False,
        side_effects_since_last=False,
        nprs_before=6,
        position="prone",
        skin_cleaned=True,
        single_use_sterile_needles=True,
        insertions=rows,
        needles_out=sum(r.needle_count for r in rows),
        massage=True,
        stretching_given=True,
        nprs_after=4,
    )
    return SessionInput(**{**data.__dict__, **changes})


def _actor_of(ctx: DemoContext, patient: Patient) -> Actor:
    name = next(n for n, c in ctx.clinics.items() if c.pk == patient.clinic_id)
    return ctx.actors[name]


def gate_in_action(ctx: DemoContext) -> None:
    """What the gate does when it refuses: a needle unaccounted for, a session blocked before
    the needle, and a visit recorded as a safety incident (clinic A)."""
    clinic_name = next(iter(ctx.patients))
    actor = ctx.actors[clinic_name]
    zone = actor.clinic.zone
    # 1. Yesterday one needle was not found: the event is open and shows on the chart.
    lost = next(
        p
        for p in ctx.patients[clinic_name]
        if p.episodes.filter(
            status=EpisodeStatus.ACTIVE, needling_sessions__status="signed"
        ).exists()
        and p != ctx.notes.get("relative_contraindication")
    )
    episode = lost.episodes.get(status=EpisodeStatus.ACTIVE)
    assessment = Assessment.objects.filter(episode=episode, status=RecordStatus.SIGNED).first()
    if assessment is not None:
        yesterday = ctx.today - timedelta(days=1)
        session = session_services.start_session(
            actor,
            episode,
            performed_on=yesterday,
            needled_at=datetime.combine(yesterday, time(16, 0), tzinfo=zone),
        )
        rows = _insertions(assessment, estim=False)
        total = sum(r.needle_count for r in rows)
        session_services.save_session(actor, session, _visit(rows, needles_out=total - 1))
        session_services.record_needle_mismatch(
            actor,
            session,
            needles_out=total - 1,
            action="Searched the couch, the floor and the patient's clothing; the sharps bin "
            "is to be checked at closing. Patient told and asked to call if they find it.",
        )
        ctx.notes["needle_unaccounted"] = lost
    # 2. Today's session of the patient with an open emergency red flag: blocked before the needle.
    flagged = ctx.notes.get("emergency_red_flag")
    if flagged is not None:
        flagged_episode = flagged.episodes.filter(status=EpisodeStatus.ACTIVE).first()
        if flagged_episode is not None:
            session_services.start_session(_actor_of(ctx, flagged), flagged_episode)
    # 3. Three days ago a patient was needled before signing consent: a safety incident.
    unconsented = ctx.notes.get("no_consent")
    if unconsented is not None:
        actor = _actor_of(ctx, unconsented)
        zone = actor.clinic.zone
        incident_episode = unconsented.episodes.filter(status=EpisodeStatus.ACTIVE).first()
        incident_assessment = Assessment.objects.filter(
            episode=incident_episode, status=RecordStatus.SIGNED
        ).first()
        if incident_episode is not None and incident_assessment is not None:
            day = ctx.today - timedelta(days=3)
            session = session_services.start_session(
                actor,
                incident_episode,
                performed_on=day,
                needled_at=datetime.combine(day, time(11, 0), tzinfo=zone),
            )
            session_services.begin_incident_record(
                actor,
                session,
                explanation="The patient agreed aloud and the consent form was not signed "
                "before needling; found at the end of the visit. The patient was told and will "
                "sign at the next visit; no needling until then.",
            )
            rows = _insertions(incident_assessment, estim=False)
            session_services.save_session(actor, session, _visit(rows))
            session_services.sign_session(actor, session, as_incident=True)
            ctx.notes["safety_incident"] = unconsented
    # The history is loaded: the clinics' own limit for recording past visits applies again.
    Clinic.objects.filter(pk__in=[c.pk for c in ctx.clinics.values()]).update(
        backdate_limit_days=DEFAULT_BACKDATE_LIMIT_DAYS
    )
    for clinic in ctx.clinics.values():
        clinic.refresh_from_db()
