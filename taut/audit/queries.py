"""Reading the audit trail: owners only, their own clinic only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from taut.audit.models import Action, AuditEntry
from taut.audit.services import record
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    record_number: str = ""
    action: str = ""
    from_on: date | None = None
    to_on: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(actor: Actor, filters: AuditFilter) -> QuerySet[AuditEntry]:
    """The clinic's audit entries matching the filters, newest first; the look itself is audited."""
    require(actor, Permission.VIEW_AUDIT)
    entries = AuditEntry.objects.filter(clinic=actor.clinic).select_related("user", "patient")
    if filters.user_id:
        entries = entries.filter(user_id=filters.user_id)
    if filters.record_number:
        entries = entries.filter(patient__record_number__iexact=filters.record_number.strip())
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.from_on:
        entries = entries.filter(occurred_at__gte=_start_of(filters.from_on))
    if filters.to_on:
        entries = entries.filter(occurred_at__lt=_start_of(filters.to_on + timedelta(days=1)))
    record(actor, Action.LIST, object_type="audit_log")
    return entries.order_by("-occurred_at", "-id")
