"""Outcome questionnaires: responses stored item by item, scored by the kernel when saved.

A response is never edited: a correction is an amendment (a new response with a reason) and the
score follows it. An unscorable response is kept and marked so.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taut.lib.records import SignedRecord


class Channel(models.TextChoices):
    CLINIC = "clinic", _("In the clinic")
    PATIENT_LINK = "patient_link", _("Patient link")


class NprsVariant(models.TextChoices):
    CURRENT = "current", _("Now")
    BEST = "best", _("Best in the last 24 hours")
    WORST = "worst", _("Worst in the last 24 hours")


class Response(SignedRecord):
    """One completed questionnaire of one instrument, with the kernel's score stored beside it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="responses"
    )
    instrument = models.CharField(max_length=20)  # kernel instrument code
    instrument_version = models.CharField(max_length=60)
    variant = models.CharField(max_length=10, choices=NprsVariant.choices, blank=True)
    answers = models.JSONField()  # in item order; null for an unanswered item
    collected_on = models.DateField()
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.CLINIC)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    score_value = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    score_category = models.CharField(max_length=30, blank=True)
    score_answered = models.PositiveSmallIntegerField(default=0)
    score_subscales = models.JSONField(default=dict)
    score_flags = models.JSONField(default=list)
    unscorable_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["collected_on", "created_at"]
        indexes = [
            # The progress views read an episode's responses per instrument in date order.
            models.Index(
                fields=["episode", "instrument", "collected_on"], name="outcomes_by_episode"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.collected_on}: {self.score_value}"

    @property
    def is_scorable(self) -> bool:
        return self.score_value is not None


class PsfsActivity(models.Model):
    """An activity the patient chose for the PSFS; kept across the episode so ratings compare."""

    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="psfs_activities"
    )
    number = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=200)

    class Meta:
        ordering = ["episode_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "number"], name="outcomes_psfs_activity_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=5), name="outcomes_psfs_activity_1_5"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class InstrumentWording(models.Model):
    """Official item wording a clinic holds a licence for, imported from a FHIR Questionnaire."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    items = models.JSONField()  # {"1": "text of item 1", ...}
    source_name = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["instrument", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "instrument"],
                condition=models.Q(is_current=True),
                name="outcomes_one_current_wording",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.title}"
