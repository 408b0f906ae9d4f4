from datetime import date, timedelta

import pytest

from taut.clinical.episodes import CHRONICITY_LABELS, Chronicity, chronicity, days_since_onset

ONSET = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("_case", "days", "expected"),
    [
        ("day of onset", 0, Chronicity.ACUTE),
        ("last acute day", 41, Chronicity.ACUTE),
        ("six full weeks", 42, Chronicity.SUBACUTE),
        ("last subacute day", 83, Chronicity.SUBACUTE),
        ("twelve full weeks", 84, Chronicity.CHRONIC),
        ("a year", 365, Chronicity.CHRONIC),
    ],
)
def test_chronicity_boundaries(_case: str, days: int, expected: Chronicity) -> None:
    assert chronicity(ONSET, ONSET + timedelta(days=days)) is expected


def test_chronicity_counts_calendar_days_across_a_leap_day() -> None:
    assert chronicity(date(2028, 1, 19), date(2028, 3, 1)) is Chronicity.SUBACUTE


def test_onset_after_today_names_both_dates() -> None:
    with pytest.raises(ValueError, match=r"2026-02-02.*2026-02-01"):
        chronicity(date(2026, 2, 2), date(2026, 2, 1))


def test_days_since_onset_is_zero_on_the_day() -> None:
    assert days_since_onset(ONSET, ONSET) == 0


@pytest.mark.parametrize("value", list(Chronicity))
def test_every_chronicity_has_a_label(value: Chronicity) -> None:
    assert value.label == CHRONICITY_LABELS[value]
    assert value.label
