"""Episodes of care: one course of treatment for one bout of low back pain."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taut.clinical.episodes import Chronicity, chronicity
from taut.lib.records import EnteredInError


class EpisodeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISCHARGED = "discharged", _("Discharged")
    ENTERED_IN_ERROR = "entered_in_error", _("Entered in error")


class DischargeReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met")
    NO_FURTHER_BENEFIT = "no_further_benefit", _("No further benefit expected")
    REFERRED = "referred", _("Referred elsewhere")
    PATIENT_CHOICE = "patient_choice", _("The patient chose to stop")
    DID_NOT_RETURN = "did_not_return", _("Did not return")
    OTHER = "other", _("Other (say in the summary)")


class Episode(EnteredInError):
    """A patient's episode of care for low back pain, from first visit to discharge."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="episodes"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EpisodeStatus.choices, default=EpisodeStatus.ACTIVE
    )
    onset_on = models.DateField(_("pain began on"))
    started_on = models.DateField(_("episode opened on"))
    presenting_complaint = models.CharField(_("presenting complaint"), max_length=300, blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_summary = models.TextField(_("discharge summary"), blank=True)
    discharge_reason = models.CharField(
        _("reason for discharge"), max_length=30, choices=DischargeReason.choices, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(onset_on__lte=models.F("started_on")),
                name="episodes_episode_onset_not_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(discharged_on__isnull=True)
                | models.Q(discharged_on__gte=models.F("started_on")),
                name="episodes_episode_discharge_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.presenting_complaint or 'Low back pain'} ({self.started_on:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.status == EpisodeStatus.ACTIVE

    @property
    def is_entered_in_error(self) -> bool:
        return self.status == EpisodeStatus.ENTERED_IN_ERROR

    def chronicity_on(self, today: date) -> Chronicity:
        """Acute, subacute or chronic: on ``today``, or at discharge for a closed episode."""
        as_of = min(today, self.discharged_on) if self.discharged_on else today
        return chronicity(self.onset_on, max(as_of, self.onset_on))

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("episodes are never deleted: mark the episode entered in error")


class EpisodeDiagnosis(models.Model):
    """A working diagnosis (ICD-10-CM) of an episode; rank 1 is the primary diagnosis.

    A diagnosis that is revised is withdrawn, not deleted, so the history of the working
    diagnosis stays readable.
    """

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="diagnoses")
    code = models.CharField(_("ICD-10-CM code"), max_length=10)
    rank = models.PositiveSmallIntegerField(default=1)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["episode_id", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "code"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="episodes_diagnosis_unique_current_code",
            ),
            models.UniqueConstraint(
                fields=["episode", "rank"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="episodes_diagnosis_unique_current_rank",
            ),
        ]

    def __str__(self) -> str:
        return self.code
