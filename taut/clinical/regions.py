"""Body regions for pain drawings: trunk, pelvis and lower limbs, seen from the front and back.

A region is either *sided* (it exists on the left and on the right, e.g. ``calf``) or *midline*
(one region across the middle of the body, e.g. ``sacrum``). A reference to a region is written
``code`` or, for a sided region, ``code:left`` / ``code:right``; ``parse`` reads one.

The vocabulary starts from the regions of the referral-pattern table (clinical facts §1.1; its
``SI_joint`` is spelt ``si_joint`` here) and adds what a full low-back pain drawing needs (the
list is Taut's own choice, source ``local_region_vocabulary``). ``regions_in_view`` gives a stable
order for the body chart; nothing here draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from taut.clinical.errors import UnknownCode

__all__ = [
    "CHEST_LEVEL",
    "LOWER_LIMB_ROOT",
    "REGIONS",
    "SOURCES_CITED",
    "BodyPart",
    "Region",
    "RegionRef",
    "RegionRefError",
    "Side",
    "SideNotAllowedError",
    "View",
    "get",
    "in_lower_limb",
    "parse",
    "parse_side",
    "regions_in_view",
]

VOCABULARY_SOURCE = "local_region_vocabulary"
LIMB_TERRITORY_SOURCES = ("elsevier_superficial_inguinal_nodes", "local_limb_territory")
CHEST_LEVEL_SOURCE = "local_chest_level_regions"


class View(StrEnum):
    """Which chart a region is drawn on."""

    FRONT = "front"
    BACK = "back"


class Side(StrEnum):
    """The patient's own left or right."""

    LEFT = "left"
    RIGHT = "right"


class BodyPart(StrEnum):
    """Coarse grouping, used to apply "the whole limb" rules (e.g. lymphoedema of a leg)."""

    TRUNK = "trunk"
    PELVIS = "pelvis"
    LOWER_LIMB = "lower_limb"


class RegionRefError(ValueError):
    """A region reference is malformed (empty, too many parts, or a side where none applies)."""


class SideNotAllowedError(RegionRefError):
    """A side was given for a midline region, which has no left or right."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"region {ref.split(':', 1)[0]!r} is midline and takes no side: {ref!r}")
        self.ref = ref


@dataclass(frozen=True, slots=True)
class Region:
    """One region of the pain drawing."""

    code: str
    label: str
    views: tuple[View, ...]
    sided: bool
    part: BodyPart
    source: str = VOCABULARY_SOURCE

    @property
    def midline(self) -> bool:
        """True when the region lies across the middle of the body and has no side."""
        return not self.sided


@dataclass(frozen=True, slots=True, order=True)
class RegionRef:
    """A drawn region, with its side when the drawing gives one (``None`` = side not given)."""

    code: str
    side: Side | None = None

    def __str__(self) -> str:
        return self.code if self.side is None else f"{self.code}:{self.side}"


_F = (View.FRONT,)
_B = (View.BACK,)
_FB = (View.FRONT, View.BACK)

# Order within each view runs from head to foot, then medial to lateral, so the chart and any
# list built from it read the same way every time.
_CATALOGUE: tuple[Region, ...] = (
    # Back view: trunk
    Region("scapular", "Shoulder-blade area", _B, True, BodyPart.TRUNK),
    Region("mid_back", "Mid back beside the spine, at rib level", _B, True, BodyPart.TRUNK),
    Region(
        "mid_back_horizontal",
        "Band straight across the mid back at the lowest ribs",
        _B,
        False,
        BodyPart.TRUNK,
    ),
    Region(
        "thoracolumbar_band",
        "Beside the spine where the mid back meets the low back",
        _B,
        True,
        BodyPart.TRUNK,
    ),
    Region("lumbar_midline", "Over the bony middle of the low back", _B, False, BodyPart.TRUNK),
    Region("lumbar_paraspinal", "Low back beside the spine", _B, True, BodyPart.TRUNK),
    Region(
        "low_back_horizontal",
        "Band straight across the low back at belt level",
        _B,
        False,
        BodyPart.TRUNK,
    ),
    Region(
        "flank", "Side of the trunk between the ribs and the hip bone", _FB, True, BodyPart.TRUNK
    ),
    # Back view: pelvis
    Region("iliac_crest", "Along the top of the hip bone", _B, True, BodyPart.PELVIS),
    Region("si_joint", "Dimple over the sacroiliac joint", _B, True, BodyPart.PELVIS),
    Region("sacrum", "Flat bone at the base of the spine", _B, False, BodyPart.PELVIS),
    Region("coccyx", "Tailbone", _B, False, BodyPart.PELVIS),
    Region("gluteal_cleft", "Crease between the buttocks", _B, False, BodyPart.PELVIS),
    Region("buttock_upper", "Upper buttock", _B, True, BodyPart.PELVIS),
    Region("buttock_mid", "Middle of the buttock", _B, True, BodyPart.PELVIS),
    Region("buttock_lower", "Lower buttock, at the fold", _B, True, BodyPart.PELVIS),
    Region("buttock_lateral", "Outer buttock", _B, True, BodyPart.PELVIS),
    Region("hip_posterior", "Back of the hip", _B, True, BodyPart.PELVIS),
    Region(
        "greater_trochanter", "Bony point on the outside of the hip", _FB, True, BodyPart.PELVIS
    ),
    # Back view: lower limb
    Region("posterior_thigh", "Back of the thigh", _B, True, BodyPart.LOWER_LIMB),
    Region("lateral_thigh", "Outside of the thigh", _FB, True, BodyPart.LOWER_LIMB),
    Region("knee_posterior", "Back of the knee", _B, True, BodyPart.LOWER_LIMB),
    Region("knee_lateral", "Outside of the knee", _FB, True, BodyPart.LOWER_LIMB),
    Region("calf", "Calf", _B, True, BodyPart.LOWER_LIMB),
    Region("leg_lateral_peroneal", "Outside of the lower leg", _FB, True, BodyPart.LOWER_LIMB),
    Region("ankle", "Ankle", _FB, True, BodyPart.LOWER_LIMB),
    Region("foot_sole", "Sole of the foot", _B, True, BodyPart.LOWER_LIMB),
    # Front view only
    Region("abdomen", "Belly, around and above the navel", _F, False, BodyPart.TRUNK),
    Region("lower_abdomen_lateral", "Lower belly, to one side", _F, True, BodyPart.TRUNK),
    Region("hip_anterior", "Front of the hip", _F, True, BodyPart.PELVIS),
    Region("groin", "Groin", _F, True, BodyPart.PELVIS),
    Region("scrotum_testicle", "Scrotum or testicle", _F, True, BodyPart.PELVIS),
    Region("anterior_thigh", "Front of the thigh", _F, True, BodyPart.LOWER_LIMB),
    Region("medial_thigh", "Inside of the thigh", _F, True, BodyPart.LOWER_LIMB),
    Region("knee_anterior", "Front of the knee", _F, True, BodyPart.LOWER_LIMB),
    Region("shin", "Shin", _F, True, BodyPart.LOWER_LIMB),
    Region("foot_dorsum", "Top of the foot", _F, True, BodyPart.LOWER_LIMB),
)

REGIONS: Mapping[str, Region] = MappingProxyType({r.code: r for r in _CATALOGUE})

# The pelvic regions that belong to a leg: the superficial inguinal lymph nodes drain the leg
# together with the buttock, hip and groin of the same side, so a rule about "the limb"
# (lymphoedema) covers them too.
LOWER_LIMB_ROOT: frozenset[str] = frozenset(
    {
        "buttock_upper",
        "buttock_mid",
        "buttock_lower",
        "buttock_lateral",
        "hip_posterior",
        "hip_anterior",
        "greater_trochanter",
        "groin",
    }
)

# Regions at the level of the ribs and the heart: a stimulation current between needles here
# that runs across the body crosses the chest.
CHEST_LEVEL: frozenset[str] = frozenset({"scapular", "mid_back", "mid_back_horizontal"})

SOURCES_CITED: frozenset[str] = frozenset(
    {r.source for r in _CATALOGUE} | set(LIMB_TERRITORY_SOURCES) | {CHEST_LEVEL_SOURCE}
)

_BY_VIEW: Mapping[View, tuple[Region, ...]] = MappingProxyType(
    {view: tuple(r for r in _CATALOGUE if view in r.views) for view in View}
)


def get(code: str) -> Region:
    """Return the region with this code.

    Raises ``UnknownCode`` (a ``ValueError``) naming the code when it is not in the vocabulary.
    """
    try:
        return REGIONS[code]
    except KeyError:
        raise UnknownCode("region", code) from None


def parse_side(value: str) -> Side:
    """Return the side written ``left`` or ``right``.

    Raises ``UnknownCode`` naming the value for anything else.
    """
    try:
        return Side(value)
    except ValueError:
        raise UnknownCode("side", value) from None


def parse(ref: str) -> RegionRef:
    """Read a region reference: ``code``, ``code:left`` or ``code:right``.

    A sided region given without a side means "side not stated" (``RegionRef.side is None``).
    Raises ``TypeError`` if ``ref`` is not a string, ``RegionRefError`` if it is empty or has
    more than one ``:``, ``UnknownCode`` for an unknown region or side, and ``SideNotAllowedError``
    (a ``RegionRefError``) when a midline region is given a side.
    """
    if not isinstance(ref, str):
        raise TypeError(f"region reference must be a string, got {ref!r}")
    parts = ref.split(":")
    if len(parts) > 2 or not parts[0]:
        raise RegionRefError(f"malformed region reference: {ref!r}")
    region = get(parts[0])
    if len(parts) == 1:
        return RegionRef(region.code)
    side = parse_side(parts[1])
    if not region.sided:
        raise SideNotAllowedError(ref)
    return RegionRef(region.code, side)


def in_lower_limb(code: str) -> bool:
    """True for a region of the leg or of its root in the pelvis (buttock, hip, groin).

    Raises ``UnknownCode`` naming an unknown region.
    """
    return get(code).part is BodyPart.LOWER_LIMB or code in LOWER_LIMB_ROOT


def regions_in_view(view: View | str) -> tuple[Region, ...]:
    """Return the regions drawn on one chart, in a fixed head-to-foot order.

    Raises ``UnknownCode`` naming the view when it is neither ``front`` nor ``back``.
    """
    try:
        return _BY_VIEW[View(view)]
    except ValueError:
        raise UnknownCode("view", view) from None
