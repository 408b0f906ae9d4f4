from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taut.clinical.errors import UnknownCode
from taut.clinical.instruments import (
    INSTRUMENTS,
    MEASURES,
    DisabilityBand,
    Flag,
    InstrumentCode,
    InvalidAnswer,
    KinesiophobiaLevel,
    PainCategory,
    StartBackRisk,
    Unscorable,
    convert_pressure,
    get,
    score,
)

# --- NPRS -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "category"),
    [
        (0, PainCategory.NONE),
        (1, PainCategory.MILD),
        (3, PainCategory.MILD),
        (4, PainCategory.MODERATE),
        (6, PainCategory.MODERATE),
        (7, PainCategory.SEVERE),
        (10, PainCategory.SEVERE),
    ],
)
def test_nprs_category(rating: int, category: PainCategory) -> None:
    result = score("nprs", [rating])

    assert result.value == Decimal(rating)
    assert result.category is category


@pytest.mark.parametrize("bad", [-1, 11, 2.5, "3", True])
def test_nprs_rejects_bad_rating_by_value(bad: object) -> None:
    with pytest.raises(InvalidAnswer, match=r"nprs item 1: .*" + repr(bad).replace(".", r"\.")):
        score("nprs", [bad])  # type: ignore[list-item]


def test_nprs_unanswered_is_unscorable() -> None:
    with pytest.raises(Unscorable, match="item.*1"):
        score("nprs", [None])


# --- ODI ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "sections", "expected"),
    [
        ("all zero", [0] * 10, Decimal("0.0")),
        ("all five", [5] * 10, Decimal("100.0")),
        ("sum 16 of 10 sections", [2, 2, 2, 2, 2, 2, 2, 1, 1, 0], Decimal("32.0")),
        (
            "sum 16 of 9 sections (published 35.5, rounded half up)",
            [2] * 8 + [None, 0],
            Decimal("35.6"),
        ),
        ("two unanswered", [5] * 8 + [None, None], Decimal("100.0")),
        ("nine answered, sum 1", [1] + [0] * 8 + [None], Decimal("2.2")),
    ],
)
def test_odi_value(_case: str, sections: list[int | None], expected: Decimal) -> None:
    assert score("odi", sections).value == expected


@pytest.mark.parametrize(
    ("value_sections", "band"),
    [
        ([2] * 5 + [0] * 5, DisabilityBand.MINIMAL),  # 20.0
        ([3] + [2] * 4 + [0] * 5, DisabilityBand.MODERATE),  # 22.0
        ([4] * 5 + [0] * 5, DisabilityBand.MODERATE),  # 40.0
        ([4] * 5 + [1] + [0] * 4, DisabilityBand.SEVERE),  # 42.0
        ([3] * 10, DisabilityBand.SEVERE),  # 60.0
        ([4] * 10, DisabilityBand.CRIPPLED),  # 80.0
        ([4] * 9 + [5], DisabilityBand.BED_BOUND),  # 82.0
    ],
)
def test_odi_band_per_published_row(value_sections: list[int], band: DisabilityBand) -> None:
    assert score("odi", value_sections).category is band


def test_odi_value_between_bands_goes_to_the_higher_band() -> None:
    # 37 / 45 = 82.2 with one section missing; 9 / 45 = 20.0; 19/45 = 42.2
    assert score("odi", [1, 1, 1, 1, 1, 1, 1, 1, 1, None]).value == Decimal("20.0")
    result = score("odi", [5, 5, 5, 5, 4, 4, 4, 3, 2, None])
    assert result.value == Decimal("82.2")
    assert result.category is DisabilityBand.BED_BOUND


def test_odi_top_band_label_mentions_exaggeration() -> None:
    assert DisabilityBand.BED_BOUND.label == "bed-bound or exaggerating symptoms"


@pytest.mark.parametrize(
    ("missing", "flags"),
    [
        (0, ()),
        (1, (Flag.ITEMS_MISSING,)),
        (2, (Flag.ITEMS_MISSING, Flag.MANY_ITEMS_MISSING)),
    ],
)
def test_odi_flags_missing_sections(missing: int, flags: tuple[Flag, ...]) -> None:
    result = score("odi", [1] * (10 - missing) + [None] * missing)

    assert result.flags == flags
    assert result.answered == 10 - missing


def test_odi_refuses_three_missing_sections_naming_them() -> None:
    with pytest.raises(Unscorable, match=r"3 sections unanswered \(8, 9, 10\)"):
        score("odi", [1] * 7 + [None] * 3)


@pytest.mark.parametrize("size", [9, 11, 0])
def test_odi_refuses_wrong_number_of_sections(size: int) -> None:
    with pytest.raises(InvalidAnswer, match=f"expected 10 answers, got {size}"):
        score("odi", [0] * size)


def test_odi_names_out_of_range_section() -> None:
    with pytest.raises(InvalidAnswer, match=r"odi item 4: 6 is outside 0-5"):
        score("odi", [0, 0, 0, 6, 0, 0, 0, 0, 0, 0])


# --- RMDQ -----------------------------------------------------------------------------------


def test_rmdq_counts_ticks_given_as_booleans_or_numbers() -> None:
    answers: list[int | bool | None] = [True] * 5 + [1] * 3 + [False] * 8 + [0] * 8

    assert score("rmdq", answers).value == Decimal(8)


def test_rmdq_blank_item_counts_as_not_ticked_and_is_flagged() -> None:
    result = score("rmdq", [1] * 10 + [None] * 14)

    assert result.value == Decimal(10)
    assert result.answered == 10
    assert result.flags == (Flag.ITEMS_MISSING,)


def test_rmdq_empty_form_is_unscorable() -> None:
    with pytest.raises(Unscorable, match="no item recorded"):
        score("rmdq", [None] * 24)


def test_rmdq_rejects_a_two() -> None:
    with pytest.raises(InvalidAnswer, match=r"rmdq item 24: 2 is outside 0-1"):
        score("rmdq", [0] * 23 + [2])


# --- TSK ------------------------------------------------------------------------------------


def test_tsk17_reverses_items_4_8_12_16() -> None:
    answers = [1] * 17
    for n in (4, 8, 12, 16):
        answers[n - 1] = 4

    assert score("tsk17", answers).value == Decimal(17)


@pytest.mark.parametrize(
    ("total_raw", "level"),
    [(37, KinesiophobiaLevel.LOW), (38, KinesiophobiaLevel.HIGH)],
)
def test_tsk17_cut_off_is_above_37(total_raw: int, level: KinesiophobiaLevel) -> None:
    # reversed items answered 4 score 1 each; the other 13 items carry the rest
    answers = [4 if n in (4, 8, 12, 16) else 1 for n in range(1, 18)]
    extra = total_raw - 17
    for i in [i for i in range(17) if i + 1 not in (4, 8, 12, 16)]:
        step = min(3, extra)
        answers[i] += step
        extra -= step

    result = score("tsk17", answers)

    assert result.value == Decimal(total_raw)
    assert result.category is level


def test_tsk17_refuses_blank_items() -> None:
    with pytest.raises(Unscorable, match="unanswered item.*: 3"):
        score("tsk17", [2, 2, None] + [2] * 14)


def test_tsk11_sums_without_reversal() -> None:
    result = score("tsk11", [4] * 11)

    assert result.value == Decimal(44)
    assert result.category is None


def test_tsk11_keeps_woby_items() -> None:
    labels = [item.label for item in get("tsk11").items]
    tsk17 = [item.label for item in get("tsk17").items]

    assert labels == [tsk17[n - 1] for n in (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)]
    assert not any(item.reverse_scored for item in get("tsk11").items)


# --- PSFS -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([5], Decimal("5.0")),
        ([3, 4], Decimal("3.5")),
        ([1, 2, 2], Decimal("1.7")),
        ([10] * 5, Decimal("10.0")),
    ],
)
def test_psfs_is_the_mean_to_one_decimal(ratings: list[int], expected: Decimal) -> None:
    assert score("psfs", ratings).value == expected


def test_psfs_refuses_six_activities() -> None:
    with pytest.raises(InvalidAnswer, match="at most 5 answers, got 6"):
        score("psfs", [5] * 6)


def test_psfs_with_no_activity_is_wrongly_sized() -> None:
    with pytest.raises(InvalidAnswer, match="expected 1 to 5 answers, got 0"):
        score("psfs", [])


def test_psfs_with_an_unrated_activity_is_unscorable() -> None:
    with pytest.raises(Unscorable, match="unanswered item"):
        score("psfs", [6, None])


def test_psfs_is_higher_better() -> None:
    assert INSTRUMENTS[InstrumentCode.PSFS].higher_is_better is True


# --- STarT Back -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "answers", "total", "subscale", "risk"),
    [
        ("nothing", [0] * 8 + [0], 0, 0, StartBackRisk.LOW),
        ("total 3 physical", [1, 1, 1, 0, 0, 0, 0, 0, 0], 3, 0, StartBackRisk.LOW),
        ("total 4, subscale 1", [1, 1, 1, 0, 1, 0, 0, 0, 0], 4, 1, StartBackRisk.MEDIUM),
        ("total 7, subscale 3", [1, 1, 1, 1, 1, 1, 1, 0, 2], 7, 3, StartBackRisk.MEDIUM),
        ("subscale 4", [0, 0, 0, 0, 1, 1, 1, 1, 0], 4, 4, StartBackRisk.HIGH),
        ("all positive", [1] * 8 + [4], 9, 5, StartBackRisk.HIGH),
    ],
)
def test_startback_risk(
    _case: str, answers: list[int], total: int, subscale: int, risk: StartBackRisk
) -> None:
    result = score("startback", answers)

    assert result.value == Decimal(total)
    assert result.subscales["psychosocial"] == Decimal(subscale)
    assert result.category is risk


@pytest.mark.parametrize(("item9", "points"), [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1)])
def test_startback_item_9_counts_only_very_much_or_extremely(item9: int, points: int) -> None:
    assert score("startback", [0] * 8 + [item9]).value == Decimal(points)


def test_startback_item_9_rejects_five() -> None:
    with pytest.raises(InvalidAnswer, match="startback item 9: 5 is outside 0-4"):
        score("startback", [0] * 8 + [5])


def test_startback_refuses_a_blank_item() -> None:
    with pytest.raises(Unscorable, match="7"):
        score("startback", [0] * 6 + [None] + [0, 0])


# --- Definitions ----------------------------------------------------------------------------


def test_unknown_instrument_is_named() -> None:
    with pytest.raises(UnknownCode, match="'sf36'"):
        score("sf36", [1])


def test_answers_must_be_a_list() -> None:
    with pytest.raises(InvalidAnswer, match="must be a list"):
        score("nprs", "5")


@pytest.mark.parametrize("code", list(InstrumentCode))
def test_every_instrument_has_labels_licence_and_sources(code: InstrumentCode) -> None:
    instrument = INSTRUMENTS[code]

    assert instrument.licence
    assert instrument.version
    assert instrument.sources
    assert all(item.label and len(item.label.split()) <= 6 for item in instrument.items)
    assert [item.number for item in instrument.items] == list(range(1, len(instrument.items) + 1))


def test_only_verified_loinc_codes_are_shipped() -> None:
    shipped = {code: (i.loinc_panel, i.loinc_score) for code, i in INSTRUMENTS.items()}

    assert shipped == {
        InstrumentCode.NPRS: (None, "72514-3"),
        InstrumentCode.ODI: ("97908-8", "97909-6"),
        InstrumentCode.RMDQ: (None, None),
        InstrumentCode.TSK17: (None, None),
        InstrumentCode.TSK11: (None, None),
        InstrumentCode.PSFS: (None, None),
        InstrumentCode.STARTBACK: ("91349-1", "91351-7"),
    }
    assert [item.loinc for item in get("startback").items][0] == "91340-0"
    assert [item.loinc for item in get("startback").items][-1] == "91348-3"


# --- Pressure -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (Decimal(1), "kg/cm2", "kPa", Decimal("98.0665")),
        (Decimal("98.0665"), "kPa", "kg/cm2", Decimal(1)),
        (Decimal(1), "N/cm2", "kPa", Decimal(10)),
        (Decimal("4.5"), "kg/cm2", "kg/cm2", Decimal("4.5")),
    ],
)
def test_convert_pressure(value: Decimal, source: str, target: str, expected: Decimal) -> None:
    assert convert_pressure(value, source, target) == expected


def test_convert_pressure_rejects_negative_reading() -> None:
    with pytest.raises(ValueError, match="-1"):
        convert_pressure(Decimal(-1), "kPa", "kg/cm2")


def test_convert_pressure_names_unknown_unit() -> None:
    with pytest.raises(UnknownCode, match="'psi'"):
        convert_pressure(Decimal(1), "kPa", "psi")


def test_clinician_measures_have_units() -> None:
    assert {m.unit for m in MEASURES.values()} == {"kPa", "cm"}


# --- Properties -----------------------------------------------------------------------------


@st.composite
def odi_answers(draw: st.DrawFn) -> list[int | None]:
    answers: list[int | None] = list(draw(st.lists(st.integers(0, 5), min_size=10, max_size=10)))
    for i in draw(st.sets(st.integers(0, 9), max_size=2)):
        answers[i] = None
    return answers


@given(odi_answers())
def test_odi_is_always_within_0_and_100(answers: list[int | None]) -> None:
    value = score("odi", answers).value
    assert Decimal(0) <= value <= Decimal(100)
    assert value == value.quantize(Decimal("0.1"))


@given(odi_answers(), st.integers(0, 9))
def test_raising_an_odi_section_never_lowers_the_score(answers: list[int | None], i: int) -> None:
    if answers[i] is None or answers[i] == 5:
        return
    raised = list(answers)
    raised[i] = answers[i] + 1  # type: ignore[operator]
    assert score("odi", raised).value >= score("odi", answers).value


@given(st.lists(st.booleans(), min_size=24, max_size=24), st.integers(0, 23))
def test_ticking_an_rmdq_item_adds_one(answers: list[bool], i: int) -> None:
    ticked = list(answers)
    ticked[i] = True
    expected = score("rmdq", answers).value + (0 if answers[i] else 1)
    assert score("rmdq", ticked).value == expected


tsk17_answers = st.lists(st.integers(1, 4), min_size=17, max_size=17)


@given(tsk17_answers)
def test_tsk17_is_within_17_and_68(answers: list[int]) -> None:
    assert Decimal(17) <= score("tsk17", answers).value <= Decimal(68)


@given(tsk17_answers, st.integers(0, 16))
def test_agreeing_more_moves_tsk17_up_except_on_reversed_items(answers: list[int], i: int) -> None:
    if answers[i] == 4:
        return
    raised = list(answers)
    raised[i] += 1
    before, after = score("tsk17", answers).value, score("tsk17", raised).value
    if i + 1 in (4, 8, 12, 16):
        assert after == before - 1
    else:
        assert after == before + 1


@given(st.lists(st.integers(1, 4), min_size=11, max_size=11))
def test_tsk11_is_within_11_and_44(answers: list[int]) -> None:
    assert Decimal(11) <= score("tsk11", answers).value <= Decimal(44)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=5))
def test_psfs_mean_is_within_its_ratings(ratings: list[int]) -> None:
    value = score("psfs", ratings).value
    assert Decimal(min(ratings)) <= value <= Decimal(max(ratings))


@given(st.lists(st.integers(0, 1), min_size=8, max_size=8), st.integers(0, 4))
def test_startback_subscale_never_exceeds_total(items: list[int], item9: int) -> None:
    result = score("startback", [*items, item9])
    assert result.subscales["psychosocial"] <= result.value <= Decimal(9)
    if result.category is StartBackRisk.HIGH:
        assert result.value >= 4
