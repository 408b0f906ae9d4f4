"""The clinician's assessment of an episode: likely causes, pain drawing, palpation, movement.

Drafts change freely; a signed assessment is locked. A correction is an amendment: a new version
with a reason, which supersedes the old one when it is signed. Nothing is deleted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from taut.clinical import examination
from taut.lib.muscles import MuscleSite
from taut.lib.records import SignedRecord


class PainQuality(models.TextChoices):
    """The kernel's pain qualities (``taut.clinical.examination.PainQuality``), for storage."""

    ACHE = examination.PainQuality.ACHE.value, _("Ache")
    SHARP = examination.PainQuality.SHARP.value, _("Sharp or stabbing")
    BURNING = examination.PainQuality.BURNING.value, _("Burning")
    NUMBNESS_TINGLING = examination.PainQuality.NUMBNESS_TINGLING.value, _("Numbness or tingling")
    STIFFNESS = examination.PainQuality.STIFFNESS.value, _("Stiffness")


class TriggerPointFinding(models.TextChoices):
    ACTIVE = "active", _("Active trigger point")
    LATENT = "latent", _("Latent trigger point")
    NONE = "none", _("No trigger point")


class Assessment(SignedRecord):
    """One version of a clinician's assessment of a patient's episode of low back pain."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="assessments"
    )

    likely_causes = models.JSONField(default=list, blank=True)
    schober_cm = models.DecimalField(
        _("modified Schober, distance in flexion (cm)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(examination.SCHOBER_MAX_CM)],
    )
    fingertip_floor_cm = models.DecimalField(
        _("fingertip-to-floor (cm)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(examination.FINGERTIP_FLOOR_MAX_CM)],
    )
    # Each movement (flexion, extension, side bending left/right) maps to "limited" and "painful".
    movements = models.JSONField(default=dict, blank=True)
    # The neurological screen, per leg, as ``taut.clinical.neuro.exam_to`` writes it.
    neuro = models.JSONField(default=dict, blank=True)
    notes = models.TextField(_("notes and plan of examination"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=models.Q(status="draft"),
                name="assessment_one_draft_per_episode",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment v{self.version} ({self.get_status_display()})"


class PainMark(models.Model):
    """One region of the pain drawing: where, how strong (0-10) and what it feels like."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="marks")
    region = models.CharField(max_length=64)  # a kernel region reference, e.g. "calf:left"
    intensity = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )  # None until the patient or clinician gives it; required to sign
    quality = models.CharField(max_length=20, choices=PainQuality.choices, blank=True)

    class Meta:
        ordering = ["assessment_id", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "region"], name="assessment_painmark_unique_region"
            ),
            models.CheckConstraint(
                condition=models.Q(intensity__lte=10), name="assessment_painmark_intensity_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.intensity}"


class PalpationFinding(MuscleSite, models.Model):
    """What palpation of one muscle on one side found."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="palpation")
    muscle = models.CharField(max_length=40)  # kernel muscle code
    side = models.CharField(max_length=5)  # left | right
    trigger_point = models.CharField(max_length=40, blank=True)  # kernel trigger-point code
    finding = models.CharField(max_length=10, choices=TriggerPointFinding.choices)
    taut_band = models.BooleanField(default=False)
    local_twitch = models.BooleanField(default=False)
    referred_pain_reproduced = models.BooleanField(default=False)
    # Pressure pain threshold, always stored in kPa whatever unit was entered.
    ppt_kpa = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["assessment_id", "id"]

    def __str__(self) -> str:
        return f"{self.muscle} {self.side}: {self.finding}"
