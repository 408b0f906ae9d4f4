from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taut.clinical.change import (
    RESPONDER_INSTRUMENTS,
    Direction,
    NoChangeThresholdError,
    PsfsRating,
    classify_change,
    threshold,
)
from taut.clinical.errors import UnknownCode
from taut.clinical.instruments import score


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest", "important"),
    [
        # Ostelo 2008, one row per instrument: MIC reached, and just missed
        ("nprs", 8, 6, True),
        ("nprs", 8, 7, False),
        ("odi", Decimal("60.0"), Decimal("50.0"), True),
        ("odi", Decimal("60.0"), Decimal("50.2"), False),
        ("rmdq", 20, 15, True),
        ("rmdq", 20, 16, False),
        # Woby 2005
        ("tsk17", 45, 41, True),
        ("tsk17", 45, 42, False),
        ("tsk11", 30, 26, True),
        ("tsk11", 30, 27, False),
        # PSFS without saying what is compared: the stricter single-activity value
        ("psfs", Decimal("3.0"), Decimal("6.0"), True),
        ("psfs", Decimal("3.0"), Decimal("5.9"), False),
    ],
)
def test_absolute_thresholds(
    instrument: str, baseline: object, latest: object, important: bool
) -> None:
    assert classify_change(instrument, baseline, latest).important is important  # type: ignore[arg-type]


# PSFS (higher is better): 3 points for one activity, 2 for the mean of several (psfs_mdc).
@pytest.mark.parametrize(
    ("rating", "baseline", "latest", "important"),
    [
        (PsfsRating.SINGLE_ACTIVITY, 3, 6, True),
        (PsfsRating.SINGLE_ACTIVITY, 3, 5, False),
        (PsfsRating.MEAN, Decimal("3.0"), Decimal("5.0"), True),
        (PsfsRating.MEAN, Decimal("3.0"), Decimal("4.9"), False),
        ("mean", Decimal("3.0"), Decimal("5.0"), True),
        (None, Decimal("3.0"), Decimal("5.0"), False),
    ],
)
def test_psfs_threshold_depends_on_what_is_compared(
    rating: object, baseline: object, latest: object, important: bool
) -> None:
    change = classify_change("psfs", baseline, latest, psfs=rating)  # type: ignore[arg-type]

    assert change.important is important


@pytest.mark.parametrize(
    ("rating", "points"), [(None, 3), (PsfsRating.SINGLE_ACTIVITY, 3), (PsfsRating.MEAN, 2)]
)
def test_psfs_threshold_values(rating: PsfsRating | None, points: int) -> None:
    assert threshold("psfs", psfs=rating).absolute == points
    assert classify_change("psfs", 5, 5, psfs=rating).minimal_change == points


def test_psfs_rating_for_another_instrument_is_refused() -> None:
    with pytest.raises(ValueError, match="PSFS only"):
        classify_change("nprs", 6, 3, psfs="mean")


def test_unknown_psfs_rating_is_named() -> None:
    with pytest.raises(UnknownCode, match="'median'"):
        classify_change("psfs", 3, 6, psfs="median")


@pytest.mark.parametrize(
    ("ratings", "psfs"), [([4], PsfsRating.MEAN), ([4, 5, 6], PsfsRating.SINGLE_ACTIVITY)]
)
def test_psfs_score_must_agree_with_the_rating(ratings: list[int], psfs: PsfsRating) -> None:
    with pytest.raises(ValueError, match="rated activities"):
        classify_change(
            "psfs", score("psfs", ratings), score("psfs", [9] * len(ratings)), psfs=psfs
        )


def test_psfs_scores_of_several_activities_as_a_mean() -> None:
    change = classify_change("psfs", score("psfs", [3, 3]), score("psfs", [5, 5]), psfs="mean")

    assert change.important is True


def test_responders_are_judged_on_pain_and_function() -> None:
    assert RESPONDER_INSTRUMENTS == ("nprs", "odi", "rmdq", "psfs")
    assert "tsk17" not in RESPONDER_INSTRUMENTS


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest", "important"),
    [
        ("nprs", 3, 2, True),  # 1 point is 33% of 3
        ("nprs", 4, 3, False),  # 25%
        ("odi", Decimal("20.0"), Decimal("14.0"), True),  # 30% exactly
        ("odi", Decimal("20.0"), Decimal("14.2"), False),  # 29%
        ("rmdq", 10, 7, True),  # 30%
        ("rmdq", 10, 8, False),
    ],
)
def test_relative_threshold_for_pain_and_back_function(
    instrument: str, baseline: object, latest: object, important: bool
) -> None:
    change = classify_change(instrument, baseline, latest)  # type: ignore[arg-type]

    assert change.important is important
    if important:
        assert change.threshold_used is not None
        assert "30%" in change.threshold_used


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest"),
    [("tsk11", 12, 11), ("psfs", Decimal("1.0"), Decimal("2.0"))],
)
def test_thirty_percent_does_not_apply_to_tsk_or_psfs(
    instrument: str, baseline: object, latest: object
) -> None:
    assert classify_change(instrument, baseline, latest).important is False  # type: ignore[arg-type]


def test_change_reports_absolute_relative_and_direction() -> None:
    change = classify_change("odi", Decimal("40.0"), Decimal("30.0"))

    assert change.absolute == Decimal("-10.0")
    assert change.improvement == Decimal("10.0")
    assert change.relative == Decimal("0.25")
    assert change.direction is Direction.IMPROVED
    assert change.threshold_used is not None
    assert "10 points" in change.threshold_used


def test_psfs_rise_is_an_improvement() -> None:
    change = classify_change("psfs", Decimal("4.0"), Decimal("7.0"))

    assert change.absolute == Decimal("3.0")
    assert change.direction is Direction.IMPROVED


def test_worsening_is_never_important() -> None:
    change = classify_change("nprs", 2, 9)

    assert change.direction is Direction.WORSENED
    assert change.important is False
    assert change.threshold_used is None


def test_relative_is_none_from_a_zero_baseline() -> None:
    change = classify_change("nprs", 0, 0)

    assert change.relative is None
    assert change.direction is Direction.UNCHANGED


def test_scores_can_be_passed_directly() -> None:
    change = classify_change("nprs", score("nprs", [7]), score("nprs", [4]))

    assert change.important is True


def test_score_for_another_instrument_is_refused() -> None:
    with pytest.raises(ValueError, match="odi"):
        classify_change("nprs", score("odi", [1] * 10), 4)


def test_startback_has_no_threshold() -> None:
    with pytest.raises(NoChangeThresholdError, match="startback"):
        classify_change("startback", 5, 2)


@pytest.mark.parametrize("bad", [11, -1, True, "5", Decimal("NaN")])
def test_out_of_range_or_wrong_type_is_named(bad: object) -> None:
    with pytest.raises(ValueError, match="latest"):
        classify_change("nprs", 5, bad)  # type: ignore[arg-type]


def test_unknown_instrument() -> None:
    with pytest.raises(UnknownCode):
        classify_change("vas", 50, 20)


@given(st.integers(0, 10), st.integers(0, 10))
def test_nprs_important_only_when_improved(baseline: int, latest: int) -> None:
    change = classify_change("nprs", baseline, latest)
    if change.important:
        assert latest < baseline
    if baseline - latest >= 2:
        assert change.important
