"""Translatable display labels for the kernel's episode vocabulary (the kernel holds no UI text)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from taut.clinical.diagnoses import DiagnosisGroup
from taut.clinical.episodes import Chronicity

CHRONICITY_LABELS: dict[Chronicity, Promise] = {
    Chronicity.ACUTE: _("acute"),
    Chronicity.SUBACUTE: _("subacute"),
    Chronicity.CHRONIC: _("chronic"),
}

DIAGNOSIS_GROUP_LABELS: dict[DiagnosisGroup, Promise] = {
    DiagnosisGroup.LOW_BACK_PAIN: _("Low back pain"),
    DiagnosisGroup.NERVE_ROOT: _("Sciatica and nerve-root pain"),
    DiagnosisGroup.DISC: _("Disc disorders"),
    DiagnosisGroup.SPINAL_STRUCTURE: _("Stenosis, spondylosis and instability"),
    DiagnosisGroup.MUSCLE: _("Muscle pain and spasm"),
    DiagnosisGroup.SACRUM_AND_PELVIS: _("Sacroiliac joint and coccyx"),
    DiagnosisGroup.INJURY: _("Strain and sprain"),
}
