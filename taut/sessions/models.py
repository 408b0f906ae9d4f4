"""The needling session record: one visit's checks, insertions, reconciliation and response.

A session is signed only when the safety gate allows it and every needle is accounted for; signing
locks it. Corrections are amendments (a new version with a reason). Nothing is deleted.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from taut.bodychart.templatetags.bodychart import NEEDLED
from taut.clinical import muscles, regions
from taut.clinical.adverse_events import ADVERSE_EVENTS
from taut.clinical.contraindications import CONTRAINDICATIONS
from taut.lib.muscles import MuscleSite
from taut.lib.records import EnteredInError


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    AMENDED = "amended", _("Superseded by an amendment")
    ENTERED_IN_ERROR = "entered_in_error", _("Entered in error")


class Modality(models.TextChoices):
    DRY_NEEDLING = "dry_needling", _("Dry needling")
    ACUPUNCTURE = "acupuncture", _("Acupuncture")


class Position(models.TextChoices):
    PRONE = "prone", _("Prone")
    SIDE_LYING = "side_lying", _("Side lying")
    SUPINE = "supine", _("Supine")


class Technique(models.TextChoices):
    STATIC = "static", _("Static")
    PISTONING = "pistoning", _("Pistoning")
    ROTATION = "rotation", _("Rotation or winding")


class RomMeasure(models.TextChoices):
    NONE = "", _("None")
    FINGERTIP_FLOOR = "fingertip_floor", _("Fingertip to floor (cm)")
    SCHOBER = "schober", _("Modified Schober in flexion (cm)")


class NeedlingSession(EnteredInError):
    """One visit in which a clinician needled a patient, recorded as structured data."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="needling_sessions"
    )
    appointment = models.ForeignKey(
        "appointments.Appointment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needling_sessions",
    )
    performed_on = models.DateField()
    modality = models.CharField(
        max_length=20, choices=Modality.choices, default=Modality.DRY_NEEDLING
    )
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    version = models.PositiveSmallIntegerField(default=1)
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    amendment_reason = models.TextField(blank=True)

    # Pre-treatment check (answers recorded, not assumed).
    new_red_flags = models.BooleanField(null=True)
    medication_changes = models.BooleanField(null=True)
    medication_note = models.CharField(max_length=300, blank=True)
    side_effects_since_last = models.BooleanField(null=True)
    side_effects_note = models.CharField(max_length=300, blank=True)
    nprs_before = models.PositiveSmallIntegerField(null=True, validators=[MaxValueValidator(10)])
    rom_measure = models.CharField(max_length=20, choices=RomMeasure.choices, blank=True)
    rom_before_cm = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, validators=[MinValueValidator(0)]
    )

    # Preparation.
    position = models.CharField(max_length=20, choices=Position.choices, blank=True)
    skin_cleaned = models.BooleanField(default=False)

    # Relative contraindications the clinician chose to override, with the reason.
    overridden = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(blank=True)

    # Reconciliation: needles in is the sum of the insertions' needle counts.
    needles_out = models.PositiveSmallIntegerField(null=True)

    # Post-treatment and immediate response.
    massage = models.BooleanField(default=False)
    heat = models.BooleanField(default=False)
    stretching_given = models.BooleanField(default=False)
    nprs_after = models.PositiveSmallIntegerField(null=True, validators=[MaxValueValidator(10)])
    rom_after_cm = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, validators=[MinValueValidator(0)]
    )
    # Acupuncture billing needs face-to-face time and blocks with new needles.
    face_to_face_minutes = models.PositiveSmallIntegerField(null=True)
    reinsertions = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(blank=True)

    billing_codes = models.JSONField(
        default=list, blank=True
    )  # [[code, units], ...] stored at signing
    billing_notes = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-performed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=models.Q(status="draft"),
                name="needling_one_draft_per_episode",
            ),
        ]

    def __str__(self) -> str:
        return f"Needling session {self.performed_on} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == SessionStatus.DRAFT

    @property
    def needled_regions(self) -> dict[str, str]:
        """Body-chart highlights for where the needled muscles lie, on the side needled."""
        found: dict[str, str] = {}
        for insertion in self.insertions.all():
            muscle = muscles.MUSCLES.get(insertion.muscle)
            for code in muscle.location_regions if muscle else ():
                key = f"{code}:{insertion.side}" if regions.get(code).sided else code
                found[key] = NEEDLED
        return found

    @property
    def overridden_labels(self) -> list[str]:
        """The overridden contraindications in words (a code no longer catalogued as itself)."""
        return [
            CONTRAINDICATIONS[code].label if code in CONTRAINDICATIONS else code
            for code in self.overridden
        ]

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("sessions are never deleted: amend or mark entered in error")


class Insertion(MuscleSite, models.Model):
    """Needles placed in one muscle on one side (one line of the needling record)."""

    session = models.ForeignKey(
        NeedlingSession, on_delete=models.PROTECT, related_name="insertions"
    )
    muscle = models.CharField(max_length=40)
    side = models.CharField(max_length=5)
    trigger_point = models.CharField(max_length=40, blank=True)
    needle_gauge_mm = models.DecimalField(max_digits=3, decimal_places=2)
    needle_length_mm = models.PositiveSmallIntegerField()
    needle_count = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    depth_mm = models.DecimalField(max_digits=4, decimal_places=1)
    technique = models.CharField(max_length=20, choices=Technique.choices)
    twitch_responses = models.PositiveSmallIntegerField(default=0)
    retention_minutes = models.PositiveSmallIntegerField(default=0)
    estim = models.BooleanField(default=False)
    estim_frequency_hz = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    estim_pulse_width_us = models.PositiveIntegerField(null=True)
    estim_intensity_ma = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    estim_minutes = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["session", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(needle_count__gte=1), name="needling_insertion_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.muscle} {self.side} x{self.needle_count}"


class SessionSideEffect(models.Model):
    """A side effect during the session, from the kernel's catalogue."""

    session = models.ForeignKey(
        NeedlingSession, on_delete=models.PROTECT, related_name="side_effects"
    )
    code = models.CharField(max_length=40)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The catalogue's name for the side effect (the code itself if it has left the catalogue)."""
        found = ADVERSE_EVENTS.get(self.code)
        return found.label if found else self.code


class NeedleMismatch(models.Model):
    """A safety event: the needles counted out did not match the needles put in."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        NeedlingSession, on_delete=models.PROTECT, related_name="mismatches"
    )
    needles_in = models.PositiveSmallIntegerField()
    needles_out = models.PositiveSmallIntegerField()
    resolved = models.BooleanField(default=False)
    action = (
        models.TextField()
    )  # what was done: searched, found in the sharps bin, patient checked, ...
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Needle mismatch {self.needles_in} in / {self.needles_out} out"
