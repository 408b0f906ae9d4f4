"""The one way to read a single patient record by its public id: inside the actor's clinic, or
not at all (404, never 403), and always audited."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

from taut.audit.models import Action
from taut.audit.services import record

if TYPE_CHECKING:
    from taut.clinics.actor import Actor
    from taut.patients.models import Patient


def get_audited[M: Model](
    actor: Actor,
    queryset: QuerySet[M],
    public_id: uuid.UUID | str,
    *,
    object_type: str,
    patient_of: Callable[[M], Patient] = lambda obj: obj.patient,  # type: ignore[attr-defined]
    clinic_field: str = "clinic",
) -> M:
    """The record with ``public_id`` among ``queryset`` limited to the actor's clinic.

    Records that the actor viewed it. Raises Http404 for an unknown or malformed id and for a
    record of another clinic, so that nobody learns another clinic's record exists.
    ``clinic_field`` is the path to the clinic for records that reach it through a parent.
    """
    try:
        found = queryset.filter(**{clinic_field: actor.clinic}).get(public_id=public_id)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
        label = str(queryset.model._meta.verbose_name)
        raise Http404(f"No such {label} in this clinic") from None
    record(
        actor,
        Action.VIEW,
        object_type=object_type,
        object_id=found.public_id,  # type: ignore[attr-defined]
        patient=patient_of(found),
    )
    return found


__all__ = ["get_audited"]
