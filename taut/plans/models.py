"""Treatment plans: the course of sessions agreed for an episode, its goals, and its reviews.

A draft changes freely; agreeing makes it the episode's active plan and locks it. A change to an
agreed plan is a revision: a new draft which, once agreed, supersedes the old plan. The kernel's
proposal is kept beside the clinician's planned dates. Nothing is deleted.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_PLANNED_SESSIONS = 12


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Agreed and active")
    SUPERSEDED = "superseded", _("Superseded by a revision")
    COMPLETED = "completed", _("Completed at discharge")


class Severity(models.TextChoices):
    """The kernel's NPRS pain categories (``taut.clinical.instruments.PainCategory``)."""

    NONE = "none", _("No pain (NPRS 0)")
    MILD = "mild", _("Mild (NPRS 1-3)")
    MODERATE = "moderate", _("Moderate (NPRS 4-6)")
    SEVERE = "severe", _("Severe (NPRS 7-10)")


class Condition(models.TextChoices):
    """The kernel's ``PlanCondition`` codes, which change the proposed course."""

    DISC_OR_JOINT_DISEASE = "disc_or_joint_disease", _("Disc or joint disease (e.g. arthritis)")
    COMPLEX_HISTORY = "complex_history", _("Complex history (several other health problems)")
    NEEDLING_PRECAUTION = (
        "needling_precaution",
        _("Needling precaution (relative contraindication)"),
    )


class Therapy(models.TextChoices):
    STRETCHING = "stretching", _("Stretching")
    CORRECTIVE_EXERCISE = "corrective_exercise", _("Corrective exercise")
    MANUAL_THERAPY = "manual_therapy", _("Manual therapy")
    MASSAGE = "massage", _("Massage")
    HEAT_OR_COLD = "heat_or_cold", _("Heat or cold")
    ERGONOMIC_ADVICE = "ergonomic_advice", _("Ergonomic advice")


class ClinicianDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue the plan")
    MODIFY = "modify", _("Modify the plan")
    DISCHARGE = "discharge", _("Discharge")
    REFER = "refer", _("Refer")


class Side(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")


class TreatmentPlan(models.Model):
    """One version of the treatment plan of an episode of care."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="treatment_plans"
    )
    version = models.PositiveSmallIntegerField(default=1)
    revises = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)

    # What the kernel's proposal was based on, and what it proposed (kept as proposed).
    severity = models.CharField(_("pain severity"), max_length=10, choices=Severity.choices)
    severity_nprs = models.DecimalField(  # the NPRS score it came from; None: chosen by hand
        max_digits=4, decimal_places=1, null=True, blank=True
    )
    chronicity = models.CharField(_("chronicity"), max_length=10)  # kernel Chronicity
    conditions = models.JSONField(default=list, blank=True)  # kernel PlanCondition codes
    proposed_dates = models.JSONField(default=list)  # ISO dates
    proposal_reasons = models.JSONField(default=list)

    # What the clinician planned with the patient.
    planned_dates = models.JSONField(default=list)  # ISO dates, ascending, 1 to 12
    therapies = models.JSONField(default=list, blank=True)  # Therapy codes
    review_after_sessions = models.PositiveSmallIntegerField(
        _("review after every ... sessions"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLANNED_SESSIONS)],
    )
    notes = models.TextField(_("notes"), blank=True)
    medicare_acupuncture = models.BooleanField(
        _("Medicare acupuncture for chronic low back pain (NCD 30.3.3)"), default=False
    )

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    agreed_on = models.DateField(null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)  # superseded or completed
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-version", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=models.Q(status="draft"),
                name="plans_one_draft_per_episode",
            ),
            models.UniqueConstraint(
                fields=["episode"],
                condition=models.Q(status="active"),
                name="plans_one_active_per_episode",
            ),
            models.UniqueConstraint(fields=["episode", "version"], name="plans_unique_version"),
        ]

    def __str__(self) -> str:
        return f"Treatment plan v{self.version} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE

    @property
    def planned(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.planned_dates]

    @property
    def proposed(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.proposed_dates]

    def therapy_labels(self) -> list[str]:
        return [str(Therapy(t).label) for t in self.therapies if t in Therapy.values]

    def condition_labels(self) -> list[str]:
        return [str(Condition(c).label) for c in self.conditions if c in Condition.values]

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("treatment plans are never deleted: revise the plan")


class PlanGoal(models.Model):
    """A goal of the plan: one of the patient's PSFS activities, or free text, with a target."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="goals")
    activity = models.ForeignKey(
        "outcomes.PsfsActivity", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("goal"), max_length=200)
    target_rating = models.PositiveSmallIntegerField(  # PSFS 0 (unable) to 10 (as before)
        _("target rating (0-10)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
    )
    met = models.BooleanField(_("met"), default=False)
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_rating__lte=10), name="plans_goal_target_0_10"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class PlanMuscle(models.Model):
    """A muscle to treat on one side (kernel muscle code), usually from the assessment."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="muscles")
    muscle = models.CharField(max_length=40)  # kernel muscle code
    side = models.CharField(max_length=5, choices=Side.choices)
    finding = models.CharField(max_length=10, blank=True)  # the assessment's finding, if any

    class Meta:
        ordering = ["plan_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "muscle", "side"], name="plans_muscle_once_per_side"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.muscle} {self.side}"


class PlanReview(models.Model):
    """A review of the plan: the kernel's recommendation, and the clinician's decision."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    sessions_done = models.PositiveSmallIntegerField()
    goals_met = models.BooleanField(default=False)
    new_red_flags = models.BooleanField(default=False)
    changes = models.JSONField(default=list)  # the outcome changes the kernel was given
    recommended = models.CharField(max_length=10, choices=ClinicianDecision.choices)
    recommendation_reasons = models.JSONField(default=list)
    decision = models.CharField(max_length=10, choices=ClinicianDecision.choices)
    note = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"Review {self.reviewed_on:%Y-%m-%d}: {self.decision}"

    @property
    def differs(self) -> bool:
        return self.decision != self.recommended

    @property
    def improving(self) -> bool:
        """True when any pain or function change at this review was important."""
        return any(c.get("important") for c in self.changes)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("plan reviews are never deleted")
