"""Reads for the owner's pages: the clinic's staff and locations (404 outside the clinic)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from taut.clinics.actor import Actor
from taut.clinics.models import Location, Membership
from taut.clinics.permissions import Permission, require


def staff(actor: Actor) -> list[Membership]:
    """Everyone with a role in the actor's clinic, active first, each with their latest invitation."""
    require(actor, Permission.MANAGE_CLINIC)
    members = list(
        Membership.objects.filter(clinic=actor.clinic)
        .select_related("user")
        .prefetch_related("invitations")
        .order_by("-is_active", "role", "user__full_name")
    )
    for member in members:
        invitations = list(member.invitations.all())
        member.latest_invitation = invitations[0] if invitations else None  # type: ignore[attr-defined]
    return members


def get_membership(actor: Actor, public_id: uuid.UUID) -> Membership:
    """A staff member of the actor's clinic (404 for anyone else's)."""
    require(actor, Permission.MANAGE_CLINIC)
    return get_object_or_404(
        Membership.objects.select_related("user"), clinic=actor.clinic, public_id=public_id
    )


def locations(actor: Actor) -> QuerySet[Location]:
    """All the clinic's locations, active and not (for managing them)."""
    require(actor, Permission.MANAGE_CLINIC)
    return Location.objects.filter(clinic=actor.clinic).order_by("-is_active", "name")


def get_location(actor: Actor, public_id: uuid.UUID) -> Location:
    require(actor, Permission.MANAGE_CLINIC)
    return get_object_or_404(Location, clinic=actor.clinic, public_id=public_id)
