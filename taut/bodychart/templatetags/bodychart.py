"""``{% body_chart %}``: the pain-drawing body chart (docs/bodychart.md).

Usage::

    {% load bodychart %}
    {% body_chart name="pain" marks=marks readonly=False highlight=highlight %}

``marks`` maps a region reference (``"sacrum"``, ``"calf:left"``) to
``{"intensity": 0-10 or None, "quality": a ``taut.clinical.examination.PainQuality`` or
None}``. ``highlight`` maps a region code (both sides) or reference (one side) to ``"primary"``,
``"unsplit"`` or ``"spillover"``: a muscle's referral map, drawn as outlines. Bad input raises
``ValueError``: a pain drawing must never lose a mark silently.

Form fields (editable mode), for ``name="pain"``:

* ``pain-region``: one checkbox per reference, value = the reference (multi-valued);
* ``pain-intensity-<ref>``: ``""`` or ``0``..``10``;
* ``pain-quality-<ref>``: ``""`` or a quality code.

``<ref>`` keeps its colon (``pain-intensity-calf:left``). Element ids replace the colon with
``--`` (``pain-region-calf--left``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from taut.bodychart import geometry
from taut.clinical import examination, muscles
from taut.clinical.regions import BodyPart, Region, Side, View, get

register = template.Library()

QUALITIES: tuple[str, ...] = tuple(examination.PainQuality)
TIERS: tuple[str, ...] = tuple(muscles.Tier)
NEEDLED = "needled"  # a highlight for where a session's needles went, not a referral tier
HIGHLIGHTS: tuple[str, ...] = (*TIERS, NEEDLED)
KINDS: tuple[str, ...] = ("pain", "treatment", "trigger_points")
INTENSITIES: tuple[int, ...] = tuple(range(11))
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _quality_labels() -> dict[str, str]:
    return {
        "ache": _("Ache"),
        "sharp": _("Sharp or stabbing"),
        "burning": _("Burning"),
        "numbness_tingling": _("Numbness or pins and needles"),
        "stiffness": _("Stiffness"),
    }


def _tier_labels() -> dict[str, str]:
    return {
        "primary": _("Essential referral zone"),
        "unsplit": _("Referral zone (not split)"),
        "spillover": _("Spillover referral zone"),
        NEEDLED: _("Needled"),
    }


def _view_titles() -> dict[View, str]:
    return {View.BACK: _("Back view"), View.FRONT: _("Front view")}


def _side_word(side: Side) -> str:
    return (
        pgettext("patient's side", "left")
        if side is Side.LEFT
        else pgettext("patient's side", "right")
    )


def region_label(region: Region, side: Side | None) -> str:
    """The accessible name of a drawn region: the kernel's label, then the side."""
    if side is None:
        return region.label
    return _("%(region)s, %(side)s") % {"region": region.label, "side": _side_word(side)}


def html_id(name: str, kind: str, ref: str) -> str:
    """An element id for a reference: the colon becomes ``--``."""
    return f"{name}-{kind}-{ref.replace(':', '--')}"


def _all_refs() -> dict[str, geometry.Shape]:
    """Every drawable reference, with its first shape (back view first)."""
    out: dict[str, geometry.Shape] = {}
    for view in (View.BACK, View.FRONT):
        for shape in geometry.shapes(view):
            out.setdefault(shape.ref, shape)
    return out


def _clean_marks(marks: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    drawable = _all_refs()
    out: dict[str, dict[str, Any]] = {}
    for ref, mark in (marks or {}).items():
        if ref not in drawable:
            raise ValueError(f"body chart: {ref!r} is not a region drawn on the chart")
        mark = mark or {}
        intensity = mark.get("intensity")
        if intensity == "":
            intensity = None
        if intensity is not None:
            intensity = int(intensity)
            if intensity not in INTENSITIES:
                raise ValueError(f"body chart: intensity for {ref!r} must be 0-10, got {intensity}")
        quality = mark.get("quality") or None
        if quality is not None and quality not in QUALITIES:
            raise ValueError(f"body chart: unknown pain quality {quality!r} for {ref!r}")
        out[ref] = {"intensity": intensity, "quality": quality}
    return out


def _clean_highlight(highlight: Mapping[str, str] | None) -> dict[str, str]:
    drawable = _all_refs()
    out: dict[str, str] = {}
    for key, tier in (highlight or {}).items():
        if tier not in HIGHLIGHTS:
            raise ValueError(f"body chart: unknown highlight {tier!r} for {key!r}")
        if key in drawable:
            out[key] = tier
            continue
        region = get(key.split(":", 1)[0])  # UnknownCode (a ValueError) for an unknown code
        targets = [r for r in drawable if r.split(":", 1)[0] == region.code]
        if ":" in key or not targets:
            raise ValueError(f"body chart: {key!r} is not a region drawn on the chart")
        for ref in targets:
            out.setdefault(ref, tier)
    return out


def _mark_text(label: str, mark: Mapping[str, Any], qualities: Mapping[str, str]) -> str:
    parts = []
    if mark["intensity"] is not None:
        parts.append(_("%(n)s out of 10") % {"n": mark["intensity"]})
    if mark["quality"]:
        parts.append(qualities[mark["quality"]].lower())
    return f"{label} ({', '.join(parts)})" if parts else label


# How many rendered drawings each process keeps (about 100 KiB each).
RENDERED_KEPT = 64


@register.simple_tag(name="body_chart")
def render_body_chart(
    name: str = "pain",
    marks: Mapping[str, Any] | None = None,
    readonly: bool = False,
    highlight: Mapping[str, str] | None = None,
    kind: str = "pain",
) -> str:
    """The body chart as HTML (arguments as ``body_chart``).

    The drawing is a function of its arguments and the active language alone (no patient,
    clinic or user enters it but through ``marks`` and ``highlight``), so each process keeps the
    latest drawings it rendered and serves the same arguments the same HTML without drawing
    them again: a chart reopened, or the same needling pattern on another patient's session.
    """
    try:
        key = (name, _frozen(marks), bool(readonly), _frozen(highlight), kind, get_language())
        hash(key)
    except TypeError:  # arguments that cannot be a key: draw (and validate) them as they are
        return _draw(name, marks, readonly, highlight, kind)
    return _drawn(key)


def _frozen(value: Any) -> Any:
    if isinstance(value, Mapping):
        return ("map", tuple(sorted((k, _frozen(v)) for k, v in value.items())))
    return value


def _thawed(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "map":
        return {k: _thawed(v) for k, v in value[1]}
    return value


@functools.lru_cache(maxsize=RENDERED_KEPT)
def _drawn(key: tuple[Any, ...]) -> str:
    name, marks, readonly, highlight, kind, language = key
    with translation.override(language):
        return _draw(name, _thawed(marks), readonly, _thawed(highlight), kind)


def _draw(
    name: str,
    marks: Mapping[str, Any] | None,
    readonly: bool,
    highlight: Mapping[str, str] | None,
    kind: str,
) -> str:
    return render_to_string(
        "bodychart/_body_chart.html", body_chart(name, marks, readonly, highlight, kind)
    )


def body_chart(
    name: str = "pain",
    marks: Mapping[str, Any] | None = None,
    readonly: bool = False,
    highlight: Mapping[str, str] | None = None,
    kind: str = "pain",
) -> dict[str, Any]:
    """The body chart's context: back and front views, a legend, and the list of regions.

    ``kind="treatment"`` draws a read-only chart of where a session's needles went (highlight
    ``needled``) without the pain legend; ``kind="trigger_points"`` a read-only map of where
    palpation found trigger points (the marks' intensity is a shade, not pain).
    """
    if not _NAME.match(name):
        raise ValueError(f"body chart: name must be letters, digits and _, got {name!r}")
    if kind not in KINDS:
        raise ValueError(f"body chart: kind must be one of {KINDS}, got {kind!r}")
    readonly = readonly or kind != "pain"
    clean = _clean_marks(marks)
    lit = _clean_highlight(highlight)
    qualities = _quality_labels()
    tiers = _tier_labels()
    titles = _view_titles()

    views = []
    for view in (View.BACK, View.FRONT):
        view_shapes: list[dict[str, Any]] = []
        for shape in geometry.shapes(view):
            region = get(shape.code)
            mark = clean.get(shape.ref)
            label = region_label(region, shape.side)
            view_shapes.append(
                {
                    "ref": shape.ref,
                    "label": label,
                    "d": shape.d,
                    "x": shape.anchor[0],
                    "y": shape.anchor[1],
                    "checked": mark is not None,
                    "intensity": None if mark is None else mark["intensity"],
                    "quality": None if mark is None else mark["quality"],
                    "tier": lit.get(shape.ref),
                    "tier_label": tiers.get(lit.get(shape.ref, ""), ""),
                }
            )
        if kind == "treatment":
            marked = [s["label"] for s in view_shapes if s["tier"] == NEEDLED]
            nothing = _("nothing needled")
        elif kind == "trigger_points":
            marked = [s["label"] for s in view_shapes if s["checked"]]
            nothing = _("no trigger points found")
        else:
            marked = [
                _mark_text(s["label"], clean[s["ref"]], qualities)
                for s in view_shapes
                if s["checked"]
            ]
            nothing = _("no pain marked")
        views.append(
            {
                "code": view.value,
                "title": titles[view],
                "viewbox": geometry.VIEWBOX,
                "outline": geometry.outline(view),
                "under": [d for d in geometry.decorations(view) if d.kind == "arm"],
                "head": [d for d in geometry.decorations(view) if d.kind == "head"],
                "over": [
                    d for d in geometry.decorations(view) if d.kind in ("line", "soft", "dot")
                ],
                "sides": [
                    {"word": _("Left") if word == "left" else _("Right"), "x": x}
                    for word, x in geometry.side_labels(view)
                ],
                "shapes": view_shapes,
                "highlighted": [s for s in view_shapes if s["tier"]],
                "summary": "; ".join(marked) if marked else nothing,
            }
        )

    return {
        "name": name,
        "readonly": readonly,
        "views": views,
        "groups": _groups(name, clean, lit, tiers),
        "marks_list": [
            {
                "ref": ref,
                "text": region_label(get(ref.split(":")[0]), _side_of(ref))
                if kind == "trigger_points"
                else _mark_text(region_label(get(ref.split(":")[0]), _side_of(ref)), m, qualities),
            }
            for ref, m in clean.items()
        ],
        "qualities": list(qualities.items()),
        "intensities": INTENSITIES,
        "tiers_shown": [(t, tiers[t]) for t in TIERS if t in lit.values()],
        "kind": kind,
        "needled_shown": NEEDLED in lit.values(),
        "needled_list": sorted(
            {
                region_label(get(ref.split(":")[0]), _side_of(ref))
                for ref, t in lit.items()
                if t == NEEDLED
            }
        ),
        "has_marks": bool(clean),
    }


def _side_of(ref: str) -> Side | None:
    return Side(ref.split(":", 1)[1]) if ":" in ref else None


def _groups(
    name: str,
    marks: Mapping[str, Mapping[str, Any]],
    lit: Mapping[str, str],
    tiers: Mapping[str, str],
) -> list[dict[str, Any]]:
    """The checkbox list: back-only regions, front-only regions, then the sides of the body
    (regions drawn in both views), each split by body part. Left before right."""
    parts = {
        BodyPart.TRUNK: _("Trunk"),
        BodyPart.PELVIS: _("Pelvis and hips"),
        BodyPart.LOWER_LIMB: _("Legs and feet"),
    }
    seen: dict[str, list[str]] = {}
    for view in (View.BACK, View.FRONT):
        for shape in geometry.shapes(view):
            seen.setdefault(shape.code, [])
            if view.value not in seen[shape.code]:
                seen[shape.code].append(view.value)
    headings = [
        ("back", _("Back of the body"), ["back"]),
        ("front", _("Front of the body"), ["front"]),
        ("both", _("Sides of the body (on both views)"), ["back", "front"]),
    ]
    groups = []
    for key, title, views in headings:
        part_lists = []
        for part, part_title in parts.items():
            items = []
            for code, in_views in seen.items():
                region = get(code)
                if in_views != views or region.part is not part:
                    continue
                sides: list[Side | None] = [Side.LEFT, Side.RIGHT] if region.sided else [None]
                for side in sides:
                    ref = code if side is None else f"{code}:{side.value}"
                    mark = marks.get(ref)
                    items.append(
                        {
                            "ref": ref,
                            "label": region_label(region, side),
                            "checked": mark is not None,
                            "intensity": None if mark is None else mark["intensity"],
                            "quality": None if mark is None else mark["quality"],
                            "tier_label": tiers.get(lit.get(ref, ""), ""),
                            "id": html_id(name, "region", ref),
                            "intensity_id": html_id(name, "intensity", ref),
                            "quality_id": html_id(name, "quality", ref),
                            "intensity_name": f"{name}-intensity-{ref}",
                            "quality_name": f"{name}-quality-{ref}",
                        }
                    )
            if items:
                part_lists.append(
                    {"id": f"{name}-list-{key}-{part.value}", "title": part_title, "items": items}
                )
        groups.append({"key": key, "title": title, "parts": part_lists})
    return groups
