import pytest

from taut.clinical.errors import UnknownCode
from taut.clinical.red_flags import (
    BLOCKING_LEVELS,
    FLAGS,
    FOLLOW_UPS,
    INFL_FEATURES,
    RETIRED_QUESTIONS,
    RULES,
    ActionLevel,
    InvalidRedFlagAnswerError,
    Outcome,
    highest,
    question_text,
    questions,
    screen,
)

E, U, R, C = ActionLevel.EMERGENCY, ActionLevel.URGENT, ActionLevel.ROUTINE, ActionLevel.CONSIDER

# One row per row of the red-flag table (facts §2.1): the level a lone "yes" sets.
FLAG_TABLE = [
    ("CES-1", E),
    ("CES-2", E),
    ("CES-3", E),
    ("CES-4", E),
    ("CES-5", E),
    ("CES-6", E),
    ("MAL-1", U),
    ("MAL-2", C),
    ("MAL-3", U),
    ("MAL-4", U),
    ("MAL-5", U),
    ("INF-1", U),
    ("INF-2", C),
    ("INF-3", U),
    ("FX-1", U),
    ("FX-2", U),
    ("FX-3", U),
    ("INFL-1", None),
    ("INFL-2", C),
    ("NEURO-1", U),
    ("AAA-1", U),
]


def test_table_covers_every_flag():
    assert [code for code, _ in FLAG_TABLE] == list(FLAGS)


@pytest.mark.parametrize(("code", "level"), FLAG_TABLE)
def test_a_lone_yes_sets_the_tabled_level(code, level):
    triage = screen({code: True}, age_years=60)

    assert triage.level is level
    assert [f.code for f in triage.findings] == ([code] if level else [])


@pytest.mark.parametrize("code", list(FLAGS))
def test_every_flag_is_a_sourced_yes_no_question(code):
    flag = FLAGS[code]
    assert flag.question.endswith("?")
    assert flag.sources
    assert flag.suggests


# One row per combination rule: answers, age, the rule expected to fire, the level.
RULE_TABLE = [
    ("MAL-1+NEURO", {"MAL-1": True, "NEURO-1": True}, None, E),
    ("MAL-1+NEURO", {"MAL-1": True, "CES-6": True}, None, E),
    ("MAL-2+MALIGNANCY", {"MAL-2": True, "MAL-3": True}, 55, U),
    ("INF-2+SEVERE", {"INF-2": True, "INF-2-SEVERE-OR-CONSTANT": True}, None, U),
    ("INF-2+SEVERE", {"INF-2": True, "INF-1": True}, None, U),
    ("FX-1+NEURO", {"FX-1": True, "NEURO-1": True}, None, E),
    ("FX-1+MAJOR-TRAUMA", {"FX-1": True, "FX-1-MAJOR-TRAUMA": True}, None, E),
    ("NEURO-1+PROGRESSING", {"NEURO-1": True, "NEURO-1-PROGRESSING": True}, None, E),
    ("AAA-1+ACUTE", {"AAA-1": True, "AAA-1-ACUTE": True}, None, E),
    ("INFL-1-FOUR-FEATURES", {"INFL-1": True, **dict.fromkeys(INFL_FEATURES[:4], True)}, None, R),
    ("INFL-1-THREE-FEATURES", {"INFL-1": True, **dict.fromkeys(INFL_FEATURES[:3], True)}, None, C),
]


def test_rule_table_covers_every_rule():
    assert {row[0] for row in RULE_TABLE} == {rule.code for rule in RULES}


@pytest.mark.parametrize(("rule", "answers", "age", "level"), RULE_TABLE)
def test_combination_rule_fires_and_sets_the_level(rule, answers, age, level):
    triage = screen(answers, age_years=age)

    assert rule in [r.code for r in triage.rules_fired]
    assert triage.level is level


def test_infection_risk_factor_alone_stays_at_consider():
    triage = screen({"INF-2": True, "INF-2-SEVERE-OR-CONSTANT": False})
    assert triage.level is C
    assert triage.rules_fired == ()


@pytest.mark.parametrize(
    ("age", "level"),
    [(60, C), (51, C), (50, None), (35, None), (20, None), (19, C)],
)
def test_new_pain_counts_only_outside_ages_20_to_50(age, level):
    assert screen({"MAL-2": True}, age_years=age).level is level


def test_new_pain_without_an_age_asks_for_the_age():
    triage = screen({"MAL-2": True})

    assert triage.level is None
    assert "age_years" in triage.unanswered


@pytest.mark.parametrize(
    ("features", "level"), [(0, None), (2, None), (3, C), (4, R), (7, R), (9, R)]
)
def test_spondyloarthritis_features_are_counted(features, level):
    answers = {"INFL-1": True, **{f: i < features for i, f in enumerate(INFL_FEATURES)}}
    assert screen(answers).level is level


def test_nice_ng65_counts_nine_criteria_separately():
    assert len(INFL_FEATURES) == 9
    assert {"INFL-1-ARTHRITIS", "INFL-1-ENTHESITIS", "INFL-1-PSORIASIS"} <= set(INFL_FEATURES)
    assert all(FOLLOW_UPS[code].parents == ("INFL-1",) for code in INFL_FEATURES)


@pytest.mark.parametrize(
    ("positive", "level"),
    [
        # arthritis, enthesitis and psoriasis count as three, not one
        (["INFL-1-ARTHRITIS", "INFL-1-ENTHESITIS", "INFL-1-PSORIASIS"], C),
        (["INFL-1-ARTHRITIS", "INFL-1-ENTHESITIS", "INFL-1-PSORIASIS", "INFL-1-BUTTOCK-PAIN"], R),
        (["INFL-1-PSORIASIS", "INFL-1-BUTTOCK-PAIN"], None),
    ],
)
def test_arthritis_enthesitis_and_psoriasis_each_count(positive, level):
    answers = {"INFL-1": True, **{f: f in positive for f in INFL_FEATURES}}
    assert screen(answers).level is level


def test_retired_question_still_reads_in_words():
    code = "INFL-1-ARTHRITIS-ENTHESITIS-PSORIASIS"

    assert "psoriasis" in question_text(code)
    assert code in RETIRED_QUESTIONS
    assert code not in questions()


def test_retired_question_is_refused_by_the_screen():
    with pytest.raises(UnknownCode, match="'INFL-1-ARTHRITIS-ENTHESITIS-PSORIASIS'"):
        screen({"INFL-1": True, "INFL-1-ARTHRITIS-ENTHESITIS-PSORIASIS": True})


@pytest.mark.parametrize("code", ["CES-1", "INFL-1-PSORIASIS"])
def test_question_text_of_current_codes(code):
    assert question_text(code).endswith("?")


def test_question_text_names_an_unknown_code():
    with pytest.raises(UnknownCode, match="'CES-9'"):
        question_text("CES-9")


def test_retired_codes_are_not_current_codes():
    assert not set(RETIRED_QUESTIONS) & set(questions())


@pytest.mark.parametrize(("level", "blocks"), [(E, True), (U, True), (R, False), (C, False)])
def test_emergency_and_urgent_block_needling(level, blocks):
    assert (level in BLOCKING_LEVELS) is blocks


def test_features_without_the_gate_do_not_count():
    assert screen(dict.fromkeys(INFL_FEATURES, True)).level is None


def test_follow_up_without_its_parent_is_ignored():
    assert screen({"NEURO-1": False, "NEURO-1-PROGRESSING": True}).level is None


def test_all_no_is_a_complete_screen_with_no_flags_reported():
    triage = screen(dict.fromkeys(FLAGS, False))

    assert triage.outcome is Outcome.NO_FLAGS_REPORTED
    assert triage.level is None
    assert triage.complete
    assert triage.summary == "No red flags reported (screen complete)"
    assert "safe" not in triage.summary.lower()


def test_empty_answers_are_an_incomplete_screen():
    triage = screen({})

    assert not triage.complete
    assert triage.unanswered == tuple(FLAGS)
    assert "incomplete" in triage.summary


def test_follow_ups_of_a_positive_flag_must_be_answered():
    answers = {**dict.fromkeys(FLAGS, False), "NEURO-1": True}
    assert screen(answers).unanswered == ("NEURO-1-PROGRESSING",)


def test_highest_level_wins_and_every_finding_is_kept():
    triage = screen({"CES-3": True, "MAL-3": True, "INFL-2": True})

    assert triage.level is E
    assert [f.code for f in triage.findings] == ["CES-3", "MAL-3", "INFL-2"]
    assert triage.outcome is Outcome.FLAGS_REPORTED


def test_unknown_code_is_named():
    with pytest.raises(UnknownCode, match="'CES-9'"):
        screen({"CES-9": True})


@pytest.mark.parametrize("value", ["yes", 1, 0])
def test_non_boolean_answer_is_named(value):
    with pytest.raises(InvalidRedFlagAnswerError, match="CES-1"):
        screen({"CES-1": value})


@pytest.mark.parametrize("age", [-1, 131, 45.5, True])
def test_impossible_age_is_named(age):
    with pytest.raises(InvalidRedFlagAnswerError, match="age_years"):
        screen({}, age_years=age)


def test_levels_are_ordered():
    assert E.rank > U.rank > R.rank > C.rank
    assert highest([C, U, R]) is U
    assert highest([]) is None


def test_questions_lists_flags_then_follow_ups():
    assert questions() == (*FLAGS, *FOLLOW_UPS)
    assert all(FOLLOW_UPS[c].question.endswith("?") for c in FOLLOW_UPS)
