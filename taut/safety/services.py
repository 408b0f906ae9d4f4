"""Changes to red-flag screens, the actions taken on their findings, and safety profiles.

Every function runs in one transaction, checks the actor's permission, applies the kernel's
rules (``taut.clinical.red_flags`` and ``taut.clinical.contraindications``) and writes an audit
entry. Nothing is deleted: a new screen or profile supersedes the current one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, fields
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from taut.audit.models import Action
from taut.audit.services import record, record_patient_access
from taut.clinical import red_flags
from taut.clinical.contraindications import NeedlingProfile, SafetyDecision
from taut.clinical.regions import parse
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode
from taut.patients.models import Patient
from taut.safety.models import (
    FindingAction,
    FindingKind,
    ProfileStatus,
    RedFlagAction,
    RedFlagFinding,
    RedFlagScreen,
    SafetyProfile,
    ScreenSource,
    ScreenStatus,
)

# Consent is recorded by the consent app, not in the safety profile.
CONSENT_FIELDS = frozenset({"needling_consent", "estim_consent"})
PROFILE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(NeedlingProfile) if f.name not in CONSENT_FIELDS
)
REGION_FIELDS: tuple[str, ...] = tuple(name for name in PROFILE_FIELDS if name.endswith("_regions"))


class SafetyError(ValueError):
    """A safety record change the rules do not allow; the message says why.

    ``field`` names the input at fault (a red-flag code, a profile item, ``note``...).
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message[:1].upper() + message[1:])
        self.field = field


# Red-flag screens ---------------------------------------------------------------------------


def validate_red_flag_answers(answers: Mapping[str, Any]) -> dict[str, bool | None]:
    """Every kernel question mapped to True, False or None (a missing code is not answered).

    Raises SafetyError naming an unknown code or an answer that is not yes, no or not answered.
    """
    known = red_flags.questions()
    for code, value in answers.items():
        if code not in known:
            raise SafetyError(f"unknown red-flag question: {code!r}", field=str(code))
        if value is not None and not isinstance(value, bool):
            raise SafetyError(
                f"the answer to {code} must be yes, no or not answered, not {value!r}", field=code
            )
    return {code: answers.get(code) for code in known}


def _triage(answers: dict[str, bool | None], age_years: int | None) -> red_flags.Triage:
    try:
        return red_flags.screen(answers, age_years=age_years)
    except ValueError as exc:  # the kernel names the code or the impossible age
        raise SafetyError(str(exc)) from exc


def _age(patient: Patient, clinic: Clinic) -> int | None:
    age = patient.age_on(clinic.local_date(timezone.now()))
    return age if 0 <= age <= 130 else None


def _locked_patient(clinic: Clinic, patient: Patient) -> Patient:
    try:
        locked = Patient.objects.select_for_update().get(pk=patient.pk, clinic=clinic)
    except Patient.DoesNotExist:
        raise SafetyError("this patient is not a patient of this clinic") from None
    if locked.is_entered_in_error:
        raise SafetyError("this patient record was marked entered in error")
    return locked


def _check_episode(patient: Patient, episode: Episode | None) -> None:
    if episode is not None and episode.patient_id != patient.pk:
        raise SafetyError("the episode belongs to another patient", field="episode")


def _save_screen(
    clinic: Clinic,
    patient: Patient,
    *,
    answers: Mapping[str, Any],
    source: ScreenSource,
    episode: Episode | None,
    recorded_by: Any,
) -> RedFlagScreen:
    checked = validate_red_flag_answers(answers)
    patient = _locked_patient(clinic, patient)
    _check_episode(patient, episode)
    age_years = _age(patient, clinic)
    triage = _triage(checked, age_years)
    RedFlagScreen.objects.filter(patient=patient, status=ScreenStatus.CURRENT).update(
        status=ScreenStatus.SUPERSEDED
    )
    screen = RedFlagScreen.objects.create(
        clinic=clinic,
        patient=patient,
        episode=episode,
        answers=checked,
        age_years=age_years,
        level=triage.level.value if triage.level else None,
        findings=[
            {**asdict(f), "level": f.level.value, "sources": list(f.sources)}
            for f in triage.findings
        ],
        rules_fired=[
            {
                **asdict(r),
                "level": r.level.value,
                "because_of": list(r.because_of),
                "sources": list(r.sources),
            }
            for r in triage.rules_fired
        ],
        unanswered=list(triage.unanswered),
        source=source,
        recorded_by=recorded_by,
    )
    RedFlagFinding.objects.bulk_create(
        [
            *(
                RedFlagFinding(
                    clinic=clinic,
                    patient=patient,
                    screen=screen,
                    code=f.code,
                    kind=FindingKind.FLAG,
                    level=f.level.value,
                    reason=f.reason,
                    recorded_at=screen.recorded_at,
                )
                for f in triage.findings
            ),
            *(
                RedFlagFinding(
                    clinic=clinic,
                    patient=patient,
                    screen=screen,
                    code=r.code,
                    kind=FindingKind.RULE,
                    level=r.level.value,
                    reason=r.reason,
                    because_of=list(r.because_of),
                    recorded_at=screen.recorded_at,
                )
                for r in triage.rules_fired
            ),
        ]
    )
    return screen


def _screen_detail(screen: RedFlagScreen) -> dict[str, Any]:
    return {
        "level": screen.level,
        "source": screen.source,
        "findings": [f["code"] for f in screen.findings],
        "rules_fired": [r["code"] for r in screen.rules_fired],
        "unanswered": len(screen.unanswered),
    }


@transaction.atomic
def record_red_flag_screen(
    actor: Actor,
    patient: Patient,
    *,
    answers: Mapping[str, Any],
    source: str = ScreenSource.CLINICIAN,
    episode: Episode | None = None,
) -> RedFlagScreen:
    """Screen a patient's red-flag answers with the kernel and keep the result as the current screen.

    ``answers`` maps kernel question codes to True, False or None. The patient's age comes from
    their date of birth on the clinic's today. The previous current screen is superseded.
    Raises SafetyError naming an unknown code or a bad answer; nothing is saved then.
    """
    require(actor, Permission.EDIT_CLINICAL)
    try:
        screen_source = ScreenSource(source)
    except ValueError:
        raise SafetyError(f"unknown screen source: {source!r}", field="source") from None
    screen = _save_screen(
        actor.clinic,
        patient,
        answers=answers,
        source=screen_source,
        episode=episode,
        recorded_by=actor.user,
    )
    record(
        actor,
        Action.CREATE,
        object_type="red_flag_screen",
        object_id=screen.public_id,
        patient=screen.patient,
        detail=_screen_detail(screen),
    )
    return screen


@transaction.atomic
def record_intake_screen(
    *,
    clinic: Clinic,
    patient: Patient,
    answers: Mapping[str, Any],
    episode: Episode | None = None,
    address: str | None = None,
) -> RedFlagScreen:
    """Record the red-flag answers a patient gave at intake (through a link; no staff user).

    The caller has already checked the patient's link. The screen is recorded with source
    ``intake`` and no recorder, supersedes the current screen, and is audited without a user.
    """
    screen = _save_screen(
        clinic,
        patient,
        answers=answers,
        source=ScreenSource.INTAKE,
        episode=episode,
        recorded_by=None,
    )
    record_patient_access(
        clinic=clinic,
        patient=screen.patient,
        action=Action.CREATE,
        object_type="red_flag_screen",
        object_id=screen.public_id,
        address=address,
        detail=_screen_detail(screen),
    )
    return screen


def _locked_screen(actor: Actor, screen: RedFlagScreen) -> RedFlagScreen:
    try:
        return RedFlagScreen.objects.select_for_update().get(pk=screen.pk, clinic=actor.clinic)
    except RedFlagScreen.DoesNotExist:
        raise SafetyError("no such red-flag screen in this clinic") from None


@transaction.atomic
def record_finding_action(
    actor: Actor,
    patient: Patient,
    *,
    findings: Sequence[RedFlagFinding],
    action: str,
    note: str,
) -> list[RedFlagAction]:
    """Record what a clinician did about open red-flag findings of a patient, with a note.

    "Seen and cleared" and "ruled out" close the findings; "referred" is recorded and leaves
    them open, so needling stays blocked (``taut.clinical.gate``). Raises SafetyError for no
    findings, a finding of another patient, one already closed or on a screen entered in error,
    an unknown action or an empty note; nothing is saved then.
    """
    require(actor, Permission.EDIT_CLINICAL)
    patient = _locked_patient(actor.clinic, patient)
    try:
        chosen = FindingAction(action)
    except ValueError:
        raise SafetyError(f"unknown action: {action!r}", field="action") from None
    if not note.strip():
        raise SafetyError("a note is required: say what was done and why", field="note")
    if not findings:
        raise SafetyError("choose the findings this action is about", field="findings")
    locked = list(
        RedFlagFinding.objects.select_for_update()
        .filter(pk__in=[f.pk for f in findings], clinic=actor.clinic, patient=patient)
        .select_related("screen")
        .prefetch_related("actions")
    )
    if len(locked) != len({f.pk for f in findings}):
        raise SafetyError("a finding is not one of this patient's", field="findings")
    for finding in locked:
        if finding.screen.is_entered_in_error:
            raise SafetyError(
                f"{finding.code} is on a screen marked entered in error", field="findings"
            )
        if any(a.clears for a in finding.actions.all()):
            raise SafetyError(f"{finding.code} is already cleared", field="findings")
    created = [
        RedFlagAction.objects.create(
            finding=finding, action=chosen, note=note.strip(), recorded_by=actor.user
        )
        for finding in locked
    ]
    for finding in locked:
        record(
            actor,
            Action.RESOLVE if chosen != FindingAction.REFERRED else Action.UPDATE,
            object_type="red_flag_finding",
            object_id=finding.public_id,
            patient=patient,
            detail={"code": finding.code, "level": finding.level, "action": chosen.value},
        )
    return created


@transaction.atomic
def mark_screen_entered_in_error(
    actor: Actor, screen: RedFlagScreen, *, reason: str
) -> RedFlagScreen:
    """Withdraw a screen recorded by mistake. It stays visible, marked; no screen is current then."""
    require(actor, Permission.MARK_ENTERED_IN_ERROR)
    if not reason.strip():
        raise SafetyError("a reason is required", field="reason")
    screen = _locked_screen(actor, screen)
    if screen.is_entered_in_error:
        raise SafetyError("this screen is already marked entered in error")
    screen.save(update_fields=screen.withdraw(actor.user, reason.strip()))
    record(
        actor,
        Action.ENTERED_IN_ERROR,
        object_type="red_flag_screen",
        object_id=screen.public_id,
        patient=screen.patient,
        detail={"reason": reason.strip()},
    )
    return screen


# Needling safety profile ----------------------------------------------------------------------


def _to_json(name: str, value: Any) -> Any:
    if name in REGION_FIELDS:
        return sorted(value)
    if name in ("epilepsy", "diabetes"):
        return str(value)
    return value


def validate_profile_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Check safety profile answers against the kernel's NeedlingProfile; return them as stored.

    Missing items mean "no". Raises SafetyError naming an unknown item or a bad value (e.g. an
    unknown region reference).
    """
    values: dict[str, Any] = {}
    for name, value in answers.items():
        if name not in PROFILE_FIELDS:
            raise SafetyError(f"unknown safety profile item: {name!r}", field=str(name))
        if name in REGION_FIELDS and not isinstance(value, str) and isinstance(value, Iterable):
            for ref in value:
                try:
                    parse(ref)
                except (TypeError, ValueError) as exc:
                    raise SafetyError(f"{name}: {exc}", field=name) from exc
        if name == "other_reason_not_to_needle" and isinstance(value, str):
            value = value.strip()
        try:
            NeedlingProfile(**{name: value})
        except (TypeError, ValueError) as exc:
            raise SafetyError(f"{name}: {exc}", field=name) from exc
        values[name] = value
    profile = NeedlingProfile(**values)
    return {name: _to_json(name, getattr(profile, name)) for name in PROFILE_FIELDS}


@transaction.atomic
def confirm_safety_profile(
    actor: Actor, patient: Patient, *, answers: Mapping[str, Any]
) -> SafetyProfile:
    """Confirm a patient's needling safety profile; it supersedes the current one.

    The recheck date is the clinic's today plus the clinic's ``safety_profile_review_days``.
    Raises SafetyError naming an unknown item or a bad value; nothing is saved then.
    """
    require(actor, Permission.EDIT_CLINICAL)
    stored = validate_profile_answers(answers)
    patient = _locked_patient(actor.clinic, patient)
    SafetyProfile.objects.filter(patient=patient, status=ProfileStatus.CURRENT).update(
        status=ProfileStatus.SUPERSEDED
    )
    profile = SafetyProfile.objects.create(
        clinic=actor.clinic,
        patient=patient,
        answers=stored,
        confirmed_by=actor.user,
        review_due_on=actor.today() + timedelta(days=actor.clinic.safety_profile_review_days),
    )
    decision = profile.decision()
    record(
        actor,
        Action.CREATE,
        object_type="safety_profile",
        object_id=profile.public_id,
        patient=patient,
        detail={
            "blocked": [item.code for item in decision.blocked],
            "needs_override": [item.code for item in decision.needs_override],
            "review_due_on": profile.review_due_on.isoformat(),
        },
    )
    return profile


def preview_safety_profile(answers: Mapping[str, Any]) -> SafetyDecision:
    """What confirming these answers would give, for no particular muscle (nothing is saved).

    Consent is left out: the consent app records it. Raises SafetyError like
    ``confirm_safety_profile``.
    """
    stored = validate_profile_answers(answers)
    return SafetyProfile(answers=stored).decision()
