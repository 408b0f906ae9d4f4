"""Reads of patient data. Every function is scoped to the actor's clinic and audited."""

from __future__ import annotations

import re
import uuid
from datetime import date

from django.db.models import Q, QuerySet

from taut.audit.models import Action
from taut.audit.reads import get_audited
from taut.audit.services import record
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.lib.text import digits, fold
from taut.patients.models import Patient, RecordStatus

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASHED_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_RECORD_NUMBER = re.compile(r"^([A-Za-z]{1,8})?(\d{1,9})$")


def patients_in_clinic(actor: Actor) -> QuerySet[Patient]:
    """Every patient of the actor's active clinic (the clinic scope; not audited on its own)."""
    return Patient.objects.filter(clinic=actor.clinic)


def get_patient(actor: Actor, public_id: uuid.UUID | str) -> Patient:
    """One patient of the actor's clinic, recording that the actor viewed it.

    Raises Http404 for an unknown id or a patient of another clinic (never 403, which would
    reveal that the record exists), and PermissionDenied when the role may not view patients.
    """
    require(actor, Permission.VIEW_PATIENTS)
    return get_audited(
        actor, Patient.objects.all(), public_id, object_type="patient", patient_of=lambda p: p
    )


def dates_in(text: str) -> list[date]:
    """Dates a search box entry can mean: ISO, or day/month/year and month/day/year."""
    candidates: list[date] = []
    if m := _ISO_DATE.match(text):
        parts = [(int(m[1]), int(m[2]), int(m[3]))]
    elif m := _SLASHED_DATE.match(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        parts = [(year, second, first), (year, first, second)]
    else:
        return []
    for year, month, day in parts:
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found not in candidates:
            candidates.append(found)
    return candidates


def _matching(actor: Actor, text: str) -> QuerySet[Patient]:
    patients = patients_in_clinic(actor)
    text = text.strip()
    if not text:
        return patients
    if found_dates := dates_in(text):
        return patients.filter(birth_date__in=found_dates)
    number = digits(text)
    condition = Q(record_number__iexact=text)
    if m := _RECORD_NUMBER.match(text):
        # "12" or "t12" finds T000012: record numbers are the prefix and six digits.
        condition |= Q(
            record_number__iexact=f"{m[1] or actor.clinic.record_number_prefix}{int(m[2]):06d}"
        )
        if len(m[2]) < 3:
            return patients.filter(condition)
    if number and len(number) >= 3 and not re.search(r"[^\d\s()+\-.]", text):
        condition |= Q(phone_digits__contains=number) | Q(record_number__icontains=number)
        return patients.filter(condition)
    for token in fold(text).split():
        condition_token = Q(search_name__contains=token)
        patients = patients.filter(condition_token | Q(record_number__iexact=text))
    return patients


def search_patients(
    actor: Actor, text: str, *, include_entered_in_error: bool = False
) -> QuerySet[Patient]:
    """Patients matching a name, date of birth, phone number or record number.

    Records one audit entry for the search (or the plain listing when the text is empty).
    """
    require(actor, Permission.VIEW_PATIENTS)
    patients = _matching(actor, text)
    if not include_entered_in_error:
        patients = patients.filter(status=RecordStatus.ACTIVE)
    record(
        actor,
        Action.SEARCH if text.strip() else Action.LIST,
        object_type="patient",
        detail={"query": text.strip()} if text.strip() else {},
    )
    return patients.order_by("family_name", "given_names", "birth_date")
