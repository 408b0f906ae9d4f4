"""Reads of consent documents and patients' consents, scoped to the actor's clinic.

``has_valid_consent`` is the needling gate: it takes the clinic explicitly, because the safety
checks also run where no staff member is acting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404

from taut.audit.reads import get_audited
from taut.clinical import gate
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic
from taut.clinics.permissions import Permission, can, require
from taut.consent.models import (
    DEFAULT_LANGUAGE,
    Consent,
    ConsentDocument,
    ConsentKind,
    ConsentRecordStatus,
    DocumentStatus,
)
from taut.patients.models import Patient

State = Literal["signed", "reconsent", "withdrawn", "none"]


def read_consents(clinic: Clinic, patient: Patient) -> list[Consent]:
    """Every consent of the patient, newest first, with its document and who took and withdrew
    it: read once for the chart's status and its gate (the caller audited the patient read)."""
    return read_consents_of(clinic, [patient.pk])[patient.pk]


def read_consents_of(clinic: Clinic, patient_ids: list[int]) -> dict[int, list[Consent]]:
    """``read_consents`` for several patients in one query (a day's list), by patient id."""
    found: dict[int, list[Consent]] = {pk: [] for pk in patient_ids}
    for consent in (
        Consent.objects.filter(clinic=clinic, patient_id__in=patient_ids)
        .select_related("document", "taken_by", "withdrawn_recorded_by")
        .order_by("-signed_at", "-id")
    ):
        found[consent.patient_id].append(consent)
    return found


def consent_facts(
    clinic: Clinic, patient: Patient, consents: list[Consent] | None = None
) -> tuple[gate.ConsentFact, ...]:
    """Every consent of the patient, with when it stopped counting, for the needling gate
    (from ``consents`` when the page has read them already).

    A consent stops counting when it is withdrawn, when the patient consents again (it is
    superseded by the new one) or when its document is replaced by a new version; the gate
    decides which consents were in force at a visit (``taut.clinical.gate``).
    """
    if consents is None:
        consents = list(
            Consent.objects.filter(clinic=clinic, patient=patient).select_related("document")
        )
    facts = []
    for consent in consents:
        ends = [
            t
            for t in (consent.withdrawn_at, consent.superseded_at, consent.document.retired_at)
            if t is not None
        ]
        facts.append(
            gate.ConsentFact(
                gate.ConsentKind(consent.kind),
                consent.signed_at,
                min(ends, default=None),
                consent.document.version,
                withdrawn_at=consent.withdrawn_at,
            )
        )
    return tuple(facts)


def has_valid_consent(clinic: Clinic, patient: Patient, *, kind: str) -> bool:
    """Whether the patient's consent of this kind is active and to a still-published version.

    A newer version of the document, or a withdrawal, means no valid consent. Electrical
    stimulation is a kind of its own: consent to dry needling does not cover it.
    """
    if kind not in ConsentKind.values:
        raise ValueError(f"unknown consent kind {kind!r}")
    return Consent.objects.filter(
        clinic=clinic,
        patient=patient,
        kind=kind,
        status=ConsentRecordStatus.ACTIVE,
        document__status=DocumentStatus.PUBLISHED,
    ).exists()


def current_document(clinic: Clinic, *, kind: str, language: str = "") -> ConsentDocument | None:
    """The published document a patient would sign now: in their language if the clinic has
    one, else in the clinic's default language, else in any published language."""
    published = list(
        ConsentDocument.objects.filter(clinic=clinic, kind=kind, status=DocumentStatus.PUBLISHED)
    )
    return _in_language(published, language)


def _in_language(published: list[ConsentDocument], language: str) -> ConsentDocument | None:
    for wanted in (language, DEFAULT_LANGUAGE):
        for document in published:
            if document.language == wanted:
                return document
    return published[0] if published else None


def get_document(actor: Actor, public_id: uuid.UUID | str) -> ConsentDocument:
    """One consent document of the actor's clinic (any version), or Http404."""
    try:
        return ConsentDocument.objects.get(clinic=actor.clinic, public_id=public_id)
    except (ConsentDocument.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such consent document in this clinic") from None


@dataclass(frozen=True)
class DocumentGroup:
    kind: ConsentKind
    versions: list[ConsentDocument]  # newest first

    @property
    def label(self) -> str:
        return str(self.kind.label)

    @property
    def published(self) -> list[ConsentDocument]:
        return [d for d in self.versions if d.is_published]


def documents_of_clinic(actor: Actor) -> list[DocumentGroup]:
    """Every version of the clinic's documents, by kind, newest first (for the owner's page)."""
    require(actor, Permission.MANAGE_CLINIC)
    documents = list(
        ConsentDocument.objects.filter(clinic=actor.clinic)
        .select_related("published_by")
        .order_by("-version")
    )
    return [
        DocumentGroup(kind=kind, versions=[d for d in documents if d.kind == kind])
        for kind in ConsentKind
    ]


def get_consent(actor: Actor, public_id: uuid.UUID | str) -> Consent:
    """One consent of the actor's clinic (404 otherwise), recording that the actor viewed it."""
    require(actor, Permission.VIEW_PATIENTS)
    consents = Consent.objects.select_related(
        "patient", "document", "taken_by", "withdrawn_recorded_by"
    )
    return get_audited(actor, consents, public_id, object_type="consent")


@dataclass(frozen=True)
class KindStatus:
    """Where a patient stands for one kind of consent."""

    kind: ConsentKind
    active: Consent | None  # the consent in force, valid or not
    current_document: ConsentDocument | None  # what the patient would sign now
    withdrawn: list[Consent]  # withdrawal history, newest first
    latest: Consent | None  # the most recent consent record of any status

    @property
    def label(self) -> str:
        return str(self.kind.label)

    @property
    def needs_reconsent(self) -> bool:
        """An active consent to a version that has since been replaced."""
        return self.active is not None and not self.active.document.is_published

    @property
    def is_valid(self) -> bool:
        return self.active is not None and self.active.document.is_published

    @property
    def last_withdrawn(self) -> Consent | None:
        return self.withdrawn[0] if self.withdrawn else None

    @property
    def state(self) -> State:
        if self.active is not None:
            return "reconsent" if self.needs_reconsent else "signed"
        if self.latest is not None and self.latest.is_withdrawn:
            return "withdrawn"
        return "none"


@dataclass(frozen=True)
class ConsentStatus:
    """A patient's consents, kind by kind, as the chart shows them."""

    patient: Patient
    kinds: tuple[KindStatus, ...]
    can_take: bool  # the actor may take and withdraw consent

    def for_kind(self, kind: str) -> KindStatus:
        return next(k for k in self.kinds if k.kind == kind)

    @property
    def dry_needling(self) -> KindStatus:
        return self.for_kind(ConsentKind.DRY_NEEDLING)

    @property
    def electrical_stimulation(self) -> KindStatus:
        return self.for_kind(ConsentKind.ELECTRICAL_STIMULATION)


def consent_status(
    actor: Actor, patient: Patient, consents: list[Consent] | None = None
) -> ConsentStatus:
    """The patient's consent status for every kind (from ``consents``, as ``read_consents``
    gives them, when the page has read them already).

    The patient was already fetched, and its view audited, by the caller (as for episodes).
    """
    require(actor, Permission.VIEW_PATIENTS)
    if patient.clinic_id != actor.clinic.pk:
        raise Http404("No such patient in this clinic")
    if consents is None:
        consents = read_consents(actor.clinic, patient)
    published = list(
        ConsentDocument.objects.filter(clinic=actor.clinic, status=DocumentStatus.PUBLISHED)
    )
    kinds = []
    for kind in ConsentKind:
        of_kind = [c for c in consents if c.kind == kind]
        kinds.append(
            KindStatus(
                kind=kind,
                active=next((c for c in of_kind if c.is_active), None),
                current_document=_in_language(
                    [d for d in published if d.kind == kind], patient.language
                ),
                withdrawn=sorted(
                    (c for c in of_kind if c.is_withdrawn),
                    key=lambda c: c.withdrawn_at,  # type: ignore[arg-type,return-value]
                    reverse=True,
                ),
                latest=of_kind[0] if of_kind else None,
            )
        )
    return ConsentStatus(
        patient=patient,
        kinds=tuple(kinds),
        can_take=can(actor, Permission.EDIT_CLINICAL) and not patient.is_entered_in_error,
    )
