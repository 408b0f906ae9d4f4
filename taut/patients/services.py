"""Registering and updating patients. Every write is one transaction and leaves an audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from taut.audit.models import Action
from taut.audit.services import record
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic
from taut.clinics.permissions import Permission, require
from taut.lib.text import digits, fold
from taut.patients.models import Patient, RecordStatus

DEMOGRAPHIC_FIELDS = (
    "family_name",
    "given_names",
    "preferred_name",
    "birth_date",
    "gender",
    "language",
    "interpreter_needed",
    "phone",
    "email",
    "address_line",
    "city",
    "postal_code",
    "country",
    "preferred_contact_channel",
    "emergency_contact_name",
    "emergency_contact_relationship",
    "emergency_contact_phone",
)


class PossibleDuplicate(Exception):
    """A patient with the same name and date of birth is already registered in the clinic."""

    def __init__(self, matches: list[Patient]) -> None:
        super().__init__(f"{len(matches)} possible duplicate(s)")
        self.matches = matches


class RecordNumberTaken(ValueError):
    def __init__(self, record_number: str) -> None:
        super().__init__(f"Record number {record_number} is already in use in this clinic.")
        self.record_number = record_number


def possible_duplicates(
    clinic: Clinic,
    *,
    family_name: str,
    given_names: str,
    birth_date: Any,
    exclude: Patient | None = None,
) -> list[Patient]:
    """Active patients of the clinic with the same folded family and given names and birth date."""
    candidates = Patient.objects.filter(
        clinic=clinic, birth_date=birth_date, status=RecordStatus.ACTIVE
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    family, given = fold(family_name), fold(given_names)
    return [p for p in candidates if fold(p.family_name) == family and fold(p.given_names) == given]


def _next_record_number(clinic: Clinic) -> str:
    # Lock the clinic row so two registrations cannot take the same number.
    Clinic.objects.select_for_update().filter(pk=clinic.pk).first()
    prefix = clinic.record_number_prefix
    numbers = [
        int(rn[len(prefix) :])
        for rn in Patient.objects.filter(
            clinic=clinic, record_number__startswith=prefix
        ).values_list("record_number", flat=True)
        if rn[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:06d}"


def _refresh_search_fields(patient: Patient) -> None:
    patient.search_name = fold(
        " ".join(filter(None, [patient.given_names, patient.preferred_name, patient.family_name]))
    )
    patient.phone_digits = digits(patient.phone)


@transaction.atomic
def register_patient(
    actor: Actor,
    *,
    data: dict[str, Any],
    record_number: str = "",
    confirmed_not_duplicate: bool = False,
) -> Patient:
    """Register a new patient in the actor's clinic.

    Raises PossibleDuplicate when an active patient has the same name and date of birth and the
    user has not confirmed that this is a different person; RecordNumberTaken when a given record
    number is in use; PermissionDenied when the role may not register patients.
    """
    require(actor, Permission.EDIT_PATIENTS)
    clinic = actor.clinic
    if not confirmed_not_duplicate:
        matches = possible_duplicates(
            clinic,
            family_name=data["family_name"],
            given_names=data["given_names"],
            birth_date=data["birth_date"],
        )
        if matches:
            raise PossibleDuplicate(matches)
    if record_number:
        if Patient.objects.filter(clinic=clinic, record_number=record_number).exists():
            raise RecordNumberTaken(record_number)
    else:
        record_number = _next_record_number(clinic)
    patient = Patient(clinic=clinic, record_number=record_number, created_by=actor.user)
    for field in DEMOGRAPHIC_FIELDS:
        if field in data:
            setattr(patient, field, data[field])
    _refresh_search_fields(patient)
    patient.full_clean()
    patient.save()
    record(
        actor,
        Action.CREATE,
        object_type="patient",
        object_id=patient.public_id,
        patient=patient,
        detail={"duplicate_confirmed": confirmed_not_duplicate},
    )
    return patient


class RecordLocked(Exception):
    """The record is marked entered in error and can no longer be changed."""


@transaction.atomic
def update_patient(actor: Actor, patient: Patient, *, data: dict[str, Any]) -> list[str]:
    """Update demographics; returns the names of the fields that changed (audited, not their values)."""
    require(actor, Permission.EDIT_PATIENTS)
    patient = Patient.objects.select_for_update().get(pk=patient.pk, clinic=actor.clinic)
    if patient.is_entered_in_error:
        raise RecordLocked("This patient record was marked entered in error and cannot change.")
    changed = [f for f in DEMOGRAPHIC_FIELDS if f in data and getattr(patient, f) != data[f]]
    if not changed:
        return []
    for field in changed:
        setattr(patient, field, data[field])
    _refresh_search_fields(patient)
    patient.full_clean()
    patient.save()
    record(
        actor,
        Action.UPDATE,
        object_type="patient",
        object_id=patient.public_id,
        patient=patient,
        detail={"fields": changed},
    )
    return changed


@transaction.atomic
def mark_patient_entered_in_error(actor: Actor, patient: Patient, *, reason: str) -> Patient:
    """Withdraw a registration made by mistake. The record stays, visibly marked, with the reason."""
    require(actor, Permission.MARK_ENTERED_IN_ERROR)
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to mark a record entered in error.")
    patient = Patient.objects.select_for_update().get(pk=patient.pk, clinic=actor.clinic)
    if patient.is_entered_in_error:
        raise RecordLocked("This patient record is already marked entered in error.")
    patient.save(update_fields=[*patient.withdraw(actor.user, reason), "updated_at"])
    record(
        actor,
        Action.ENTERED_IN_ERROR,
        object_type="patient",
        object_id=patient.public_id,
        patient=patient,
        detail={"reason": reason},
    )
    return patient
