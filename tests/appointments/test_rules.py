"""Table tests for the pure scheduling rules."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from taut.appointments import rules
from taut.appointments.rules import Busy, Window

MADRID = ZoneInfo("Europe/Madrid")
NY = ZoneInfo("America/New_York")


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((9, 10), (10, 11), False),  # back to back
        ((9, 10), (9, 10), True),
        ((9, 11), (10, 12), True),
        ((10, 12), (9, 11), True),
        ((9, 12), (10, 11), True),  # contains
        ((9, 10), (11, 12), False),
        ((11, 12), (9, 10), False),
    ],
)
def test_overlap(a, b, expected):
    assert (
        rules.overlaps(
            utc(2026, 1, 5, a[0]),
            utc(2026, 1, 5, a[1]),
            utc(2026, 1, 5, b[0]),
            utc(2026, 1, 5, b[1]),
        )
        is expected
    )


def test_overlap_compares_instants_not_wall_clocks():
    # 01:30 before and after the autumn change in New York are an hour apart.
    first = datetime(2026, 11, 1, 1, 30, tzinfo=NY, fold=0)
    second = datetime(2026, 11, 1, 1, 30, tzinfo=NY, fold=1)
    assert not rules.overlaps(first, first.replace(minute=59), second, second.replace(minute=59))


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        rules.utc(datetime(2026, 1, 5, 9))  # noqa: DTZ001


MORNING_AND_AFTERNOON = [Window(0, time(8), time(13)), Window(0, time(15), time(19))]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((8, 0), (8, 30), True),
        ((12, 30), (13, 0), True),  # ends exactly at closing
        ((12, 45), (13, 15), False),  # runs into the break
        ((13, 0), (13, 30), False),  # in the break
        ((15, 0), (19, 0), True),
        ((7, 45), (8, 15), False),  # starts before opening
        ((18, 45), (19, 15), False),  # runs past closing
    ],
)
def test_within_windows_on_a_monday(start, end, expected):
    day = date(2026, 11, 23)  # a Monday
    begins = datetime(2026, 11, 23, *start, tzinfo=MADRID)
    ends = datetime(2026, 11, 23, *end, tzinfo=MADRID)
    assert day.weekday() == 0
    assert rules.within_windows(begins, ends, MORNING_AND_AFTERNOON, MADRID) is expected


def test_a_day_without_windows_is_closed():
    tuesday = datetime(2026, 11, 24, 9, tzinfo=MADRID)
    assert not rules.within_windows(
        tuesday, tuesday.replace(hour=10), MORNING_AND_AFTERNOON, MADRID
    )


@pytest.mark.parametrize(
    ("day", "expected_utc_hour"),
    [
        (date(2026, 10, 19), 8),  # summer time, UTC+2
        (date(2026, 10, 26), 9),  # winter time, UTC+1, the day after the change
        (date(2027, 3, 29), 8),  # summer time again
    ],
)
def test_local_instants_follow_the_zone_across_dst(day, expected_utc_hour):
    assert rules.local_instant(day, time(10), MADRID) == utc(
        day.year, day.month, day.day, expected_utc_hour
    )


def test_a_skipped_wall_clock_time_becomes_a_real_instant():
    # 02:30 does not exist in Madrid on 2027-03-28; zoneinfo reads it with the winter offset.
    assert rules.local_instant(date(2027, 3, 28), time(2, 30), MADRID) == utc(2027, 3, 28, 1, 30)


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 10, 25), 25), (date(2027, 3, 28), 23), (date(2026, 11, 23), 24)],
)
def test_local_days_are_23_24_or_25_hours(day, hours):
    start, end = rules.local_day_bounds(day, MADRID)
    assert (end - start).total_seconds() == hours * 3600


@pytest.mark.parametrize(
    ("minutes", "problem"),
    [(4, "at least 5"), (5, None), (45, None), (240, None), (241, "at most 240"), (0, "at least")],
)
def test_duration_limits(minutes, problem):
    found = rules.check_minutes(minutes)
    assert found is None if problem is None else problem in found


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [((8, 0), (13, 0), True), ((13, 0), (13, 0), False), ((14, 0), (9, 0), False)],
)
def test_windows_end_after_they_start(start, end, ok):
    assert (rules.check_window(time(*start), time(*end)) is None) is ok


def test_describe_shows_the_hours_of_a_weekday():
    assert rules.describe(MORNING_AND_AFTERNOON, 0) == "Mon 08:00–13:00, Mon 15:00–19:00"
    assert rules.describe(MORNING_AND_AFTERNOON, 1) == ""


def test_series_clashes_name_the_overlapping_positions():
    ranges = [
        (utc(2026, 1, 5, 9), utc(2026, 1, 5, 10)),
        (utc(2026, 1, 12, 9), utc(2026, 1, 12, 10)),
        (utc(2026, 1, 5, 9, 30), utc(2026, 1, 5, 10, 30)),
    ]
    assert rules.series_clashes(ranges) == [(0, 2)]


def test_clashes_are_listed_earliest_first():
    busy = [
        Busy(utc(2026, 1, 5, 10), utc(2026, 1, 5, 11), "b"),
        Busy(utc(2026, 1, 5, 9), utc(2026, 1, 5, 10, 15), "a"),
    ]
    found = rules.clashes(utc(2026, 1, 5, 9, 30), utc(2026, 1, 5, 10, 30), busy)
    assert [b.label for b in found] == ["a", "b"]


def test_free_slots_skip_busy_time_and_closed_periods():
    monday = [Window(0, time(9), time(11))]
    busy = [
        Busy(datetime(2026, 11, 23, 9, tzinfo=MADRID), datetime(2026, 11, 23, 10, tzinfo=MADRID))
    ]
    slots = rules.free_slots(
        after=datetime(2026, 11, 20, 12, tzinfo=MADRID),
        minutes=30,
        opening=monday,
        availability=monday,
        busy=busy,
        zone=MADRID,
        count=3,
    )
    assert [s.astimezone(MADRID).strftime("%a %H:%M") for s in slots] == [
        "Mon 10:00",
        "Mon 10:15",
        "Mon 10:30",
    ]


def test_free_slots_continue_into_the_next_week():
    monday = [Window(0, time(9), time(10))]
    slots = rules.free_slots(
        after=datetime(2026, 11, 23, 9, 20, tzinfo=MADRID),
        minutes=60,
        opening=monday,
        availability=monday,
        busy=[],
        zone=MADRID,
        count=1,
    )
    assert slots == [datetime(2026, 11, 30, 8, tzinfo=UTC)]
