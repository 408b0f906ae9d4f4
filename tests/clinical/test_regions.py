import re

import pytest

from taut.clinical.errors import UnknownCode
from taut.clinical.regions import (
    REGIONS,
    RegionRef,
    RegionRefError,
    Side,
    SideNotAllowedError,
    View,
    get,
    parse,
    regions_in_view,
)

# Clinical facts §1.1, with SI_joint spelt si_joint.
FACTS_VOCABULARY = (
    "lumbar_paraspinal",
    "thoracolumbar_band",
    "iliac_crest",
    "si_joint",
    "sacrum",
    "coccyx",
    "gluteal_cleft",
    "buttock_upper",
    "buttock_mid",
    "buttock_lower",
    "buttock_lateral",
    "greater_trochanter",
    "hip_posterior",
    "hip_anterior",
    "groin",
    "lower_abdomen_lateral",
    "abdomen",
    "anterior_thigh",
    "lateral_thigh",
    "posterior_thigh",
    "knee_lateral",
    "knee_posterior",
    "calf",
    "leg_lateral_peroneal",
    "ankle",
    "scrotum_testicle",
    "mid_back_horizontal",
    "low_back_horizontal",
)


@pytest.mark.parametrize("code", FACTS_VOCABULARY)
def test_vocabulary_includes_every_facts_region(code):
    assert get(code).code == code


def test_codes_are_lower_snake_case():
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in REGIONS)


def test_labels_are_present_and_distinct():
    labels = [r.label for r in REGIONS.values()]
    assert all(labels)
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("calf", RegionRef("calf")),
        ("calf:left", RegionRef("calf", Side.LEFT)),
        ("si_joint:right", RegionRef("si_joint", Side.RIGHT)),
        ("sacrum", RegionRef("sacrum")),
    ],
)
def test_parse_reads_codes_with_and_without_side(ref, expected):
    assert parse(ref) == expected
    assert str(parse(ref)) == ref


@pytest.mark.parametrize("ref", ["sacrum:left", "coccyx:right", "low_back_horizontal:left"])
def test_parse_refuses_a_side_on_a_midline_region(ref):
    with pytest.raises(SideNotAllowedError, match=re.escape(repr(ref))):
        parse(ref)


def test_parse_names_an_unknown_region():
    with pytest.raises(UnknownCode, match="'elbow'"):
        parse("elbow:left")


def test_parse_names_an_unknown_side():
    with pytest.raises(UnknownCode, match="'up'"):
        parse("calf:up")


@pytest.mark.parametrize("ref", ["", ":left", "calf:left:right"])
def test_parse_refuses_malformed_references(ref):
    with pytest.raises(RegionRefError):
        parse(ref)


def test_parse_refuses_a_non_string():
    with pytest.raises(TypeError, match="42"):
        parse(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("view", list(View))
def test_each_view_lists_its_regions_once_in_catalogue_order(view):
    listed = regions_in_view(view)

    assert [r.code for r in listed] == [r.code for r in REGIONS.values() if view in r.views]
    assert len({r.code for r in listed}) == len(listed)


def test_every_region_appears_on_some_view():
    shown = {r.code for view in View for r in regions_in_view(view)}
    assert shown == set(REGIONS)


def test_regions_in_view_names_an_unknown_view():
    with pytest.raises(UnknownCode, match="'side'"):
        regions_in_view("side")


def test_midline_regions_are_not_sided():
    assert get("sacrum").midline
    assert not get("calf").midline
