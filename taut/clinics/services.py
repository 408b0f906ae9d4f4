"""Creating clinics and adding staff without a page (the demo and `taut createclinic`).

Running a clinic from the pages (settings, locations, invitations, roles) is `taut.office`,
which audits every change.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from taut.accounts.models import User
from taut.clinics.models import Clinic, Location, Membership, Role


@transaction.atomic
def create_clinic(
    *,
    name: str,
    time_zone: str,
    owner_email: str,
    owner_name: str,
    owner_password: str,
    location_name: str = "",
    validate: bool = True,
) -> Clinic:
    """Create a clinic with one location and its owner's account (or add an existing user as owner).

    Raises ValidationError for an unknown time zone or a weak password.
    """
    clinic = Clinic(name=name.strip(), time_zone=time_zone)
    clinic.full_clean()
    clinic.save()
    Location.objects.create(clinic=clinic, name=location_name.strip() or clinic.name)
    user = User.objects.filter(email__iexact=owner_email).first()
    if user is None:
        if validate:
            validate_password(owner_password, User(email=owner_email, full_name=owner_name))
        user = User.objects.create_user(owner_email, owner_password, full_name=owner_name)
    Membership.objects.create(user=user, clinic=clinic, role=Role.OWNER, joined_at=timezone.now())
    return clinic


@transaction.atomic
def add_staff(
    clinic: Clinic, *, email: str, full_name: str, role: Role, password: str | None = None
) -> Membership:
    """Give a person a role in a clinic, creating their account when they have none."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, password, full_name=full_name)
    membership, _ = Membership.objects.update_or_create(
        user=user,
        clinic=clinic,
        defaults={"role": role, "is_active": True},
        create_defaults={"role": role, "is_active": True, "joined_at": timezone.now()},
    )
    return membership
