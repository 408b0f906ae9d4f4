"""How long a low-back-pain episode has lasted: acute, subacute or chronic.

Pure: standard library only, and the caller passes ``today``.

Definition (source keys in brackets): acute under 6 weeks, subacute 6 to 12 weeks, chronic
12 weeks or longer [``lbp_duration_definitions``, ``cms_ncd_30_3_3``]. Guidelines draw the lines
at slightly different places (the American College of Physicians puts subacute at 4 weeks); the
6- and 12-week cut-offs are the usual research definitions and the 12-week line is the one
Medicare uses for acupuncture coverage.

Exact day boundaries [``local_chronicity_days``], counting whole days from onset to today:

* days 0 to 41  → acute (fewer than 6 full weeks);
* days 42 to 83 → subacute (at least 6 and fewer than 12 full weeks);
* day 84 onward → chronic (12 full weeks or more, as in NCD 30.3.3 "12 weeks or longer").

The issue text says "chronic > 12 weeks"; day 84 is counted as chronic so that a patient whose
pain has lasted exactly 12 weeks meets the Medicare chronic-LBP definition on the same day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from taut.clinical._citation import SourcedRule

__all__ = [
    "CHRONIC_FROM_DAY",
    "CHRONICITY_LABELS",
    "RULES",
    "SOURCES_CITED",
    "SUBACUTE_FROM_DAY",
    "Chronicity",
    "chronicity",
    "days_since_onset",
]

SUBACUTE_FROM_DAY = 42  # lbp_duration_definitions, local_chronicity_days
CHRONIC_FROM_DAY = 84  # lbp_duration_definitions, cms_ncd_30_3_3, local_chronicity_days

RULES: Mapping[str, SourcedRule] = MappingProxyType(
    {
        r.code: r
        for r in (
            SourcedRule(
                "subacute_from_day_42",
                f"Subacute from 6 full weeks after onset (day {SUBACUTE_FROM_DAY}).",
                ("lbp_duration_definitions", "local_chronicity_days"),
            ),
            SourcedRule(
                "chronic_from_day_84",
                f"Chronic from 12 full weeks after onset (day {CHRONIC_FROM_DAY}): "
                "12 weeks or longer, as in NCD 30.3.3.",
                ("lbp_duration_definitions", "cms_ncd_30_3_3", "local_chronicity_days"),
            ),
        )
    }
)
"""The two boundaries, with their sources."""

SOURCES_CITED: frozenset[str] = frozenset(key for r in RULES.values() for key in r.sources)


class Chronicity(StrEnum):
    """The duration class of a low-back-pain episode."""

    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"

    @property
    def label(self) -> str:
        """A short label for display."""
        return CHRONICITY_LABELS[self]


CHRONICITY_LABELS: Mapping[Chronicity, str] = MappingProxyType(
    {
        Chronicity.ACUTE: "Acute (under 6 weeks)",
        Chronicity.SUBACUTE: "Subacute (6 to 12 weeks)",
        Chronicity.CHRONIC: "Chronic (12 weeks or more)",
    }
)


def days_since_onset(onset_on: date, today: date) -> int:
    """Return the whole days from ``onset_on`` to ``today`` (0 on the day of onset).

    Raises ValueError, naming both dates, when the onset is after today.
    """
    if onset_on > today:
        raise ValueError(f"onset date {onset_on.isoformat()} is after today {today.isoformat()}")
    return (today - onset_on).days


def chronicity(onset_on: date, today: date) -> Chronicity:
    """Return whether an episode that began on ``onset_on`` is acute, subacute or chronic today.

    Day 0 to 41 is acute, 42 to 83 subacute, 84 or more chronic (see the module docstring).
    Raises ValueError, naming both dates, when the onset is after today.
    """
    days = days_since_onset(onset_on, today)
    if days < SUBACUTE_FROM_DAY:
        return Chronicity.ACUTE
    if days < CHRONIC_FROM_DAY:
        return Chronicity.SUBACUTE
    return Chronicity.CHRONIC
