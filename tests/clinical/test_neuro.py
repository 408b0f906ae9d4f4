"""The neurological screen: the root table, the SLR range and what findings suggest."""

import pytest

from taut.clinical.neuro import (
    REFLEXES,
    ROOTS,
    Code,
    Level,
    NeuroExam,
    ReflexGrade,
    Sensation,
    Side,
    SideExam,
    Slump,
    Strength,
    exam_from,
    exam_to,
    interpret,
    slr_positive,
)
from taut.clinical.sources import SOURCES


@pytest.mark.parametrize(
    ("level", "movement", "reflex"),
    [
        (Level.L2, "Hip flexion", None),
        (Level.L3, "Knee extension", None),
        (Level.L4, "Ankle dorsiflexion", "patellar"),
        (Level.L5, "Great toe extension", "medial_hamstring"),
        (Level.S1, "Ankle plantar flexion (and eversion)", "achilles"),
    ],
)
def test_each_root_has_its_key_movement_and_reflex(level, movement, reflex):
    root = ROOTS[level]
    assert (root.movement, root.reflex) == (movement, reflex)
    assert all(key in SOURCES for key in root.sources)


def test_reflexes_point_at_their_root():
    assert dict(REFLEXES) == {
        "patellar": Level.L4,
        "medial_hamstring": Level.L5,
        "achilles": Level.S1,
    }


@pytest.mark.parametrize(
    ("angle", "positive"),
    [
        (None, False),
        (0, False),
        (29, False),
        (30, True),
        (45, True),
        (70, True),
        (71, False),
        (90, False),
    ],
)
def test_the_slr_is_positive_for_leg_pain_between_30_and_70_degrees(angle, positive):
    assert slr_positive(angle) is positive


@pytest.mark.parametrize("angle", [-1, 121])
def test_an_impossible_angle_is_refused(angle):
    with pytest.raises(ValueError, match="0 to 120"):
        slr_positive(angle)


def left(**kwargs):
    return NeuroExam(left=SideExam(**kwargs))


def codes(exam):
    return [(f.code, f.side, f.levels, f.urgent) for f in interpret(exam)]


L = Side.LEFT
R = Side.RIGHT


@pytest.mark.parametrize(
    ("exam", "expected"),
    [
        (NeuroExam(), [(Code.NOT_EXAMINED, None, (), False)]),
        (
            left(slr_tested=True, strength={Level.L5: Strength.NORMAL}),
            [(Code.NO_SIGNS, None, (), False)],
        ),
        (
            left(slr_tested=True, slr_leg_pain_at_deg=45, strength={Level.L5: Strength.WEAK}),
            [(Code.ROOT_SUGGESTED, L, (Level.L5,), False)],
        ),
        (
            left(slump=Slump.POSITIVE, reflexes={"achilles": ReflexGrade.ABSENT}),
            [(Code.ROOT_SUGGESTED, L, (Level.S1,), False)],
        ),
        (
            left(crossed_slr=True, sensation={Level.L4: Sensation.REDUCED}),
            [(Code.ROOT_SUGGESTED, L, (Level.L4,), False)],
        ),
        (
            left(slr_tested=True, slr_leg_pain_at_deg=50),
            [(Code.TENSION_SIGN, L, (), False)],
        ),
        (
            left(strength={Level.L5: Strength.WEAK}, sensation={Level.L5: Sensation.REDUCED}),
            [(Code.ONE_ROOT_DEFICIT, L, (Level.L5,), False)],
        ),
        (
            left(slr_tested=True, slr_leg_pain_at_deg=80),
            [(Code.SLR_PAIN_OUTSIDE_RANGE, L, (), False)],
        ),
        (
            left(
                slr_tested=True,
                slr_leg_pain_at_deg=40,
                strength={Level.L4: Strength.WEAK, Level.S1: Strength.WEAK},
            ),
            [(Code.REFER_URGENTLY, L, (Level.L4, Level.S1), True)],
        ),
        (
            NeuroExam(
                left=SideExam(strength={Level.L5: Strength.WEAK}),
                right=SideExam(sensation={Level.S1: Sensation.REDUCED}),
            ),
            [(Code.REFER_URGENTLY, None, (Level.L5, Level.S1), True)],
        ),
        (
            left(reflexes={"patellar": ReflexGrade.BRISK}),
            [(Code.BRISK_REFLEX, L, (Level.L4,), True)],
        ),
        (
            NeuroExam(right=SideExam(slump=Slump.POSITIVE)),
            [(Code.TENSION_SIGN, R, (), False)],
        ),
    ],
)
def test_what_the_findings_suggest(exam, expected):
    assert codes(exam) == expected


def test_a_tension_sign_on_one_side_does_not_join_a_deficit_on_the_other():
    exam = NeuroExam(
        left=SideExam(slr_tested=True, slr_leg_pain_at_deg=40),
        right=SideExam(strength={Level.L5: Strength.WEAK}),
    )

    assert [f.code for f in interpret(exam)] == [Code.TENSION_SIGN, Code.ONE_ROOT_DEFICIT]


def test_an_unknown_reflex_is_refused():
    with pytest.raises(ValueError, match="unknown reflex"):
        interpret(left(reflexes={"biceps": ReflexGrade.NORMAL}))


def test_every_finding_cites_known_sources():
    exam = left(slr_tested=True, slr_leg_pain_at_deg=45, strength={Level.L5: Strength.WEAK})
    for finding in interpret(exam):
        assert finding.sources
        assert all(key in SOURCES for key in finding.sources)


def test_a_stored_screen_reads_back_the_same():
    exam = NeuroExam(
        left=SideExam(
            slr_tested=True,
            slr_leg_pain_at_deg=45,
            crossed_slr=False,
            slump=Slump.POSITIVE,
            strength={Level.L5: Strength.WEAK},
            sensation={Level.L5: Sensation.REDUCED},
            reflexes={"achilles": ReflexGrade.NORMAL},
        ),
        right=SideExam(slr_tested=True),
    )

    assert exam_from(exam_to(exam)) == exam


@pytest.mark.parametrize(
    "stored",
    [
        {"left": {"slr_leg_pain_at_deg": 200}},
        {"left": {"slr_leg_pain_at_deg": "45"}},
        {"left": {"slump": "maybe"}},
        {"right": {"strength": {"L9": "weak"}}},
        {"right": {"reflexes": {"biceps": "normal"}}},
        {"right": {"crossed_slr": "yes"}},
        {"left": "everything fine"},
        {"left": {"strength": 5}},
        ["left"],
    ],
)
def test_a_stored_screen_with_impossible_values_is_refused(stored):
    with pytest.raises(ValueError, match="."):
        exam_from(stored)
