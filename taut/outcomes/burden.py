"""Trigger-point burden over an episode: what each signed assessment found, muscle by muscle.

The heat map places each muscle on the body chart at the regions its needles go through
(``taut.clinical.muscles``, ``location_regions``) and shades them by how many trigger points were
found there: an active trigger point counts 2 and a latent one 1 (a display weighting, not a
clinical score), capped at 10.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from taut.clinical import muscles, regions

ACTIVE_WEIGHT = 2
LATENT_WEIGHT = 1
SHADE_CAP = 10


@dataclass(frozen=True)
class Finding:
    on: date
    muscle: str
    side: str
    finding: str  # active | latent | none
    ppt_kpa: Decimal | None


@dataclass(frozen=True)
class Cell:
    finding: str
    ppt_kpa: Decimal | None


@dataclass(frozen=True)
class Row:
    muscle: str
    label: str
    side: str
    cells: list[Cell | None]  # one per date; None = not examined that day


@dataclass(frozen=True)
class Burden:
    dates: list[date]
    rows: list[Row]
    counts: list[tuple[date, int, int]]  # (date, active, latent)
    heat: dict[str, dict[str, object]]  # region ref -> {"intensity": 0-10} for the latest date
    # Clinician measures at each assessment: (date, modified Schober cm, fingertip-to-floor cm).
    measures: list[tuple[date, Decimal | None, Decimal | None]] = field(default_factory=list)


def _rank(muscle: str) -> int:
    """How common the muscle's trigger points are (a retired group code: its commonest member)."""
    return min(muscles.get(code).commonness_rank for code in muscles.current_muscles(muscle))


def _refs(muscle: str, side: str) -> list[str]:
    found = []
    for current in muscles.current_muscles(muscle):
        for code in muscles.get(current).location_regions:
            region = regions.get(code)
            ref = f"{code}:{side}" if region.sided else code
            if ref not in found:
                found.append(ref)
    return found


def burden(findings: Iterable[Finding]) -> Burden:
    """Tabulate findings by muscle and side across dates, and shade the latest date's muscles."""
    items = list(findings)
    dates = sorted({f.on for f in items})
    keys = sorted({(f.muscle, f.side) for f in items}, key=lambda k: (_rank(k[0]), k))
    by = {(f.muscle, f.side, f.on): f for f in items}
    rows = [
        Row(
            muscle=m,
            label=muscles.muscle_label(m),
            side=s,
            cells=[
                Cell(by[(m, s, d)].finding, by[(m, s, d)].ppt_kpa) if (m, s, d) in by else None
                for d in dates
            ],
        )
        for m, s in keys
    ]
    counts = [
        (
            d,
            sum(1 for f in items if f.on == d and f.finding == "active"),
            sum(1 for f in items if f.on == d and f.finding == "latent"),
        )
        for d in dates
    ]
    heat: dict[str, int] = {}
    if dates:
        for f in items:
            if f.on != dates[-1] or f.finding == "none":
                continue
            weight = ACTIVE_WEIGHT if f.finding == "active" else LATENT_WEIGHT
            for ref in _refs(f.muscle, f.side):
                heat[ref] = min(SHADE_CAP, heat.get(ref, 0) + weight)
    return Burden(
        dates=dates,
        rows=rows,
        counts=counts,
        heat={ref: {"intensity": value, "quality": None} for ref, value in heat.items()},
    )
