from datetime import date
from decimal import Decimal

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
    "multifidi", "left", Decimal("0.30"), 60, 1, Decimal("40"), "pistoning", twitch_responses=1
)


def ready_to_needle(actor: Actor, patient: Patient) -> None:
    """A current screen and safety profile, and signed dry-needling consent."""
    ensure_default_documents(actor.clinic)
    make_safe_to_needle(actor, patient)
    make_consent(actor, patient)


def make_signed_session(
    actor: Actor, episode: Episode, performed_on: date | None = None
) -> NeedlingSession:
    """A signed one-needle session in ``episode`` (the patient must be ready to needle)."""
    session = services.start_session(actor, episode, performed_on=performed_on)
    services.save_session(
        actor,
        session,
        SessionInput(
            new_red_flags=False,
            medication_changes=False,
            side_effects_since_last=False,
            nprs_before=6,
            position="prone",
            skin_cleaned=True,
            insertions=[MULTIFIDUS],
            needles_out=1,
            nprs_after=4,
        ),
    )
    return services.sign_session(actor, session)
