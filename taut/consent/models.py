"""Informed consent: a clinic's versioned consent documents and the consents patients give.

Neither is ever deleted. Publishing a new version of a document retires the previous one, so a
consent given to the old version no longer counts (the patient is asked to consent again).
Withdrawal keeps the consent, marked withdrawn, with the reason, who recorded it and when.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentKind(models.TextChoices):
    """What a consent is for. Electrical stimulation needs its own consent, on top of needling."""

    DRY_NEEDLING = "dry_needling", _("Dry needling")
    ELECTRICAL_STIMULATION = "electrical_stimulation", _("Electrical stimulation through needles")


class DocumentLanguage(models.TextChoices):
    """Languages a consent document can be written in (BCP 47 tags, as for patients)."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


DEFAULT_LANGUAGE = DocumentLanguage.ENGLISH


class DocumentStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class ConsentMethod(models.TextChoices):
    DRAWN_SIGNATURE = "drawn_signature", _("Drawn signature")
    TYPED_NAME = "typed_name", _("Typed name")


class ConsentChannel(models.TextChoices):
    """Where the patient signed."""

    IN_CLINIC = "in_clinic", _("In the clinic, with a staff member")
    PATIENT_LINK = "patient_link", _("Through a link sent to the patient")


class ConsentRecordStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    # The patient consented again (to a newer version); this one is kept as history.
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsentDocument(models.Model):
    """One version of a clinic's consent text for one kind of treatment, in one language."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey(
        "clinics.Clinic", on_delete=models.PROTECT, related_name="consent_documents"
    )
    kind = models.CharField(_("consent for"), max_length=32, choices=ConsentKind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    language = models.CharField(
        _("language"), max_length=10, choices=DocumentLanguage.choices, default=DEFAULT_LANGUAGE
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.PUBLISHED,
    )
    published_at = models.DateTimeField(_("published"))
    # None for Taut's default documents, published when the clinic was set up.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["clinic_id", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "kind", "version"], name="consent_document_unique_version"
            ),
            models.UniqueConstraint(
                fields=["clinic", "kind", "language"],
                condition=models.Q(status="published"),
                name="consent_document_one_published_per_language",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="consent_document_version_from_one"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ConsentKind.values), name="consent_document_known_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(status="published", retired_at__isnull=True)
                | models.Q(status="retired", retired_at__isnull=False),
                name="consent_document_retired_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version}, {self.language})"

    @property
    def is_published(self) -> bool:
        return self.status == DocumentStatus.PUBLISHED

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("consent documents are never deleted: publish a new version")


class Consent(models.Model):
    """A patient's consent to one document version: how they signed, when, who took it, witness.

    ``signature_svg`` holds only SVG path data that ``taut.consent.signature`` validated and
    normalised (absolute M, L, Q, C and Z commands with numbers inside the pad); it is rendered
    by Taut, never stored or served as client markup.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="consents"
    )
    document = models.ForeignKey(ConsentDocument, on_delete=models.PROTECT, related_name="consents")
    # A copy of the document's kind, so that "one active consent per kind" is a database rule.
    kind = models.CharField(_("consent for"), max_length=32, choices=ConsentKind.choices)
    method = models.CharField(_("signed by"), max_length=20, choices=ConsentMethod.choices)
    signature_svg = models.TextField(_("signature (SVG path data)"), blank=True)
    typed_name = models.CharField(_("typed name"), max_length=200, blank=True)
    confirmed = models.BooleanField(_("read and understood"), default=False)
    channel = models.CharField(
        _("signed"), max_length=20, choices=ConsentChannel.choices, default=ConsentChannel.IN_CLINIC
    )
    signed_at = models.DateTimeField(_("signed at"))
    # None when the patient signed through a link, without a staff member.
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    witness_name = models.CharField(_("witness"), max_length=200, blank=True)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsentRecordStatus.choices,
        default=ConsentRecordStatus.ACTIVE,
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind"],
                condition=models.Q(status="active"),
                name="consent_consent_one_active_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    method="drawn_signature", typed_name="", signature_svg__regex=r"^M"
                )
                | models.Q(method="typed_name", signature_svg="", typed_name__regex=r"\S"),
                name="consent_consent_signature_matches_method",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed=True), name="consent_consent_confirmed"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ConsentKind.values), name="consent_consent_known_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(status="withdrawn", withdrawn_at__isnull=False)
                & ~models.Q(withdrawn_reason="")
                | ~models.Q(status="withdrawn") & models.Q(withdrawn_at__isnull=True),
                name="consent_consent_withdrawal_has_time_and_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["clinic", "patient", "kind"], name="consent_patient_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.document.version} ({self.signed_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.status == ConsentRecordStatus.ACTIVE

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ConsentRecordStatus.WITHDRAWN

    @property
    def is_drawn(self) -> bool:
        return self.method == ConsentMethod.DRAWN_SIGNATURE

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("consents are never deleted: record a withdrawal")
