import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taut.clinical.adverse_events import (
    ADVERSE_EVENTS,
    BRUISING_SAFETY_NET_H,
    SORENESS_FOLLOW_UP_CEILING_H,
    SORENESS_USUAL_WINDOW_H,
    Disposition,
    Frequency,
    Location,
    Severity,
    Symptom,
    SymptomReport,
    Trend,
    assess_checkin,
)
from taut.clinical.errors import UnknownCode

EXP, REV, URG, EMG = (
    Disposition.EXPECTED,
    Disposition.REVIEW,
    Disposition.URGENT,
    Disposition.EMERGENCY,
)


@pytest.mark.parametrize(
    ("code", "severity"),
    [
        ("bruising", Severity.MILD),
        ("bleeding", Severity.MILD),
        ("pain_during", Severity.MILD),
        ("pain_after", Severity.MILD),
        ("soreness", Severity.MILD),
        ("symptom_aggravation", Severity.MILD),
        ("drowsiness", Severity.MILD),
        ("headache", Severity.MILD),
        ("nausea", Severity.MILD),
        ("fatigue", Severity.MILD),
        ("faintness", Severity.MILD),
        ("nerve_irritation", Severity.MILD),
        ("infection", Severity.SIGNIFICANT),
        ("retained_or_broken_needle", Severity.SIGNIFICANT),
        ("pneumothorax", Severity.SERIOUS),
        ("spinal_injury", Severity.SERIOUS),
    ],
)
def test_event_has_its_severity_class_and_a_source(code, severity):
    event = ADVERSE_EVENTS[code]
    assert event.severity is severity
    assert event.severity_sources


# Brady 2014 table (facts §4.1), one row each.
BRADY_TABLE = [
    ("bruising", "7.55", Frequency.COMMON),
    ("bleeding", "4.65", Frequency.COMMON),
    ("pain_during", "3.01", Frequency.COMMON),
    ("pain_after", "2.19", Frequency.COMMON),
    ("symptom_aggravation", "0.88", Frequency.UNCOMMON),
    ("drowsiness", "0.26", Frequency.UNCOMMON),
    ("headache", "0.14", Frequency.UNCOMMON),
    ("nausea", "0.13", Frequency.UNCOMMON),
    ("fatigue", "0.04", Frequency.RARE),
    ("altered_emotions", "0.04", Frequency.RARE),
    ("shaking", "0.01", Frequency.RARE),
    ("itching", "0.01", Frequency.RARE),
    ("claustrophobia", "0.01", Frequency.RARE),
    ("numbness", "0.01", Frequency.RARE),
]


@pytest.mark.parametrize(("code", "percent", "frequency"), BRADY_TABLE)
def test_brady_rate_is_transcribed(code, percent, frequency):
    (rate,) = [r for r in ADVERSE_EVENTS[code].rates if r.source == "brady_2014"]
    assert (rate.percent, rate.frequency) == (Decimal(percent), frequency)


@pytest.mark.parametrize(
    ("code", "percent"), [("bleeding", "16"), ("bruising", "7.7"), ("pain_during", "5.9")]
)
def test_boyce_rate_is_transcribed(code, percent):
    (rate,) = [r for r in ADVERSE_EVENTS[code].rates if r.source == "boyce_2020"]
    assert rate.percent == Decimal(percent)


def test_soreness_settles_by_72_hours_and_is_worst_at_once():
    course = ADVERSE_EVENTS["soreness"].course
    assert course is not None
    assert course.usual_resolution_h == SORENESS_USUAL_WINDOW_H == 72
    assert "straight after" in course.summary
    assert "24-48" not in course.summary


def test_bruising_duration_is_only_a_labelled_claim():
    course = ADVERSE_EVENTS["bruising"].course
    assert course is not None
    assert course.usual_resolution_h is None
    assert course.review_after_h == BRUISING_SAFETY_NET_H == 14 * 24
    assert [c.source for c in course.claims] == ["clinic_page_bruising_claim"]


def test_pneumothorax_warning_is_an_emergency():
    (feature,) = ADVERSE_EVENTS["pneumothorax"].warning_features
    assert feature.level is EMG
    assert "breathlessness" in feature.text


def report(symptom, trend=Trend.SAME, location=None):
    return SymptomReport(Symptom(symptom), trend, location=location)


# One row per check-in rule: hours, symptom, trend, needled muscles (None = not given), level.
CHECKIN_TABLE = [
    (24, "soreness", Trend.SAME, None, EXP),
    (72, "soreness", Trend.BETTER, None, EXP),
    (73, "soreness", Trend.BETTER, None, REV),
    (24, "soreness", Trend.WORSE, None, REV),
    (SORENESS_FOLLOW_UP_CEILING_H + 1, "soreness", Trend.BETTER, None, REV),
    (48, "bruising", Trend.SAME, None, EXP),
    (48, "bruising", Trend.WORSE, None, REV),
    (BRUISING_SAFETY_NET_H + 1, "bruising", Trend.BETTER, None, REV),
    (12, "drowsiness", Trend.SAME, None, EXP),
    (12, "nausea", Trend.WORSE, None, REV),
    (96, "fatigue", Trend.SAME, None, REV),
    (6, "headache", Trend.SAME, ("gluteus_medius",), EXP),
    (6, "headache", Trend.SAME, ("multifidus",), REV),
    (6, "headache", Trend.SAME, ("rotatores",), REV),
    (2, "bleeding", Trend.SAME, None, REV),
    (2, "faintness", Trend.SAME, None, REV),
    (24, "redness_at_site", Trend.SAME, None, REV),
    (24, "fever", Trend.SAME, None, URG),
    (24, "spreading_redness", Trend.SAME, None, URG),
    (24, "pus", Trend.SAME, None, URG),
    (3, "needle_fragment", Trend.SAME, None, URG),
    (3, "bladder_or_bowel_change", Trend.SAME, None, EMG),
    (5, "chest_pain", Trend.SAME, ("quadratus_lumborum",), EMG),
    (5, "breathlessness", Trend.SAME, ("iliocostalis_lumborum",), EMG),
    (5, "breathlessness", Trend.SAME, ("iliocostalis_thoracis",), EMG),
    (5, "chest_pain", Trend.SAME, None, EMG),
    (5, "breathlessness", Trend.SAME, ("biceps_femoris",), URG),
    (5, "breathlessness", Trend.SAME, ("psoas_major", "iliacus"), URG),
    (5, "chest_pain", Trend.SAME, ("rectus_abdominis",), EMG),
    (5, "other", Trend.SAME, None, REV),
]


@pytest.mark.parametrize(("hours", "symptom", "trend", "muscles", "level"), CHECKIN_TABLE)
def test_checkin_rule(hours, symptom, trend, muscles, level):
    escalation = assess_checkin(hours, [report(symptom, trend)], needled_muscles=muscles)

    assert escalation.level is level
    (reason,) = escalation.reasons
    assert reason.sources
    assert reason.text


# Numbness and weakness by where they are: hours, symptom, location, trend, needled muscles
# (None = not given), level. One row per rule.
NEURO_TABLE = [
    (3, "numbness_or_tingling", "saddle", Trend.SAME, ("gluteus_medius",), EMG),
    (3, "numbness_or_tingling", "both_legs", Trend.SAME, ("gluteus_medius",), EMG),
    (3, "leg_weakness", "both_legs", Trend.BETTER, ("gluteus_medius",), EMG),
    (3, "leg_weakness", "one_leg", Trend.SAME, ("gluteus_medius",), URG),
    (3, "leg_weakness", "one_leg", Trend.WORSE, ("gluteus_medius",), EMG),
    (3, "numbness_or_tingling", "one_leg", Trend.SAME, ("multifidus",), URG),
    (3, "numbness_or_tingling", "one_leg", Trend.SAME, None, URG),
    (3, "numbness_or_tingling", "one_leg", Trend.SAME, ("piriformis",), REV),
    (2, "numbness_or_tingling", "needle_site", Trend.SAME, ("multifidus",), REV),
]


@pytest.mark.parametrize(("hours", "symptom", "where", "trend", "muscles", "level"), NEURO_TABLE)
def test_numbness_and_weakness_are_graded_by_location(hours, symptom, where, trend, muscles, level):
    escalation = assess_checkin(
        hours, [report(symptom, trend, Location(where))], needled_muscles=muscles
    )

    assert escalation.level is level
    (reason,) = escalation.reasons
    assert reason.sources


def test_cauda_equina_signs_cite_the_bass_pathway():
    for where in ("saddle", "both_legs"):
        (reason,) = assess_checkin(3, [report("numbness_or_tingling", location=where)]).reasons
        assert "cornwall_bass_2018" in reason.sources


def test_every_symptom_has_a_rule():
    tabled = {row[1] for row in CHECKIN_TABLE} | {row[1] for row in NEURO_TABLE}
    assert tabled | {"symptom_aggravation", "itching"} == {s.value for s in Symptom}


@pytest.mark.parametrize("symptom", ["numbness_or_tingling", "leg_weakness"])
def test_numbness_and_weakness_must_say_where(symptom):
    with pytest.raises(ValueError, match=f"{symptom} needs a location"):
        SymptomReport(Symptom(symptom))


def test_unknown_location_is_named():
    with pytest.raises(UnknownCode, match="'elbow'"):
        SymptomReport(Symptom.NUMBNESS_OR_TINGLING, location="elbow")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("symptom", "where"),
    [("leg_weakness", "saddle"), ("leg_weakness", "needle_site"), ("soreness", "one_leg")],
)
def test_location_the_symptom_cannot_have_is_refused(symptom, where):
    with pytest.raises(ValueError, match=f"'{where}'"):
        SymptomReport(Symptom(symptom), location=Location(where))


def test_location_given_as_text_is_read():
    assert SymptomReport(Symptom.LEG_WEAKNESS, location="one_leg").location is Location.ONE_LEG  # type: ignore[arg-type]


def test_no_symptoms_is_expected():
    escalation = assess_checkin(24, [])
    assert (escalation.level, escalation.reasons) == (EXP, ())


def test_most_pressing_symptom_sets_the_level():
    escalation = assess_checkin(24, [report("soreness"), report("fever"), report("bruising")])
    assert escalation.level is URG
    assert [r.level for r in escalation.reasons] == [EXP, URG, EXP]


@pytest.mark.parametrize("hours", [-1, -0.5])
def test_negative_hours_are_named(hours):
    with pytest.raises(ValueError, match=str(hours)):
        assess_checkin(hours, [])


@pytest.mark.parametrize("hours", [math.nan, math.inf])
def test_non_finite_hours_are_refused(hours):
    with pytest.raises(ValueError, match="finite"):
        assess_checkin(hours, [])


@pytest.mark.parametrize("hours", ["24", True, None])
def test_non_numeric_hours_are_refused(hours):
    with pytest.raises(TypeError, match="hours_since_session"):
        assess_checkin(hours, [])


def test_unknown_symptom_is_named():
    with pytest.raises(UnknownCode, match="'hiccups'"):
        SymptomReport("hiccups")  # type: ignore[arg-type]


def test_unknown_trend_is_named():
    with pytest.raises(UnknownCode, match="'sideways'"):
        SymptomReport(Symptom.SORENESS, "sideways")  # type: ignore[arg-type]


@pytest.mark.parametrize("severity", [-1, 11, 2.5])
def test_severity_outside_0_to_10_is_named(severity):
    with pytest.raises(ValueError, match="severity"):
        SymptomReport(Symptom.SORENESS, severity=severity)


def test_region_is_checked():
    with pytest.raises(UnknownCode, match="'elbow'"):
        SymptomReport(Symptom.BRUISING, region="elbow")


def test_unknown_needled_muscle_is_named():
    with pytest.raises(UnknownCode, match="'deltoid'"):
        assess_checkin(1, [], needled_muscles=["deltoid"])


@pytest.mark.parametrize(
    ("retired", "level"), [("iliocostalis", EMG), ("multifidi", EMG), ("hamstrings", URG)]
)
def test_a_session_recorded_with_a_retired_code_reads_as_its_muscles(retired, level):
    escalation = assess_checkin(5, [report("chest_pain")], needled_muscles=[retired])
    assert escalation.level is level


def test_reports_must_be_symptom_reports():
    with pytest.raises(TypeError, match="SymptomReport"):
        assess_checkin(1, ["soreness"])  # type: ignore[list-item]


@given(st.floats(min_value=0, max_value=1000), st.sampled_from([Trend.BETTER, Trend.SAME]))
def test_soreness_is_expected_exactly_within_its_window(hours, trend):
    level = assess_checkin(hours, [report("soreness", trend)]).level
    assert (level is EXP) == (hours <= SORENESS_USUAL_WINDOW_H)


@given(st.floats(min_value=0, max_value=1000), st.floats(min_value=0, max_value=1000))
def test_later_checkins_are_never_less_pressing_for_soreness(a, b):
    early, late = sorted((a, b))
    level = lambda h: assess_checkin(h, [report("soreness")]).level.rank  # noqa: E731
    assert level(early) <= level(late)
