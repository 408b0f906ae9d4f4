"""What the aftercare sheet tells a patient after needling: the numbers and which warnings apply.

The advice follows the clinics' own aftercare (drink water, stretch gently, warmth, no strenuous
activity or heavy lifting for 24 hours: ``service_pages_aftercare``). The expected courses and
the times to call come from the adverse-event catalogue, so the sheet and the check-ins use the
same numbers: soreness usually gone within about 72 hours, a bruise reviewed if it has not faded
after two weeks. The warning to call an ambulance for chest pain or breathlessness is given after
needling near the thorax, by the same test the check-ins use (``muscles.near_thorax``); the
cauda equina signs are on every sheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from taut.clinical import adverse_events
from taut.clinical import muscles as muscle_catalogue

__all__ = [
    "NO_STRENUOUS_ACTIVITY_H",
    "SOURCES_CITED",
    "AftercarePlan",
    "plan",
]

SERVICE_PAGES = "service_pages_aftercare"

# The clinics' pages: no intense activity or heavy lifting for at least 24 hours.
NO_STRENUOUS_ACTIVITY_H = 24

SOURCES_CITED: frozenset[str] = frozenset(
    {SERVICE_PAGES, "cornwall_bass_2018", "zhao_2011_trials", "jcm_2021_pns"}
)


@dataclass(frozen=True, slots=True)
class AftercarePlan:
    """The numbers and warnings of one aftercare sheet; the app words them for the patient."""

    no_strenuous_activity_h: int
    soreness_gone_within_days: int
    bruise_review_after_days: int
    chest_warning: bool  # call emergency services for chest pain or breathlessness
    cauda_equina_warning: bool = True  # always: bladder, bowel, saddle numbness, both legs


def _days(hours: int) -> int:
    return round(hours / 24)


def plan(needled: Iterable[str]) -> AftercarePlan:
    """The sheet's numbers and warnings for a session that needled these muscle codes.

    Retired codes count as the muscles they were split into. Raises ``TypeError`` for a bare
    string and ``UnknownCode`` naming an unknown muscle.
    """
    if isinstance(needled, str):
        raise TypeError(f"needled must be a collection of muscle codes, not {needled!r}")
    codes = tuple(needled)
    return AftercarePlan(
        no_strenuous_activity_h=NO_STRENUOUS_ACTIVITY_H,
        soreness_gone_within_days=_days(adverse_events.SORENESS_USUAL_WINDOW_H),
        bruise_review_after_days=_days(adverse_events.BRUISING_SAFETY_NET_H),
        chest_warning=muscle_catalogue.near_thorax(codes),
    )
