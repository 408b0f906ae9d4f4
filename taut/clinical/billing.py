"""US procedure codes for dry needling (CPT 20560/20561) and acupuncture (97810-97814).

Pure: standard library only. CPT descriptors are AMA copyright; Taut ships only the codes and
its own short descriptions. Payer rules vary: these functions give the codes the published
coding rules support, and say why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from taut.clinical import muscles as muscle_catalogue
from taut.clinical._citation import SourcedRule

__all__ = [
    "ACUPUNCTURE_ADDON",
    "ACUPUNCTURE_INITIAL",
    "MINUTES_PER_UNIT",
    "MIN_MINUTES_FOR_A_UNIT",
    "RULES",
    "SOURCES_CITED",
    "AcupunctureBilling",
    "AcupunctureUnit",
    "SessionCoding",
    "acupuncture_billing",
    "acupuncture_codes",
    "dry_needling_code",
    "session_codes",
    "uniform_units",
]

DryNeedlingCode = Literal["20560", "20561"]

DN_ONE_OR_TWO: DryNeedlingCode = "20560"  # apta_cpt_2020
DN_THREE_OR_MORE: DryNeedlingCode = "20561"  # apta_cpt_2020
SIDES = frozenset({"left", "right"})

# acupuncture_cpt_descriptors: (without e-stim, with e-stim)
ACUPUNCTURE_INITIAL = {False: "97810", True: "97813"}
ACUPUNCTURE_ADDON = {False: "97811", True: "97814"}
MINUTES_PER_UNIT = 15  # acupuncture_cpt_descriptors
MIN_MINUTES_FOR_A_UNIT = 8  # cpt_time_midpoint: a unit needs the midpoint (7.5 min) passed

RULES: Mapping[str, SourcedRule] = MappingProxyType(
    {
        r.code: r
        for r in (
            SourcedRule(
                "dn_muscle_count",
                "Dry needling: 20560 for 1 or 2 muscles, 20561 for 3 or more.",
                ("apta_cpt_2020",),
            ),
            SourcedRule(
                "dn_sides_count_separately",
                "The left and right of one muscle count as two muscles; several insertions "
                "into one muscle on one side count once.",
                ("aapc_bilateral_muscles",),
            ),
            SourcedRule(
                "dn_one_code_per_session",
                "One unit of 20560 or 20561 per session, never both.",
                ("dn_one_code_per_session",),
            ),
            SourcedRule(
                "dn_not_with_acupuncture",
                "Dry needling is not reported with acupuncture in the same encounter; only the "
                "acupuncture codes are.",
                ("dn_acupuncture_same_encounter",),
            ),
            SourcedRule(
                "acupuncture_codes",
                "97810 (97813 with electrical stimulation) for the first 15 minutes; add-on "
                "97811 (97814) for each further 15 minutes.",
                ("acupuncture_cpt_descriptors",),
            ),
            SourcedRule(
                "acupuncture_face_to_face",
                "Only face-to-face time counts, not needle retention alone.",
                ("acupuncture_face_to_face",),
            ),
            SourcedRule(
                "acupuncture_midpoint",
                "A unit needs the midpoint passed: under 8 minutes none, 8-22 one, 23-37 two, "
                "38-52 three.",
                ("cpt_time_midpoint", "aac_acupuncture_time"),
            ),
            SourcedRule(
                "acupuncture_addon_new_needles",
                "Each add-on unit needs new needles inserted in its own 15 minutes; add-ons are "
                "capped by the blocks with new needles the clinician records (default 0).",
                ("acupuncture_reinsertion", "local_acupuncture_addon_units"),
            ),
            SourcedRule(
                "acupuncture_estim_per_unit",
                "Each 15-minute unit is coded by whether electrical stimulation was used on any "
                "needle in that unit: 97813/97814 with it, 97810/97811 without; one code per unit.",
                ("acupuncture_estim_per_increment",),
            ),
            SourcedRule(
                "acupuncture_one_initial_code",
                "Only one initial code (97810 or 97813) a day.",
                ("acupuncture_one_initial_code",),
            ),
        )
    }
)
"""The coding rules this module applies, with their sources."""

SOURCES_CITED: frozenset[str] = frozenset(key for r in RULES.values() for key in r.sources)


def _muscle_key(entry: object) -> tuple[str, str]:
    code: object
    side: object
    if isinstance(entry, str):
        name, _, sided = entry.partition(":")
        code, side = name, sided or None
    elif isinstance(entry, tuple) and len(entry) == 2:
        code, side = entry
    else:
        raise ValueError(f"a needled muscle must be 'code:side' or (code, side), got {entry!r}")
    if not isinstance(code, str) or not code.strip():
        raise ValueError(f"muscle code must be a non-empty string, got {code!r} in {entry!r}")
    if side is None:
        raise ValueError(
            f"muscle {code.strip()!r} needs its side (left or right): the two sides count as "
            f"two muscles, got {entry!r}"
        )
    if not isinstance(side, str) or side not in SIDES:
        raise ValueError(f"side must be 'left' or 'right', got {side!r} in {entry!r}")
    return muscle_catalogue.get(code.strip()).code, side


def _distinct_muscles(muscles: Iterable[object]) -> set[tuple[str, str]]:
    if isinstance(muscles, str):
        raise ValueError(f"muscles must be a collection of entries, not the string {muscles!r}")
    return {_muscle_key(m) for m in muscles}


def dry_needling_code(muscles: Iterable[object]) -> DryNeedlingCode | None:
    """Return the one CPT code for the muscles needled in a session, or None if none were.

    ``muscles`` holds one entry per insertion: ``(muscle_code, side)`` pairs or sided
    references (``"quadratus_lumborum:left"``). Muscles are counted as distinct (muscle, side)
    pairs: several insertions into one muscle on one side count once, and the left and right
    muscle count as two [``aapc_bilateral_muscles``], so every entry needs its side. Codes must
    be current catalogue muscles (``taut.clinical.muscles``), each named on its own, as the
    count requires. 1 or 2 muscles → 20560, 3 or more → 20561 [``apta_cpt_2020``]; one code
    per session [``dn_one_code_per_session``].

    Raises ``UnknownCode`` (a ValueError) naming a code that is not a current catalogue muscle,
    and ValueError naming the entry for a malformed entry or a missing or unknown side.
    """
    count = len(_distinct_muscles(muscles))
    if count == 0:
        return None
    return DN_ONE_OR_TWO if count <= 2 else DN_THREE_OR_MORE


@dataclass(frozen=True, slots=True)
class AcupunctureUnit:
    """One 15-minute unit of face-to-face acupuncture time, in the order the units happened.

    ``estim``: electrical stimulation was used on any needle during this unit. ``new_needles``:
    new needles were inserted during this unit (an add-on unit needs them; ignored for the
    first unit, which always has its needles).

    Raises ValueError naming a value that is not True or False.
    """

    estim: bool = False
    new_needles: bool = False

    def __post_init__(self) -> None:
        for name in ("estim", "new_needles"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise ValueError(f"{name} must be True or False, got {value!r}")


@dataclass(frozen=True, slots=True)
class AcupunctureBilling:
    """The acupuncture codes for one encounter, with the reasoning."""

    codes: tuple[tuple[str, int], ...]
    time_units: int  # units the face-to-face minutes alone would support
    billed_units: int
    reasons: tuple[str, ...]


def _check_count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number of zero or more, got {value!r}")
    return value


def _time_units(minutes: int) -> int:
    if minutes < MIN_MINUTES_FOR_A_UNIT:
        return 0
    return (minutes + MINUTES_PER_UNIT // 2) // MINUTES_PER_UNIT


def _check_units(units: Sequence[AcupunctureUnit]) -> tuple[AcupunctureUnit, ...]:
    if isinstance(units, str) or not isinstance(units, Sequence):
        raise ValueError(f"units must be a sequence of AcupunctureUnit, got {units!r}")
    for unit in units:
        if not isinstance(unit, AcupunctureUnit):
            raise ValueError(f"units must be AcupunctureUnit objects, got {unit!r}")
    return tuple(units)


def acupuncture_billing(minutes: int, units: Sequence[AcupunctureUnit]) -> AcupunctureBilling:
    """Return the acupuncture codes for ``minutes`` of face-to-face time, unit by unit.

    Units follow the CPT midpoint rule [``cpt_time_midpoint``, ``aac_acupuncture_time``]:
    under 8 minutes nothing, 8-22 one unit, 23-37 two, 38-52 three, and so on. Only
    face-to-face time counts, not needle retention alone [``acupuncture_face_to_face``].
    ``units`` describes each 15-minute unit in order, and must describe at least as many as
    the time supports; described units beyond that are under the midpoint and not billed.

    Each unit is coded by its own stimulation [``acupuncture_estim_per_increment``]: the first
    unit is 97810, or 97813 if electrical stimulation was used on any needle in it; each further
    unit is an add-on, 97811 or 97814 by the same test, and only if new needles were inserted
    in it [``acupuncture_reinsertion``, ``local_acupuncture_addon_units``]. So 30 minutes with
    stimulation only in the second unit codes 97810 + 97814. Only one initial code may be
    reported per day [``acupuncture_one_initial_code``]; this function codes one encounter.

    Raises ValueError naming the value for negative or non-integer minutes, units that are not
    a sequence of ``AcupunctureUnit``, or fewer units than the time supports.
    """
    _check_count("minutes", minutes)
    described = _check_units(units)
    time_units = _time_units(minutes)
    if time_units == 0:
        return AcupunctureBilling(
            (),
            0,
            0,
            (f"{minutes} face-to-face minutes is under {MIN_MINUTES_FOR_A_UNIT}: not billable",),
        )
    if len(described) < time_units:
        raise ValueError(
            f"{minutes} face-to-face minutes supports {time_units} unit(s) but only "
            f"{len(described)} described: say for each unit whether stimulation was used and "
            "whether new needles were inserted"
        )
    reasons = [f"{minutes} face-to-face minutes supports {time_units} unit(s) by the midpoint rule"]
    if len(described) > time_units:
        reasons.append(
            f"{len(described) - time_units} described unit(s) past the time supported are "
            "not billed"
        )
    first, *rest = described[:time_units]
    counts: dict[str, int] = {ACUPUNCTURE_INITIAL[first.estim]: 1}
    if first.estim:
        reasons.append("unit 1 used electrical stimulation")
    for number, unit in enumerate(rest, start=2):
        if not unit.new_needles:
            reasons.append(f"unit {number} not billed: an add-on needs new needles inserted in it")
            continue
        code = ACUPUNCTURE_ADDON[unit.estim]
        counts[code] = counts.get(code, 0) + 1
        if unit.estim:
            reasons.append(f"unit {number} used electrical stimulation: {code}")
    codes = tuple(counts.items())
    return AcupunctureBilling(codes, time_units, sum(counts.values()), tuple(reasons))


def acupuncture_codes(minutes: int, units: Sequence[AcupunctureUnit]) -> list[tuple[str, int]]:
    """Return ``[(code, units), ...]`` for one acupuncture encounter; see acupuncture_billing.

    ``[]`` when under 8 face-to-face minutes. Raises ValueError as acupuncture_billing does.
    """
    return list(acupuncture_billing(minutes, units).codes)


def uniform_units(count: int, *, estim: bool, reinsertions: int) -> tuple[AcupunctureUnit, ...]:
    """``count`` units that all had (or all lacked) stimulation, with new needles in the first
    ``reinsertions`` add-on units. Only for callers that truly know stimulation was the same in
    every unit; a mixed session must be described unit by unit.

    Raises ValueError naming a negative or non-integer count or reinsertions, or a non-boolean
    ``estim``.
    """
    _check_count("count", count)
    _check_count("reinsertions", reinsertions)
    if not isinstance(estim, bool):
        raise ValueError(f"estim must be True or False, got {estim!r}")
    return tuple(
        AcupunctureUnit(estim=estim, new_needles=0 < i <= reinsertions) for i in range(count)
    )


@dataclass(frozen=True, slots=True)
class SessionCoding:
    codes: tuple[tuple[str, int], ...]
    reasons: tuple[str, ...]
    needs_review: bool = False


def session_codes(
    *,
    muscles: Iterable[object] = (),
    acupuncture_minutes: int | None = None,
    acupuncture_units: Sequence[AcupunctureUnit] | None = None,
    estim: bool | None = None,
    reinsertions: int | None = None,
) -> SessionCoding:
    """Return the procedure codes for one encounter that may include needling and acupuncture.

    ``muscles`` are validated and counted as ``dry_needling_code`` does ((muscle, side) pairs of
    current catalogue muscles), even when acupuncture replaces the dry-needling code.
    ``acupuncture_units`` describes each 15-minute unit of ``acupuncture_minutes`` (see
    ``acupuncture_billing``). ``estim`` and ``reinsertions`` are the older shorthand for units
    that all had the same stimulation, with new needles in the first ``reinsertions`` add-on
    units (``uniform_units``); they cannot be combined with ``acupuncture_units``, and a mixed
    session must pass ``acupuncture_units``.

    When acupuncture and dry needling are both done in the encounter, only the acupuncture
    codes are reported [``dn_acupuncture_same_encounter``]. If acupuncture time is under 8
    minutes in that case, nothing is coded and ``needs_review`` is set, because the sources
    do not say what to report.

    Raises UnknownCode naming an unknown muscle, and ValueError as dry_needling_code and
    acupuncture_billing do, or when ``acupuncture_units`` is combined with ``estim`` or
    ``reinsertions``.
    """
    dn_code = dry_needling_code(muscles)
    if acupuncture_minutes is None:
        if acupuncture_units is not None:
            raise ValueError("acupuncture_units given without acupuncture_minutes")
        if dn_code is None:
            return SessionCoding((), ("no needling or acupuncture recorded",))
        return SessionCoding(((dn_code, 1),), ("dry needling only: one code per session",))
    if acupuncture_units is None:
        _check_count("acupuncture_minutes", acupuncture_minutes)
        acupuncture_units = uniform_units(
            _time_units(acupuncture_minutes),
            estim=estim if estim is not None else False,
            reinsertions=reinsertions if reinsertions is not None else 0,
        )
    elif estim is not None or reinsertions is not None:
        raise ValueError(
            "acupuncture_units already says, unit by unit, whether stimulation was used and "
            "new needles inserted; do not also pass estim or reinsertions"
        )
    acupuncture = acupuncture_billing(acupuncture_minutes, acupuncture_units)
    if dn_code is None:
        return SessionCoding(acupuncture.codes, acupuncture.reasons)
    reasons = (
        *acupuncture.reasons,
        f"dry needling ({dn_code}) is not reported with acupuncture in the same encounter",
    )
    return SessionCoding(acupuncture.codes, reasons, needs_review=not acupuncture.codes)
