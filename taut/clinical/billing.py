"""US procedure codes for dry needling (CPT 20560/20561) and acupuncture (97810-97814).

Pure: standard library only. CPT descriptors are AMA copyright; Taut ships only the codes and
its own short descriptions. Payer rules vary: these functions give the codes the published
coding rules support, and say why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from taut.clinical._citation import SourcedRule

__all__ = [
    "ACUPUNCTURE_ADDON",
    "ACUPUNCTURE_INITIAL",
    "MINUTES_PER_UNIT",
    "MIN_MINUTES_FOR_A_UNIT",
    "RULES",
    "SOURCES_CITED",
    "AcupunctureBilling",
    "SessionCoding",
    "acupuncture_billing",
    "acupuncture_codes",
    "dry_needling_code",
    "session_codes",
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
                "acupuncture_one_initial_code",
                "Only one initial code (97810 or 97813) a day.",
                ("acupuncture_one_initial_code",),
            ),
        )
    }
)
"""The coding rules this module applies, with their sources."""

SOURCES_CITED: frozenset[str] = frozenset(key for r in RULES.values() for key in r.sources)


def _muscle_key(entry: object) -> tuple[str, str | None]:
    code: object
    side: object
    if isinstance(entry, str):
        name, _, sided = entry.partition(":")
        code, side = name, sided or None
    elif isinstance(entry, tuple) and len(entry) == 2:
        code, side = entry
    else:
        raise ValueError(
            f"a needled muscle must be 'code', 'code:side' or (code, side), got {entry!r}"
        )
    if not isinstance(code, str) or not code.strip():
        raise ValueError(f"muscle code must be a non-empty string, got {code!r} in {entry!r}")
    if side is not None and (not isinstance(side, str) or side not in SIDES):
        raise ValueError(f"side must be 'left', 'right' or None, got {side!r} in {entry!r}")
    return code.strip(), side if isinstance(side, str) else None


def _distinct_muscles(muscles: Iterable[object]) -> set[tuple[str, str | None]]:
    distinct = {_muscle_key(m) for m in muscles}
    for code, side in distinct:
        if side is None and any(c == code and s is not None for c, s in distinct):
            raise ValueError(
                f"muscle {code!r} is listed both with and without a side; record the side "
                "of every insertion"
            )
    return distinct


def dry_needling_code(muscles: Iterable[object]) -> DryNeedlingCode | None:
    """Return the one CPT code for the muscles needled in a session, or None if none were.

    ``muscles`` holds one entry per insertion: ``(muscle_code, side)`` pairs or sided
    references (``"quadratus_lumborum:left"``); side is None for a midline or unsided muscle.
    Several insertions into one muscle on one side count once; the left and right muscle
    count as two [``aapc_bilateral_muscles``]. 1 or 2 muscles → 20560, 3 or more → 20561
    [``apta_cpt_2020``]; one code per session [``dn_one_code_per_session``].

    Raises ValueError naming the entry for a malformed entry, a side other than left/right,
    or a muscle given both with and without a side.
    """
    count = len(_distinct_muscles(muscles))
    if count == 0:
        return None
    return DN_ONE_OR_TWO if count <= 2 else DN_THREE_OR_MORE


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


def acupuncture_billing(minutes: int, estim: bool, *, reinsertions: int = 0) -> AcupunctureBilling:
    """Return the acupuncture codes for ``minutes`` of face-to-face time, with reasons.

    Units follow the CPT midpoint rule [``cpt_time_midpoint``, ``aac_acupuncture_time``]:
    under 8 minutes nothing, 8-22 one unit, 23-37 two, 38-52 three, and so on. Only
    face-to-face time counts, not needle retention alone [``acupuncture_face_to_face``]. The
    first unit is 97810 (97813 with electrical stimulation); each further unit is an add-on
    97811 (97814) and needs new needles inserted in that 15-minute block
    [``acupuncture_reinsertion``], so add-ons are capped by ``reinsertions``, the number of
    further blocks with new needles the clinician recorded [``local_acupuncture_addon_units``].
    Only one initial code may be reported per day [``acupuncture_one_initial_code``]; this
    function codes one encounter.

    Raises ValueError naming the value for negative or non-integer minutes or reinsertions,
    or a non-boolean ``estim``.
    """
    _check_count("minutes", minutes)
    _check_count("reinsertions", reinsertions)
    if not isinstance(estim, bool):
        raise ValueError(f"estim must be True or False, got {estim!r}")
    if minutes < MIN_MINUTES_FOR_A_UNIT:
        return AcupunctureBilling(
            (),
            0,
            0,
            (f"{minutes} face-to-face minutes is under {MIN_MINUTES_FOR_A_UNIT}: not billable",),
        )
    time_units = (minutes + MINUTES_PER_UNIT // 2) // MINUTES_PER_UNIT
    addons = min(time_units - 1, reinsertions)
    reasons = [f"{minutes} face-to-face minutes supports {time_units} unit(s) by the midpoint rule"]
    if addons < time_units - 1:
        reasons.append(
            f"{time_units - 1 - addons} add-on unit(s) not billed: each needs new needles "
            f"inserted in its own 15 minutes ({reinsertions} recorded)"
        )
    codes: list[tuple[str, int]] = [(ACUPUNCTURE_INITIAL[estim], 1)]
    if addons:
        codes.append((ACUPUNCTURE_ADDON[estim], addons))
    return AcupunctureBilling(tuple(codes), time_units, 1 + addons, tuple(reasons))


def acupuncture_codes(minutes: int, estim: bool, *, reinsertions: int = 0) -> list[tuple[str, int]]:
    """Return ``[(code, units), ...]`` for one acupuncture encounter; see acupuncture_billing.

    ``[]`` when under 8 face-to-face minutes. Add-on units are billed only for further
    15-minute blocks with new needles (``reinsertions``, default 0).
    Raises ValueError naming the value for negative or non-integer minutes or reinsertions.
    """
    return list(acupuncture_billing(minutes, estim, reinsertions=reinsertions).codes)


@dataclass(frozen=True, slots=True)
class SessionCoding:
    codes: tuple[tuple[str, int], ...]
    reasons: tuple[str, ...]
    needs_review: bool = False


def session_codes(
    *,
    muscles: Iterable[object] = (),
    acupuncture_minutes: int | None = None,
    estim: bool = False,
    reinsertions: int = 0,
) -> SessionCoding:
    """Return the procedure codes for one encounter that may include needling and acupuncture.

    When acupuncture and dry needling are both done in the encounter, only the acupuncture
    codes are reported [``dn_acupuncture_same_encounter``]. If acupuncture time is under 8
    minutes in that case, nothing is coded and ``needs_review`` is set, because the sources
    do not say what to report.

    Raises ValueError as dry_needling_code and acupuncture_billing do.
    """
    dn_code = dry_needling_code(muscles)
    if acupuncture_minutes is None:
        if dn_code is None:
            return SessionCoding((), ("no needling or acupuncture recorded",))
        return SessionCoding(((dn_code, 1),), ("dry needling only: one code per session",))
    acupuncture = acupuncture_billing(acupuncture_minutes, estim, reinsertions=reinsertions)
    if dn_code is None:
        return SessionCoding(acupuncture.codes, acupuncture.reasons)
    reasons = (
        *acupuncture.reasons,
        f"dry needling ({dn_code}) is not reported with acupuncture in the same encounter",
    )
    return SessionCoding(acupuncture.codes, reasons, needs_review=not acupuncture.codes)
