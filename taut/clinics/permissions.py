"""What each role may do: the one place where permissions are decided (see docs/roles.md).

Views and services ask ``can(actor, Permission.X)`` or call ``require(actor, Permission.X)``;
nothing else compares roles.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from taut.clinics.models import Role

if TYPE_CHECKING:
    from taut.clinics.actor import Actor


class Permission(StrEnum):
    VIEW_PATIENTS = "view_patients"  # demographics, contact details, list and search
    EDIT_PATIENTS = "edit_patients"  # register and update demographics
    VIEW_CLINICAL = "view_clinical"  # episodes' clinical content: diagnosis, chronicity
    EDIT_CLINICAL = "edit_clinical"  # open, update and discharge episodes of care
    MARK_ENTERED_IN_ERROR = "mark_entered_in_error"
    VIEW_AUDIT = "view_audit"
    REVIEW_INCIDENTS = "review_incidents"  # the clinic's list of safety incidents
    MANAGE_CLINIC = "manage_clinic"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.CLINICIAN: frozenset(
        {
            Permission.VIEW_PATIENTS,
            Permission.EDIT_PATIENTS,
            Permission.VIEW_CLINICAL,
            Permission.EDIT_CLINICAL,
            Permission.MARK_ENTERED_IN_ERROR,
        }
    ),
    Role.FRONT_DESK: frozenset({Permission.VIEW_PATIENTS, Permission.EDIT_PATIENTS}),
}


def can(actor: Actor, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[actor.membership.role]


def require(actor: Actor, permission: Permission) -> None:
    """Raise PermissionDenied (HTTP 403) when the actor's role lacks the permission.

    Only called for objects already found inside the actor's clinic, so a 403 never reveals
    anything about another clinic: objects of other clinics are simply not found (404).
    """
    if not can(actor, permission):
        raise PermissionDenied(f"{actor.membership.get_role_display()} may not {permission}")
