"""The body chart's drawing covers the kernel's vocabulary exactly, with well-formed paths."""

from __future__ import annotations

import re

import pytest

from taut.bodychart import geometry
from taut.clinical.errors import UnknownCode
from taut.clinical.regions import REGIONS, Side, View, parse, regions_in_view

VIEWS = [View.BACK, View.FRONT]
PATH = re.compile(r"^M-?[\d.]+ -?[\d.]+(?:(?:L-?[\d.]+ -?[\d.]+)|(?:C(?:-?[\d.]+ ){5}-?[\d.]+))+Z$")


def _expected_refs(view):
    refs = set()
    for region in regions_in_view(view):
        if region.sided:
            refs |= {f"{region.code}:left", f"{region.code}:right"}
        else:
            refs.add(region.code)
    return refs


@pytest.mark.parametrize("view", VIEWS)
def test_every_region_of_the_view_has_a_shape_per_side(view):
    assert {s.ref for s in geometry.shapes(view)} == _expected_refs(view)


@pytest.mark.parametrize("view", VIEWS)
def test_no_two_shapes_in_a_view_share_a_ref(view):
    refs = geometry.refs(view)
    assert len(refs) == len(set(refs))


@pytest.mark.parametrize("view", VIEWS)
def test_shapes_agree_with_the_kernel(view):
    for shape in geometry.shapes(view):
        ref = parse(shape.ref)
        assert (ref.code, ref.side) == (shape.code, shape.side)
        assert shape.view is view
        region = REGIONS[shape.code]
        expected = region.label if shape.side is None else f"{region.label}, {shape.side.value}"
        assert shape.label == expected


@pytest.mark.parametrize("view", VIEWS)
def test_paths_are_closed_and_inside_the_viewbox(view):
    for shape in geometry.shapes(view):
        assert PATH.match(shape.d), shape.ref
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", shape.d)]
        xs, ys = numbers[0::2], numbers[1::2]
        assert min(xs) >= 0, shape.ref
        assert max(xs) <= geometry.VIEWBOX_WIDTH, shape.ref
        assert min(ys) >= 0, shape.ref
        assert max(ys) <= geometry.VIEWBOX_HEIGHT, shape.ref
        ax, ay = shape.anchor
        assert min(xs) <= ax <= max(xs), shape.ref
        assert min(ys) <= ay <= max(ys), shape.ref


@pytest.mark.parametrize("view", VIEWS)
def test_sides_are_the_patients(view):
    """Back view: the patient's left is on the viewer's left; front view: on the viewer's right."""
    centre = {}
    for shape in geometry.shapes(view):
        if shape.code == "ankle":
            centre[shape.side] = shape.anchor[0]
    if view is View.BACK:
        assert centre[Side.LEFT] < geometry.CX < centre[Side.RIGHT]
    else:
        assert centre[Side.RIGHT] < geometry.CX < centre[Side.LEFT]
    words = [word for word, _x in geometry.side_labels(view)]
    assert words == (["left", "right"] if view is View.BACK else ["right", "left"])


def test_regions_in_both_views_are_drawn_in_both():
    both = {r.code for r in REGIONS.values() if len(r.views) == 2}
    assert both == {
        "flank",
        "greater_trochanter",
        "lateral_thigh",
        "knee_lateral",
        "leg_lateral_peroneal",
        "ankle",
    }
    for view in VIEWS:
        assert both <= {s.code for s in geometry.shapes(view)}


def test_band_regions_are_their_own_shapes():
    codes = [s.code for s in geometry.shapes(View.BACK)]
    assert "mid_back_horizontal" in codes
    assert "low_back_horizontal" in codes


def test_an_unknown_code_has_no_shape():
    for view in VIEWS:
        assert not [s for s in geometry.shapes(view) if s.code == "elbow"]
    with pytest.raises(UnknownCode):
        geometry.shapes("side")


def test_keyboard_order_runs_head_to_foot():
    for view in VIEWS:
        tops = [
            min(float(y) for y in re.findall(r" (-?[\d.]+)", s.d)) for s in geometry.shapes(view)
        ]
        assert tops == sorted(tops)
        assert geometry.shapes(view)[-1].code in {"foot_sole", "foot_dorsum"}


def test_the_figure_outline_is_one_closed_path():
    for view in VIEWS:
        assert PATH.match(geometry.outline(view))
        kinds = {d.kind for d in geometry.decorations(view)}
        assert {"head", "arm"} <= kinds
