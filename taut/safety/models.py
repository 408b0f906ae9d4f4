"""Safety before needling: red-flag screens with their triage, and the needling safety profile.

Nothing here is deleted. A new screen or profile supersedes the current one; a screen made by
mistake is marked entered in error. The kernel's result is stored as it was at the time, so a
later change of the kernel does not rewrite what a clinician saw.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taut.clinical import gate
from taut.clinical.contraindications import NeedlingProfile, SafetyDecision, check_needling
from taut.clinical.red_flags import FLAGS, ActionLevel, Finding, RuleFiring, Triage, question_text
from taut.lib.records import EnteredInError, UndeletableQuerySet


class Level(models.TextChoices):
    """The kernel's action levels (``taut.clinical.red_flags.ActionLevel``), for storage."""

    EMERGENCY = ActionLevel.EMERGENCY.value, _("Emergency")
    URGENT = ActionLevel.URGENT.value, _("Urgent")
    ROUTINE = ActionLevel.ROUTINE.value, _("Routine")
    CONSIDER = ActionLevel.CONSIDER.value, _("Consider")


class ScreenSource(models.TextChoices):
    CLINICIAN = "clinician", _("Recorded by a clinician")
    INTAKE = "intake", _("Completed by the patient at intake")


class ScreenStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    SUPERSEDED = "superseded", _("Superseded")
    ENTERED_IN_ERROR = "entered_in_error", _("Entered in error")


class ProfileStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    SUPERSEDED = "superseded", _("Superseded")


class FindingAction(models.TextChoices):
    """What a clinician recorded about a red-flag finding (the kernel's ``gate.FindingAction``)."""

    REFERRED = gate.FindingAction.REFERRED.value, _("Referred for medical assessment (still open)")
    SEEN_AND_CLEARED = (
        gate.FindingAction.SEEN_AND_CLEARED.value,
        _("Seen by a doctor and cleared for treatment"),
    )
    RULED_OUT = gate.FindingAction.RULED_OUT.value, _("Ruled out by my own assessment")


class FindingKind(models.TextChoices):
    FLAG = "flag", _("Red flag")
    RULE = "rule", _("Combination of red flags")


class RedFlagScreen(EnteredInError):
    """One set of red-flag answers for a patient and the kernel's triage of them."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="red_flag_screens"
    )
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answers = models.JSONField(_("answers"), default=dict)  # {code: true | false | null}
    age_years = models.PositiveSmallIntegerField(_("age in years"), null=True, blank=True)

    # The kernel's triage, as it was when the screen was recorded.
    level = models.CharField(  # noqa: DJ001 - None is the kernel's "no flags reported"
        _("action level"), max_length=20, choices=Level.choices, null=True, blank=True
    )
    findings = models.JSONField(default=list)
    rules_fired = models.JSONField(default=list)
    unanswered = models.JSONField(default=list)

    source = models.CharField(
        _("source"), max_length=20, choices=ScreenSource.choices, default=ScreenSource.CLINICIAN
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ScreenStatus.choices, default=ScreenStatus.CURRENT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=models.Q(status="current"),
                name="safety_screen_one_current_per_patient",
            ),
            models.CheckConstraint(
                condition=models.Q(source="intake") | models.Q(recorded_by__isnull=False),
                name="safety_screen_clinician_screen_has_recorder",
            ),
        ]
        indexes = [models.Index(fields=["patient", "-recorded_at"], name="safety_screen_recent")]

    def __str__(self) -> str:
        return f"Red-flag screen {self.recorded_at:%Y-%m-%d} ({self.level or 'no flags'})"

    @property
    def action_level(self) -> ActionLevel | None:
        return ActionLevel(self.level) if self.level else None

    @property
    def is_current(self) -> bool:
        return self.status == ScreenStatus.CURRENT

    @property
    def is_entered_in_error(self) -> bool:
        return self.status == ScreenStatus.ENTERED_IN_ERROR

    @property
    def needs_resolution_level(self) -> bool:
        """Emergency or urgent: needling waits until a clinician clears its findings."""
        return self.action_level in gate.BLOCKING_LEVELS

    def fact(self) -> gate.ScreenFact:
        return gate.ScreenFact(
            self.recorded_at,
            unanswered=len(self.unanswered),
            withdrawn=self.status == ScreenStatus.ENTERED_IN_ERROR,
            # Flags only: a follow-up answered under a flag not asked screens nothing.
            answered=sum(self.answers.get(code) is not None for code in FLAGS),
        )

    @property
    def triage(self) -> Triage:
        """The stored triage as the kernel's value."""
        return Triage(
            level=self.action_level,
            findings=tuple(
                Finding(f["code"], ActionLevel(f["level"]), f["reason"], tuple(f["sources"]))
                for f in self.findings
            ),
            rules_fired=tuple(
                RuleFiring(
                    r["code"],
                    ActionLevel(r["level"]),
                    r["reason"],
                    tuple(r["because_of"]),
                    tuple(r["sources"]),
                )
                for r in self.rules_fired
            ),
            unanswered=tuple(self.unanswered),
        )

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("red-flag screens are never deleted: mark the screen entered in error")


class RedFlagFinding(models.Model):
    """One positive finding of a screen (a flag at its level, or a combination rule that fired).

    A finding stays open across later screens until a clinician records that the patient was
    seen and cleared, or that it was ruled out (``taut.clinical.gate``). A referral is recorded
    but does not close it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="red_flag_findings"
    )
    screen = models.ForeignKey(
        RedFlagScreen, on_delete=models.PROTECT, related_name="positive_findings"
    )
    code = models.CharField(max_length=60)  # kernel flag or rule code
    kind = models.CharField(max_length=10, choices=FindingKind.choices)
    level = models.CharField(_("action level"), max_length=20, choices=Level.choices)
    reason = models.TextField()  # what the kernel said it suggests, as it was then
    because_of = models.JSONField(default=list, blank=True)
    recorded_at = models.DateTimeField()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["screen", "code"], name="safety_finding_once_per_screen"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.level})"

    @property
    def action_level(self) -> ActionLevel:
        return ActionLevel(self.level)

    @property
    def blocks(self) -> bool:
        """Emergency or urgent: blocks needling while open."""
        return self.action_level in gate.BLOCKING_LEVELS

    @property
    def question(self) -> str:
        """For a flag, the question answered yes (several flags can suggest the same thing);
        for a combination rule, empty (its reason names it)."""
        if self.kind != FindingKind.FLAG:
            return ""
        try:
            return question_text(self.code)
        except ValueError:
            return ""

    def fact(self) -> gate.FindingFact:
        """The kernel's view of the finding, with every action recorded on it (prefetched)."""
        return gate.FindingFact(
            self.code,
            self.action_level,
            self.recorded_at,
            tuple(
                gate.FindingActionFact(gate.FindingAction(a.action), a.recorded_at)
                for a in self.actions.all()
            ),
        )

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("red-flag findings are never deleted")


class RedFlagAction(models.Model):
    """What a clinician did about one finding, with a note. Kept as history; never changed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    finding = models.ForeignKey(RedFlagFinding, on_delete=models.PROTECT, related_name="actions")
    action = models.CharField(_("action taken"), max_length=20, choices=FindingAction.choices)
    note = models.TextField(_("note"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(note=""), name="safety_action_note_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.recorded_at:%Y-%m-%d})"

    @property
    def clears(self) -> bool:
        return gate.FindingAction(self.action).clears

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("actions on red-flag findings are never deleted")


class SafetyProfile(models.Model):
    """The patient's answers that bear on needling, confirmed by a clinician.

    ``answers`` holds the fields of ``taut.clinical.contraindications.NeedlingProfile`` except
    consent, which the consent app records.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="safety_profiles"
    )
    answers = models.JSONField(_("answers"), default=dict)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    review_due_on = models.DateField(_("recheck due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProfileStatus.choices, default=ProfileStatus.CURRENT
    )

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=models.Q(status="current"),
                name="safety_profile_one_current_per_patient",
            ),
        ]

    def __str__(self) -> str:
        return f"Needling safety profile {self.confirmed_at:%Y-%m-%d}"

    @property
    def is_current(self) -> bool:
        return self.status == ProfileStatus.CURRENT

    def needling_profile(self, *, needling_consent: bool, estim_consent: bool) -> NeedlingProfile:
        """The kernel's profile from the stored answers, with consent as the caller knows it."""
        values: dict[str, Any] = {
            name: frozenset(value) if isinstance(value, list) else value
            for name, value in self.answers.items()
        }
        return NeedlingProfile(
            **values, needling_consent=needling_consent, estim_consent=estim_consent
        )

    def fact(self) -> gate.ProfileFact:
        """The kernel's view of the profile; consent is a fact of its own (the consent app's)."""
        return gate.ProfileFact(
            self.confirmed_at,
            self.review_due_on,
            self.needling_profile(needling_consent=False, estim_consent=False),
        )

    def decision(self) -> SafetyDecision:
        """What the profile alone says, for no particular muscle and without electrical
        stimulation. Consent is left out: the consent app records it."""
        profile = self.needling_profile(needling_consent=True, estim_consent=True)
        return check_needling(profile)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("safety profiles are never deleted: confirm a new one")
