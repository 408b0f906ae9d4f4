"""Writing audit entries. Queries call ``record`` for reads; services call it for writes."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from taut.audit.models import Action, AuditEntry

if TYPE_CHECKING:
    from taut.clinics.actor import Actor
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
