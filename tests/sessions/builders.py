import dataclasses
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from taut.clinics.actor import Actor
from taut.consent.services import ensure_default_documents
from taut.episodes.models import Episode
from taut.patients.models import Patient
from taut.sessions import services
from taut.sessions.models import NeedlingSession
from taut.sessions.services import InsertionInput, SessionInput
from tests.consent.builders import make_consent
from tests.safety.builders import make_safe_to_needle

MULTIFIDUS = InsertionInput(
    "multifidus", "left", Decimal("0.30"), 60, 1, Decimal("40"), "pistoning", twitch_responses=1
)


def ready_to_needle(actor: Actor, patient: Patient, *, since_days: int = 30) -> None:
    """A screen and safety profile, and signed dry-needling consent, all recorded
    ``since_days`` ago (so that past visits in the tests find them in force)."""
    ensure_default_documents(actor.clinic)
    make_safe_to_needle(actor, patient)
    make_consent(actor, patient)
    backdate_safety(patient, days=since_days)


def backdate_safety(patient: Patient, *, days: int) -> None:
    """Move the patient's screens, findings, profiles and consents ``days`` into the past (the
    services stamp them now; a test of a past visit needs them in force at it)."""
    from taut.consent.models import Consent
    from taut.safety.models import RedFlagFinding, RedFlagScreen, SafetyProfile

    shift = timedelta(days=days)
    for model, field in (
        (RedFlagScreen, "recorded_at"),
        (RedFlagFinding, "recorded_at"),
        (SafetyProfile, "confirmed_at"),
        (Consent, "signed_at"),
    ):
        for pk, at in model.objects.filter(patient=patient).values_list("pk", field):
            model.objects.filter(pk=pk).update(**{field: at - shift})


def session_input(**changes: Any) -> SessionInput:
    """A complete one-needle record; override what the test is about."""
    data = SessionInput(
        new_red_flags=False,
        medication_changes=False,
        side_effects_since_last=False,
        nprs_before=6,
        position="prone",
        skin_cleaned=True,
        single_use_sterile_needles=True,
        insertions=[MULTIFIDUS],
        needles_out=1,
        nprs_after=4,
    )
    return dataclasses.replace(data, **changes)


def start_past(actor: Actor, episode: Episode, days_ago: int, **kwargs: Any) -> NeedlingSession:
    """A draft for a visit ``days_ago`` days back, needled at 10:00 that day (with a reason
    when that is past the clinic's limit)."""
    on = actor.today() - timedelta(days=days_ago)
    at = datetime.combine(on, time(10, 0), tzinfo=actor.clinic.zone)
    if days_ago > actor.clinic.backdate_limit_days:
        kwargs.setdefault("backdating_reason", "Entered from the paper notes of the visit.")
    return services.start_session(actor, episode, performed_on=on, needled_at=at, **kwargs)


def make_signed_session(
    actor: Actor, episode: Episode, performed_on: date | None = None
) -> NeedlingSession:
    """A signed one-needle session in ``episode`` (the patient must be ready to needle)."""
    if performed_on is not None and performed_on < actor.today():
        session = start_past(actor, episode, (actor.today() - performed_on).days)
    else:
        session = services.start_session(actor, episode)
    services.save_session(actor, session, session_input())
    return services.sign_session(actor, session)
