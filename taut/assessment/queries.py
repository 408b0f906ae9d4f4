"""Reads of assessments, scoped to the actor's clinic and audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from taut.assessment.models import Assessment, TriggerPointFinding
from taut.audit.reads import get_audited
from taut.clinical import muscles
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.lib.records import RecordStatus
from taut.patients.models import Patient


def get_assessment(actor: Actor, public_id: uuid.UUID | str) -> Assessment:
    """One assessment of the actor's clinic (404 otherwise), recording the view."""
    require(actor, Permission.VIEW_CLINICAL)
    assessments = Assessment.objects.select_related(
        "patient", "episode", "signed_by", "created_by", "amends"
    ).prefetch_related("marks", "palpation")
    return get_audited(actor, assessments, public_id, object_type="assessment")


@dataclass(frozen=True)
class AssessmentSummary:
    """What the chart shows of a patient's assessments (the caller has audited the chart view)."""

    latest: Assessment | None
    draft: Assessment | None
    # The latest signed assessment that examined the nerves (a reassessment may not have).
    latest_neuro: Assessment | None
    marks: dict[str, dict[str, object]]
    muscles_found: list[tuple[str, str, str]]  # (muscle label, side, finding label)


def assessment_summary(actor: Actor, patient: Patient) -> AssessmentSummary:
    """The latest signed assessment of the patient's episodes, any open draft, and what they found."""
    require(actor, Permission.VIEW_CLINICAL)
    base = Assessment.objects.filter(clinic=actor.clinic, patient=patient)
    signed = list(base.filter(status=RecordStatus.SIGNED).order_by("-signed_at"))
    latest = signed[0] if signed else None
    draft = base.filter(status=RecordStatus.DRAFT).order_by("-created_at").first()
    marks: dict[str, dict[str, object]] = {}
    found: list[tuple[str, str, str]] = []
    if latest is not None:
        prefetch_related_objects([latest], "marks", "palpation")
        marks = {
            m.region: {"intensity": m.intensity, "quality": m.quality or None}
            for m in latest.marks.all()
        }
        found = [
            (muscles.muscle_label(f.muscle), f.side, str(TriggerPointFinding(f.finding).label))
            for f in latest.palpation.all()
            if f.finding != TriggerPointFinding.NONE
        ]
    latest_neuro = next((a for a in signed if a.neuro), None)
    return AssessmentSummary(
        latest=latest, draft=draft, latest_neuro=latest_neuro, marks=marks, muscles_found=found
    )
