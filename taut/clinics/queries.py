"""Reads about clinics and memberships, scoped to the user asking."""

from __future__ import annotations

from django.db.models import QuerySet

from taut.accounts.models import User
from taut.clinics.models import Membership


def memberships_for(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True).select_related("clinic")
