from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taut.clinical.change import Change, classify_change
from taut.clinical.episodes import Chronicity
from taut.clinical.errors import UnknownCode
from taut.clinical.instruments import PainCategory
from taut.clinical.plans import (
    Decision,
    MissingMeasuresError,
    PlanCondition,
    Progress,
    medicare_acupuncture_visits,
    propose_plan,
    propose_sessions,
    review,
)

START = date(2026, 3, 2)


def gaps(dates: list[date]) -> list[int]:
    return [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]


@pytest.mark.parametrize(
    ("severity", "chronicity", "conditions", "count"),
    [
        (PainCategory.NONE, Chronicity.ACUTE, [], 2),
        (PainCategory.MILD, Chronicity.ACUTE, [], 2),
        (PainCategory.MILD, Chronicity.SUBACUTE, [], 3),
        (PainCategory.MODERATE, Chronicity.SUBACUTE, [], 4),
        (PainCategory.MODERATE, Chronicity.CHRONIC, [], 5),
        (PainCategory.SEVERE, Chronicity.CHRONIC, [], 6),
        (PainCategory.SEVERE, Chronicity.CHRONIC, ["disc_or_joint_disease", "complex_history"], 6),
        (PainCategory.MILD, Chronicity.SUBACUTE, [PlanCondition.DISC_OR_JOINT_DISEASE], 4),
        (PainCategory.SEVERE, Chronicity.CHRONIC, [PlanCondition.NEEDLING_PRECAUTION], 4),
        (PainCategory.MILD, Chronicity.ACUTE, [PlanCondition.NEEDLING_PRECAUTION], 2),
    ],
)
def test_session_count(
    severity: PainCategory, chronicity: Chronicity, conditions: list[str], count: int
) -> None:
    dates = propose_sessions(START, severity=severity, chronicity=chronicity, conditions=conditions)

    assert len(dates) == count
    assert dates[0] == START


@pytest.mark.parametrize(
    ("severity", "chronicity", "expected_gaps"),
    [
        ("mild", "acute", [7]),
        ("mild", "subacute", [7, 14]),
        ("moderate", "subacute", [7, 7, 14]),
        ("severe", "chronic", [7, 7, 7, 14, 14]),
    ],
)
def test_sessions_are_weekly_then_fortnightly(
    severity: str, chronicity: str, expected_gaps: list[int]
) -> None:
    assert gaps(propose_sessions(START, severity=severity, chronicity=chronicity)) == expected_gaps


def test_plan_explains_itself() -> None:
    plan = propose_plan(
        START, severity="severe", chronicity="chronic", conditions=["needling_precaution"]
    )

    assert any("needling precaution" in r for r in plan.reasons)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"severity": "agony", "chronicity": "acute"}, "'agony'"),
        ({"severity": "mild", "chronicity": "ancient"}, "'ancient'"),
        ({"severity": "mild", "chronicity": "acute", "conditions": ["gout"]}, "'gout'"),
        ({"severity": "mild", "chronicity": "acute", "conditions": "gout"}, "'gout'"),
    ],
)
def test_unknown_inputs_are_named(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(UnknownCode, match=name):
        propose_sessions(START, **kwargs)  # type: ignore[arg-type]


def test_start_must_be_a_date() -> None:
    with pytest.raises(ValueError, match="start_on"):
        propose_sessions(datetime(2026, 3, 2, 9, 0), severity="mild", chronicity="acute")  # noqa: DTZ001


@given(
    st.sampled_from(list(PainCategory)),
    st.sampled_from(list(Chronicity)),
    st.sets(st.sampled_from(list(PlanCondition))),
)
def test_every_plan_has_2_to_6_sessions_one_to_two_weeks_apart_tapering(
    severity: PainCategory, chronicity: Chronicity, conditions: set[PlanCondition]
) -> None:
    dates = propose_sessions(START, severity=severity, chronicity=chronicity, conditions=conditions)
    spacing = gaps(dates)

    assert 2 <= len(dates) <= 6
    assert all(7 <= g <= 14 for g in spacing)
    assert spacing == sorted(spacing)


# --- review -----------------------------------------------------------------------------------


def nprs(baseline: int, latest: int) -> Change:
    return classify_change("nprs", baseline, latest)


def odi(baseline: str, latest: str) -> Change:
    return classify_change("odi", Decimal(baseline), Decimal(latest))


@pytest.mark.parametrize(
    ("_case", "progress", "decision"),
    [
        ("early, nothing yet", Progress(1), Decision.CONTINUE),
        ("early, small change", Progress(2, (nprs(6, 5),)), Decision.CONTINUE),
        (
            "new red flag",
            Progress(2, (nprs(6, 2),), goals_met=True, new_red_flags=True),
            Decision.REFER,
        ),
        ("pain worse by the MIC", Progress(2, (nprs(4, 6),)), Decision.REFER),
        (
            "important change, goals met",
            Progress(2, (nprs(6, 3),), goals_met=True),
            Decision.DISCHARGE,
        ),
        ("important change, goals not met", Progress(3, (odi("40", "28"),)), Decision.CONTINUE),
        (
            "no important change by session 3",
            Progress(3, (nprs(6, 5), odi("40", "36"))),
            Decision.MODIFY,
        ),
        (
            "no important change after modifying",
            Progress(4, (nprs(6, 5),), previously_modified=True),
            Decision.REFER,
        ),
        (
            "goals met without measured change",
            Progress(2, (nprs(6, 5),), goals_met=True),
            Decision.CONTINUE,
        ),
    ],
)
def test_review(_case: str, progress: Progress, decision: Decision) -> None:
    recommendation = review(progress)

    assert recommendation.decision is decision
    assert recommendation.reasons


@pytest.mark.parametrize(
    ("psfs", "decision"), [("mean", Decision.REFER), ("single_activity", Decision.CONTINUE)]
)
def test_psfs_worsening_is_judged_by_its_own_threshold(psfs: str, decision: Decision) -> None:
    change = classify_change("psfs", Decimal("6.0"), Decimal("4.0"), psfs=psfs)

    assert review(Progress(2, (change,))).decision is decision


def test_tsk_change_alone_does_not_count_as_pain_or_function() -> None:
    progress = Progress(3, (classify_change("tsk11", 30, 20), nprs(6, 6)))

    assert review(progress).decision is Decision.MODIFY


def test_review_from_session_3_needs_a_measure() -> None:
    with pytest.raises(MissingMeasuresError, match="session 3"):
        review(Progress(3))


@pytest.mark.parametrize("bad", [-1, True, 2.0])
def test_review_rejects_bad_session_count(bad: object) -> None:
    with pytest.raises(ValueError, match="sessions_done"):
        review(Progress(bad))  # type: ignore[arg-type]


# --- Medicare NCD 30.3.3 ----------------------------------------------------------------------

TODAY = date(2026, 6, 1)


FIRST = TODAY - timedelta(days=60)  # first visit of the year; its 90 days end on FIRST + 89


def weekly(count: int, first: date) -> list[date]:
    return [first + timedelta(weeks=i) for i in range(count)]


def daily(count: int, first: date) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


AFTER_WINDOW = FIRST + timedelta(days=90)

# One row per boundary of NCD 30.3.3: up to 12 visits in 90 days; 8 more only after those and
# only if improving; at most 20 a year.
MEDICARE_TABLE = [
    ("new course", [], TODAY, None, 12),
    ("new course, improving: still 12", [], TODAY, True, 12),
    ("5 visits in the first 90 days", daily(5, FIRST), TODAY, None, 7),
    ("11 visits, improving: only the 12th", daily(11, FIRST), TODAY, True, 1),
    ("12 used, not assessed", daily(12, FIRST), TODAY, None, 0),
    ("12 used, improving: the 8 further", daily(12, FIRST), TODAY, True, 8),
    ("12 used and 5 further, improving", daily(17, FIRST), TODAY, True, 3),
    ("12 used and 8 further: 20 a year", daily(20, FIRST), TODAY, True, 0),
    ("not improving", daily(3, FIRST), TODAY, False, 0),
    ("6 visits, last day of the 90", daily(6, FIRST), FIRST + timedelta(days=89), None, 6),
    (
        "6 visits, last day of the 90, improving",
        daily(6, FIRST),
        FIRST + timedelta(days=89),
        True,
        6,
    ),
    ("6 visits, day after the 90", daily(6, FIRST), AFTER_WINDOW, None, 0),
    ("6 visits, day after the 90, improving: 8 further", daily(6, FIRST), AFTER_WINDOW, True, 8),
    (
        "6 visits and 8 further after the 90",
        daily(6, FIRST) + daily(8, AFTER_WINDOW),
        AFTER_WINDOW + timedelta(days=10),
        True,
        0,
    ),
    ("visits over a year ago drop out", weekly(20, TODAY - timedelta(days=600)), TODAY, None, 12),
]


@pytest.mark.parametrize(("_case", "visits", "today", "improving", "remaining"), MEDICARE_TABLE)
def test_medicare_limits(
    _case: str, visits: list[date], today: date, improving: bool | None, remaining: int
) -> None:
    allowance = medicare_acupuncture_visits(visits, today, improving=improving)

    assert allowance.remaining == remaining
    assert allowance.reasons


def test_medicare_counts_the_first_course_and_the_further_visits() -> None:
    allowance = medicare_acupuncture_visits(daily(15, FIRST), TODAY, improving=True)

    assert (allowance.initial_used, allowance.additional_used, allowance.used_in_year) == (
        12,
        3,
        15,
    )
    assert allowance.initial_window_ends_on == FIRST + timedelta(days=89)


def test_medicare_year_is_rolling_365_days() -> None:
    visits = [TODAY - timedelta(days=364)] * 20

    assert medicare_acupuncture_visits(visits, TODAY, improving=True).remaining == 0
    after = medicare_acupuncture_visits(visits, TODAY + timedelta(days=1), improving=True)
    assert (after.remaining, after.used_in_year) == (12, 0)


def test_medicare_covers_chronic_pain_only() -> None:
    allowance = medicare_acupuncture_visits([], TODAY, chronicity=Chronicity.SUBACUTE)

    assert allowance.remaining == 0
    assert "chronic" in allowance.reasons[0]


def test_future_visit_is_named() -> None:
    with pytest.raises(ValueError, match="2026-06-02"):
        medicare_acupuncture_visits([date(2026, 6, 2)], TODAY)


def test_medicare_accepts_chronicity_as_text() -> None:
    assert medicare_acupuncture_visits([], TODAY, chronicity="chronic").remaining == 12
    assert medicare_acupuncture_visits([], TODAY, chronicity="acute").remaining == 0


def test_medicare_improving_must_be_boolean() -> None:
    with pytest.raises(ValueError, match="'yes'"):
        medicare_acupuncture_visits([], TODAY, improving="yes")  # type: ignore[arg-type]
