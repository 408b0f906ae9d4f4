"""Publishing consent documents and recording, renewing and withdrawing patients' consents.

Every write is one transaction and leaves an audit entry. A refused write raises ConsentError
naming the input at fault and saves nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from taut.audit.models import Action, AuditEntry
from taut.audit.services import record, record_patient_access
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic
from taut.clinics.permissions import Permission, require
from taut.consent import signature
from taut.consent.defaults import default_text
from taut.consent.models import (
    DEFAULT_LANGUAGE,
    Consent,
    ConsentChannel,
    ConsentDocument,
    ConsentKind,
    ConsentMethod,
    ConsentRecordStatus,
    DocumentLanguage,
    DocumentStatus,
)
from taut.lib.text import names_match
from taut.patients.models import Patient

MAX_TITLE = 200
MAX_BODY = 30_000
MAX_NAME = 200


class ConsentError(ValueError):
    """A consent change that the rules do not allow; the message says why.

    ``field`` names the keyword argument at fault (``signature_path``, ``typed_name``,
    ``confirmed``, ``document``, ``reason``...), or is None when no single input is to blame.
    ``errors`` maps every input at fault to its message, so a form can show them all at once
    (the first is ``field`` and the message).
    """

    def __init__(
        self, message: str, *, field: str | None = None, errors: dict[str, str] | None = None
    ) -> None:
        message = _capitalised(message)
        super().__init__(message)
        self.field = field
        self.errors = (
            {name: _capitalised(text) for name, text in errors.items()}
            if errors
            else {field or "": message}
        )


def _capitalised(message: str) -> str:
    return message[:1].upper() + message[1:]


def _audit_clinic_setup(
    clinic: Clinic, *, object_type: str, object_id: uuid.UUID, detail: dict[str, Any]
) -> AuditEntry:
    """An audit entry for a write no one made in person: publishing the default documents.

    Private stand-in until taut.audit offers entries without a user or a patient (see the
    report to the lead; ``record_patient_access`` needs a patient).
    """
    return AuditEntry.objects.create(
        user=None,
        clinic=clinic,
        action=Action.CREATE,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )


# --- Documents ------------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in ConsentKind.values:
        raise ConsentError(f"{kind!r} is not a kind of consent Taut knows", field="kind")


def _publish(
    clinic: Clinic, *, kind: str, title: str, body: str, language: str, published_by: Any
) -> ConsentDocument:
    """Publish the next version for the clinic and kind, retiring the one it replaces."""
    _check_kind(kind)
    if language not in DocumentLanguage.values:
        raise ConsentError(f"{language!r} is not a language Taut offers", field="language")
    title, body = title.strip(), body.strip()
    if not title:
        raise ConsentError("a title is required", field="title")
    if len(title) > MAX_TITLE:
        raise ConsentError(f"the title is longer than {MAX_TITLE} characters", field="title")
    if not body:
        raise ConsentError("the text of the document is required", field="body")
    if len(body) > MAX_BODY:
        raise ConsentError(f"the text is longer than {MAX_BODY} characters", field="body")
    # Lock the clinic row so that two publications cannot take the same version number.
    Clinic.objects.select_for_update().filter(pk=clinic.pk).first()
    documents = ConsentDocument.objects.filter(clinic=clinic, kind=kind)
    current = documents.filter(language=language, status=DocumentStatus.PUBLISHED).first()
    if current is not None and (current.title, current.body) == (title, body):
        raise ConsentError(
            f"this is the text of the published version {current.version}; change it before "
            "publishing a new version",
            field="body",
        )
    now = timezone.now()
    if current is not None:
        current.status = DocumentStatus.RETIRED
        current.retired_at = now
        current.save(update_fields=["status", "retired_at"])
    version = (documents.aggregate(highest=Max("version"))["highest"] or 0) + 1
    document = ConsentDocument(
        clinic=clinic,
        kind=kind,
        version=version,
        title=title,
        body=body,
        language=language,
        published_at=now,
        published_by=published_by,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def publish_document(
    actor: Actor, *, kind: str, title: str, body: str, language: str = DEFAULT_LANGUAGE
) -> ConsentDocument:
    """Publish a new version of the clinic's consent document for a kind and language.

    The previous published version in that language is retired: consents given to it no longer
    count, and those patients are asked to consent again.
    """
    require(actor, Permission.MANAGE_CLINIC)
    clinic = actor.clinic
    replaced = ConsentDocument.objects.filter(
        clinic=clinic, kind=kind, language=language, status=DocumentStatus.PUBLISHED
    ).first()
    document = _publish(
        clinic, kind=kind, title=title, body=body, language=language, published_by=actor.user
    )
    record(
        actor,
        Action.CREATE,
        object_type="consent_document",
        object_id=document.public_id,
        detail={
            "kind": kind,
            "version": document.version,
            "language": language,
            "retired_version": replaced.version if replaced else None,
        },
    )
    return document


@transaction.atomic
def ensure_default_documents(clinic: Clinic) -> list[ConsentDocument]:
    """Publish Taut's default documents (version 1) for each kind the clinic has none of.

    Idempotent: a kind that already has any document, published or retired, is left alone.
    Returns the documents it published. Called when a clinic is created and by the demo.
    """
    published = []
    for kind in ConsentKind.values:
        if ConsentDocument.objects.filter(clinic=clinic, kind=kind).exists():
            continue
        title, body = default_text(kind, clinic_name=clinic.name, phone=clinic.phone)
        document = _publish(
            clinic, kind=kind, title=title, body=body, language=DEFAULT_LANGUAGE, published_by=None
        )
        _audit_clinic_setup(
            clinic,
            object_type="consent_document",
            object_id=document.public_id,
            detail={"kind": kind, "version": document.version, "default": True},
        )
        published.append(document)
    return published


# --- Consents -------------------------------------------------------------------------------


def _validated(
    clinic: Clinic,
    patient: Patient,
    *,
    document: ConsentDocument,
    method: str,
    signature_path: str | None,
    typed_name: str,
    confirmed: bool,
    witness_name: str,
    by_patient: bool = False,
) -> dict[str, Any]:
    """The fields of a new consent, or ConsentError naming the first input at fault (worded
    for the patient when ``by_patient``: they are reading it on their own link)."""
    if patient.clinic_id != clinic.pk:
        raise ConsentError("this patient is not registered in this clinic", field="patient")
    if patient.is_entered_in_error:
        raise ConsentError("this patient record was marked entered in error", field="patient")
    if document.clinic_id != clinic.pk:
        raise ConsentError("this document belongs to another clinic", field="document")
    current = ConsentDocument.objects.filter(pk=document.pk, status=DocumentStatus.PUBLISHED)
    if not current.exists():
        raise ConsentError(
            f"version {document.version} of this document has been replaced by a newer version; "
            "open the consent page again to read and sign the current one",
            field="document",
        )
    if method not in ConsentMethod.values:
        raise ConsentError("choose how the patient signs", field="method")
    # The patient's inputs are all checked, so that a form can show every problem at once.
    errors: dict[str, str] = {}
    typed_name = (typed_name or "").strip()
    witness_name = (witness_name or "").strip()
    path = ""
    if method == ConsentMethod.TYPED_NAME:
        if not typed_name:
            errors["typed_name"] = (
                "type your full name" if by_patient else "type the patient's full name"
            )
        elif len(typed_name) > MAX_NAME:
            errors["typed_name"] = f"the name is longer than {MAX_NAME} characters"
        elif not names_match(
            typed_name,
            given_names=patient.given_names,
            family_name=patient.family_name,
            preferred_name=patient.preferred_name,
        ):
            errors["typed_name"] = (
                "this is not the name the clinic has for you: type your full name (first and "
                "family name)"
                if by_patient
                else f"the typed name does not match the patient's ({patient.display_name}): "
                "the patient types their own full name"
            )
    else:
        typed_name = ""
        try:
            path = signature.normalise(signature_path or "")
        except signature.SignatureError as exc:
            errors["signature_path"] = str(exc)
    if confirmed is not True:
        errors["confirmed"] = (
            "tick the box to say that you have read and understood the document"
            if by_patient
            else "the patient must confirm that they have read and understood the document"
        )
    if len(witness_name) > MAX_NAME:
        errors["witness_name"] = f"the witness name is longer than {MAX_NAME} characters"
    if errors:
        field, message = next(iter(errors.items()))
        raise ConsentError(message, field=field, errors=errors)
    return {
        "kind": document.kind,
        "method": method,
        "signature_svg": path,
        "typed_name": typed_name,
        "confirmed": True,
        "witness_name": witness_name,
    }


def _save_consent(
    clinic: Clinic,
    patient: Patient,
    document: ConsentDocument,
    fields: dict[str, Any],
    **extra: Any,
) -> tuple[Consent, Consent | None]:
    """Save a consent; the patient's earlier active consent of the kind becomes history."""
    # Lock the patient so that two signatures cannot both become the active consent.
    Patient.objects.select_for_update().filter(pk=patient.pk).first()
    now = timezone.now()
    previous = Consent.objects.filter(
        clinic=clinic, patient=patient, kind=document.kind, status=ConsentRecordStatus.ACTIVE
    ).first()
    if previous is not None:
        previous.status = ConsentRecordStatus.SUPERSEDED
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at"])
    consent = Consent(
        clinic=clinic, patient=patient, document=document, signed_at=now, **fields, **extra
    )
    consent.full_clean()
    consent.save()
    return consent, previous


def _audit_detail(consent: Consent, previous: Consent | None) -> dict[str, Any]:
    return {
        "kind": consent.kind,
        "version": consent.document.version,
        "method": consent.method,
        "channel": consent.channel,
        "witnessed": bool(consent.witness_name),
        "superseded": str(previous.public_id) if previous else None,
    }


@transaction.atomic
def record_consent(
    actor: Actor,
    patient: Patient,
    *,
    document: ConsentDocument,
    method: str,
    signature_path: str | None = None,
    typed_name: str = "",
    confirmed: bool,
    witness_name: str = "",
) -> Consent:
    """Record a patient's consent, signed in the clinic with the actor taking it.

    ``document`` must be the clinic's current published version for its kind. A drawn signature
    needs valid, non-empty path data; a typed name needs the name. Either way the patient must
    confirm they have read and understood the document. Raises ConsentError naming the input at
    fault (nothing is saved), PermissionDenied when the role may not take consent.
    """
    require(actor, Permission.EDIT_CLINICAL)
    fields = _validated(
        actor.clinic,
        patient,
        document=document,
        method=method,
        signature_path=signature_path,
        typed_name=typed_name,
        confirmed=confirmed,
        witness_name=witness_name,
    )
    consent, previous = _save_consent(
        actor.clinic,
        patient,
        document,
        fields,
        taken_by=actor.user,
        channel=ConsentChannel.IN_CLINIC,
    )
    record(
        actor,
        Action.CREATE,
        object_type="consent",
        object_id=consent.public_id,
        patient=patient,
        detail=_audit_detail(consent, previous),
    )
    return consent


@transaction.atomic
def record_consent_by_patient_link(
    *,
    clinic: Clinic,
    patient: Patient,
    document: ConsentDocument,
    method: str,
    signature_path: str | None = None,
    typed_name: str = "",
    confirmed: bool,
    address: str | None = None,
) -> Consent:
    """Record a consent the patient gave through a link, with no staff member (``taken_by`` None).

    The caller has already checked the link (signed, unexpired, unused) and resolved the clinic
    and patient from it. The same rules as ``record_consent`` apply; there is no witness.
    """
    fields = _validated(
        clinic,
        patient,
        document=document,
        method=method,
        signature_path=signature_path,
        typed_name=typed_name,
        confirmed=confirmed,
        witness_name="",
        by_patient=True,
    )
    consent, previous = _save_consent(
        clinic, patient, document, fields, taken_by=None, channel=ConsentChannel.PATIENT_LINK
    )
    record_patient_access(
        clinic=clinic,
        patient=patient,
        action=Action.CREATE,
        object_type="consent",
        object_id=consent.public_id,
        address=address,
        detail=_audit_detail(consent, previous),
    )
    return consent


@transaction.atomic
def withdraw_consent(actor: Actor, consent: Consent, *, reason: str) -> Consent:
    """Record that the patient withdrew a consent. It stays, marked, with reason, person and time."""
    require(actor, Permission.EDIT_CLINICAL)
    reason = (reason or "").strip()
    if not reason:
        raise ConsentError("a reason is required", field="reason")
    consent = Consent.objects.select_for_update().get(pk=consent.pk, clinic=actor.clinic)
    if consent.status != ConsentRecordStatus.ACTIVE:
        raise ConsentError(
            "only an active consent can be withdrawn; this one is "
            f"{consent.get_status_display().lower()}"
        )
    consent.status = ConsentRecordStatus.WITHDRAWN
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_reason = reason
    consent.withdrawn_recorded_by = actor.user
    consent.save(
        update_fields=["status", "withdrawn_at", "withdrawn_reason", "withdrawn_recorded_by"]
    )
    record(
        actor,
        Action.UPDATE,
        object_type="consent",
        object_id=consent.public_id,
        patient=consent.patient,
        detail={"withdrawn": True, "kind": consent.kind, "reason": reason},
    )
    return consent
