import pytest

from taut.clinical.billing import (
    acupuncture_billing,
    acupuncture_codes,
    dry_needling_code,
    session_codes,
)


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
        ("three unsided muscles", ["multifidi", "rectus_abdominis", "iliopsoas"], "20561"),
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


def test_muscle_with_and_without_side_is_refused() -> None:
    with pytest.raises(ValueError, match="'piriformis' is listed both"):
        dry_needling_code(["piriformis", "piriformis:left"])


@pytest.mark.parametrize(
    ("minutes", "time_units"),
    [(0, 0), (7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4), (67, 4)],
)
def test_midpoint_rule_units(minutes: int, time_units: int) -> None:
    assert acupuncture_billing(minutes, False, reinsertions=10).time_units == time_units


@pytest.mark.parametrize(
    ("minutes", "estim", "reinsertions", "expected"),
    [
        (7, False, 0, []),
        (8, False, 0, [("97810", 1)]),
        (22, True, 0, [("97813", 1)]),
        (23, False, 1, [("97810", 1), ("97811", 1)]),
        (23, True, 1, [("97813", 1), ("97814", 1)]),
        (45, False, 2, [("97810", 1), ("97811", 2)]),
        (53, True, 3, [("97813", 1), ("97814", 3)]),
    ],
)
def test_acupuncture_codes(
    minutes: int, estim: bool, reinsertions: int, expected: list[tuple[str, int]]
) -> None:
    assert acupuncture_codes(minutes, estim, reinsertions=reinsertions) == expected


def test_add_on_units_need_new_needles() -> None:
    billing = acupuncture_billing(40, False, reinsertions=0)

    assert billing.codes == (("97810", 1),)
    assert billing.time_units == 3
    assert "2 add-on unit(s) not billed" in billing.reasons[-1]


def test_add_on_units_never_exceed_time() -> None:
    assert acupuncture_codes(23, False, reinsertions=5) == [("97810", 1), ("97811", 1)]


@pytest.mark.parametrize(("minutes", "reinsertions"), [(-1, 0), (10, -1), (12.5, 0), (True, 0)])
def test_bad_counts_are_named(minutes: object, reinsertions: int) -> None:
    with pytest.raises(ValueError, match="got"):
        acupuncture_codes(minutes, False, reinsertions=reinsertions)  # type: ignore[arg-type]


def test_estim_must_be_boolean() -> None:
    with pytest.raises(ValueError, match="'yes'"):
        acupuncture_codes(10, "yes")  # type: ignore[arg-type]


def test_dry_needling_alone_is_one_code() -> None:
    coding = session_codes(muscles=["piriformis:left"])

    assert coding.codes == (("20560", 1),)


def test_acupuncture_replaces_dry_needling_in_the_same_encounter() -> None:
    coding = session_codes(muscles=["piriformis:left"] * 3, acupuncture_minutes=20, estim=False)

    assert coding.codes == (("97810", 1),)
    assert "not reported with acupuncture" in coding.reasons[-1]
    assert coding.needs_review is False


def test_short_acupuncture_with_dry_needling_needs_review() -> None:
    coding = session_codes(muscles=["piriformis:left"], acupuncture_minutes=5)

    assert coding.codes == ()
    assert coding.needs_review is True


def test_nothing_recorded_codes_nothing() -> None:
    assert session_codes().codes == ()
