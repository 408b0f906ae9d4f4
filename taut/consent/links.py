"""Signed, short-lived links through which a patient reads and signs a consent without an account."""

from __future__ import annotations

import uuid

from django.core import signing

from taut.consent.models import ConsentKind
from taut.patients.models import Patient

SALT = "taut.consent.link"
LINK_SECONDS = 24 * 60 * 60


class ConsentLinkUnusable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def consent_link_token(patient: Patient, kind: str) -> str:
    return signing.dumps({"p": str(patient.public_id), "k": ConsentKind(kind).value}, salt=SALT)


def open_consent_link(token: str) -> tuple[Patient, ConsentKind]:
    """The patient and kind a token names. Raises ConsentLinkUnusable (expired or invalid)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_SECONDS)
        patient = Patient.objects.select_related("clinic").get(public_id=uuid.UUID(data["p"]))
        return patient, ConsentKind(data["k"])
    except signing.SignatureExpired:
        raise ConsentLinkUnusable("expired") from None
    except (signing.BadSignature, KeyError, ValueError, TypeError, Patient.DoesNotExist):
        raise ConsentLinkUnusable("invalid") from None
