"""Patients of a clinic, with demographics aligned to FHIR R4 Patient."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taut.lib.dates import age_on
from taut.lib.records import EnteredInError


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENTERED_IN_ERROR = "entered_in_error", _("Entered in error")


class AdministrativeGender(models.TextChoices):
    """FHIR administrative-gender: the gender used for administration, not clinical sex."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("E-mail")
    POST = "post", _("Post")


class Language(models.TextChoices):
    """Languages Taut can address a patient in (BCP 47 tags)."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    OTHER = "other", _("Other")


class Patient(EnteredInError):
    """A person the clinic treats. Never deleted: a record made by mistake is marked entered in error."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="patients")
    record_number = models.CharField(_("record number"), max_length=32)
    status = models.CharField(
        _("record status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )

    # Name (FHIR HumanName: family, given, and the name the person prefers to be called).
    family_name = models.CharField(_("family name"), max_length=120)
    given_names = models.CharField(_("given names"), max_length=120)
    preferred_name = models.CharField(_("preferred name"), max_length=120, blank=True)

    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(
        _("administrative gender"), max_length=10, choices=AdministrativeGender.choices
    )
    language = models.CharField(
        _("preferred language"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address_line = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("Two-letter code, for example ES or US."),
    )
    preferred_contact_channel = models.CharField(
        _("preferred contact"),
        max_length=10,
        choices=ContactChannel.choices,
        default=ContactChannel.PHONE,
    )

    emergency_contact_name = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_contact_relationship = models.CharField(_("relationship"), max_length=80, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact phone"), max_length=40, blank=True
    )

    # Folded copies for searching (kept in step by the services).
    search_name = models.CharField(max_length=400, editable=False, default="")
    phone_digits = models.CharField(max_length=40, editable=False, default="", blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_names", "birth_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "record_number"], name="patients_patient_unique_record_number"
            )
        ]
        indexes = [
            # Duplicate check and date-of-birth search.
            models.Index(fields=["clinic", "birth_date"], name="patients_clinic_birth"),
            models.Index(fields=["clinic", "search_name"], name="patients_clinic_name"),
            # The patient list's order: its first page without sorting the whole clinic.
            models.Index(
                fields=["clinic", "family_name", "given_names", "birth_date"],
                name="patients_clinic_list_order",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        given = self.preferred_name or self.given_names
        return f"{given} {self.family_name}".strip()

    @property
    def formal_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_names}"

    @property
    def postal_address(self) -> str:
        town = " ".join(filter(None, [self.postal_code, self.city]))
        return ", ".join(filter(None, [self.address_line, town, self.country]))

    @property
    def is_entered_in_error(self) -> bool:
        return self.status == RecordStatus.ENTERED_IN_ERROR

    def age_on(self, today: date) -> int:
        return age_on(self.birth_date, today)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("patients are never deleted: mark the record entered in error")
