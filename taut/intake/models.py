"""Intake: the questionnaire a new patient fills in on a clinic tablet or through a one-time link."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")
    REVOKED = "revoked", _("Revoked")


class Channel(models.TextChoices):
    TABLET = "tablet", _("Clinic tablet")
    REMOTE = "remote", _("Sent to the patient")


class IntakeLink(models.Model):
    """A signed, expiring, one-time address where one patient answers the intake questions.

    Answers are kept step by step in ``draft`` so a half-finished intake can be resumed.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # Empty for the intake questionnaire; otherwise the outcome instruments this link collects.
    instruments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=LinkStatus.choices, default=LinkStatus.OPEN)
    draft = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Intake link {self.public_id} ({self.status})"


class Intake(models.Model):
    """What the patient answered, as submitted. Never changed; a new intake is a new record."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="intakes"
    )
    link = models.OneToOneField(IntakeLink, on_delete=models.PROTECT, related_name="intake")
    submitted_at = models.DateTimeField()
    onset_on = models.DateField()
    how_started = models.CharField(max_length=30)
    had_before = models.BooleanField()
    pain_now = models.PositiveSmallIntegerField()
    symptoms = models.JSONField(default=list)
    aggravating = models.JSONField(default=list)
    health = models.JSONField(default=dict)  # safety-profile answers as the patient gave them
    health_notes = models.TextField(blank=True)
    red_flag_answers = models.JSONField(default=dict)
    red_flag_screen = models.ForeignKey(
        "safety.RedFlagScreen", on_delete=models.PROTECT, null=True, related_name="+"
    )
    startback_answers = models.JSONField(default=list)
    startback_total = models.PositiveSmallIntegerField(null=True)
    startback_psychosocial = models.PositiveSmallIntegerField(null=True)
    startback_risk = models.CharField(max_length=10, blank=True)
    # The episode whose baseline this intake's pain and STarT Back became (as signed responses),
    # so it is not taken twice nor asked again.
    baseline_episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"Intake {self.submitted_at:%Y-%m-%d}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("intakes are never deleted")
