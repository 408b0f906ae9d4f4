"""Writing audit entries. Queries call ``record`` for reads; services call it for writes."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from taut.audit.models import Action, AuditEntry

if TYPE_CHECKING:
    from taut.clinics.actor import Actor
    from taut.clinics.models import Clinic
    from taut.patients.models import Patient


def record(
    actor: Actor,
    action: Action,
    *,
    object_type: str,
    object_id: uuid.UUID | None = None,
    patient: Patient | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry for something the actor did in their active clinic."""
    return AuditEntry.objects.create(
        user=actor.user,
        clinic=actor.clinic,
        action=action,
        object_type=object_type,
        object_id=object_id,
        patient=patient,
        address=actor.address,
        detail=detail or {},
    )


def record_patient_access(
    *,
    clinic: Clinic,
    patient: Patient,
    action: Action,
    object_type: str,
    object_id: uuid.UUID | None = None,
    address: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an audit entry for something a patient did through a signed link (no staff user)."""
    return AuditEntry.objects.create(
        user=None,
        clinic=clinic,
        action=action,
        object_type=object_type,
        object_id=object_id,
        patient=patient,
        address=address,
        detail={"by": "patient_link", **(detail or {})},
    )


def record_system(
    *,
    clinic_id: int,
    patient_id: int | None,
    action: Action,
    object_type: str,
    object_id: uuid.UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an audit entry for something Taut did by itself (the worker sending a message)."""
    return AuditEntry.objects.create(
        user=None,
        clinic_id=clinic_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        patient_id=patient_id,
        address=None,
        detail={"by": "taut", **(detail or {})},
    )
