"""Filiform needles: the sizes Taut accepts on a needling record, and depth against length.

Solid filiform needles for dry needling and acupuncture come in a small set of lengths and
diameters. The record refuses a needle outside them as a likely typing error, and a depth
beyond the needle's own length as impossible (``local_needle_sizes``); the sizes the sources
report (0.25 x 13 mm over the ribs, 0.25 x 25 mm for thoracic paraspinals and multifidus,
0.30 x 40 and 0.30 x 50 mm in trials and a cadaver study) all lie inside them.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

__all__ = [
    "GAUGE_MAX_MM",
    "GAUGE_MIN_MM",
    "LENGTHS_MM",
    "SOURCES_CITED",
    "NeedleProblem",
    "check_needle",
]

SIZES_RULE = "local_needle_sizes"

# Lengths in whole millimetres, as needle makers label them.
LENGTHS_MM: tuple[int, ...] = (13, 15, 25, 30, 40, 50, 60, 75, 90, 100)
GAUGE_MIN_MM = Decimal("0.12")
GAUGE_MAX_MM = Decimal("0.40")

SOURCES_CITED: frozenset[str] = frozenset({SIZES_RULE, "sa_bn121_lower_back"})


class NeedleProblem(StrEnum):
    UNUSUAL_LENGTH = "unusual_length"
    GAUGE_OUT_OF_RANGE = "gauge_out_of_range"
    NO_DEPTH = "no_depth"
    DEPTH_BEYOND_LENGTH = "depth_beyond_length"


def check_needle(*, length_mm: int, gauge_mm: Decimal, depth_mm: Decimal) -> list[NeedleProblem]:
    """What is wrong with one insertion's needle and depth (empty when nothing is)."""
    problems = []
    if length_mm not in LENGTHS_MM:
        problems.append(NeedleProblem.UNUSUAL_LENGTH)
    if not GAUGE_MIN_MM <= gauge_mm <= GAUGE_MAX_MM:
        problems.append(NeedleProblem.GAUGE_OUT_OF_RANGE)
    if depth_mm <= 0:
        problems.append(NeedleProblem.NO_DEPTH)
    elif depth_mm > length_mm:
        problems.append(NeedleProblem.DEPTH_BEYOND_LENGTH)
    return problems
