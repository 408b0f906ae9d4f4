"""Reads of red-flag screens and safety profiles, scoped to the actor's clinic and audited.

``safety_summary`` gives the chart what it shows; ``needling_gate`` decides whether needling can
go ahead now, for the chart and for the needling session's signing step.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from taut.audit.reads import get_audited
from taut.clinical.contraindications import (
    DiabetesStatus,
    EpilepsyStatus,
    SafetyDecision,
    SafetyItem,
    check_needling,
)
from taut.clinical.red_flags import FLAGS, FOLLOW_UPS, ActionLevel, Triage
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, can, require
from taut.patients.models import Patient
from taut.safety.labels import (
    DIABETES_LABELS,
    EPILEPSY_LABELS,
    LEVEL_ACTIONS,
    LEVEL_LABELS,
    PROFILE_LABELS,
    region_ref_label,
)
from taut.safety.models import (
    ProfileStatus,
    RedFlagScreen,
    SafetyProfile,
    ScreenStatus,
    TriageResolution,
)
from taut.safety.services import SafetyError


def current_screen(actor: Actor, patient: Patient) -> RedFlagScreen | None:
    """The patient's current red-flag screen, with its resolution (the patient was already
    fetched, and audited, by the caller)."""
    require(actor, Permission.VIEW_PATIENTS)
    return (
        RedFlagScreen.objects.filter(
            clinic=actor.clinic, patient=patient, status=ScreenStatus.CURRENT
        )
        .select_related("resolution", "recorded_by")
        .first()
    )


def current_profile(actor: Actor, patient: Patient) -> SafetyProfile | None:
    """The patient's current needling safety profile (the caller audited the patient read)."""
    require(actor, Permission.VIEW_PATIENTS)
    return (
        SafetyProfile.objects.filter(
            clinic=actor.clinic, patient=patient, status=ProfileStatus.CURRENT
        )
        .select_related("confirmed_by")
        .first()
    )


def screens_of(actor: Actor, patient: Patient) -> list[RedFlagScreen]:
    """Every red-flag screen of a patient, newest first, entered-in-error ones included."""
    require(actor, Permission.VIEW_CLINICAL)
    return list(
        RedFlagScreen.objects.filter(clinic=actor.clinic, patient=patient).select_related(
            "resolution", "recorded_by"
        )
    )


def get_screen(actor: Actor, public_id: uuid.UUID | str) -> RedFlagScreen:
    """One red-flag screen of the actor's clinic (404 otherwise), recording the view."""
    require(actor, Permission.VIEW_CLINICAL)
    screens = RedFlagScreen.objects.select_related("patient", "recorded_by", "entered_in_error_by")
    return get_audited(actor, screens, public_id, object_type="red_flag_screen")


def get_profile(actor: Actor, public_id: uuid.UUID | str) -> SafetyProfile:
    """One safety profile of the actor's clinic (404 otherwise), recording the view."""
    require(actor, Permission.VIEW_CLINICAL)
    profiles = SafetyProfile.objects.select_related("patient", "confirmed_by")
    return get_audited(actor, profiles, public_id, object_type="safety_profile")


def resolution_of(screen: RedFlagScreen) -> TriageResolution | None:
    try:
        return screen.resolution
    except TriageResolution.DoesNotExist:
        return None


def triage_blocks(screen: RedFlagScreen | None) -> bool:
    """True when the screen is current, emergency or urgent, and no action is recorded yet."""
    return (
        screen is not None
        and screen.is_current
        and screen.needs_resolution_level
        and resolution_of(screen) is None
    )


def profile_is_due(profile: SafetyProfile, today: date) -> bool:
    """A profile needs a recheck from its review date on."""
    return today >= profile.review_due_on


@dataclass(frozen=True)
class GateDecision:
    """Whether needling may go ahead now, and why not.

    ``blocked_reasons``: plain sentences, each enough to stop needling. ``needs_override``:
    relative contraindications waiting for a documented override. ``warnings``: hazards that
    never block. ``notes``: things to know that do not block (e.g. an incomplete screen).
    ``decision`` is the kernel's, when a profile exists.
    """

    blocked_reasons: tuple[str, ...]
    needs_override: tuple[SafetyItem, ...]
    warnings: tuple[SafetyItem, ...]
    notes: tuple[str, ...] = ()
    decision: SafetyDecision | None = None

    @property
    def allowed(self) -> bool:
        return not self.blocked_reasons and not self.needs_override


def _reasons_at(screen: RedFlagScreen, level: ActionLevel) -> list[str]:
    """What the findings and rules at this level suggest, each reason once."""
    reasons = [f["reason"] for f in screen.findings if f["level"] == level]
    reasons += [r["reason"] for r in screen.rules_fired if r["level"] == level]
    return list(dict.fromkeys(reasons))


def _screen_reasons(screen: RedFlagScreen | None, details: bool) -> tuple[list[str], list[str]]:
    blocked: list[str] = []
    notes: list[str] = []
    if screen is None:
        blocked.append(_("No red-flag screen is recorded: screen the patient before needling."))
        return blocked, notes
    if triage_blocks(screen):
        level = screen.action_level
        assert level is not None  # noqa: S101 - triage_blocks means emergency or urgent
        if details:
            blocked.append(
                _(
                    "%(level)s red flag: %(suggests)s Needling waits until a clinician records "
                    "the action taken."
                )
                % {
                    "level": LEVEL_LABELS[level],
                    "suggests": " ".join(_reasons_at(screen, level)),
                }
            )
        else:
            blocked.append(
                _("A red flag needs a clinician's review. Needling waits until it is recorded.")
            )
    if screen.unanswered:
        notes.append(
            ngettext(
                "The red-flag screen is incomplete: %(count)d question is not answered.",
                "The red-flag screen is incomplete: %(count)d questions are not answered.",
                len(screen.unanswered),
            )
            % {"count": len(screen.unanswered)}
        )
    return blocked, notes


def _profile_reasons(
    profile: SafetyProfile | None, decision: SafetyDecision | None, today: date, details: bool
) -> list[str]:
    if profile is None or decision is None:
        return [_("No needling safety profile is confirmed: a clinician must confirm one.")]
    blocked: list[str] = []
    if profile_is_due(profile, today):
        blocked.append(
            _("The needling safety profile was due for a recheck on %(date)s: confirm it again.")
            % {"date": profile.review_due_on.isoformat()}
        )
    if decision.blocked:
        if details:
            blocked += [
                _("Absolute contraindication: %(text)s") % {"text": item.text}
                for item in decision.blocked
            ]
        else:
            blocked.append(
                _("The safety profile records a reason not to needle; a clinician must review.")
            )
    return blocked


def _gate(
    screen: RedFlagScreen | None,
    profile: SafetyProfile | None,
    decision: SafetyDecision | None,
    today: date,
    *,
    details: bool,
) -> GateDecision:
    blocked, notes = _screen_reasons(screen, details)
    blocked += _profile_reasons(profile, decision, today, details)
    if not details:
        return GateDecision(
            blocked_reasons=tuple(blocked), needs_override=(), warnings=(), notes=tuple(notes)
        )
    return GateDecision(
        blocked_reasons=tuple(blocked),
        needs_override=decision.needs_override if decision else (),
        warnings=decision.warnings if decision else (),
        notes=tuple(notes),
        decision=decision,
    )


def needling_gate(
    actor: Actor,
    patient: Patient,
    today: date,
    *,
    muscles: Iterable[str] = (),
    sides: Iterable[str] = (),
    estim: bool = False,
    overridden: Iterable[str] = (),
    needling_consent: bool | None = None,
    estim_consent: bool | None = None,
) -> GateDecision:
    """Whether needling these muscles on these sides may go ahead for the patient today.

    Blocks on an unresolved emergency or urgent triage, a missing screen, a missing or overdue
    safety profile, and the kernel's absolute contraindications for the planned muscles; the
    relative ones appear in ``needs_override`` unless in ``overridden``. Consent is recorded by the
    consent app: pass ``needling_consent`` / ``estim_consent`` to let the kernel's consent rules
    apply; left as None they are not checked here. Raises SafetyError for an unknown muscle,
    side or override code, or an absolute contraindication passed as overridden.
    """
    require(actor, Permission.VIEW_CLINICAL)
    screen = current_screen(actor, patient)
    profile = current_profile(actor, patient)
    decision = None
    if profile is not None:
        kernel_profile = profile.needling_profile(
            needling_consent=True if needling_consent is None else needling_consent,
            estim_consent=True if estim_consent is None else estim_consent,
        )
        try:
            decision = check_needling(
                kernel_profile,
                muscles=tuple(muscles),
                sides=tuple(sides),
                estim=estim,
                overridden=tuple(overridden),
            )
        except (TypeError, ValueError) as exc:
            raise SafetyError(str(exc)) from exc
    return _gate(screen, profile, decision, today, details=True)


@dataclass(frozen=True)
class SafetySummary:
    """What the chart shows about safety before needling.

    For a role without VIEW_CLINICAL (front desk) ``details_visible`` is False and the clinical
    content (the screen, its triage, the profile and the kernel's decision) is left out; the
    flags and ``gate.blocked_reasons`` still say that needling is blocked, in general words.
    """

    details_visible: bool
    today: date
    needling_blocked_by_triage: bool
    screen_missing: bool
    screen_incomplete: bool
    profile_missing: bool
    profile_due: bool
    profile_blocks: bool
    profile_needs_override: bool
    gate: GateDecision
    screen: RedFlagScreen | None = None
    resolution: TriageResolution | None = None
    profile: SafetyProfile | None = None
    decision: SafetyDecision | None = field(default=None)

    @property
    def triage(self) -> Triage | None:
        return self.screen.triage if self.screen else None

    @property
    def level(self) -> ActionLevel | None:
        return self.screen.action_level if self.screen else None

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level]) if self.level else ""

    @property
    def level_reasons(self) -> list[str]:
        """What the positive findings and rules at the screen's level suggest, each once."""
        if self.screen is None or self.screen.action_level is None:
            return []
        return _reasons_at(self.screen, self.screen.action_level)

    @property
    def level_action(self) -> str:
        return str(LEVEL_ACTIONS[self.level]) if self.level else ""

    @property
    def gate_reasons(self) -> tuple[str, ...]:
        return self.gate.blocked_reasons

    @property
    def needling_blocked(self) -> bool:
        return bool(self.gate.blocked_reasons)

    @property
    def blocked_items(self) -> tuple[SafetyItem, ...]:
        return self.decision.blocked if self.decision else ()

    @property
    def override_items(self) -> tuple[SafetyItem, ...]:
        return self.decision.needs_override if self.decision else ()


def safety_summary(actor: Actor, patient: Patient, today: date) -> SafetySummary:
    """The patient's red-flag triage, safety profile and needling gate for the chart.

    Part of the chart's read of the patient: the caller has already fetched (and audited) it.
    """
    require(actor, Permission.VIEW_PATIENTS)
    details = can(actor, Permission.VIEW_CLINICAL)
    screen = current_screen(actor, patient)
    profile = current_profile(actor, patient)
    decision = profile.decision() if profile else None
    gate = _gate(screen, profile, decision, today, details=details)
    return SafetySummary(
        details_visible=details,
        today=today,
        needling_blocked_by_triage=triage_blocks(screen),
        screen_missing=screen is None,
        screen_incomplete=bool(screen and screen.unanswered),
        profile_missing=profile is None,
        profile_due=bool(profile and profile_is_due(profile, today)),
        profile_blocks=bool(decision and decision.blocked),
        profile_needs_override=bool(decision and decision.needs_override),
        gate=gate,
        screen=screen if details else None,
        resolution=resolution_of(screen) if screen and details else None,
        profile=profile if details else None,
        decision=decision if details else None,
    )


@dataclass(frozen=True)
class TriageLine:
    """A finding or fired rule as the triage page shows it."""

    code: str
    level_label: str
    level: str
    suggests: str
    what_to_do: str
    because_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScreenDescription:
    """A stored screen in words: its level, findings, rules, unanswered and positive questions."""

    level_label: str
    what_to_do: str
    findings: list[TriageLine]
    rules_fired: list[TriageLine]
    unanswered: list[tuple[str, str]]
    answered_yes: list[tuple[str, str]]


def _question(code: str) -> str:
    if code == "age_years":
        return _("The patient's age (needed to judge new back pain).")
    if code in FLAGS:
        return FLAGS[code].question
    if code in FOLLOW_UPS:
        return FOLLOW_UPS[code].question
    return code


def _line(item: dict[str, Any]) -> TriageLine:
    level = ActionLevel(item["level"])
    return TriageLine(
        code=item["code"],
        level=level.value,
        level_label=str(LEVEL_LABELS[level]),
        suggests=item["reason"],
        what_to_do=str(LEVEL_ACTIONS[level]),
        because_of=tuple(item.get("because_of", ())),
    )


def describe_screen(screen: RedFlagScreen) -> ScreenDescription:
    """The screen as the triage page shows it (no database access)."""
    level = screen.action_level
    return ScreenDescription(
        level_label=str(LEVEL_LABELS[level]) if level else "",
        what_to_do=str(LEVEL_ACTIONS[level]) if level else "",
        findings=[_line(f) for f in screen.findings],
        rules_fired=[_line(r) for r in screen.rules_fired],
        unanswered=[(code, _question(code)) for code in screen.unanswered],
        answered_yes=[(code, _question(code)) for code, v in screen.answers.items() if v is True],
    )


def describe_profile(profile: SafetyProfile) -> list[tuple[str, str]]:
    """The items a profile answers other than "no", as (question, answer) in words."""
    rows: list[tuple[str, str]] = []
    for name, value in profile.answers.items():
        label = str(PROFILE_LABELS.get(name, name))
        if value is True:
            rows.append((label, _("Yes")))
        elif name == "epilepsy" and value != EpilepsyStatus.NONE:
            rows.append((label, str(EPILEPSY_LABELS[EpilepsyStatus(value)])))
        elif name == "diabetes" and value != DiabetesStatus.NONE:
            rows.append((label, str(DIABETES_LABELS[DiabetesStatus(value)])))
        elif isinstance(value, list) and value:
            rows.append((label, "; ".join(region_ref_label(ref) for ref in value)))
        elif isinstance(value, str) and value and name == "other_reason_not_to_needle":
            rows.append((label, value))
    return rows
