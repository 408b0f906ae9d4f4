from __future__ import annotations

from django.http import HttpRequest

from taut.clinics.permissions import ROLE_PERMISSIONS


def active_clinic(request: HttpRequest) -> dict[str, object]:
    actor = getattr(request, "actor", None)
    if actor is None:
        return {"actor": None, "perms_taut": frozenset()}
    return {
        "actor": actor,
        "perms_taut": frozenset(str(p) for p in ROLE_PERMISSIONS[actor.membership.role]),
    }
