"""Reads of red-flag screens, their findings and safety profiles, scoped to the actor's clinic.

``safety_summary`` gives the chart what it shows. ``gate_facts`` gives the needling gate
(``taut.clinical.gate``, built by the sessions app) the patient's screens, findings and profiles
with their times; the gate decides what was in force at the visit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from taut.audit.reads import get_audited
from taut.clinical import gate
from taut.clinical.contraindications import DiabetesStatus, EpilepsyStatus, SafetyDecision
from taut.clinical.red_flags import FLAGS, FOLLOW_UPS, ActionLevel
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic
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
    RedFlagAction,
    RedFlagFinding,
    RedFlagScreen,
    SafetyProfile,
    ScreenStatus,
)


def current_screen(actor: Actor, patient: Patient) -> RedFlagScreen | None:
    """The patient's current red-flag screen (the patient was already fetched, and audited, by
    the caller)."""
    require(actor, Permission.VIEW_PATIENTS)
    return (
        RedFlagScreen.objects.filter(
            clinic=actor.clinic, patient=patient, status=ScreenStatus.CURRENT
        )
        .select_related("recorded_by")
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
            "recorded_by"
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


def _findings(clinic: Clinic, patient: Patient) -> list[RedFlagFinding]:
    """Every finding of the patient's screens that were not entered in error, with its actions."""
    return _findings_of(clinic, [patient.pk])


def _findings_of(clinic: Clinic, patient_ids: list[int]) -> list[RedFlagFinding]:
    return list(
        RedFlagFinding.objects.filter(clinic=clinic, patient_id__in=patient_ids)
        .exclude(screen__status=ScreenStatus.ENTERED_IN_ERROR)
        .select_related("screen", "screen__recorded_by")
        .prefetch_related(
            Prefetch("actions", queryset=RedFlagAction.objects.select_related("recorded_by"))
        )
    )


def is_open(finding: RedFlagFinding) -> bool:
    """Not yet cleared (a referral leaves it open)."""
    return not any(a.clears for a in finding.actions.all())


def findings_of(actor: Actor, patient: Patient) -> list[RedFlagFinding]:
    """Every finding of the patient (screens entered in error left out), newest first, with the
    actions recorded on each. The caller audited the patient read."""
    require(actor, Permission.VIEW_CLINICAL)
    return _findings(actor.clinic, patient)


def open_findings(actor: Actor, patient: Patient) -> list[RedFlagFinding]:
    """The patient's findings no clinician has cleared yet, most pressing first."""
    require(actor, Permission.VIEW_PATIENTS)
    return _open_first(_findings(actor.clinic, patient))


def _open_first(findings: list[RedFlagFinding]) -> list[RedFlagFinding]:
    found = [f for f in findings if is_open(f)]
    return sorted(found, key=lambda f: (-f.action_level.rank, f.recorded_at))


@dataclass(frozen=True)
class SafetyRecords:
    """A patient's red-flag screens, findings (with their actions) and safety profiles, newest
    first, read once for every question a page asks of them (the chart's summary and its gate)."""

    screens: list[RedFlagScreen]
    findings: list[RedFlagFinding]  # screens entered in error left out
    profiles: list[SafetyProfile]

    @property
    def current_screen(self) -> RedFlagScreen | None:
        return next((s for s in self.screens if s.status == ScreenStatus.CURRENT), None)

    @property
    def current_profile(self) -> SafetyProfile | None:
        return next((p for p in self.profiles if p.status == ProfileStatus.CURRENT), None)

    @property
    def open_findings(self) -> list[RedFlagFinding]:
        """Findings no clinician has cleared yet, most pressing first."""
        return _open_first(self.findings)


def read_safety(clinic: Clinic, patient: Patient) -> SafetyRecords:
    """Every screen, finding and profile of the patient (takes the clinic explicitly, as
    ``gate_facts`` does; the caller audited the patient read)."""
    return read_safety_of(clinic, [patient.pk])[patient.pk]


def read_safety_of(clinic: Clinic, patient_ids: list[int]) -> dict[int, SafetyRecords]:
    """``read_safety`` for several patients in three queries (a day's list), by patient id."""
    screens = RedFlagScreen.objects.filter(clinic=clinic, patient_id__in=patient_ids)
    profiles = SafetyProfile.objects.filter(clinic=clinic, patient_id__in=patient_ids)
    found = {pk: SafetyRecords(screens=[], findings=[], profiles=[]) for pk in patient_ids}
    for screen in screens.select_related("recorded_by"):
        found[screen.patient_id].screens.append(screen)
    for finding in _findings_of(clinic, patient_ids):
        found[finding.patient_id].findings.append(finding)
    for profile in profiles.select_related("confirmed_by"):
        found[profile.patient_id].profiles.append(profile)
    return found


@dataclass(frozen=True)
class GateFacts:
    screens: tuple[gate.ScreenFact, ...]
    findings: tuple[gate.FindingFact, ...]
    profiles: tuple[gate.ProfileFact, ...]


def gate_facts(clinic: Clinic, patient: Patient, records: SafetyRecords | None = None) -> GateFacts:
    """The patient's red-flag and safety-profile history as the needling gate reads it, from
    ``records`` when the page has read them already.

    Takes the clinic explicitly, as ``consent.queries.consent_facts`` does: the gate also runs
    where it is the service, not a reader, that asks. Screens entered in error are passed as
    withdrawn (the patient must be screened again after one); their findings are left out.
    """
    records = records or read_safety(clinic, patient)
    return GateFacts(
        screens=tuple(s.fact() for s in records.screens),
        findings=tuple(f.fact() for f in records.findings),
        profiles=tuple(p.fact() for p in records.profiles),
    )


def profile_is_due(profile: SafetyProfile, on: Any) -> bool:
    """A profile needs a recheck from its review date on."""
    return bool(on >= profile.review_due_on)


@dataclass(frozen=True)
class SafetySummary:
    """What the chart shows about red flags and the safety profile.

    For a role without VIEW_CLINICAL (front desk) ``details_visible`` is False: the findings'
    content, the screen and the profile are left out, and only the facts that needling is
    blocked (``blocking``) and that something needs a clinician remain.
    """

    details_visible: bool
    screen: RedFlagScreen | None
    blocking: tuple[RedFlagFinding, ...]  # open emergency or urgent findings
    to_weigh: tuple[RedFlagFinding, ...]  # open routine or consider findings
    profile: SafetyProfile | None
    profile_due: bool
    decision: SafetyDecision | None

    @property
    def screen_missing(self) -> bool:
        return self.screen is None

    @property
    def screen_incomplete(self) -> bool:
        return bool(self.screen and self.screen.unanswered)

    @property
    def profile_missing(self) -> bool:
        return self.profile is None

    @property
    def blocked_by_red_flags(self) -> bool:
        return bool(self.blocking)

    @property
    def top_level(self) -> ActionLevel | None:
        return self.blocking[0].action_level if self.blocking else None

    @property
    def top_level_label(self) -> str:
        return str(LEVEL_LABELS[self.top_level]) if self.top_level else ""

    @property
    def top_level_action(self) -> str:
        return str(LEVEL_ACTIONS[self.top_level]) if self.top_level else ""

    @property
    def referred(self) -> tuple[RedFlagFinding, ...]:
        """Blocking findings a clinician has referred (open until the result is recorded)."""
        return tuple(f for f in self.blocking if f.actions.all())


def safety_summary(
    actor: Actor, patient: Patient, records: SafetyRecords | None = None
) -> SafetySummary:
    """The patient's open red-flag findings, current screen and safety profile for the chart
    (from ``records`` when the page has read them already).

    Part of the chart's read of the patient: the caller has already fetched (and audited) it.
    """
    require(actor, Permission.VIEW_PATIENTS)
    details = can(actor, Permission.VIEW_CLINICAL)
    records = records or read_safety(actor.clinic, patient)
    profile = records.current_profile
    found = records.open_findings
    return SafetySummary(
        details_visible=details,
        screen=records.current_screen,
        blocking=tuple(f for f in found if f.blocks),
        to_weigh=tuple(f for f in found if not f.blocks) if details else (),
        profile=profile,
        profile_due=bool(profile and profile_is_due(profile, actor.today())),
        decision=profile.decision() if profile and details else None,
    )


def level_reasons(findings: tuple[RedFlagFinding, ...], level: ActionLevel) -> list[str]:
    """What the findings at this level suggest, each reason once."""
    return list(dict.fromkeys(f.reason for f in findings if f.action_level is level))


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
