"""Likely causes of low back pain a clinician can record in an assessment, and the ICD-10-CM codes
each one points to.

The list of causes is the one the clinics' service pages use (``service_pages_causes``). A cause
is either *diagnostic* (it corresponds to codes in the curated low-back list of
``taut.clinical.diagnoses``) or *contributing* (posture, prolonged sitting...: it explains why the
pain arose but has no code of its own). The cause-to-code pairs are Taut's own reading of the
ICD-10-CM titles and inclusion terms (``local_cause_diagnosis_map``; for example, M79.1 lists
"myofascial pain syndrome" as an inclusion term, ``icd10cm_fy2026``). They are suggestions: the
clinician chooses the working diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from taut.clinical import diagnoses
from taut.clinical.errors import UnknownCode

__all__ = ["CAUSES", "SOURCES_CITED", "Cause", "CauseKind", "LikelyCause", "get", "suggested_codes"]

MAP = "local_cause_diagnosis_map"
PAGES = "service_pages_causes"
ICD = "icd10cm_fy2026"


class CauseKind(StrEnum):
    DIAGNOSTIC = "diagnostic"
    CONTRIBUTING = "contributing"


class Cause(StrEnum):
    MUSCLE_STRAIN = "muscle_strain"
    LIGAMENT_SPRAIN = "ligament_sprain"
    MUSCLE_IMBALANCE = "muscle_imbalance"
    TRIGGER_POINTS = "trigger_points"
    MYOFASCIAL_PAIN_SYNDROME = "myofascial_pain_syndrome"
    HERNIATED_DISC = "herniated_disc"
    FACET_JOINT_DYSFUNCTION = "facet_joint_dysfunction"
    SPINAL_STENOSIS = "spinal_stenosis"
    SPONDYLOLISTHESIS = "spondylolisthesis"
    DEGENERATIVE_DISC_DISEASE = "degenerative_disc_disease"
    ARTHRITIS = "arthritis"
    POSTURE = "posture"
    PROLONGED_SITTING = "prolonged_sitting"
    REPETITIVE_STRAIN = "repetitive_strain"
    LIFTING_TECHNIQUE = "lifting_technique"
    SPORT = "sport"


@dataclass(frozen=True, slots=True)
class LikelyCause:
    code: Cause
    label: str
    kind: CauseKind
    codes: tuple[str, ...]  # ICD-10-CM codes it suggests, most usual first
    sources: tuple[str, ...]


def _diagnostic(code: Cause, label: str, *codes: str) -> LikelyCause:
    return LikelyCause(code, label, CauseKind.DIAGNOSTIC, codes, (PAGES, MAP, ICD))


def _contributing(code: Cause, label: str) -> LikelyCause:
    return LikelyCause(code, label, CauseKind.CONTRIBUTING, (), (PAGES,))


_CATALOGUE = (
    _diagnostic(Cause.MUSCLE_STRAIN, "Muscle strain", "S39.012A"),
    _diagnostic(Cause.LIGAMENT_SPRAIN, "Ligament sprain", "S33.5XXA"),
    _contributing(Cause.MUSCLE_IMBALANCE, "Muscle imbalance"),
    _diagnostic(Cause.TRIGGER_POINTS, "Myofascial trigger points", "M79.18"),
    _diagnostic(Cause.MYOFASCIAL_PAIN_SYNDROME, "Myofascial pain syndrome", "M79.18"),
    _diagnostic(Cause.HERNIATED_DISC, "Herniated disc", "M51.26", "M51.27", "M51.16", "M51.17"),
    _diagnostic(Cause.FACET_JOINT_DYSFUNCTION, "Facet joint dysfunction", "M47.816", "M47.817"),
    _diagnostic(Cause.SPINAL_STENOSIS, "Spinal stenosis", "M48.061", "M48.062"),
    _diagnostic(Cause.SPONDYLOLISTHESIS, "Spondylolisthesis", "M43.16"),
    _diagnostic(
        Cause.DEGENERATIVE_DISC_DISEASE,
        "Degenerative disc disease",
        "M51.360",
        "M51.362",
        "M51.361",
        "M51.370",
    ),
    # ICD-10-CM M47 Spondylosis includes "arthrosis or osteoarthritis of spine" (icd10cm_fy2026).
    _diagnostic(Cause.ARTHRITIS, "Arthritis of the spine", "M47.816", "M47.817"),
    _contributing(Cause.POSTURE, "Posture"),
    _contributing(Cause.PROLONGED_SITTING, "Prolonged sitting"),
    _contributing(Cause.REPETITIVE_STRAIN, "Repetitive strain"),
    _contributing(Cause.LIFTING_TECHNIQUE, "Lifting technique"),
    _contributing(Cause.SPORT, "Sport or exercise"),
)

CAUSES: Mapping[Cause, LikelyCause] = MappingProxyType({c.code: c for c in _CATALOGUE})

SOURCES_CITED: frozenset[str] = frozenset(key for c in _CATALOGUE for key in c.sources)

# Every suggested code must be a billable code of the curated list; fail at import otherwise.
for _cause in _CATALOGUE:
    for _code in _cause.codes:
        diagnoses.get(_code)


def get(code: str) -> LikelyCause:
    """The likely cause with this code. Raises ``UnknownCode`` (a ValueError) naming it."""
    try:
        return CAUSES[Cause(code)]
    except ValueError:
        raise UnknownCode("likely cause", code) from None


def suggested_codes(causes: Iterable[str]) -> list[str]:
    """The ICD-10-CM codes the chosen causes point to, in order, without repeats.

    Contributing causes add nothing. Raises ``UnknownCode`` naming an unknown cause.
    """
    found: list[str] = []
    for code in causes:
        for suggestion in get(code).codes:
            if suggestion not in found:
                found.append(suggestion)
    return found
