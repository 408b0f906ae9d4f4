import pytest

from taut.clinical.diagnoses import (
    DIAGNOSES,
    PARENTS,
    Conflict,
    DiagnosisGroup,
    NotBillable,
    excludes1_conflicts,
    get,
)
from taut.clinical.errors import UnknownCode

# The billable codes of the facts file, verification round 2 §3 (FY2026 tabular), plus the
# 7th-character variants of the two injury codes.
ROUND_2_BILLABLE = [
    "M54.16", "M54.17", "M54.30", "M54.31", "M54.32", "M51.26", "M51.27", "M48.061",
    "M48.062", "M43.16", "M53.3", "M46.1", "M47.816", "M47.817", "M62.830", "M62.838",
    "M79.18", "S39.012A", "S33.5XXA", "M51.360", "M51.361", "M51.362", "M51.369",
    "M51.370", "M51.371", "M51.372", "M51.379", "M54.50", "M54.51", "M54.59", "M54.40",
    "M54.41", "M54.42", "M51.16", "M51.17", "M53.2X7", "M53.2X8",
]  # fmt: skip


@pytest.mark.parametrize("code", ROUND_2_BILLABLE)
def test_every_verified_billable_code_is_offered(code: str) -> None:
    diagnosis = get(code)

    assert diagnosis.code == code
    assert diagnosis.billable is True
    assert diagnosis.label


@pytest.mark.parametrize(
    ("parent", "a_child"),
    [("M54.5", "M54.50"), ("M51.36", "M51.360"), ("M51.37", "M51.372"), ("M79.1", "M79.18")],
)
def test_category_codes_are_refused_with_their_children_suggested(
    parent: str, a_child: str
) -> None:
    with pytest.raises(NotBillable, match=rf"{parent}.*{a_child}") as raised:
        get(parent)

    assert isinstance(raised.value, ValueError)
    assert a_child in raised.value.children


def test_get_ignores_case_and_spaces() -> None:
    assert get(" m54.50 ").code == "M54.50"


@pytest.mark.parametrize("code", ["M54.9", "m99", "", "M54.5X"])
def test_unknown_codes_are_refused_by_name(code: str) -> None:
    with pytest.raises(UnknownCode, match=repr(code)):
        get(code)


def test_every_parent_has_children_in_the_list() -> None:
    for parent in PARENTS.values():
        assert parent.children, parent.code
        assert all(DIAGNOSES[c].parent == parent.code for c in parent.children)


def test_every_group_has_a_label_and_a_code() -> None:
    for group in DiagnosisGroup:
        assert group.label
        assert any(d.group is group for d in DIAGNOSES.values())


def test_picker_order_keeps_groups_together() -> None:
    groups = [d.group for d in DIAGNOSES.values()]
    runs = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    assert len(runs) == len(set(runs))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("M54.50", "M51.360"),
        ("M54.59", "M51.370"),
        ("M54.51", "S39.012A"),
        ("M54.50", "S39.012D"),
        ("M54.50", "M51.26"),
        ("M54.50", "M54.41"),
        ("M54.31", "M51.361"),
        ("M54.30", "M51.371"),
        ("M54.32", "M51.16"),
        ("M54.31", "M54.41"),
        ("M54.40", "M51.362"),
        ("M54.42", "M51.372"),
        ("M54.41", "M51.17"),
        ("M54.16", "M51.16"),
        ("M54.17", "M51.17"),
        ("S33.5XXA", "M51.26"),
    ],
)
def test_excludes1_pairs_conflict_in_either_order(first: str, second: str) -> None:
    forward = excludes1_conflicts([first, second])
    backward = excludes1_conflicts([second, first])

    assert [(c.first, c.second) for c in forward] == [(first, second)]
    assert [(c.first, c.second) for c in backward] == [(second, first)]
    assert forward[0].reason


@pytest.mark.parametrize(
    "codes",
    [
        ["M54.50", "M79.18"],
        ["M54.50", "M51.361"],
        ["M54.31", "M51.360"],
        ["M54.16", "M51.26"],
        ["M54.50", "M54.50"],
        [],
    ],
)
def test_codes_that_may_be_reported_together_give_no_conflict(codes: list[str]) -> None:
    assert excludes1_conflicts(codes) == []


def test_each_conflicting_pair_is_listed_once() -> None:
    conflicts = excludes1_conflicts(["M54.50", "M51.360", "S39.012A", "M79.18"])

    assert conflicts == [
        Conflict("M54.50", "M51.360", conflicts[0].reason),
        Conflict("M54.50", "S39.012A", conflicts[1].reason),
    ]


def test_conflict_check_refuses_a_category_code() -> None:
    with pytest.raises(NotBillable, match="M54.5"):
        excludes1_conflicts(["M54.5", "M51.360"])
