"""Demo step: questionnaire trajectories for every active episode, generated deterministically.

Most patients improve (some past the important-change threshold after two to four sessions),
some plateau and a few worsen, so the progress views and responder status have something to show.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from taut.episodes.models import EpisodeStatus
from taut.outcomes import services

if TYPE_CHECKING:
    from taut.demo.seed import DemoContext
    from taut.episodes.models import Episode


def treatment_start(ctx: DemoContext, episode: Episode) -> date:
    """When the demo's course of care began: the episode's start, or six weeks ago for long ones."""
    return max(episode.started_on, ctx.today - timedelta(days=42))


def _spread(total: int, items: int, low: int, high: int) -> list[int]:
    """``items`` answers between low and high adding up to ``total`` (clamped), evenly spread."""
    total = max(low * items, min(high * items, total))
    base, extra = divmod(total - low * items, items)
    return [low + base + (1 if i < extra else 0) for i in range(items)]


def _path(kind: str, start: float, points: int) -> list[float]:
    """Values from ``start``: improving (to ~45 % of start), plateau (±5 %) or worsening (+25 %)."""
    end = {"improve": 0.45, "plateau": 0.95, "worsen": 1.25}[kind] * start
    return [start + (end - start) * i / max(points - 1, 1) for i in range(points)]


def _record(ctx: DemoContext, episode: Episode, kind: str) -> None:
    actor = next(a for a in ctx.actors.values() if a.clinic == episode.clinic)
    points = ctx.rng.randint(3, 5)
    first = treatment_start(ctx, episode)
    dates = [first + timedelta(days=7 * i) for i in range(points)]
    dates = [d for d in dates if d <= ctx.today] or [first]
    nprs = _path(kind, ctx.rng.randint(5, 8), len(dates))
    odi = _path(kind, ctx.rng.randint(26, 52), len(dates))
    tsk = _path(kind, ctx.rng.randint(26, 34), len(dates))
    psfs_start = ctx.rng.uniform(2.5, 4.5)
    services.add_psfs_activities(
        actor, episode, descriptions=["Sitting at work", "Lifting a child"]
    )
    for i, day in enumerate(dates):
        services.submit_response(
            actor, episode, instrument="nprs", answers=[round(nprs[i])], collected_on=day
        )
        services.submit_response(
            actor,
            episode,
            instrument="odi",
            answers=_spread(round(odi[i] / 2), 10, 0, 5),
            collected_on=day,
        )
        services.submit_response(
            actor,
            episode,
            instrument="tsk11",
            answers=_spread(round(tsk[i]), 11, 1, 4),
            collected_on=day,
        )
        rating = {
            "improve": psfs_start + 4 * i / max(len(dates) - 1, 1),
            "plateau": psfs_start,
            "worsen": psfs_start - 1.5 * i / max(len(dates) - 1, 1),
        }[kind]
        services.submit_response(
            actor,
            episode,
            instrument="psfs",
            answers=[max(0, min(10, round(rating)))] * 2,
            collected_on=day,
        )
        if i == 0:
            startback = [ctx.rng.randint(0, 1) for _ in range(8)] + [ctx.rng.randint(0, 4)]
            services.submit_response(
                actor, episode, instrument="startback", answers=startback, collected_on=day
            )


def trajectories(ctx: DemoContext) -> None:
    for patients in ctx.patients.values():
        for index, patient in enumerate(patients):
            episode = patient.episodes.filter(status=EpisodeStatus.ACTIVE).first()
            if episode is None:
                continue
            kind = "worsen" if index % 7 == 6 else "plateau" if index % 4 == 3 else "improve"
            _record(ctx, episode, kind)
