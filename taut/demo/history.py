"""Demo steps: date the demo's screening, consent and assessments at the start of each course of
care (before its sessions are recorded, so that the needling gate finds them in force at each
visit), and its needling sessions on the day they took place.

The services stamp records with the time they are saved; a demo built today would otherwise show
consents and assessments signed after the sessions that depended on them. Demo data only: real
records are never re-dated.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from taut.assessment.models import Assessment
from taut.consent.models import Consent
from taut.demo.outcomes import treatment_start
from taut.episodes.models import EpisodeStatus
from taut.safety.models import RedFlagFinding, RedFlagScreen, SafetyProfile
from taut.sessions.models import NeedleMismatch, NeedlingSession, SafetyIncident

if TYPE_CHECKING:
    from taut.demo.seed import DemoContext


# Early on the first day of a course, before its first appointment (the demo books from 08:00).
BEFORE_FIRST_VISIT = time(7, 30)


def backdate_clinical(ctx: DemoContext) -> None:
    """Screens, findings, safety profiles, consents and first assessments at each course's start."""
    for patients in ctx.patients.values():
        for patient in patients:
            episode = patient.episodes.filter(status=EpisodeStatus.ACTIVE).first()
            if episode is None:
                continue
            start = treatment_start(ctx, episode)
            at = datetime.combine(start, BEFORE_FIRST_VISIT, tzinfo=patient.clinic.zone)
            RedFlagScreen.objects.filter(patient=patient).update(recorded_at=at)
            RedFlagFinding.objects.filter(patient=patient).update(recorded_at=at)
            SafetyProfile.objects.filter(patient=patient).update(
                confirmed_at=at,
                review_due_on=start + timedelta(days=patient.clinic.safety_profile_review_days),
            )
            Consent.objects.filter(patient=patient, document__kind="dry_needling").update(
                signed_at=at
            )
            Assessment.objects.filter(patient=patient, version=1).update(
                created_at=at, signed_at=at
            )


def sessions_signed_when_seen(ctx: DemoContext) -> None:
    """Sign each demo session at the end of its visit; an amendment the next morning."""
    sessions = NeedlingSession.objects.exclude(signed_at=None).select_related(
        "appointment", "clinic"
    )
    for session in sessions:
        if session.appointment is not None:
            at = session.appointment.ends_at
        else:
            at = datetime.combine(session.performed_on, time(17, 0), tzinfo=session.clinic.zone)
        if session.version > 1:
            at = datetime.combine(
                session.performed_on + timedelta(days=1), time(9, 0), tzinfo=session.clinic.zone
            )
        NeedlingSession.objects.filter(pk=session.pk).update(created_at=at, signed_at=at)
        SafetyIncident.objects.filter(session=session).update(recorded_at=at)
        NeedleMismatch.objects.filter(session=session, resolved=True).update(
            recorded_at=at, resolved_at=at
        )
    for session in NeedlingSession.objects.filter(signed_at=None, status="entered_in_error"):
        at = datetime.combine(session.performed_on, time(17, 30), tzinfo=session.clinic.zone)
        NeedlingSession.objects.filter(pk=session.pk).update(created_at=at, entered_in_error_at=at)
