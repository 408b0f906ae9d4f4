"""Starting, saving, signing and amending assessments. One transaction and one audit entry each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from taut.assessment.models import (
    Assessment,
    PainMark,
    PainQuality,
    PalpationFinding,
    TriggerPointFinding,
)
from taut.audit.models import Action
from taut.audit.services import record
from taut.clinical import causes, examination, muscles, neuro, regions
from taut.clinical.instruments import convert_pressure
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode
from taut.lib import records
from taut.lib.records import RecordLocked, RecordStatus

MOVEMENTS = examination.MOVEMENTS


class AssessmentError(ValueError):
    """Input an assessment cannot take; ``field`` names it. Nothing is saved."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AssessmentIncomplete(ValueError):
    """Signing was refused because required parts are missing; ``missing`` lists them."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("Cannot sign yet. Missing: " + "; ".join(missing) + ".")
        self.missing = missing


# The lifecycle's refusal: the assessment is signed or withdrawn, so it can only be amended.
AssessmentLocked = RecordLocked


@dataclass(frozen=True)
class Mark:
    region: str
    intensity: int | None
    quality: str = ""


@dataclass(frozen=True)
class Palpation:
    muscle: str
    side: str
    finding: str
    trigger_point: str = ""
    taut_band: bool = False
    local_twitch: bool = False
    referred_pain_reproduced: bool = False
    ppt: Decimal | None = None
    ppt_unit: str = "kPa"


@dataclass(frozen=True)
class AssessmentInput:
    """Everything a clinician enters on the assessment page, as plain values."""

    likely_causes: Sequence[str] = ()
    marks: Sequence[Mark] = ()
    palpation: Sequence[Palpation] = ()
    schober_cm: Decimal | None = None
    fingertip_floor_cm: Decimal | None = None
    movements: Mapping[str, Mapping[str, bool]] | None = None
    neuro: Mapping[str, object] | None = None
    notes: str = ""


def _check_marks(marks: Sequence[Mark]) -> list[Mark]:
    seen: set[str] = set()
    for mark in marks:
        try:
            ref = regions.parse(mark.region)
        except ValueError as exc:
            raise AssessmentError(str(exc), field="pain_drawing") from exc
        if ref.side is None and regions.get(ref.code).sided:
            raise AssessmentError(
                f"{mark.region}: choose the left or right side", field="pain_drawing"
            )
        if mark.region in seen:
            raise AssessmentError(f"{mark.region} is marked twice", field="pain_drawing")
        seen.add(mark.region)
        if mark.intensity is not None and not 0 <= mark.intensity <= 10:
            raise AssessmentError(
                f"{mark.region}: intensity must be 0 to 10, not {mark.intensity}",
                field="pain_drawing",
            )
        if mark.quality and mark.quality not in PainQuality.values:
            raise AssessmentError(
                f"{mark.region}: unknown pain quality {mark.quality!r}", field="pain_drawing"
            )
    return list(marks)


def _ppt_kpa(row: Palpation) -> Decimal | None:
    if row.ppt is None:
        return None
    if row.ppt_unit not in examination.PRESSURE_UNITS:
        raise AssessmentError(f"unknown pressure unit {row.ppt_unit!r}", field="palpation")
    try:
        kpa = convert_pressure(row.ppt, "kg/cm2" if row.ppt_unit == "kg/cm2" else "kPa", "kPa")
    except ValueError as exc:
        raise AssessmentError(f"{row.muscle} {row.side}: {exc}", field="palpation") from exc
    return Decimal(kpa).quantize(Decimal("0.1"))


def _check_palpation(rows: Sequence[Palpation]) -> list[tuple[Palpation, Decimal | None]]:
    checked = []
    for row in rows:
        try:
            muscle = muscles.get(row.muscle)
        except ValueError as exc:
            raise AssessmentError(str(exc), field="palpation") from exc
        if row.side not in ("left", "right"):
            raise AssessmentError(f"{row.muscle}: side must be left or right", field="palpation")
        if row.finding not in TriggerPointFinding.values:
            raise AssessmentError(
                f"{row.muscle}: unknown finding {row.finding!r}", field="palpation"
            )
        if row.trigger_point and row.trigger_point not in {tp.code for tp in muscle.trigger_points}:
            raise AssessmentError(
                f"{row.trigger_point!r} is not a trigger point of {muscle.label}",
                field="palpation",
            )
        checked.append((row, _ppt_kpa(row)))
    return checked


def _check_movements(
    movements: Mapping[str, Mapping[str, bool]] | None,
) -> dict[str, dict[str, bool]]:
    clean: dict[str, dict[str, bool]] = {}
    for name, flags in (movements or {}).items():
        if name not in MOVEMENTS:
            raise AssessmentError(f"unknown movement {name!r}", field="movements")
        clean[name] = {"limited": bool(flags.get("limited")), "painful": bool(flags.get("painful"))}
    return clean


def _check_distance(value: Decimal | None, field: str, maximum: int) -> Decimal | None:
    if value is not None and not 0 <= value <= maximum:
        raise AssessmentError(f"must be between 0 and {maximum} cm, not {value}", field=field)
    return value


@transaction.atomic
def start_assessment(actor: Actor, episode: Episode) -> Assessment:
    """Open a draft assessment for an active episode, or return the draft already open."""
    require(actor, Permission.EDIT_CLINICAL)
    episode = Episode.objects.select_for_update().get(pk=episode.pk, clinic=actor.clinic)
    if not episode.is_active:
        raise AssessmentError("Only an active episode can be assessed.")
    existing = episode.assessments.filter(status=RecordStatus.DRAFT).first()
    if existing is not None and existing.amends_id is not None:
        raise AssessmentError(
            f"An amendment of assessment version {existing.version - 1} is open in this episode: "
            "sign it or mark it entered in error before reassessing."
        )
    if existing is not None:
        return existing
    assessment = Assessment.objects.create(
        clinic=actor.clinic, patient=episode.patient, episode=episode, created_by=actor.user
    )
    record(
        actor,
        Action.CREATE,
        object_type="assessment",
        object_id=assessment.public_id,
        patient=episode.patient,
    )
    return assessment


@transaction.atomic
def save_draft(actor: Actor, assessment: Assessment, data: AssessmentInput) -> Assessment:
    """Replace a draft's content after checking every part; bad input raises and saves nothing."""
    require(actor, Permission.EDIT_CLINICAL)
    assessment = records.lock_draft(assessment, clinic=actor.clinic)
    try:
        chosen_causes = [causes.get(code).code.value for code in data.likely_causes]
    except ValueError as exc:
        raise AssessmentError(str(exc), field="likely_causes") from exc
    marks = _check_marks(data.marks)
    palpation = _check_palpation(data.palpation)
    movements = _check_movements(data.movements)
    try:
        neuro_exam = neuro.exam_from(data.neuro)
    except ValueError as exc:
        raise AssessmentError(str(exc), field="neuro") from exc
    assessment.likely_causes = list(dict.fromkeys(chosen_causes))
    assessment.schober_cm = _check_distance(
        data.schober_cm, "schober_cm", examination.SCHOBER_MAX_CM
    )
    assessment.fingertip_floor_cm = _check_distance(
        data.fingertip_floor_cm, "fingertip_floor_cm", examination.FINGERTIP_FLOOR_MAX_CM
    )
    assessment.movements = movements
    assessment.neuro = neuro.exam_to(neuro_exam)
    assessment.notes = data.notes.strip()
    assessment.save()
    # A draft's rows are working notes until signing; they are replaced, not versioned.
    assessment.marks.all().delete()
    PainMark.objects.bulk_create(
        PainMark(
            assessment=assessment,
            region=m.region,
            intensity=m.intensity,
            quality=m.quality,
        )
        for m in marks
    )
    assessment.palpation.all().delete()
    PalpationFinding.objects.bulk_create(
        PalpationFinding(
            assessment=assessment,
            muscle=row.muscle,
            side=row.side,
            trigger_point=row.trigger_point,
            finding=row.finding,
            taut_band=row.taut_band,
            local_twitch=row.local_twitch,
            referred_pain_reproduced=row.referred_pain_reproduced,
            ppt_kpa=kpa,
        )
        for row, kpa in palpation
    )
    record(
        actor,
        Action.UPDATE,
        object_type="assessment",
        object_id=assessment.public_id,
        patient=assessment.patient,
        detail={"regions": len(marks), "muscles": len(palpation)},
    )
    return assessment


def region_label(ref: str) -> str:
    """A region reference in words: 'calf:left' → 'Calf (left)'."""
    parsed = regions.parse(ref)
    label = regions.get(parsed.code).label
    return f"{label} ({parsed.side})" if parsed.side else label


def missing_parts(assessment: Assessment) -> list[str]:
    """What must be recorded before the assessment can be signed (empty when complete)."""
    missing = []
    if not assessment.likely_causes:
        missing.append("at least one likely cause")
    marks = list(assessment.marks.all())
    if not marks:
        missing.append("a pain drawing with at least one region")
    unrated = [m.region for m in marks if m.intensity is None]
    if unrated:
        missing.append("the pain intensity of " + ", ".join(region_label(r) for r in unrated))
    if not assessment.palpation.exists():
        missing.append("palpation findings for at least one muscle")
    if assessment.schober_cm is None and assessment.fingertip_floor_cm is None:
        missing.append("a range-of-motion measure (modified Schober or fingertip-to-floor)")
    return missing


@transaction.atomic
def sign_assessment(actor: Actor, assessment: Assessment) -> Assessment:
    """Sign and lock a complete draft; an amendment supersedes the version it amends.

    Raises AssessmentIncomplete listing what is missing (nothing changes), AssessmentLocked
    for a signed record, PermissionDenied for roles that may not sign.
    """
    require(actor, Permission.EDIT_CLINICAL)
    assessment = records.lock_draft(assessment, clinic=actor.clinic)
    missing = missing_parts(assessment)
    if missing:
        raise AssessmentIncomplete(missing)
    assessment.save(update_fields=[*records.sign(assessment, actor.user), "updated_at"])
    record(
        actor,
        Action.SIGN,
        object_type="assessment",
        object_id=assessment.public_id,
        patient=assessment.patient,
        detail={"version": assessment.version},
    )
    return assessment


# What an amendment carries over from the version it corrects (child rows are copied apart).
AMENDED_FIELDS = (
    "clinic",
    "patient",
    "episode",
    "likely_causes",
    "schober_cm",
    "fingertip_floor_cm",
    "movements",
    "neuro",
    "notes",
)


@transaction.atomic
def amend_assessment(actor: Actor, assessment: Assessment, *, reason: str) -> Assessment:
    """Start a new version of a signed assessment, copying its content, with a reason."""
    require(actor, Permission.EDIT_CLINICAL)
    if not reason.strip():
        raise AssessmentError("A reason for the amendment is required.", field="reason")
    original = assessment.locked(clinic=actor.clinic)
    if (
        original.is_signed
        and original.episode.assessments.filter(status=RecordStatus.DRAFT).exists()
    ):
        raise AssessmentError("A draft is already open for this episode; finish it first.")
    amendment = records.amendment_of(
        original,
        reason=reason,
        copy=AMENDED_FIELDS,
        created_by=actor.user,
    )
    PainMark.objects.bulk_create(
        PainMark(assessment=amendment, region=m.region, intensity=m.intensity, quality=m.quality)
        for m in original.marks.all()
    )
    PalpationFinding.objects.bulk_create(
        PalpationFinding(
            assessment=amendment,
            muscle=f.muscle,
            side=f.side,
            trigger_point=f.trigger_point,
            finding=f.finding,
            taut_band=f.taut_band,
            local_twitch=f.local_twitch,
            referred_pain_reproduced=f.referred_pain_reproduced,
            ppt_kpa=f.ppt_kpa,
        )
        for f in original.palpation.all()
    )
    record(
        actor,
        Action.CREATE,
        object_type="assessment",
        object_id=amendment.public_id,
        patient=amendment.patient,
        detail={"amends_version": original.version, "reason": reason.strip()},
    )
    return amendment


@transaction.atomic
def mark_assessment_entered_in_error(
    actor: Actor, assessment: Assessment, *, reason: str
) -> Assessment:
    """Withdraw an assessment recorded by mistake (a draft or the current signed version).

    A draft goes alone (a draft amendment is discarded; the signed version stands). A signed
    version goes with the versions it amends and any amendment of it still open: kept, marked,
    with the reason, and no longer feeding plans, outcomes or the chart's latest findings.
    """
    require(actor, Permission.MARK_ENTERED_IN_ERROR)
    if not reason.strip():
        raise AssessmentError("A reason is required.", field="reason")
    locked = assessment.locked(clinic=actor.clinic)
    for version in records.withdraw_versions(locked, actor.user, reason):
        record(
            actor,
            Action.ENTERED_IN_ERROR,
            object_type="assessment",
            object_id=version.public_id,
            patient=version.patient,
            detail={"version": version.version, "reason": reason.strip()},
        )
    return locked
