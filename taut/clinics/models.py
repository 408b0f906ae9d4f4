"""Clinics (the tenants), their locations, and who works in them in which role."""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from taut.clinical.gate import DEFAULT_BACKDATE_LIMIT_DAYS


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Clinic(models.Model):
    """A practice that uses Taut. Everything a clinic records is visible to that clinic only."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        _("log off after idle minutes"),
        default=15,
        validators=[MinValueValidator(2), MaxValueValidator(240)],
        help_text=_("Staff are logged off after this many minutes without activity (2 to 240)."),
    )
    safety_profile_review_days = models.PositiveSmallIntegerField(
        _("recheck the needling safety profile after days"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "A confirmed safety profile older than this asks to be checked again before needling "
            "(1 to 365; Taut's default is 90, a clinic policy rather than a published rule)."
        ),
    )
    backdate_limit_days = models.PositiveSmallIntegerField(
        _("record a past visit without a reason for up to days"),
        default=DEFAULT_BACKDATE_LIMIT_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(90)],
        help_text=_(
            "A needling session recorded more than this many days after the visit needs a "
            "reason, which the record shows (0 to 90; Taut's default is 7)."
        ),
    )
    record_number_prefix = models.CharField(
        _("record number prefix"), max_length=8, default="T", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_date(self, instant: datetime) -> date:
        """The calendar date in the clinic's time zone at an aware instant."""
        return instant.astimezone(self.zone).date()


class Location(models.Model):
    """A place where a clinic sees patients."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(_("name"), max_length=200)
    address_line = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text="ISO 3166-1")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["clinic_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "name"], name="clinics_location_unique_name_per_clinic"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    CLINICIAN = "clinician", _("Clinician")
    FRONT_DESK = "front_desk", _("Front desk")


class Membership(models.Model):
    """A user's role in one clinic. A user may belong to several clinics and works in one at a time.

    Deactivating a membership ends the person's access to the clinic at their next request; it is
    never deleted, because the records they made name them.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the person took up the role (accepted their invitation). Until then the membership is
    # inactive: an invitation gives no access, and is never switched on by anyone but them.
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["clinic__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "clinic"], name="clinics_membership_unique_user_clinic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.clinic} · {self.get_role_display()}"

    @property
    def is_invited(self) -> bool:
        """Invited and not yet joined (inactive until they accept)."""
        return self.joined_at is None


class Invitation(models.Model):
    """A one-time link that lets a new staff member set their password and sign in.

    The link carries a signed ``public_id``; it works once, until ``expires_at``, and only while
    the membership it was sent for is active. Sending a new invitation revokes the earlier ones.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("sent to"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} · {self.membership.clinic}"
