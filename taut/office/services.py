"""Running a clinic from the pages: its settings, locations and staff.

Every change made through the pages is audited. Staff join by invitation: an owner names the
person and their role, and the person sets their own password through a one-time link.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from taut.accounts.models import User
from taut.audit.models import Action
from taut.audit.services import record
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic, Invitation, Location, Membership, Role
from taut.clinics.permissions import Permission, require
from taut.outbox import services as outbox
from taut.outbox.models import Channel

INVITATION_DAYS = 7
INVITATION_SALT = "taut.office.invitation"


class StaffError(ValueError):
    """A staff or location change the clinic cannot take; ``field`` names the input. Nothing is saved."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvitationUnusable(Exception):
    """The invitation link cannot be used: ``reason`` is invalid, expired, used or revoked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


CLINIC_SETTINGS_FIELDS = (
    "name",
    "time_zone",
    "phone",
    "email",
    "website",
    "idle_timeout_minutes",
    "safety_profile_review_days",
    "backdate_limit_days",
)


def _changes(
    instance: object, data: dict[str, object], fields: tuple[str, ...]
) -> dict[str, object]:
    """The fields whose value in ``data`` differs from the instance's, with old and new values."""
    return {
        f: {"from": str(getattr(instance, f)), "to": str(data[f])}
        for f in fields
        if f in data and getattr(instance, f) != data[f]
    }


def _apply_changes(
    actor: Actor,
    instance: Clinic | Location,
    data: dict[str, object],
    changes: dict[str, object],
    object_type: str,
) -> list[str]:
    """Set the changed fields, validate, save only them and audit the before and after."""
    for field in changes:
        setattr(instance, field, data[field])
    instance.full_clean()
    if changes:
        instance.save(update_fields=list(changes))
        record(
            actor,
            Action.UPDATE,
            object_type=object_type,
            object_id=instance.public_id,
            detail={"changed": changes},
        )
    return list(changes)


@transaction.atomic
def update_clinic_settings(actor: Actor, *, data: dict[str, object]) -> list[str]:
    """Change the active clinic's details and idle log-off time; owners only.

    Returns the names of the fields that changed. Raises PermissionDenied for other roles and
    ValidationError for an unknown time zone or an idle time outside 2 to 240 minutes.
    """
    require(actor, Permission.MANAGE_CLINIC)
    clinic = Clinic.objects.select_for_update().get(pk=actor.clinic.pk)
    changes = _changes(clinic, data, CLINIC_SETTINGS_FIELDS)
    return _apply_changes(actor, clinic, data, changes, "clinic")


# Locations ---------------------------------------------------------------------------------

LOCATION_FIELDS = ("name", "address_line", "city", "postal_code", "country", "phone", "is_active")


def _location_name_free(clinic: Clinic, name: str, except_pk: int | None = None) -> None:
    taken = Location.objects.filter(clinic=clinic, name__iexact=name)
    if except_pk is not None:
        taken = taken.exclude(pk=except_pk)
    if taken.exists():
        raise StaffError(_("This clinic already has a location of that name."), field="name")


@transaction.atomic
def add_location(actor: Actor, *, data: dict[str, object]) -> Location:
    """Add a place where the clinic sees patients; owners only."""
    require(actor, Permission.MANAGE_CLINIC)
    _lock_clinic(actor)
    name = str(data.get("name", "")).strip()
    _location_name_free(actor.clinic, name)
    location = Location(clinic=actor.clinic, **{f: data[f] for f in LOCATION_FIELDS if f in data})
    location.name = name
    location.full_clean()
    location.save()
    record(
        actor,
        Action.CREATE,
        object_type="location",
        object_id=location.public_id,
        detail={"name": location.name},
    )
    return location


@transaction.atomic
def update_location(actor: Actor, location: Location, *, data: dict[str, object]) -> list[str]:
    """Change a location's details, or close it (inactive: not offered for new bookings)."""
    require(actor, Permission.MANAGE_CLINIC)
    _lock_clinic(actor)
    location = Location.objects.select_for_update().get(pk=location.pk, clinic=actor.clinic)
    if "name" in data:
        data = {**data, "name": str(data["name"]).strip()}
        _location_name_free(actor.clinic, str(data["name"]), except_pk=location.pk)
    changes = _changes(location, data, LOCATION_FIELDS)
    if changes.get("is_active") and not data["is_active"]:
        others = Location.objects.filter(clinic=actor.clinic, is_active=True).exclude(
            pk=location.pk
        )
        if not others.exists():
            raise StaffError(
                _("A clinic needs at least one active location: add another first."),
                field="is_active",
            )
    return _apply_changes(actor, location, data, changes, "location")


# Staff -------------------------------------------------------------------------------------
#
# An invited person's membership is inactive until they accept (``joined_at``): nobody else can
# switch it on, and an invitation gives no access. A person new to Taut sets their password
# through the link; someone who already signs in (to another clinic) accepts while signed in.


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(str(invitation.public_id), salt=INVITATION_SALT, compress=False)


def _usable(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise InvitationUnusable("invalid")
    if invitation.accepted_at is not None or invitation.membership.joined_at is not None:
        raise InvitationUnusable("used")
    if invitation.revoked_at is not None:
        raise InvitationUnusable("revoked")
    if timezone.now() >= invitation.expires_at:
        raise InvitationUnusable("expired")
    return invitation


def open_invitation(token: str) -> Invitation:
    """The usable invitation a token names. Raises InvitationUnusable saying why it cannot be used."""
    try:
        public_id = uuid.UUID(
            signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_DAYS * 86400)
        )
    except signing.SignatureExpired:
        raise InvitationUnusable("expired") from None
    except (signing.BadSignature, ValueError):
        raise InvitationUnusable("invalid") from None
    return _usable(
        Invitation.objects.select_related("membership__clinic", "membership__user")
        .filter(public_id=public_id)
        .first()
    )


def _revoke_open_invitations(membership: Membership) -> int:
    return Invitation.objects.filter(
        membership=membership, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def _send_invitation(actor: Actor, membership: Membership, base_url: str) -> Invitation:
    """Revoke the membership's open invitations, make a new one and e-mail its link on commit."""
    _revoke_open_invitations(membership)
    invitation = Invitation.objects.create(
        membership=membership,
        email=membership.user.email,
        created_by=actor.user,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    url = base_url.rstrip("/") + reverse("office:invitation", args=[invitation_token(invitation)])
    values = {
        "inviter": actor.user.full_name or actor.user.email,
        "clinic": membership.clinic.name,
        "role": membership.get_role_display(),
        "url": url,
        "days": INVITATION_DAYS,
    }
    subject = _("You are invited to %(clinic)s on Taut") % values
    if membership.user.has_usable_password():
        body = (
            _(
                "%(inviter)s invites you to work at %(clinic)s as %(role)s.\n\n"
                "Sign in as usual and accept here: %(url)s\n\n"
                "The link works once and for %(days)s days. If you did not expect it, ignore this "
                "message: nothing changes until you accept."
            )
            % values
        )
    else:
        body = (
            _(
                "%(inviter)s invites you to work at %(clinic)s as %(role)s.\n\n"
                "Set your password and sign in here: %(url)s\n\n"
                "The link works once and for %(days)s days. If you did not expect it, ignore this "
                "message."
            )
            % values
        )
    outbox.schedule(
        clinic=actor.clinic,
        key=f"staff_invitation:{invitation.public_id}",
        purpose="staff_invitation",
        channel=Channel.EMAIL,
        to=membership.user.email,
        subject=subject,
        body=body,
    )
    return invitation


def _lock_clinic(actor: Actor) -> Clinic:
    """Serialise staff and location changes of one clinic (the one-active-owner and
    one-active-location rules read several rows)."""
    return Clinic.objects.select_for_update().get(pk=actor.clinic.pk)


@transaction.atomic
def invite_staff(
    actor: Actor, *, email: str, full_name: str, role: str, base_url: str
) -> Membership:
    """Invite a person to a role in the actor's clinic by e-mail; owners only.

    The membership stays inactive until the person accepts through the link. Raises StaffError
    when the person is already on the staff list or the input is not usable.
    """
    require(actor, Permission.MANAGE_CLINIC)
    _lock_clinic(actor)
    email = email.strip().lower()
    full_name = " ".join(full_name.split())
    if role not in Role.values:
        raise StaffError(_("Choose a role."), field="role")
    if not full_name:
        raise StaffError(_("Enter the person's name."), field="full_name")
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        existing = Membership.objects.filter(user=user, clinic=actor.clinic).first()
        if existing is not None:
            raise StaffError(
                _(
                    "This person is already on the staff list: change their role or send a new link there."
                ),
                field="email",
            )
    else:
        user = User(email=email, full_name=full_name)
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise StaffError(
                " ".join(exc.message_dict.get("email", exc.messages)), field="email"
            ) from None
        user.set_unusable_password()
        user.save()
    membership = Membership.objects.create(
        user=user, clinic=actor.clinic, role=role, is_active=False, joined_at=None
    )
    _send_invitation(actor, membership, base_url)
    record(
        actor,
        Action.CREATE,
        object_type="membership",
        object_id=membership.public_id,
        detail={"email": user.email, "role": role, "sent": "invitation"},
    )
    return membership


def _staff_member(actor: Actor, membership: Membership) -> Membership:
    _lock_clinic(actor)
    return (
        Membership.objects.select_for_update()
        .select_related("user", "clinic")
        .get(pk=membership.pk, clinic=actor.clinic)
    )


def _keep_an_owner(actor: Actor, membership: Membership) -> None:
    """Refuse a change that would leave the clinic without an active owner who has joined."""
    others = Membership.objects.filter(
        clinic=actor.clinic,
        role=Role.OWNER,
        is_active=True,
        joined_at__isnull=False,
        user__is_active=True,
    ).exclude(pk=membership.pk)
    if membership.role == Role.OWNER and membership.is_active and not others.exists():
        raise StaffError(
            _("A clinic needs at least one active owner: make someone else an owner first."),
            field="role",
        )


@transaction.atomic
def resend_invitation(actor: Actor, membership: Membership, *, base_url: str) -> Invitation:
    """Send a fresh invitation link (the earlier ones stop working); owners only."""
    require(actor, Permission.MANAGE_CLINIC)
    membership = _staff_member(actor, membership)
    if not membership.is_invited:
        raise StaffError(_("This person has already joined; they can sign in."))
    invitation = _send_invitation(actor, membership, base_url)
    record(
        actor,
        Action.UPDATE,
        object_type="membership",
        object_id=membership.public_id,
        detail={"sent": "invitation", "email": membership.user.email},
    )
    return invitation


@transaction.atomic
def change_role(actor: Actor, membership: Membership, *, role: str) -> bool:
    """Give a staff member (or someone invited) another role; owners only. Returns whether it
    changed."""
    require(actor, Permission.MANAGE_CLINIC)
    membership = _staff_member(actor, membership)
    if role not in Role.values:
        raise StaffError(_("Choose a role."), field="role")
    if role == membership.role:
        return False
    if role != Role.OWNER:
        _keep_an_owner(actor, membership)
    record(
        actor,
        Action.UPDATE,
        object_type="membership",
        object_id=membership.public_id,
        detail={"email": membership.user.email, "role": {"from": membership.role, "to": role}},
    )
    membership.role = role
    membership.save(update_fields=["role"])
    return True


@transaction.atomic
def set_staff_active(actor: Actor, membership: Membership, *, active: bool) -> bool:
    """Deactivate a staff member (their access ends at their next request; their records stay)
    or reactivate someone who had joined; for someone only invited, deactivating withdraws the
    invitation. Owners only; returns whether anything changed. Owners cannot deactivate
    themselves, and the clinic keeps at least one active owner."""
    require(actor, Permission.MANAGE_CLINIC)
    membership = _staff_member(actor, membership)
    if active and membership.is_invited:
        raise StaffError(_("Only they can accept the invitation: send them a new link instead."))
    if not active and membership.user_id == actor.user.pk:
        raise StaffError(_("You cannot deactivate yourself; another owner can."))
    if not active:
        _keep_an_owner(actor, membership)
    withdrawn = _revoke_open_invitations(membership) if not active else 0
    if membership.is_active == active and not withdrawn:
        return False
    membership.is_active = active
    membership.save(update_fields=["is_active"])
    record(
        actor,
        Action.UPDATE,
        object_type="membership",
        object_id=membership.public_id,
        detail={
            "email": membership.user.email,
            "active": active,
            "invitation_withdrawn": bool(withdrawn),
        },
    )
    return True


@transaction.atomic
def accept_invitation(
    token: str, *, user: User | None, password: str | None, address: str | None = None
) -> Membership:
    """Take up the role an invitation offers; the link is then used up and the person's other
    pending invitations stay as they are.

    A person new to Taut gives the password they chose (``user`` is None: they are not signed
    in); someone who already has a password must be signed in as the invited person (``user``).
    Raises InvitationUnusable for a link that cannot be used or the wrong person, and
    ValidationError for a password the validators refuse (nothing changes then).
    """
    found = open_invitation(token)
    invitation = _usable(
        Invitation.objects.select_for_update()
        .select_related("membership__clinic", "membership__user")
        .filter(pk=found.pk)
        .first()
    )
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "clinic")
        .get(pk=invitation.membership_id)
    )
    invited = membership.user
    if invited.has_usable_password():
        if user is None or user.pk != invited.pk:
            raise InvitationUnusable("sign_in")
    else:
        if user is not None and user.pk != invited.pk:
            raise InvitationUnusable("someone_else")
        if not password:
            raise ValidationError(_("Choose a password."))
        validate_password(password, invited)
        invited.set_password(password)
        invited.save(update_fields=["password"])
    now = timezone.now()
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    membership.is_active = True
    membership.joined_at = now
    membership.save(update_fields=["is_active", "joined_at"])
    record(
        Actor(user=invited, membership=membership, address=address),
        Action.UPDATE,
        object_type="membership",
        object_id=membership.public_id,
        detail={"invitation": "accepted"},
    )
    return membership
