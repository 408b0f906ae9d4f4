"""Builders for consent tests: the clinic's documents and a signed consent."""

from __future__ import annotations

from typing import Any

from taut.clinics.actor import Actor
from taut.clinics.models import Clinic
from taut.consent import queries, services
from taut.consent.models import Consent, ConsentDocument, ConsentKind
from taut.patients.models import Patient

# A short stroke inside the 600 x 200 pad, as the signature pad writes it.
SIGNATURE = "M100 120 L110 110 L125 130 Q140 90 160 120 C170 100 190 140 210 115"


def current(clinic: Clinic, kind: str = ConsentKind.DRY_NEEDLING) -> ConsentDocument:
    """The clinic's published document of a kind (in English)."""
    document = queries.current_document(clinic, kind=kind)
    assert document is not None  # noqa: S101 - the fixture published the defaults
    return document


def make_consent(
    actor: Actor, patient: Patient, kind: str = ConsentKind.DRY_NEEDLING, **overrides: Any
) -> Consent:
    overrides.setdefault("document", current(actor.clinic, kind))
    overrides.setdefault("method", "drawn_signature")
    overrides.setdefault("signature_path", SIGNATURE)
    overrides.setdefault("confirmed", True)
    return services.record_consent(actor, patient, **overrides)
