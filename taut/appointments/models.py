"""Opening hours, clinicians' availability and appointments.

Instants are stored in UTC and shown in the clinic's time zone; weekly hours are wall-clock
times of the clinic's zone. Appointments are never deleted: a cancellation keeps its reason and a
reschedule is a new appointment that points back at the one it replaced.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taut.appointments.rules import Closed, Window
from taut.patients.models import ContactChannel


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """One period a location is open on a weekday; several rows make a day with a break."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        "clinics.Location", on_delete=models.PROTECT, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["location_id", "weekday", "opens"]
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="appointments_opening_closes_after_opens",
            )
        ]

    def __str__(self) -> str:
        return str(self.window)

    @property
    def window(self) -> Window:
        return Window(self.weekday, self.opens, self.closes)


class Availability(models.Model):
    """One period a clinician works at a location on a weekday."""

    membership = models.ForeignKey(
        "clinics.Membership", on_delete=models.PROTECT, related_name="availability"
    )
    location = models.ForeignKey(
        "clinics.Location", on_delete=models.PROTECT, related_name="availability"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["membership_id", "location_id", "weekday", "start"]
        verbose_name_plural = _("availability")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="appointments_availability_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return str(self.window)

    @property
    def window(self) -> Window:
        return Window(self.weekday, self.start, self.end)


class Kind(models.TextChoices):
    ASSESSMENT = "assessment", _("Assessment")
    NEEDLING_SESSION = "needling_session", _("Needling session")
    REVIEW = "review", _("Review")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("Did not attend")
    ATTENDED = "attended", _("Attended")


class ConfirmedHow(models.TextChoices):
    PHONE = "phone", _("by phone")
    IN_PERSON = "in_person", _("in person")
    MESSAGE = "message", _("by message")
    REMINDER_LINK = "reminder_link", _("by the reminder's link")


# Every status but cancelled keeps the time taken.
OCCUPYING = (Status.BOOKED, Status.NO_SHOW, Status.ATTENDED)


class Appointment(models.Model):
    """A patient's booked time with a clinician at a location."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        "clinics.Location", on_delete=models.PROTECT, related_name="appointments"
    )
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="appointments"
    )
    episode = models.ForeignKey(
        "episodes.Episode",
        on_delete=models.PROTECT,
        related_name="appointments",
        null=True,
        blank=True,
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("clinician"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    series_id = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="Shared by appointments booked together."
    )
    rescheduled_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rescheduled_to",
    )
    cancelled_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # For the reminders (a later feature): how to reach the patient, copied at booking.
    reminder_channel = models.CharField(
        _("reminder by"), max_length=10, choices=ContactChannel.choices, blank=True
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The patient said they will come (by phone, at the desk; later by a reminder's link).
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_how = models.CharField(
        _("confirmed"), max_length=20, choices=ConfirmedHow.choices, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointments_appointment_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["clinic", "starts_at"], name="appointments_clinic_start"),
            models.Index(fields=["clinician", "starts_at"], name="appointments_clinician_start"),
            models.Index(fields=["patient", "starts_at"], name="appointments_patient_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}Z"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at) / timedelta(minutes=1))

    @property
    def is_booked(self) -> bool:
        return self.status == Status.BOOKED

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED

    @property
    def awaits_confirmation(self) -> bool:
        """Booked, still ahead, and the patient has not said they will come."""
        return self.is_booked and self.confirmed_at is None and self.starts_at > timezone.now()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("appointments are never deleted: cancel the appointment")


class ClosureQuerySet(models.QuerySet["Closure"]):
    def applying_to(self, location: Any, clinician: Any) -> list[Closed]:
        """The closures in force that refuse booking this clinician at this location."""
        return [
            c.closed
            for c in self.filter(
                clinic_id=location.clinic_id,
                withdrawn_at__isnull=True,
            )
            .filter(models.Q(location__isnull=True) | models.Q(location=location))
            .filter(models.Q(clinician__isnull=True) | models.Q(clinician=clinician))
        ]


class Closure(models.Model):
    """Days when booking is refused: a holiday or closure of the clinic or one location, or a
    clinician's time off (``clinician`` set). Withdrawn, never deleted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        "clinics.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("location"),
        help_text=_("Empty: every location."),
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("clinician"),
        help_text=_("Empty: the whole location or clinic is closed."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="appointments_closure_ends_on_or_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on} {self.reason}"

    @property
    def closed(self) -> Closed:
        return Closed(self.starts_on, self.ends_on, self.reason)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("closures are never deleted: withdraw the closure")
