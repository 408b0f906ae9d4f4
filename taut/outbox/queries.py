"""Reads of the outbox for the clinic's owner: what was sent, what waits, what failed."""

from __future__ import annotations

from django.db.models import QuerySet

from taut.audit.models import Action
from taut.audit.services import record
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.outbox.models import Message, State


def messages_of(actor: Actor, *, state: str = "") -> QuerySet[Message]:
    """The clinic's messages, failed ones first, then the newest; audited as one listing (the
    rows carry patients' addresses)."""
    require(actor, Permission.MANAGE_CLINIC)
    found = Message.objects.filter(clinic=actor.clinic).select_related("patient")
    if state in State.values:
        found = found.filter(state=state)
    record(actor, Action.LIST, object_type="message", detail={"state": state} if state else {})
    return found.order_by("-due_at", "-id")


def failed_count(actor: Actor) -> int:
    require(actor, Permission.MANAGE_CLINIC)
    return Message.objects.filter(clinic=actor.clinic, state=State.FAILED).count()
