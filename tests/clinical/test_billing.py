import pytest

from taut.clinical.billing import (
    AcupunctureUnit,
    acupuncture_billing,
    acupuncture_codes,
    dry_needling_code,
    session_codes,
    uniform_units,
)
from taut.clinical.errors import UnknownCode

PLAIN = AcupunctureUnit()  # first unit without stimulation
STIM = AcupunctureUnit(estim=True)
NEW = AcupunctureUnit(new_needles=True)  # add-on, new needles, no stimulation
NEW_STIM = AcupunctureUnit(estim=True, new_needles=True)


@pytest.mark.parametrize(
    ("_case", "muscles", "expected"),
    [
        ("nothing needled", [], None),
        ("one muscle", [("quadratus_lumborum", "left")], "20560"),
        ("one muscle, many insertions", [("gluteus_medius", "right")] * 5, "20560"),
        (
            "right and left of one muscle",
            ["quadratus_lumborum:left", "quadratus_lumborum:right"],
            "20560",
        ),
        (
            "both sides plus a third muscle",
            ["quadratus_lumborum:left", "quadratus_lumborum:right", "piriformis:left"],
            "20561",
        ),
        (
            "three muscles on one side",
            ["multifidus:left", "rectus_abdominis:left", "psoas_major:left"],
            "20561",
        ),
        ("two muscles", [("piriformis", "left"), ("gluteus_maximus", "left")], "20560"),
    ],
)
def test_dry_needling_code(_case: str, muscles: list[object], expected: str | None) -> None:
    assert dry_needling_code(muscles) == expected


@pytest.mark.parametrize(
    "bad",
    [
        ("piriformis", "both"),
        ("", "left"),
        42,
        ("piriformis",),
        "piriformis:middle",
        ("piriformis", ["left"]),
    ],
)
def test_malformed_muscle_is_named(bad: object) -> None:
    with pytest.raises(ValueError, match="got"):
        dry_needling_code([bad])


@pytest.mark.parametrize("entry", ["piriformis", ("piriformis", None)])
def test_a_muscle_needs_its_side(entry: object) -> None:
    with pytest.raises(ValueError, match="'piriformis' needs its side"):
        dry_needling_code([entry])


@pytest.mark.parametrize("entry", ["deltoid:left", ("paraspinals", "right")])
def test_unknown_muscle_is_named(entry: object) -> None:
    with pytest.raises(UnknownCode, match="'deltoid'|'paraspinals'"):
        dry_needling_code([entry])


@pytest.mark.parametrize(
    ("_case", "muscles", "expected"),
    [
        ("two hamstrings on one side", ["semitendinosus:left", "biceps_femoris:left"], "20560"),
        (
            "three hamstrings on one side",
            ["semitendinosus:left", "semimembranosus:left", "biceps_femoris:left"],
            "20561",
        ),
        ("psoas and iliacus", ["psoas_major:right", "iliacus:right"], "20560"),
        ("multifidus and rotatores, both sides", ["multifidus:left", "rotatores:right"], "20560"),
        (
            "both iliocostalis and multifidus",
            ["iliocostalis_lumborum:left", "iliocostalis_thoracis:left", "multifidus:left"],
            "20561",
        ),
    ],
)
def test_split_muscles_count_one_each(_case: str, muscles: list[object], expected: str) -> None:
    assert dry_needling_code(muscles) == expected


@pytest.mark.parametrize("retired", ["hamstrings", "iliocostalis", "multifidi", "iliopsoas"])
def test_retired_group_codes_are_refused(retired: str) -> None:
    with pytest.raises(UnknownCode, match=f"'{retired}'"):
        dry_needling_code([(retired, "left")])


def test_session_codes_validate_muscles_even_with_acupuncture() -> None:
    with pytest.raises(UnknownCode, match="'deltoid'"):
        session_codes(muscles=["deltoid:left"], acupuncture_minutes=20, acupuncture_units=[PLAIN])


@pytest.mark.parametrize(
    ("minutes", "time_units"),
    [(0, 0), (7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4), (67, 4)],
)
def test_midpoint_rule_units(minutes: int, time_units: int) -> None:
    assert acupuncture_billing(minutes, [NEW] * 5).time_units == time_units


# Unit by unit: minutes, the units in order, the codes.
UNIT_TABLE = [
    ("under 8 minutes", 7, [], []),
    ("one unit, no stimulation", 8, [PLAIN], [("97810", 1)]),
    ("one unit, stimulation", 22, [STIM], [("97813", 1)]),
    ("stimulation only in the second unit", 30, [PLAIN, NEW_STIM], [("97810", 1), ("97814", 1)]),
    ("stimulation only in the first unit", 30, [STIM, NEW], [("97813", 1), ("97811", 1)]),
    ("stimulation throughout", 23, [STIM, NEW_STIM], [("97813", 1), ("97814", 1)]),
    ("no stimulation, 3 units", 45, [PLAIN, NEW, NEW], [("97810", 1), ("97811", 2)]),
    (
        "mixed add-ons",
        53,
        [PLAIN, NEW_STIM, NEW, NEW_STIM],
        [("97810", 1), ("97814", 2), ("97811", 1)],
    ),
    ("add-on without new needles", 30, [PLAIN, STIM], [("97810", 1)]),
    ("a described unit past the time", 35, [PLAIN, NEW, NEW_STIM], [("97810", 1), ("97811", 1)]),
]


@pytest.mark.parametrize(("_case", "minutes", "units", "expected"), UNIT_TABLE)
def test_each_unit_is_coded_by_its_own_stimulation(
    _case: str, minutes: int, units: list[AcupunctureUnit], expected: list[tuple[str, int]]
) -> None:
    assert acupuncture_codes(minutes, units) == expected


def test_add_on_units_need_new_needles() -> None:
    billing = acupuncture_billing(40, [PLAIN, PLAIN, PLAIN])

    assert billing.codes == (("97810", 1),)
    assert billing.time_units == 3
    assert billing.billed_units == 1
    assert "unit 3 not billed" in billing.reasons[-1]


def test_reasons_name_the_stimulated_unit() -> None:
    billing = acupuncture_billing(30, [PLAIN, NEW_STIM])

    assert "unit 2 used electrical stimulation: 97814" in billing.reasons


def test_every_unit_the_time_supports_must_be_described() -> None:
    with pytest.raises(ValueError, match="supports 2 unit"):
        acupuncture_billing(30, [PLAIN])


@pytest.mark.parametrize(("minutes", "units"), [(-1, []), (12.5, [PLAIN]), (True, [PLAIN])])
def test_bad_minutes_are_named(minutes: object, units: list[AcupunctureUnit]) -> None:
    with pytest.raises(ValueError, match="got"):
        acupuncture_codes(minutes, units)  # type: ignore[arg-type]


@pytest.mark.parametrize("units", ["xx", [("estim", True)], None])
def test_units_must_be_acupuncture_units(units: object) -> None:
    with pytest.raises(ValueError, match="AcupunctureUnit"):
        acupuncture_codes(20, units)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["estim", "new_needles"])
def test_unit_flags_must_be_boolean(field: str) -> None:
    with pytest.raises(ValueError, match="'yes'"):
        AcupunctureUnit(**{field: "yes"})  # type: ignore[arg-type]


def test_uniform_units_put_new_needles_in_the_first_add_ons() -> None:
    assert uniform_units(3, estim=True, reinsertions=1) == (
        AcupunctureUnit(estim=True),
        AcupunctureUnit(estim=True, new_needles=True),
        AcupunctureUnit(estim=True),
    )


def test_dry_needling_alone_is_one_code() -> None:
    coding = session_codes(muscles=["piriformis:left"])

    assert coding.codes == (("20560", 1),)


def test_acupuncture_replaces_dry_needling_in_the_same_encounter() -> None:
    coding = session_codes(
        muscles=["piriformis:left"] * 3, acupuncture_minutes=20, acupuncture_units=[PLAIN]
    )

    assert coding.codes == (("97810", 1),)
    assert "not reported with acupuncture" in coding.reasons[-1]
    assert coding.needs_review is False


def test_session_codes_unit_by_unit() -> None:
    coding = session_codes(acupuncture_minutes=30, acupuncture_units=[PLAIN, NEW_STIM])

    assert coding.codes == (("97810", 1), ("97814", 1))


@pytest.mark.parametrize(
    ("estim", "reinsertions", "expected"),
    [
        (None, None, (("97810", 1),)),
        (True, 1, (("97813", 1), ("97814", 1))),
        (False, 1, (("97810", 1), ("97811", 1))),
    ],
)
def test_session_codes_shorthand_for_uniform_units(
    estim: bool | None, reinsertions: int | None, expected: tuple[tuple[str, int], ...]
) -> None:
    coding = session_codes(acupuncture_minutes=30, estim=estim, reinsertions=reinsertions)

    assert coding.codes == expected


def test_units_and_the_shorthand_cannot_be_combined() -> None:
    with pytest.raises(ValueError, match="do not also pass"):
        session_codes(acupuncture_minutes=20, acupuncture_units=[PLAIN], estim=True)


def test_short_acupuncture_with_dry_needling_needs_review() -> None:
    coding = session_codes(muscles=["piriformis:left"], acupuncture_minutes=5, acupuncture_units=[])

    assert coding.codes == ()
    assert coding.needs_review is True


def test_nothing_recorded_codes_nothing() -> None:
    assert session_codes().codes == ()
