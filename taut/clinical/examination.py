"""What an assessment records about the low back besides the pain drawing's regions: the pain
qualities a region is marked with, the movements examined, and the plausible range of the two
distance measures.

The qualities are the words the clinics' pages use for low back pain (a dull ache, sharp or
stabbing pain, numbness or tingling, stiffness: ``service_pages_symptoms``), with burning added
for nerve pain (``local_measure_ranges`` says why). The movements are the four of a lumbar
range-of-motion screen. The distance limits only refuse a typing error, they are not norms
(``local_measure_ranges``; the measures themselves: ``schober_tests``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "FINGERTIP_FLOOR_MAX_CM",
    "MOVEMENTS",
    "PRESSURE_UNITS",
    "SCHOBER_MAX_CM",
    "SOURCES_CITED",
    "PainQuality",
]

SYMPTOMS_SOURCE = "service_pages_symptoms"
RANGES_RULE = "local_measure_ranges"


class PainQuality(StrEnum):
    """How the pain in one drawn region feels."""

    ACHE = "ache"
    SHARP = "sharp"  # sharp or stabbing
    BURNING = "burning"
    NUMBNESS_TINGLING = "numbness_tingling"
    STIFFNESS = "stiffness"


# The movements of the lumbar range-of-motion screen, each marked limited and/or painful.
MOVEMENTS: tuple[str, ...] = ("flexion", "extension", "side_bending_left", "side_bending_right")

# The units an algometer reading may be entered in (stored in kPa: ``instruments``).
PRESSURE_UNITS: tuple[str, ...] = ("kPa", "kg/cm2")

# Beyond these a distance is a typing error, not a measurement.
SCHOBER_MAX_CM = 40
FINGERTIP_FLOOR_MAX_CM = 150

SOURCES_CITED: frozenset[str] = frozenset({SYMPTOMS_SOURCE, RANGES_RULE, "schober_tests"})
