"""The drawing of the pain body chart: a figure seen from the back and from the front.

Pure data, standard library only. Every region the clinical kernel places in a view
(``taut.clinical.regions.regions_in_view``) gets one shape per drawn reference: ``code`` for a
midline region, ``code:left`` and ``code:right`` for a sided one. Sides are the *patient's*: on
the back view the patient's left is on the viewer's left, on the front view on the viewer's
right.

The figure is Taut's own drawing. It is built from a few outline functions (half-width of the
body against height) so that every region meets the outline exactly; each sided region is drawn
once, for the viewer's left, and mirrored. Coordinates are SVG user units in a ``VIEWBOX`` of
200 x 640 per view; the smallest target is about 14 units across, which is at least 24 CSS
pixels at the sizes ``bodychart.css`` draws the chart.

The two horizontal band regions (``mid_back_horizontal``, ``low_back_horizontal``) are drawn as
strips 16 units tall that tile between the regions above and below them, so nothing is hidden
under them (docs/bodychart.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from taut.clinical.regions import Region, Side, View, get, regions_in_view

__all__ = [
    "CX",
    "VIEWBOX",
    "VIEWBOX_HEIGHT",
    "VIEWBOX_WIDTH",
    "Decoration",
    "Shape",
    "decorations",
    "outline",
    "refs",
    "shapes",
    "side_labels",
]

VIEWBOX_WIDTH = 200
VIEWBOX_HEIGHT = 640
VIEWBOX = f"0 0 {VIEWBOX_WIDTH} {VIEWBOX_HEIGHT}"
CX = VIEWBOX_WIDTH / 2  # the body's midline

Point = tuple[float, float]  # (dx, y): dx is the distance from the midline, outward positive
Edge = Callable[[float], float]  # dx of a boundary at height y


@dataclass(frozen=True, slots=True)
class Shape:
    """One clickable region of one view."""

    ref: str  # "calf:left", or "sacrum" for a midline region
    code: str
    side: Side | None
    d: str  # SVG path data, closed
    label: str  # the kernel's label, plus ", left" / ", right" when sided
    anchor: tuple[float, float]  # (x, y) where a number or label sits inside the shape
    view: View


@dataclass(frozen=True, slots=True)
class Decoration:
    """A part of the figure that is drawn but not clickable (outline, head, arms, landmarks)."""

    kind: str  # "head" and "arm" (under the body); "line", "soft", "dot" (over the regions)
    d: str


# --- The figure: half-widths against height ----------------------------------------------------


def _spline(points: Sequence[Point]) -> Edge:
    """A smooth function through (y, dx) control points (cubic Hermite, Catmull-Rom tangents)."""
    ys = [p[0] for p in points]
    vs = [p[1] for p in points]
    n = len(points)
    tangents = []
    for i in range(n):
        lo, hi = max(i - 1, 0), min(i + 1, n - 1)
        tangents.append((vs[hi] - vs[lo]) / (ys[hi] - ys[lo]))

    def f(y: float) -> float:
        if y <= ys[0]:
            return vs[0]
        if y >= ys[-1]:
            return vs[-1]
        i = max(k for k in range(n - 1) if ys[k] <= y)
        h = ys[i + 1] - ys[i]
        t = (y - ys[i]) / h
        t2, t3 = t * t, t * t * t
        return (
            (2 * t3 - 3 * t2 + 1) * vs[i]
            + (t3 - 2 * t2 + t) * h * tangents[i]
            + (-2 * t3 + 3 * t2) * vs[i + 1]
            + (t3 - t2) * h * tangents[i + 1]
        )

    return f


# Outer edge of the body, from the neck to the ankle (y, half-width).
_OUTER = _spline(
    [
        (84, 13),
        (96, 14),
        (103, 22),
        (108, 36),
        (113, 48),
        (119, 55),
        (128, 58.5),
        (141, 56.5),
        (156, 52.5),
        (172, 51),
        (200, 47),
        (232, 43),
        (258, 46),
        (290, 54),
        (330, 61.5),
        (358, 61),
        (380, 57),
        (410, 52),
        (445, 46),
        (470, 42),
        (483, 41.5),
        (497, 42.5),
        (520, 43.5),
        (548, 37),
        (574, 30.5),
        (592, 29),
    ]
)
# Inner edge of each leg, from the crotch to the ankle.
CROTCH_Y = 372.0
_INNER = _spline(
    [
        (CROTCH_Y, 0.6),
        (384, 3),
        (410, 4.5),
        (445, 6.5),
        (470, 8),
        (485, 8.2),
        (500, 6.5),
        (522, 5.2),
        (550, 8.5),
        (574, 11.5),
        (592, 12),
    ]
)
ANKLE_Y = 592.0


def _const(value: float) -> Edge:
    return lambda _y: value


def _neg(edge: Edge) -> Edge:
    return lambda y: -edge(y)


def _across(fraction: float) -> Edge:
    """A boundary running down the leg at a fraction of its width (0 inner edge, 1 outer)."""
    return lambda y: _INNER(y) + fraction * (_OUTER(y) - _INNER(y))


def _line(a: Point, b: Point) -> Edge:
    """A straight boundary through two (dx, y) points."""
    (x0, y0), (x1, y1) = a, b
    return lambda y: x0 + (x1 - x0) * (y - y0) / (y1 - y0)


def _edge(f: Edge, y0: float, y1: float, step: float = 3.0) -> list[Point]:
    """Sample a boundary from y0 to y1 (either direction), both ends included."""
    count = max(1, round(abs(y1 - y0) / step))
    return [(f(y0 + (y1 - y0) * k / count), y0 + (y1 - y0) * k / count) for k in range(count + 1)]


def _band(y0: float, y1: float, inner: Edge | float, outer: Edge | float) -> list[Point]:
    """The area between two boundaries, from height y0 down to y1."""
    fi = inner if callable(inner) else _const(inner)
    fo = outer if callable(outer) else _const(outer)
    return _edge(fi, y0, y1) + _edge(fo, y1, y0)


# Boundaries shared by both views.
_LATERAL_THIGH = _line((46, 358), (_across(0.68)(452), 452))  # lateral_thigh's inner edge
_MEDIAL_THIGH = _line((20, 350), (_across(0.3)(452), 452))  # front: medial/anterior thigh
_SACRUM = [(-15.0, 284.0), (15.0, 284.0), (8.0, 322.0), (-8.0, 322.0)]


def _foot(view: View) -> list[Point]:
    """The foot below the ankle: the heel seen from behind, the top of the foot from the front."""
    if view is View.BACK:
        return [
            (_INNER(ANKLE_Y), ANKLE_Y),
            (_OUTER(ANKLE_Y), ANKLE_Y),
            (30.5, 601),
            (29, 611),
            (23.5, 617),
            (16, 617),
            (11.5, 611),
            (10.5, 601),
        ]
    return [
        (_INNER(ANKLE_Y), ANKLE_Y),
        (_OUTER(ANKLE_Y), ANKLE_Y),
        (32.5, 603),
        (35, 615),
        (33, 624),
        (26, 629),
        (16, 628),
        (10.5, 621),
        (9.5, 608),
    ]


_B = View.BACK
_F = View.FRONT
_OUT: Edge = _OUTER

# Each region's shape for the viewer's-left instance (sided) or the whole shape (midline), by
# view. Head to foot, as in the kernel.
_POLYGONS: dict[tuple[View, str], list[Point]] = {
    # --- back view, trunk
    (_B, "scapular"): [(22, 124), (40, 118), (52, 122), (53, 146), (46, 170), (33, 190), (22, 184)],
    (_B, "mid_back"): [(3, 120), (22, 120), (22, 184), (33, 190), (36, 200), (3, 200)],
    (_B, "mid_back_horizontal"): _band(200, 216, _neg(_OUT), _OUT),
    (_B, "thoracolumbar_band"): _band(216, 236, 3, 25),
    (_B, "lumbar_midline"): _band(236, 268, -8, 8),
    (_B, "lumbar_paraspinal"): _band(236, 268, 8, 25),
    (_B, "low_back_horizontal"): _band(268, 284, _neg(_OUT), _OUT),
    (_B, "flank"): _band(216, 268, 25, _OUT),
    # --- back view, pelvis
    (_B, "iliac_crest"): _band(284, 300, 30, _OUT),
    (_B, "si_joint"): [(15, 284), (30, 284), (30, 306), (11, 306)],
    (_B, "sacrum"): _SACRUM,
    (_B, "coccyx"): [(-8, 322), (8, 322), (8, 338), (-8, 338)],
    (_B, "gluteal_cleft"): [(-8, 338), (8, 338), (8, 368), (0, 373), (-8, 368)],
    (_B, "buttock_upper"): [(11, 306), (30, 306), (30, 326), (8, 326)],
    (_B, "buttock_mid"): [(8, 326), (30, 326), (30, 348), (8, 348)],
    (_B, "buttock_lower"): [(8, 348), (30, 348), (30, 358)]
    + _edge(_LATERAL_THIGH, 358, 372)
    + [(30, 377), (15, 377), (8, 368)],
    (_B, "buttock_lateral"): _band(300, 330, 30, _OUT),
    (_B, "hip_posterior"): [(30, 330), (46, 330), (46, 358), (30, 358)],
    (_B, "greater_trochanter"): _band(330, 358, 46, _OUT),
    # --- back view, lower limb
    (_B, "posterior_thigh"): [(8, 368), (15, 377), (30, 377)]
    + _edge(_LATERAL_THIGH, 372, 452)
    + _edge(_INNER, 452, CROTCH_Y + 3)
    + [(0.6, CROTCH_Y)],
    (_B, "lateral_thigh"): _band(358, 452, _LATERAL_THIGH, _OUT),
    (_B, "knee_posterior"): _band(452, 490, _INNER, _across(0.62)),
    (_B, "knee_lateral"): _band(452, 490, _across(0.62), _OUT),
    (_B, "calf"): _band(490, 570, _INNER, _across(0.6)),
    (_B, "leg_lateral_peroneal"): _band(490, 570, _across(0.6), _OUT),
    (_B, "ankle"): _band(570, ANKLE_Y, _INNER, _OUT),
    (_B, "foot_sole"): _foot(View.BACK),
    # --- front view, trunk
    (_F, "abdomen"): _band(200, 262, -25, 25),
    (_F, "flank"): _band(216, 268, 25, _OUT),
    (_F, "lower_abdomen_lateral"): [(1.5, 262), (25, 262), (25, 268)]
    + _edge(_OUT, 268, 304)
    + [(12, 304), (1.5, 304)],
    # --- front view, pelvis
    (_F, "hip_anterior"): _band(304, 330, 34, _OUT),
    (_F, "groin"): [(12, 304), (34, 304), (34, 330), (26, 346), (20, 350), (16, 350), (12, 338)],
    (_F, "scrotum_testicle"): [(1.2, 338), (12, 338), (16, 350), (14, 363), (6, 370), (1.2, 366)],
    (_F, "greater_trochanter"): _band(330, 358, 46, _OUT),
    # --- front view, lower limb
    (_F, "anterior_thigh"): [(20, 350), (26, 346), (34, 330), (46, 330)]
    + _edge(_LATERAL_THIGH, 358, 452)
    + _edge(_MEDIAL_THIGH, 452, 350),
    (_F, "medial_thigh"): [(16, 350), (20, 350)]
    + _edge(_MEDIAL_THIGH, 350, 452)
    + _edge(_INNER, 452, CROTCH_Y + 2)
    + [(6, 370), (14, 363)],
    (_F, "lateral_thigh"): _band(358, 452, _LATERAL_THIGH, _OUT),
    (_F, "knee_anterior"): _band(452, 490, _INNER, _across(0.62)),
    (_F, "knee_lateral"): _band(452, 490, _across(0.62), _OUT),
    (_F, "shin"): _band(490, 570, _INNER, _across(0.6)),
    (_F, "leg_lateral_peroneal"): _band(490, 570, _across(0.6), _OUT),
    (_F, "ankle"): _band(570, ANKLE_Y, _INNER, _OUT),
    (_F, "foot_dorsum"): _foot(View.FRONT),
}


# --- Path building -----------------------------------------------------------------------------


def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _path(points: Iterable[tuple[float, float]]) -> str:
    """Closed SVG path through absolute (x, y) points."""
    pts = list(points)
    head = f"M{_num(pts[0][0])} {_num(pts[0][1])}"
    return head + "".join(f"L{_num(x)} {_num(y)}" for x, y in pts[1:]) + "Z"


def _to_x(points: Iterable[Point], mirror: bool) -> list[tuple[float, float]]:
    """Place (dx, y) points on the viewer's left (x = CX - dx) or, mirrored, on the right."""
    sign = 1 if mirror else -1
    return [(CX + sign * dx, y) for dx, y in points]


def _centroid(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Area centroid of a simple polygon (falls back to the vertex mean for degenerate ones)."""
    area = cx = cy = 0.0
    n = len(points)
    for i in range(n):
        x0, y0 = points[i]
        x1, y1 = points[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return (sum(p[0] for p in points) / n, sum(p[1] for p in points) / n)
    return (round(cx / (3 * area), 1), round(cy / (3 * area), 1))


def _as_view(view: View | str) -> View:
    """The view, or ``UnknownCode`` naming it (as the kernel raises)."""
    regions_in_view(view)
    return View(view)


def _viewer_left_is_patient_left(view: View) -> bool:
    return view is View.BACK


def _sides_in_screen_order(view: View) -> tuple[Side, Side]:
    """Sides as a viewer reads them, left to right across the screen."""
    if _viewer_left_is_patient_left(view):
        return (Side.LEFT, Side.RIGHT)
    return (Side.RIGHT, Side.LEFT)


def _label(region: Region, side: Side | None) -> str:
    return region.label if side is None else f"{region.label}, {side.value}"


def _in_keyboard_order(view: View) -> list[Region]:
    """The view's regions from head to foot by the top of their shape (the kernel's order breaks
    ties), so Tab walks down the figure."""
    regions = regions_in_view(view)
    return sorted(
        regions,
        key=lambda r: (min(y for _dx, y in _POLYGONS[(view, r.code)]), regions.index(r)),
    )


@cache
def shapes(view: View | str) -> list[Shape]:
    """Every clickable shape of one view, head to foot; a sided region's two shapes are in
    screen order (the one on the viewer's left first), which is also the keyboard order.

    Raises ``UnknownCode`` for a view that is neither ``front`` nor ``back``.
    """
    v = _as_view(view)
    out: list[Shape] = []
    for region in _in_keyboard_order(v):
        points = _POLYGONS[(v, region.code)]
        if not region.sided:
            placed = _to_x(points, mirror=False)
            out.append(
                Shape(
                    region.code,
                    region.code,
                    None,
                    _path(placed),
                    region.label,
                    _centroid(placed),
                    v,
                )
            )
            continue
        for side in _sides_in_screen_order(v):
            on_viewer_left = (side is Side.LEFT) == _viewer_left_is_patient_left(v)
            placed = _to_x(points, mirror=not on_viewer_left)
            out.append(
                Shape(
                    f"{region.code}:{side.value}",
                    region.code,
                    side,
                    _path(placed),
                    _label(region, side),
                    _centroid(placed),
                    v,
                )
            )
    return out


def refs(view: View | str) -> list[str]:
    """The region references drawn on one view, in keyboard order."""
    return [s.ref for s in shapes(view)]


def side_labels(view: View | str) -> list[tuple[str, float]]:
    """("left" | "right", x) for the words printed at the top of each side of the figure."""
    first, second = _sides_in_screen_order(_as_view(view))
    return [(first.value, 34.0), (second.value, VIEWBOX_WIDTH - 34.0)]


# --- The figure itself -------------------------------------------------------------------------

_NECK_TOP = 84.0


@cache
def outline(view: View | str) -> str:
    """The body's silhouette (trunk and legs) as one closed path."""
    v = _as_view(view)
    foot = _foot(v)[2:]  # the foot points between the outer and the inner ankle
    down_outer = _edge(_OUTER, _NECK_TOP, ANKLE_Y, step=2)
    up_inner = _edge(_INNER, ANKLE_Y, CROTCH_Y, step=2)
    left = [*down_outer, *foot, *up_inner]
    right = list(reversed(left))
    return _path(_to_x(left, mirror=False) + _to_x(right[1:], mirror=True))


def _arm() -> list[Point]:
    outer: list[Point] = [
        (50, 111),
        (61, 115),
        (68, 124),
        (71, 140),
        (73, 180),
        (76, 228),
        (80, 278),
    ]
    hand: list[Point] = [
        (82, 318),
        (85, 334),
        (86, 352),
        (82, 368),
        (77, 371),
        (73, 362),
        (71, 340),
    ]
    inner: list[Point] = [(70, 318), (66, 278), (61, 232), (57, 196), (53.5, 162), (50, 140)]
    return outer + hand + inner


def _smooth(points: Sequence[tuple[float, float]]) -> str:
    """A closed smooth path through absolute points (Catmull-Rom turned into cubic Beziers)."""
    n = len(points)
    out = f"M{_num(points[0][0])} {_num(points[0][1])}"
    for i in range(n):
        p0, p1, p2, p3 = (points[(i + k) % n] for k in (-1, 0, 1, 2))
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out += (
            f"C{_num(c1[0])} {_num(c1[1])} {_num(c2[0])} {_num(c2[1])} {_num(p2[0])} {_num(p2[1])}"
        )
    return out + "Z"


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> str:
    return (
        f"M{_num(cx - rx)} {_num(cy)}a{_num(rx)} {_num(ry)} 0 1 0 {_num(2 * rx)} 0"
        f"a{_num(rx)} {_num(ry)} 0 1 0 {_num(-2 * rx)} 0Z"
    )


@cache
def decorations(view: View | str) -> list[Decoration]:
    """Parts of the figure that are not regions: head and arms (drawn under the body) and a few
    landmark lines drawn over the regions (spine, navel, kneecaps). Never clickable."""
    v = _as_view(view)
    arm = _arm()
    out = [
        Decoration("arm", _smooth(_to_x(arm, mirror=False))),
        Decoration("arm", _smooth(_to_x(arm, mirror=True))),
        Decoration("head", _ellipse(CX, 58, 19, 27)),
    ]
    if v is View.BACK:
        out.append(Decoration("line", f"M{_num(CX)} 104V236"))  # the spine above the low back
    else:
        out.append(Decoration("dot", _ellipse(CX, 246, 2.2, 2.2)))  # navel
        for mirror in (False, True):
            (x, y) = _to_x([(_across(0.42)(470), 470)], mirror)[0]
            out.append(Decoration("soft", _ellipse(x, y, 7, 9)))  # kneecap
    return out


def _check() -> None:
    """Every region of the kernel has a polygon in each view it is drawn in, and no more."""
    expected = {(v, r.code) for v in View for r in regions_in_view(v)}
    if set(_POLYGONS) != expected:
        missing = sorted(str(k) for k in expected - set(_POLYGONS))
        extra = sorted(str(k) for k in set(_POLYGONS) - expected)
        raise RuntimeError(f"body chart geometry out of step: missing {missing}, extra {extra}")
    for _view, code in _POLYGONS:
        get(code)


_check()
