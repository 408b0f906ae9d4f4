"""Scheduling rules: overlap, opening hours, a clinician's availability, duration limits.

Pure Python (standard library only) so they can be table-tested without a database. Every local
time is built with ``zoneinfo`` from a date, a wall-clock time and the clinic's zone, then compared
as an aware instant, so the hour that a DST change skips or repeats is handled by the zone, not by
adding hours by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MIN_MINUTES = 5
MAX_MINUTES = 240
SLOT_STEP_MINUTES = 15
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Window:
    """A weekly period, in the clinic's wall-clock time: weekday 0 (Monday) to 6, start before end."""

    weekday: int
    start: time
    end: time

    def __str__(self) -> str:
        return f"{WEEKDAY_NAMES[self.weekday]} {self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class Closed:
    """Days (``starts_on`` to ``ends_on``, both included) when booking is refused, and why."""

    starts_on: date
    ends_on: date
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def closure_on(day: date, closures: Iterable[Closed]) -> Closed | None:
    """The first closure that covers a local date, if any."""
    return next((c for c in closures if c.covers(day)), None)


@dataclass(frozen=True)
class Busy:
    """An instant range already taken (by an appointment); ``label`` says by what."""

    start: datetime
    end: datetime
    label: str = ""


def check_minutes(minutes: int) -> str | None:
    """Why an appointment of ``minutes`` cannot be booked, or None."""
    if minutes < MIN_MINUTES:
        return f"an appointment lasts at least {MIN_MINUTES} minutes"
    if minutes > MAX_MINUTES:
        return f"an appointment lasts at most {MAX_MINUTES} minutes"
    return None


def check_window(start: time, end: time) -> str | None:
    """Why a weekly period is impossible (it must end after it starts, on the same day), or None."""
    if end <= start:
        return f"{end:%H:%M} is not after {start:%H:%M}"
    return None


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """True when two half-open ranges share time; back-to-back ranges do not overlap."""
    return utc(a_start) < utc(b_end) and utc(b_start) < utc(a_end)


def clashes(start: datetime, end: datetime, busy: Iterable[Busy]) -> list[Busy]:
    """The busy ranges that overlap ``start``–``end``, earliest first."""
    return sorted(
        (b for b in busy if overlaps(start, end, b.start, b.end)), key=lambda b: utc(b.start)
    )


def local_day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The first instant (UTC) of ``day`` in ``zone`` and of the day after (23 or 25 hours apart
    across a DST change)."""
    return local_instant(day, time(0), zone), local_instant(day + timedelta(days=1), time(0), zone)


def utc(instant: datetime) -> datetime:
    """The same instant in UTC. Arithmetic and comparison happen in UTC: Python compares two
    datetimes that share a tzinfo by their wall-clock values, which is wrong across a DST change."""
    if instant.tzinfo is None:
        raise ValueError("a naive datetime has no place in scheduling; give it a time zone")
    return instant.astimezone(UTC)


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant (in UTC) of wall-clock ``at`` on ``day`` in ``zone``.

    A time that the spring change skips (02:30 in Madrid on the last Sunday of March) is read
    with the offset from before the change, the way ``zoneinfo`` defines it (fold=0).
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def windows_on(
    day: date, windows: Iterable[Window], zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """The periods of ``windows`` that fall on ``day``, as UTC instants, earliest first."""
    return sorted(
        (local_instant(day, w.start, zone), local_instant(day, w.end, zone))
        for w in windows
        if w.weekday == day.weekday()
    )


def within_windows(
    start: datetime, end: datetime, windows: Iterable[Window], zone: ZoneInfo
) -> bool:
    """True when ``start``–``end`` lies inside one period on the local day it starts."""
    start, end = utc(start), utc(end)
    day = start.astimezone(zone).date()
    return any(
        w_start <= start and end <= w_end for w_start, w_end in windows_on(day, windows, zone)
    )


def describe(windows: Iterable[Window], weekday: int | None = None) -> str:
    """The periods as people read them, e.g. "Mon 08:00–13:00, Mon 15:00–19:00"."""
    chosen = sorted(
        (w for w in windows if weekday is None or w.weekday == weekday),
        key=lambda w: (w.weekday, w.start),
    )
    return ", ".join(str(w) for w in chosen)


def series_clashes(ranges: Sequence[tuple[datetime, datetime]]) -> list[tuple[int, int]]:
    """Pairs of positions within one series whose ranges overlap each other."""
    return [
        (i, j)
        for i in range(len(ranges))
        for j in range(i + 1, len(ranges))
        if overlaps(*ranges[i], *ranges[j])
    ]


def free_slots(
    *,
    after: datetime,
    minutes: int,
    opening: Sequence[Window],
    availability: Sequence[Window],
    busy: Sequence[Busy],
    zone: ZoneInfo,
    count: int,
    step_minutes: int = SLOT_STEP_MINUTES,
    horizon_days: int = 90,
    closures: Sequence[Closed] = (),
) -> list[datetime]:
    """The first ``count`` starts (UTC) at or after ``after`` where an appointment of ``minutes``
    fits the opening hours and the availability and clashes with nothing busy.

    Candidates step by ``step_minutes`` from the start of each availability period; days a
    closure covers are skipped; the search looks ``horizon_days`` ahead at most.
    """
    after = utc(after)
    found: list[datetime] = []
    length = timedelta(minutes=minutes)
    step = timedelta(minutes=step_minutes)
    day = after.astimezone(zone).date()
    for _ in range(horizon_days):
        if closure_on(day, closures) is not None:
            day += timedelta(days=1)
            continue
        for w_start, w_end in windows_on(day, availability, zone):
            start = w_start
            while start + length <= w_end and len(found) < count:
                end = start + length
                if (
                    start >= after
                    and within_windows(start, end, opening, zone)
                    and not clashes(start, end, busy)
                ):
                    found.append(start)
                start += step
        if len(found) >= count:
            break
        day += timedelta(days=1)
    return found
