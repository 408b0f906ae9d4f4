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
from taut.clinical import gate, muscles, regions
from taut.clinical.adverse_events import ADVERSE_EVENTS
from taut.clinical.contraindications import CONTRAINDICATIONS
from taut.lib.muscles import MuscleSite
from taut.lib.records import SignedRecord, UndeletableQuerySet


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


class NeedlingSession(SignedRecord):
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
    # When the needles went in: the instant the needling gate judges the visit's facts at.
    needled_at = models.DateTimeField(null=True, blank=True)
    # When stimulated needles were first recorded: consent to stimulation is judged then.
    stimulated_at = models.DateTimeField(null=True, blank=True)
    # When needling (new sites, more needles, stimulation, or the time) was last written on the
    # record: what was on record until then (within the visit's day) is judged as well.
    needling_recorded_at = models.DateTimeField(null=True, blank=True)
    # The needling time was stated (or taken from an appointment that had ended), not stamped
    # when the first insertions were saved: removing the insertions keeps it.
    needling_time_stated = models.BooleanField(default=False)
    # The stimulation time was stated: unticking stimulation keeps it.
    stimulation_time_stated = models.BooleanField(default=False)
    # Why a visit was recorded more than the clinic's limit of days after it happened.
    backdating_reason = models.TextField(blank=True)
    # Set while a draft records needling that broke the gate: it can be signed only as a
    # safety incident (``SafetyIncident``), never as an ordinary session.
    incident_explanation = models.TextField(blank=True)
    modality = models.CharField(
        max_length=20, choices=Modality.choices, default=Modality.DRY_NEEDLING
    )

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
    single_use_sterile_needles = models.BooleanField(default=False)

    # Relative contraindications the clinician chose to override, with the reason.
    overridden = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(blank=True)

    # Reconciliation: needles in is the sum of the insertions' needle counts.
    needles_out = models.PositiveSmallIntegerField(null=True)

    # Post-treatment and immediate response.
    massage = models.BooleanField(default=False)
    heat = models.BooleanField(default=False)
    cold = models.BooleanField(default=False)
    stretching_given = models.BooleanField(default=False)
    nprs_after = models.PositiveSmallIntegerField(null=True, validators=[MaxValueValidator(10)])
    rom_after_cm = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, validators=[MinValueValidator(0)]
    )
    # Acupuncture billing needs face-to-face time and, unit by unit, stimulation and new needles.
    face_to_face_minutes = models.PositiveSmallIntegerField(null=True)
    # One entry per 15-minute unit in order: {"estim": bool, "new_needles": bool}.
    acupuncture_units = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)

    billing_codes = models.JSONField(
        default=list, blank=True
    )  # [[code, units], ...] stored at signing
    billing_notes = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
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
    def needled_regions(self) -> dict[str, str]:
        """Body-chart highlights for where the needled muscles lie, on the side needled."""
        found: dict[str, str] = {}
        for insertion in self.insertions.all():
            try:
                members = muscles.current_muscles(insertion.muscle)
            except ValueError:
                continue  # a code the kernel does not know: nothing to draw
            for code in (c for m in members for c in muscles.MUSCLES[m].location_regions):
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
    # Needle sites that share a channel are wired into one electrode circuit (A, B, ...).
    estim_channel = models.CharField(max_length=2, blank=True)
    estim_frequency_hz = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    estim_pulse_width_us = models.PositiveIntegerField(null=True)
    estim_intensity_ma = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    estim_minutes = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["session_id", "id"]
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
    """A safety event: the needles counted out did not match the needles put in.

    It belongs to the visit (the episode's session of that day), not to the draft it was
    recorded on: it stays through amendments and withdrawn drafts, keeps the patient's sessions
    from being signed while it is open, and is resolved with the number of needles finally
    accounted for.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        NeedlingSession, on_delete=models.PROTECT, related_name="mismatches"
    )
    needles_in = models.PositiveSmallIntegerField()
    needles_out = models.PositiveSmallIntegerField()  # counted out when the event was recorded
    action = models.TextField()  # what was done: searched, found in the sharps bin, ...
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolved = models.BooleanField(default=False)
    needles_accounted = models.PositiveSmallIntegerField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Closed with a needle never found, then found (the patient found it at home, ...): the
    # count it was closed with stands; this says when, where and what was checked.
    found_at = models.DateTimeField(null=True, blank=True)
    found_note = models.TextField(blank=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved=False, needles_accounted__isnull=True)
                | models.Q(resolved=True, needles_accounted__isnull=False),
                name="needling_mismatch_resolved_has_count",
            ),
        ]

    def __str__(self) -> str:
        return f"Needle mismatch {self.needles_in} in / {self.needles_out} out"

    @property
    def needles_missing(self) -> int:
        """Needles never accounted for (once resolved) or still missing (while open)."""
        found = self.needles_accounted if self.resolved else self.needles_out
        return max(0, self.needles_in - (found or 0))

    def fact(self, *, this_visit: bool) -> gate.NeedleEventFact:
        return gate.NeedleEventFact(
            self.recorded_at,
            self.needles_in,
            this_visit=this_visit,
            resolved=self.resolved,
            needles_accounted=self.needles_accounted,
            resolved_at=self.resolved_at,
        )

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("needle events are never deleted")


class SafetyIncident(models.Model):
    """A signed session whose needling broke the needling gate, recorded as what happened.

    ``reasons`` keeps the gate's refusals as they were at signing (code and words). The clinic's
    owner reviews each incident.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    session = models.OneToOneField(
        NeedlingSession, on_delete=models.PROTECT, related_name="incident"
    )
    # The incident of the version this one's session amends (an amendment of an incident is an
    # incident too; each version is reviewed).
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amended_by"
    )
    reasons = models.JSONField(default=list)  # [{"code": ..., "text": ...}, ...]
    explanation = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(blank=True)

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(explanation=""), name="needling_incident_explained"
            ),
        ]

    def __str__(self) -> str:
        return f"Safety incident {self.recorded_at:%Y-%m-%d}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("safety incidents are never deleted")
