"""The neurological screen of a low back assessment, and what its findings suggest.

What it examines, per leg: the straight-leg raise (the hip-flexion angle at which leg pain below
the knee began), the crossed straight-leg raise, the slump test, the strength of one key movement
per lumbosacral root (myotome), sensation in each root's skin area (dermatome) and three reflexes.
The root table follows Harrison's Table 48-1 with Magee's key movements and the medial hamstring
reflex for L5 (sources on each ``Root``); dermatome maps vary between sources, so the areas are
given in broad words.

What it suggests (``interpret``, ``local_neuro_rules``): a nerve-root tension sign (SLR positive
between 30 and 70 degrees, a positive slump or crossed SLR) with a deficit that fits one root on
the same side suggests that root (the indicators of Koes 2007); a deficit at more than one root,
or in both legs, is for urgent referral (cauda equina and other causes: BMJ Best Practice, MSK
pathways); a brisk reflex points to another diagnosis; signs all normal fit somatic referred
pain (Bogduk 2009). Single tests are weak alone (van der Windt 2010): the result is a guide to the
clinician's judgement, never a diagnosis.

Pure: standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "REFLEXES",
    "ROOTS",
    "SLR_POSITIVE_MAX_DEG",
    "SLR_POSITIVE_MIN_DEG",
    "SOURCES_CITED",
    "Code",
    "Finding",
    "Level",
    "NeuroExam",
    "ReflexGrade",
    "Root",
    "Sensation",
    "Side",
    "SideExam",
    "Slump",
    "Strength",
    "exam_from",
    "exam_to",
    "interpret",
    "slr_positive",
]


class Level(StrEnum):
    L2 = "L2"
    L3 = "L3"
    L4 = "L4"
    L5 = "L5"
    S1 = "S1"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class Strength(StrEnum):
    NORMAL = "normal"
    WEAK = "weak"


class Sensation(StrEnum):
    NORMAL = "normal"
    REDUCED = "reduced"  # reduced or altered (numbness, pins and needles)


class ReflexGrade(StrEnum):
    NORMAL = "normal"
    REDUCED = "reduced"
    ABSENT = "absent"
    BRISK = "brisk"


class Slump(StrEnum):
    NEGATIVE = "negative"
    POSITIVE = "positive"  # symptoms reproduced and eased when the neck is extended


@dataclass(frozen=True, slots=True)
class Root:
    """One lumbosacral root: its key movement, its skin area and its reflex (if any)."""

    level: Level
    movement: str
    skin: str
    reflex: str | None
    sources: tuple[str, ...]


ROOTS: Mapping[Level, Root] = MappingProxyType(
    {
        r.level: r
        for r in (
            Root(
                Level.L2,
                "Hip flexion",
                "Upper front of the thigh",
                None,
                ("harrison_table_48_1", "magee_myotomes"),
            ),
            Root(
                Level.L3,
                "Knee extension",
                "Lower front of the thigh and the knee",
                None,
                ("harrison_table_48_1", "magee_myotomes"),
            ),
            Root(
                Level.L4,
                "Ankle dorsiflexion",
                "Inner (medial) shin and calf",
                "patellar",
                ("harrison_table_48_1", "magee_myotomes", "waxman_dermatomes"),
            ),
            Root(
                Level.L5,
                "Great toe extension",
                "Outer shin and the top of the foot",
                "medial_hamstring",
                (
                    "harrison_table_48_1",
                    "magee_myotomes",
                    "waxman_dermatomes",
                    "hamstring_reflex_l5_1982",
                ),
            ),
            Root(
                Level.S1,
                "Ankle plantar flexion (and eversion)",
                "Outer border and sole of the foot",
                "achilles",
                ("harrison_table_48_1", "magee_myotomes", "waxman_dermatomes"),
            ),
        )
    }
)

# Each reflex, with the root it tests (``ROOTS``).
REFLEXES: Mapping[str, Level] = MappingProxyType(
    {r.reflex: r.level for r in ROOTS.values() if r.reflex is not None}
)

# The SLR is positive when leg pain below the knee begins between these hip-flexion angles.
SLR_POSITIVE_MIN_DEG = 30
SLR_POSITIVE_MAX_DEG = 70
SLR_SOURCES = ("pesonen_2021_slr", "umem_slr", "deville_2000_lasegue")
MAX_ANGLE_DEG = 120  # beyond this an angle is a typing error, not a measurement


@dataclass(frozen=True, slots=True)
class SideExam:
    """One leg's screen. Anything not examined is left out (None, or absent from a mapping)."""

    # The hip-flexion angle at which pain below the knee began on raising this leg; None when
    # raising it brought on no such pain (``slr_tested``) or it was not raised.
    slr_leg_pain_at_deg: int | None = None
    slr_tested: bool = False
    # Raising the other leg brought on this leg's pain (the crossed SLR, for this leg).
    crossed_slr: bool | None = None
    slump: Slump | None = None
    strength: Mapping[Level, Strength] = field(default_factory=dict)
    sensation: Mapping[Level, Sensation] = field(default_factory=dict)
    reflexes: Mapping[str, ReflexGrade] = field(default_factory=dict)

    @property
    def examined(self) -> bool:
        return bool(
            self.slr_tested
            or self.crossed_slr is not None
            or self.slump is not None
            or self.strength
            or self.sensation
            or self.reflexes
        )


@dataclass(frozen=True, slots=True)
class NeuroExam:
    left: SideExam = field(default_factory=SideExam)
    right: SideExam = field(default_factory=SideExam)

    def side(self, side: Side) -> SideExam:
        return self.left if side is Side.LEFT else self.right


class Code(StrEnum):
    ROOT_SUGGESTED = "root_suggested"  # a tension sign and a one-root deficit, same side
    TENSION_SIGN = "tension_sign"  # a tension sign without a deficit
    ONE_ROOT_DEFICIT = "one_root_deficit"  # a deficit fitting one root, no tension sign
    REFER_URGENTLY = "refer_urgently"  # deficits at several roots or in both legs
    BRISK_REFLEX = "brisk_reflex"  # an upper motor neuron sign: another diagnosis
    SLR_PAIN_OUTSIDE_RANGE = "slr_pain_outside_range"  # leg pain, but not at 30-70 degrees
    NO_SIGNS = "no_signs"  # everything examined was normal
    NOT_EXAMINED = "not_examined"


@dataclass(frozen=True, slots=True)
class Finding:
    """What the screen suggests, in codes the pages put into words."""

    code: Code
    side: Side | None = None
    levels: tuple[Level, ...] = ()
    urgent: bool = False
    sources: tuple[str, ...] = ()


def _check_angle(angle: int | None) -> None:
    if angle is not None and not 0 <= angle <= MAX_ANGLE_DEG:
        raise ValueError(f"a straight-leg raise angle is 0 to {MAX_ANGLE_DEG} degrees, not {angle}")


def slr_positive(leg_pain_at_deg: int | None) -> bool:
    """Whether leg pain below the knee that began at this hip-flexion angle makes the SLR
    positive (between ``SLR_POSITIVE_MIN_DEG`` and ``SLR_POSITIVE_MAX_DEG``, both included)."""
    _check_angle(leg_pain_at_deg)
    return (
        leg_pain_at_deg is not None
        and SLR_POSITIVE_MIN_DEG <= leg_pain_at_deg <= SLR_POSITIVE_MAX_DEG
    )


def _deficit_levels(exam: SideExam) -> set[Level]:
    levels = {level for level, s in exam.strength.items() if s is Strength.WEAK}
    levels |= {level for level, s in exam.sensation.items() if s is Sensation.REDUCED}
    levels |= {
        REFLEXES[name]
        for name, grade in exam.reflexes.items()
        if grade in (ReflexGrade.REDUCED, ReflexGrade.ABSENT)
    }
    return levels


def _tension_sign(exam: SideExam) -> bool:
    return (
        slr_positive(exam.slr_leg_pain_at_deg)
        or exam.slump is Slump.POSITIVE
        or exam.crossed_slr is True
    )


_ORDER = tuple(Level)


def interpret(exam: NeuroExam) -> tuple[Finding, ...]:
    """What the screen's findings suggest, most urgent first.

    Raises ValueError for an impossible angle or an unknown reflex.
    """
    for side in Side:
        _check_angle(exam.side(side).slr_leg_pain_at_deg)
        unknown = set(exam.side(side).reflexes) - set(REFLEXES)
        if unknown:
            raise ValueError(f"unknown reflex: {sorted(unknown)[0]}")
    if not (exam.left.examined or exam.right.examined):
        return (Finding(Code.NOT_EXAMINED),)
    rules = ("local_neuro_rules",)
    deficits = {side: _deficit_levels(exam.side(side)) for side in Side}
    findings: list[Finding] = []
    affected = [side for side in Side if deficits[side]]
    several = any(len(levels) > 1 for levels in deficits.values())
    if len(affected) == 2 or several:
        findings.append(
            Finding(
                Code.REFER_URGENTLY,
                affected[0] if len(affected) == 1 else None,
                tuple(lv for lv in _ORDER if any(lv in deficits[s] for s in Side)),
                urgent=True,
                sources=(*rules, "bmj_bp_cauda_equina", "msk_pathways_leg_symptoms"),
            )
        )
    for side in Side:
        one = exam.side(side)
        if any(g is ReflexGrade.BRISK for g in one.reflexes.values()):
            findings.append(
                Finding(
                    Code.BRISK_REFLEX,
                    side,
                    tuple(
                        REFLEXES[name] for name, g in one.reflexes.items() if g is ReflexGrade.BRISK
                    ),
                    urgent=True,
                    sources=(*rules, "msk_pathways_leg_symptoms"),
                )
            )
    if not findings:
        for side in Side:
            one = exam.side(side)
            levels = tuple(lv for lv in _ORDER if lv in deficits[side])
            tension = _tension_sign(one)
            if tension and levels:
                findings.append(
                    Finding(
                        Code.ROOT_SUGGESTED,
                        side,
                        levels,
                        sources=(*rules, "koes_2007_sciatica", *SLR_SOURCES, "delitto_2012_slump"),
                    )
                )
            elif tension:
                findings.append(
                    Finding(
                        Code.TENSION_SIGN,
                        side,
                        sources=(*rules, *SLR_SOURCES, "suri_2010_exam", "delitto_2012_slump"),
                    )
                )
            elif levels:
                findings.append(
                    Finding(
                        Code.ONE_ROOT_DEFICIT, side, levels, sources=(*rules, "koes_2007_sciatica")
                    )
                )
    for side in Side:
        angle = exam.side(side).slr_leg_pain_at_deg
        if angle is not None and not slr_positive(angle):
            findings.append(Finding(Code.SLR_PAIN_OUTSIDE_RANGE, side, sources=SLR_SOURCES))
    if not findings:
        findings.append(Finding(Code.NO_SIGNS, sources=(*rules, "bogduk_2009_referred")))
    return tuple(findings)


SOURCES_CITED: frozenset[str] = frozenset(
    {
        *(key for root in ROOTS.values() for key in root.sources),
        *SLR_SOURCES,
        "suri_2010_exam",
        "delitto_2012_slump",
        "koes_2007_sciatica",
        "msk_pathways_leg_symptoms",
        "bogduk_2009_referred",
        "bmj_bp_cauda_equina",
        "van_der_windt_2010",
        "local_neuro_rules",
    }
)


def exam_from(data: Mapping[str, object] | None) -> NeuroExam:
    """A screen from its stored form ({"left": {...}, "right": {...}}, as ``exam_to`` writes).

    Raises ValueError naming the first value that is not one the screen records.
    """
    if data is not None and not isinstance(data, Mapping):
        raise ValueError("not a neurological screen")
    sides: dict[str, SideExam] = {}
    for side in Side:
        raw = (data or {}).get(side.value) or {}
        if not isinstance(raw, Mapping):
            raise ValueError(f"{side.value}: not a set of findings")
        for part in ("strength", "sensation", "reflexes"):
            if raw.get(part) is not None and not isinstance(raw.get(part), Mapping):
                raise ValueError(f"{side.value}: {part} is not a set of findings")
        angle = raw.get("slr_leg_pain_at_deg")
        if angle is not None and (isinstance(angle, bool) or not isinstance(angle, int)):
            raise ValueError(f"{side.value}: the straight-leg raise angle must be whole degrees")
        _check_angle(angle)
        crossed = raw.get("crossed_slr")
        if crossed is not None and not isinstance(crossed, bool):
            raise ValueError(f"{side.value}: the crossed straight-leg raise is yes or no")
        try:
            slump = Slump(raw["slump"]) if raw.get("slump") else None
            strength = {Level(k): Strength(v) for k, v in dict(raw.get("strength") or {}).items()}
            sensation = {
                Level(k): Sensation(v) for k, v in dict(raw.get("sensation") or {}).items()
            }
            reflexes = {str(k): ReflexGrade(v) for k, v in dict(raw.get("reflexes") or {}).items()}
        except ValueError as exc:
            raise ValueError(f"{side.value}: {exc}") from None
        unknown = set(reflexes) - set(REFLEXES)
        if unknown:
            raise ValueError(f"{side.value}: unknown reflex {sorted(unknown)[0]!r}")
        sides[side.value] = SideExam(
            slr_leg_pain_at_deg=angle,
            slr_tested=bool(raw.get("slr_tested")) or angle is not None,
            crossed_slr=crossed,
            slump=slump,
            strength=strength,
            sensation=sensation,
            reflexes=reflexes,
        )
    return NeuroExam(left=sides["left"], right=sides["right"])


def exam_to(exam: NeuroExam) -> dict[str, dict[str, object]]:
    """The stored form of a screen (only what was examined)."""
    stored: dict[str, dict[str, object]] = {}
    for side in Side:
        one = exam.side(side)
        entry: dict[str, object] = {}
        if one.slr_tested:
            entry["slr_tested"] = True
            entry["slr_leg_pain_at_deg"] = one.slr_leg_pain_at_deg
        if one.crossed_slr is not None:
            entry["crossed_slr"] = one.crossed_slr
        if one.slump is not None:
            entry["slump"] = one.slump.value
        if one.strength:
            entry["strength"] = {k.value: v.value for k, v in one.strength.items()}
        if one.sensation:
            entry["sensation"] = {k.value: v.value for k, v in one.sensation.items()}
        if one.reflexes:
            entry["reflexes"] = {k: v.value for k, v in one.reflexes.items()}
        if entry:
            stored[side.value] = entry
    return stored
