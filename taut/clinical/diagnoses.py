"""The ICD-10-CM diagnosis codes Taut offers for low back pain, and the Excludes1 rule.

Every code below was checked against the official CDC/NCHS ICD-10-CM tabular for FY2026
(April 1, 2026 release) [``icd10cm_fy2026``]. Only billable codes (leaves of the tabular tree)
can be used as a working diagnosis; the category codes above them (e.g. M54.5, M51.36, M51.37,
M79.1) are refused with ``NotBillable``, which names the billable codes beneath them.

Labels are Taut's own short wording for a picker, not the official titles.

Excludes1 ("not coded here": the two conditions cannot be reported together) pairs are the
ones printed in the FY2026 tabular for the codes in this list [``icd10cm_fy2026``].
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from taut.clinical.errors import UnknownCode

__all__ = [
    "DIAGNOSES",
    "EXCLUDES1_RULES",
    "PARENTS",
    "SOURCES_CITED",
    "Conflict",
    "Diagnosis",
    "DiagnosisGroup",
    "Excludes1Rule",
    "NotBillable",
    "Parent",
    "excludes1_conflicts",
    "get",
]

ICD10CM_SOURCE = "icd10cm_fy2026"


class DiagnosisGroup(StrEnum):
    """Headings that group the picker."""

    LOW_BACK_PAIN = "low_back_pain"
    NERVE_ROOT = "nerve_root"
    DISC = "disc"
    SPINAL_STRUCTURE = "spinal_structure"
    MUSCLE = "muscle"
    SACRUM_AND_PELVIS = "sacrum_and_pelvis"
    INJURY = "injury"

    @property
    def label(self) -> str:
        """A heading for display."""
        return _GROUP_LABELS[self]


_GROUP_LABELS: Mapping[DiagnosisGroup, str] = MappingProxyType(
    {
        DiagnosisGroup.LOW_BACK_PAIN: "Low back pain",
        DiagnosisGroup.NERVE_ROOT: "Sciatica and nerve-root pain",
        DiagnosisGroup.DISC: "Disc disorders",
        DiagnosisGroup.SPINAL_STRUCTURE: "Stenosis, spondylosis and instability",
        DiagnosisGroup.MUSCLE: "Muscle pain and spasm",
        DiagnosisGroup.SACRUM_AND_PELVIS: "Sacroiliac joint and coccyx",
        DiagnosisGroup.INJURY: "Strain and sprain",
    }
)


class NotBillable(ValueError):  # noqa: N818 (name fixed by the brief)
    """A category code was given where a billable (leaf) code is needed."""

    def __init__(self, code: str, children: tuple[str, ...]) -> None:
        suggestion = ", ".join(children)
        super().__init__(
            f"ICD-10-CM code {code!r} is a category, not a billable code; use one of: {suggestion}"
        )
        self.code = code
        self.children = children


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """One billable ICD-10-CM code with Taut's short label."""

    code: str
    label: str
    billable: bool
    group: DiagnosisGroup
    parent: str
    source: str = ICD10CM_SOURCE


@dataclass(frozen=True, slots=True)
class Parent:
    """A non-billable category code and the billable codes in this list beneath it."""

    code: str
    label: str
    children: tuple[str, ...]
    source: str = ICD10CM_SOURCE


def _dx(code: str, label: str, group: DiagnosisGroup, parent: str) -> Diagnosis:
    return Diagnosis(code=code, label=label, billable=True, group=group, parent=parent)


_G = DiagnosisGroup
_ENTRIES: tuple[Diagnosis, ...] = (
    _dx("M54.50", "Low back pain, type not specified", _G.LOW_BACK_PAIN, "M54.5"),
    _dx("M54.51", "Low back pain from the vertebral endplate", _G.LOW_BACK_PAIN, "M54.5"),
    _dx("M54.59", "Low back pain, other stated type", _G.LOW_BACK_PAIN, "M54.5"),
    _dx("M54.40", "Low back pain with sciatica, side not stated", _G.NERVE_ROOT, "M54.4"),
    _dx("M54.41", "Low back pain with sciatica, right", _G.NERVE_ROOT, "M54.4"),
    _dx("M54.42", "Low back pain with sciatica, left", _G.NERVE_ROOT, "M54.4"),
    _dx("M54.30", "Sciatica, side not stated", _G.NERVE_ROOT, "M54.3"),
    _dx("M54.31", "Sciatica, right", _G.NERVE_ROOT, "M54.3"),
    _dx("M54.32", "Sciatica, left", _G.NERVE_ROOT, "M54.3"),
    _dx("M54.16", "Nerve-root pain, lumbar", _G.NERVE_ROOT, "M54.1"),
    _dx("M54.17", "Nerve-root pain, lumbosacral", _G.NERVE_ROOT, "M54.1"),
    _dx("M51.16", "Disc disorder with nerve-root pain, lumbar", _G.DISC, "M51.1"),
    _dx("M51.17", "Disc disorder with nerve-root pain, lumbosacral", _G.DISC, "M51.1"),
    _dx("M51.26", "Disc displacement, lumbar", _G.DISC, "M51.2"),
    _dx("M51.27", "Disc displacement, lumbosacral", _G.DISC, "M51.2"),
    _dx("M51.360", "Disc degeneration, lumbar, back pain only", _G.DISC, "M51.36"),
    _dx("M51.361", "Disc degeneration, lumbar, leg pain only", _G.DISC, "M51.36"),
    _dx("M51.362", "Disc degeneration, lumbar, back and leg pain", _G.DISC, "M51.36"),
    _dx("M51.369", "Disc degeneration, lumbar, pain not stated", _G.DISC, "M51.36"),
    _dx("M51.370", "Disc degeneration, lumbosacral, back pain only", _G.DISC, "M51.37"),
    _dx("M51.371", "Disc degeneration, lumbosacral, leg pain only", _G.DISC, "M51.37"),
    _dx("M51.372", "Disc degeneration, lumbosacral, back and leg pain", _G.DISC, "M51.37"),
    _dx("M51.379", "Disc degeneration, lumbosacral, pain not stated", _G.DISC, "M51.37"),
    _dx("M48.061", "Lumbar stenosis without claudication", _G.SPINAL_STRUCTURE, "M48.06"),
    _dx("M48.062", "Lumbar stenosis with neurogenic claudication", _G.SPINAL_STRUCTURE, "M48.06"),
    _dx("M43.16", "Spondylolisthesis, lumbar", _G.SPINAL_STRUCTURE, "M43.1"),
    _dx("M47.816", "Spondylosis without nerve involvement, lumbar", _G.SPINAL_STRUCTURE, "M47.81"),
    _dx(
        "M47.817",
        "Spondylosis without nerve involvement, lumbosacral",
        _G.SPINAL_STRUCTURE,
        "M47.81",
    ),
    _dx("M53.2X7", "Spinal instability, lumbosacral", _G.SPINAL_STRUCTURE, "M53.2"),
    _dx("M53.2X8", "Spinal instability, sacral and sacrococcygeal", _G.SPINAL_STRUCTURE, "M53.2"),
    _dx("M79.18", "Muscle pain (myofascial), other site incl. back", _G.MUSCLE, "M79.1"),
    _dx("M62.830", "Back muscle spasm", _G.MUSCLE, "M62.83"),
    _dx("M62.838", "Muscle spasm, other site", _G.MUSCLE, "M62.83"),
    _dx("M46.1", "Sacroiliac joint inflammation", _G.SACRUM_AND_PELVIS, "M46"),
    _dx("M53.3", "Sacrococcygeal disorder (incl. coccyx pain)", _G.SACRUM_AND_PELVIS, "M53"),
    _dx("S39.012A", "Lower back muscle strain, first encounter", _G.INJURY, "S39.012"),
    _dx("S39.012D", "Lower back muscle strain, later encounter", _G.INJURY, "S39.012"),
    _dx("S39.012S", "Lower back muscle strain, after-effect", _G.INJURY, "S39.012"),
    _dx("S33.5XXA", "Lumbar ligament sprain, first encounter", _G.INJURY, "S33.5"),
    _dx("S33.5XXD", "Lumbar ligament sprain, later encounter", _G.INJURY, "S33.5"),
    _dx("S33.5XXS", "Lumbar ligament sprain, after-effect", _G.INJURY, "S33.5"),
)

DIAGNOSES: Mapping[str, Diagnosis] = MappingProxyType({d.code: d for d in _ENTRIES})
"""Billable codes in picker order (grouped, commonest first within a group)."""


def _children(parent: str) -> tuple[str, ...]:
    return tuple(d.code for d in _ENTRIES if d.parent == parent)


_PARENT_LABELS: tuple[tuple[str, str], ...] = (
    ("M54.5", "Low back pain (category)"),
    ("M54.4", "Low back pain with sciatica (category)"),
    ("M54.3", "Sciatica (category)"),
    ("M54.1", "Nerve-root pain (category)"),
    ("M51.1", "Disc disorder with nerve-root pain (category)"),
    ("M51.2", "Other disc displacement (category)"),
    ("M51.36", "Disc degeneration, lumbar (category)"),
    ("M51.37", "Disc degeneration, lumbosacral (category)"),
    ("M48.06", "Lumbar stenosis (category)"),
    ("M43.1", "Spondylolisthesis (category)"),
    ("M47.81", "Spondylosis without nerve involvement (category)"),
    ("M53.2", "Spinal instability (category)"),
    ("M79.1", "Muscle pain, myalgia (category)"),
    ("M62.83", "Muscle spasm (category)"),
    ("S39.012", "Lower back muscle strain (needs a 7th character)"),
    ("S33.5", "Lumbar ligament sprain (needs a 7th character)"),
)

PARENTS: Mapping[str, Parent] = MappingProxyType(
    {code: Parent(code, label, _children(code)) for code, label in _PARENT_LABELS}
)
"""Category codes that are not billable, with the billable codes in this list beneath them."""


def _normalise(code: object) -> str:
    if not isinstance(code, str):
        raise UnknownCode("diagnosis", code)
    return code.strip().upper()


def get(code: str) -> Diagnosis:
    """Return the billable diagnosis for ``code`` (case and surrounding spaces are ignored).

    Raises NotBillable (a ValueError) for a category code such as M54.5, naming the billable
    codes beneath it, and UnknownCode (a ValueError) for a code not in the list.
    """
    key = _normalise(code)
    if key in DIAGNOSES:
        return DIAGNOSES[key]
    if key in PARENTS:
        raise NotBillable(key, PARENTS[key].children)
    raise UnknownCode("diagnosis", code)


@dataclass(frozen=True, slots=True)
class Excludes1Rule:
    """Codes starting with any of ``left`` may not be reported with any of ``right``.

    A pattern ending in "-" matches every code that starts with the part before it.
    """

    left: tuple[str, ...]
    right: tuple[str, ...]
    reason: str
    source: str = ICD10CM_SOURCE


EXCLUDES1_RULES: tuple[Excludes1Rule, ...] = (
    Excludes1Rule(
        ("M54.5-",),
        ("M51.360", "M51.370", "S39.012-", "M51.2-", "M54.4-"),
        "low back pain (M54.5-) excludes back pain explained by disc degeneration, "
        "a lower back strain, disc displacement, or low back pain with sciatica",
    ),
    Excludes1Rule(
        ("M54.3-",),
        ("M51.361", "M51.371", "M51.1-", "M54.4-"),
        "sciatica (M54.3-) excludes leg pain from disc degeneration or disc disorder "
        "with radiculopathy, and low back pain with sciatica",
    ),
    Excludes1Rule(
        ("M54.4-",),
        ("M51.362", "M51.372", "M51.1-"),
        "low back pain with sciatica (M54.4-) excludes back and leg pain from disc "
        "degeneration and disc disorder with radiculopathy",
    ),
    Excludes1Rule(
        ("M54.16", "M54.17"),
        ("M51.1-",),
        "radiculopathy (M54.1-) excludes radiculopathy with a disc disorder (M51.1-)",
    ),
    Excludes1Rule(
        ("S33.5-",),
        ("M51.-",),
        "lumbar sprain (S33.-) excludes non-traumatic disc disorders (M51.-)",
    ),
)


SOURCES_CITED: frozenset[str] = frozenset(
    {d.source for d in DIAGNOSES.values()}
    | {p.source for p in PARENTS.values()}
    | {r.source for r in EXCLUDES1_RULES}
)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two codes that ICD-10-CM says may not be reported together, and why."""

    first: str
    second: str
    reason: str
    source: str = ICD10CM_SOURCE


def _matches(code: str, pattern: str) -> bool:
    if pattern.endswith("-"):
        return code.startswith(pattern[:-1])
    return code == pattern


def _rule_for(a: str, b: str) -> Excludes1Rule | None:
    for rule in EXCLUDES1_RULES:
        a_left = any(_matches(a, p) for p in rule.left)
        b_right = any(_matches(b, p) for p in rule.right)
        b_left = any(_matches(b, p) for p in rule.left)
        a_right = any(_matches(a, p) for p in rule.right)
        if (a_left and b_right) or (b_left and a_right):
            return rule
    return None


def excludes1_conflicts(codes: Iterable[str]) -> list[Conflict]:
    """Return every pair of the given codes that an Excludes1 note forbids together.

    Pairs come in the order the codes were given; a repeated code is checked once. Raises
    NotBillable for a category code and UnknownCode for a code not in the list.
    """
    seen: list[str] = []
    for code in codes:
        key = get(code).code
        if key not in seen:
            seen.append(key)
    conflicts: list[Conflict] = []
    for i, first in enumerate(seen):
        for second in seen[i + 1 :]:
            rule = _rule_for(first, second)
            if rule is not None:
                conflicts.append(Conflict(first, second, rule.reason))
    return conflicts
