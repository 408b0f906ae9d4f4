"""Muscles relevant to low back pain: trigger points, referral patterns and needling safety.

Each trigger point names the regions (``taut.clinical.regions``) its pain refers to, in two tiers
(Travell & Simons' solid *essential* zone and stippled *spillover* zone, source
``medlink_piriformis_figure``). Where no source separates the tiers the trigger point says so
(``split_known`` is false) and all its regions sit in one ``unsplit`` tier. Every referral pattern
here comes from secondary pages that reproduce Travell & Simons, so its evidence is
``Evidence.SECONDARY``.

``rank_muscles`` turns a pain drawing into a ranked list of muscles to examine; the formula is
written out in ``docs/kernel/muscles.md``.

Each code names one muscle, so that 20560/20561 count muscles: the old groups (hamstrings,
iliocostalis, multifidi, iliopsoas) are split, and their codes are kept only in
``RETIRED_MUSCLES`` and ``RETIRED_TRIGGER_POINTS`` so that signed records still read in words
(``muscle_label``, ``trigger_point_label``). ``get`` and everything that checks new input accept
current codes only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from taut.clinical._citation import Evidence
from taut.clinical.errors import UnknownCode
from taut.clinical.regions import REGIONS, RegionRef, Side, parse

__all__ = [
    "MUSCLES",
    "PRIMARY_WEIGHT",
    "RETIRED_MUSCLES",
    "RETIRED_TRIGGER_POINTS",
    "SOURCES_CITED",
    "SPILLOVER_WEIGHT",
    "TRIGGER_POINTS",
    "UNSPLIT_WEIGHT",
    "Candidate",
    "Hazard",
    "Muscle",
    "NeedlingWarning",
    "Prevalence",
    "Referral",
    "ReferralMap",
    "RetiredCode",
    "SourcedNote",
    "Tier",
    "TriggerPoint",
    "THORAX_HAZARDS",
    "current_muscles",
    "get",
    "muscle_label",
    "near_thorax",
    "rank_muscles",
    "referral_map",
    "trigger_point",
    "trigger_point_label",
]

# How much one drawn region counts towards a muscle's score, by the tier that explains it.
# No source weighs the tiers; Taut's choice is recorded under ``local_referral_weights``.
PRIMARY_WEIGHT = 1.0
UNSPLIT_WEIGHT = 0.75
SPILLOVER_WEIGHT = 0.5
WEIGHTS_SOURCE = "local_referral_weights"

# Safety zone beside the L1 spinous process (J Man Manip Ther 2020, source jmmt_2020_l1_paraspinal).
L1_SAFETY_ZONE_LATERAL_CM = Decimal("2.5")

LOCATION_SOURCE = "local_muscle_location_regions"
COMMONNESS_SOURCE = "local_commonness_order"
TIER_CONVENTION_SOURCE = "medlink_piriformis_figure"


class Tier(StrEnum):
    """How strongly a region belongs to a referral pattern."""

    PRIMARY = "primary"  # essential zone (solid in Travell & Simons)
    UNSPLIT = "unsplit"  # in the pattern, but no source says which zone
    SPILLOVER = "spillover"  # spillover zone (stippled)


_TIER_WEIGHT: Mapping[Tier, float] = MappingProxyType(
    {Tier.PRIMARY: PRIMARY_WEIGHT, Tier.UNSPLIT: UNSPLIT_WEIGHT, Tier.SPILLOVER: SPILLOVER_WEIGHT}
)


class Referral(StrEnum):
    """Which side of the body a trigger point's pain reaches."""

    SAME_SIDE = "same_side"
    BOTH_SIDES = "both_sides"  # e.g. rectus abdominis: horizontal bands across the back


class Hazard(StrEnum):
    """The structure a needle could reach when it goes too deep or in the wrong direction."""

    KIDNEY = "kidney"
    PLEURA = "pleura"
    SPINAL_CANAL = "spinal_canal"
    PERITONEUM = "peritoneum"
    SCIATIC_NERVE = "sciatic_nerve"
    FEMORAL_NERVE = "femoral_nerve"


# Needling a muscle with one of these hazards puts the pleura within reach: the pleura itself,
# or the kidney, which marks the upper lumbar levels where the pleura lies just above
# (jmmt_2020_l1_paraspinal). Pneumothorax has followed dry needling for back pain
# (cureus_2021_pneumothorax, irmedj_2022_pneumothorax).
THORAX_HAZARDS: frozenset[Hazard] = frozenset({Hazard.PLEURA, Hazard.KIDNEY})
THORAX_SOURCES = ("jmmt_2020_l1_paraspinal", "cureus_2021_pneumothorax", "irmedj_2022_pneumothorax")


@dataclass(frozen=True, slots=True)
class TriggerPoint:
    """One trigger point and the regions its pain refers to."""

    code: str
    location: str
    primary: tuple[str, ...]
    spillover: tuple[str, ...]
    sources: tuple[str, ...]
    unsplit: tuple[str, ...] = ()
    referral: Referral = Referral.SAME_SIDE
    evidence: Evidence = Evidence.SECONDARY
    note: str = ""

    def __post_init__(self) -> None:
        for code in (*self.primary, *self.spillover, *self.unsplit):
            if code not in REGIONS:
                raise UnknownCode("region", code)
        if self.unsplit and (self.primary or self.spillover):
            raise ValueError(f"trigger point {self.code!r} mixes split and unsplit regions")

    @property
    def split_known(self) -> bool:
        """False when no source separates the essential and spillover zones."""
        return not self.unsplit

    def tier_of(self, region: str) -> Tier | None:
        """The tier in which this trigger point refers to ``region``, or None if it does not."""
        if region in self.primary:
            return Tier.PRIMARY
        if region in self.unsplit:
            return Tier.UNSPLIT
        if region in self.spillover:
            return Tier.SPILLOVER
        return None


@dataclass(frozen=True, slots=True)
class NeedlingWarning:
    """A structure to respect when needling the muscle, with the sourced precaution."""

    code: str
    hazard: Hazard
    text: str
    sources: tuple[str, ...]
    depth: bool = True  # the danger comes from needle depth or direction


@dataclass(frozen=True, slots=True)
class SourcedNote:
    """A clinical remark about the whole muscle that does not fit the referral table."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Prevalence:
    """How often trigger points were found in this muscle in people with low back pain."""

    low_percent: Decimal
    high_percent: Decimal
    population: str
    source: str


@dataclass(frozen=True, slots=True)
class Muscle:
    """A muscle, its trigger points, where it is needled and what to avoid."""

    code: str
    label: str
    trigger_points: tuple[TriggerPoint, ...]
    location_regions: tuple[str, ...]
    warnings: tuple[NeedlingWarning, ...] = ()
    prevalence: tuple[Prevalence, ...] = ()
    notes: tuple[SourcedNote, ...] = ()
    commonness_rank: int = field(default=0, compare=False)

    @property
    def depth_warning(self) -> bool:
        """True when any warning concerns needle depth (kidney, pleura, canal, nerve...)."""
        return any(w.depth for w in self.warnings)

    @property
    def sources(self) -> frozenset[str]:
        """Every source key this muscle's data cites."""
        keys: set[str] = {LOCATION_SOURCE}
        for tp in self.trigger_points:
            keys.update(tp.sources)
        for w in self.warnings:
            keys.update(w.sources)
        for n in self.notes:
            keys.update(n.sources)
        keys.update(p.source for p in self.prevalence)
        return frozenset(keys)


@dataclass(frozen=True, slots=True)
class ReferralMap:
    """All regions a muscle can refer to, by tier (a region keeps its strongest tier)."""

    muscle: str
    primary: tuple[str, ...]
    unsplit: tuple[str, ...]
    spillover: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A muscle whose trigger points could explain part of a pain drawing."""

    muscle: str
    label: str
    score: float
    primary_regions: tuple[str, ...]
    unsplit_regions: tuple[str, ...]
    spillover_regions: tuple[str, ...]
    sides: tuple[Side, ...]
    trigger_points: tuple[str, ...]
    refers_to_both_sides: bool
    commonness_rank: int
    reason: str

    @property
    def explained(self) -> int:
        """How many drawn regions this muscle explains, in any tier."""
        return len(self.primary_regions) + len(self.unsplit_regions) + len(self.spillover_regions)


@dataclass(frozen=True, slots=True)
class RetiredCode:
    """A muscle or trigger-point code no longer offered, kept so that old records still read.

    ``members`` are the current codes it was split into.
    """

    code: str
    label: str
    members: tuple[str, ...]


# --- Catalogue ---------------------------------------------------------------------------------

_TS2 = "travell_simons_vol2_1992"
_TS1 = "simons_travell_vol1_1999"
_BUTTOCK = ("buttock_upper", "buttock_mid", "buttock_lower")  # "the buttock", unqualified
_WHOLE_BUTTOCK = (*_BUTTOCK, "buttock_lateral")

_UPPER_LUMBAR_KIDNEY = NeedlingWarning(
    "upper_lumbar_kidney",
    Hazard.KIDNEY,
    "Upper lumbar levels: needling far from the midline can reach the kidney. At L1 keep within "
    f"{L1_SAFETY_ZONE_LATERAL_CM} cm of the spinous process; in cadavers, full-length needles "
    "placed 2.5 cm out missed bone in 44% of insertions (22% at 1.5 and 2.0 cm).",
    ("jmmt_2020_l1_paraspinal",),
)
_THORACIC_PLEURA = NeedlingWarning(
    "thoracic_paraspinal_pleura",
    Hazard.PLEURA,
    "Over the ribs the pleura is close: pin the trigger point against a rib and aim the needle "
    "at the rib; over the lungs prefer a superficial technique.",
    ("sa_bn121_lower_back", "kalichman_vulfsons_2010"),
)

_SPINAL_CANAL = NeedlingWarning(
    "thoracolumbar_spinal_canal",
    Hazard.SPINAL_CANAL,
    "At T12/L1 a 50 mm needle 1 cm from the spinous process, angled 22 degrees "
    "medially, went through the ligamentum flavum into the spinal canal in a cadaver; "
    "aim down and in at the lamina of the vertebra below and control depth.",
    ("williams_2023_ijspt_t12", "sa_bn121_lower_back"),
)

# One referral pattern for iliopsoas as a whole; psoas major and iliacus each carry it.
_ILIOPSOAS_PATTERN = (
    "thoracolumbar_band",
    "lumbar_paraspinal",
    "si_joint",
    "buttock_upper",
    "anterior_thigh",
    "groin",
)
_ILIOPSOAS_SOURCES = (
    "namtpt_iliopsoas",
    "triggerpointtherapist_iliopsoas",
    "aberdeen_iliopsoas",
    _TS2,
)
_ILIOPSOAS_NOTE = (
    "The sources give one pattern for iliopsoas, not one per muscle: a vertical band beside the "
    "spine on the same side, down to the sacroiliac region, plus the front of the thigh and groin."
)
_ILIOPSOAS_BAND_NOTE = SourcedNote(
    "A vertical band beside the spine points to iliopsoas; a horizontal band from hip "
    "to hip points to rectus abdominis. Pain is worse standing.",
    ("namtpt_iliopsoas",),
)

# One pattern for semitendinosus and semimembranosus together, one for biceps femoris.
_HAMSTRING_SOURCES = ("stuarthinds_hamstrings", "massagelibrary_hamstrings", _TS2)
_MEDIAL_HAMSTRING_NOTE = (
    "The sources give one pattern for semitendinosus and semimembranosus together; each "
    "muscle carries it."
)

_CATALOGUE: tuple[Muscle, ...] = (
    Muscle(
        "quadratus_lumborum",
        "Quadratus lumborum",
        (
            TriggerPoint(
                "ql_superficial_cranial",
                "Outer part of the muscle just under the 12th rib, outside the erector spinae.",
                primary=("iliac_crest",),
                spillover=("groin", "lower_abdomen_lateral"),
                sources=("fitness_vip_ql", "galantdesign_ql", _TS2),
            ),
            TriggerPoint(
                "ql_superficial_caudal",
                "Outer part of the muscle just above the iliac crest.",
                primary=("greater_trochanter",),
                spillover=("lateral_thigh",),
                sources=("fitness_vip_ql", _TS2),
            ),
            TriggerPoint(
                "ql_deep_cranial",
                "Inner part of the muscle level with the L3 transverse process.",
                primary=("si_joint",),
                spillover=(),
                sources=("fitness_vip_ql", _TS2),
            ),
            TriggerPoint(
                "ql_deep_caudal",
                "Inner part of the muscle above the iliac crest, between the L4 and L5 "
                "transverse processes.",
                primary=("buttock_lower",),
                spillover=(),
                sources=("fitness_vip_ql", _TS2),
            ),
        ),
        location_regions=("lumbar_paraspinal", "flank"),
        warnings=(
            NeedlingWarning(
                "ql_kidney",
                Hazard.KIDNEY,
                "Deep muscle lying against the kidney: know the anatomy and control depth.",
                ("sa_bn121_lower_back", "jmmt_2020_l1_paraspinal"),
            ),
            NeedlingWarning(
                "ql_twelfth_rib",
                Hazard.PLEURA,
                "Never needle the attachment on the 12th rib; above the upper lumbar levels the "
                "pleura is within reach.",
                ("sa_bn121_lower_back", "jmmt_2020_l1_paraspinal"),
            ),
        ),
        prevalence=(
            Prevalence(
                Decimal("30"),
                Decimal("55"),
                "active trigger points, low back pain (systematic review)",
                "biomedicines_2025_mtrp_review",
            ),
            Prevalence(
                Decimal("97.6"),
                Decimal("97.6"),
                "any trigger point, 122 people with chronic non-specific low back pain",
                "perez_palomares_2010",
            ),
        ),
        notes=(
            SourcedNote(
                "A tender greater trochanter may disturb sleep; occasional sharp pain can run "
                "down the outer thigh; pain can reach the testicle or scrotum; it may set up "
                "satellite trigger points in gluteus minimus.",
                ("namtpt_quadratus", "galantdesign_ql"),
            ),
        ),
    ),
    Muscle(
        "iliocostalis_lumborum",
        "Iliocostalis lumborum",
        (
            TriggerPoint(
                "iliocostalis_lumborum",
                "Upper lumbar part of the muscle (vertebral level not verified).",
                primary=("buttock_mid",),
                spillover=("lumbar_paraspinal", "abdomen"),
                sources=("namtpt_paraspinals", "wellnessdigest_iliocostalis", _TS1),
            ),
        ),
        location_regions=("thoracolumbar_band", "lumbar_paraspinal"),
        warnings=(_THORACIC_PLEURA, _UPPER_LUMBAR_KIDNEY),
        prevalence=(
            Prevalence(
                Decimal("33"),
                Decimal("38"),
                "active trigger points in lumbar iliocostalis, low back pain (systematic review)",
                "biomedicines_2025_mtrp_review",
            ),
        ),
    ),
    Muscle(
        "iliocostalis_thoracis",
        "Iliocostalis thoracis",
        (
            TriggerPoint(
                "iliocostalis_thoracis",
                "Lower thoracic part of the muscle (vertebral level not verified).",
                primary=("thoracolumbar_band", "lumbar_paraspinal"),
                spillover=("abdomen", "scapular"),
                sources=("namtpt_paraspinals", _TS1),
            ),
        ),
        location_regions=("mid_back", "thoracolumbar_band"),
        warnings=(_THORACIC_PLEURA, _UPPER_LUMBAR_KIDNEY),
    ),
    Muscle(
        "longissimus_thoracis",
        "Longissimus thoracis",
        (
            TriggerPoint(
                "longissimus_thoracis",
                "Lower thoracic or thoracolumbar part of the muscle (level not verified).",
                primary=(),
                spillover=(),
                unsplit=("si_joint", "buttock_upper"),
                sources=("namtpt_paraspinals", _TS1),
                note="Refers far down, to the sacroiliac part of the buttock.",
            ),
        ),
        location_regions=("mid_back", "thoracolumbar_band", "lumbar_paraspinal"),
        warnings=(_THORACIC_PLEURA, _UPPER_LUMBAR_KIDNEY),
    ),
    Muscle(
        "multifidus",
        "Multifidus",
        (
            TriggerPoint(
                "multifidus_lumbar",
                "Deep, next to the spinous processes, at any lumbar level.",
                primary=("lumbar_midline",),
                spillover=("abdomen",),
                sources=("namtpt_paraspinals", "webmanmed_multifidi", "nielasher_lbp_muscles"),
                note="The sources give one pattern for multifidi and rotatores; each muscle "
                "carries it. Refers to the spinous processes at or a few levels below the "
                "trigger point; the abdominal spillover can mimic visceral pain.",
            ),
            TriggerPoint(
                "multifidus_s1",
                "Deep, beside the spine at S1.",
                primary=("coccyx",),
                spillover=(),
                sources=("webmanmed_multifidi", "painwiki_multifidus", "nielasher_lbp_muscles"),
            ),
        ),
        location_regions=("thoracolumbar_band", "lumbar_paraspinal", "sacrum"),
        warnings=(_SPINAL_CANAL, _UPPER_LUMBAR_KIDNEY),
    ),
    Muscle(
        "rotatores",
        "Rotatores",
        (
            TriggerPoint(
                "rotatores",
                "Deepest layer, next to the spinous processes (lumbar rotatores).",
                primary=("lumbar_midline",),
                spillover=("abdomen",),
                sources=("namtpt_paraspinals",),
                note="The sources give one pattern for multifidi and rotatores; each muscle "
                "carries it.",
            ),
        ),
        location_regions=("thoracolumbar_band", "lumbar_paraspinal"),
        warnings=(_SPINAL_CANAL, _UPPER_LUMBAR_KIDNEY),
    ),
    Muscle(
        "gluteus_maximus",
        "Gluteus maximus",
        (
            TriggerPoint(
                "gluteus_maximus_1",
                "Upper inner fibres beside the sacrum.",
                primary=("gluteal_cleft", "sacrum", "si_joint"),
                spillover=(),
                sources=("aberdeen_gluteus_maximus", "massagetoday_gluteus_maximus", _TS2),
            ),
            TriggerPoint(
                "gluteus_maximus_2",
                "Just above the ischial tuberosity; the most common of the three.",
                primary=(*_WHOLE_BUTTOCK, "sacrum"),
                spillover=(),
                sources=("hom_buttock_trigger_points", _TS2),
                note="Does not refer to the coccyx or the anal region.",
            ),
            TriggerPoint(
                "gluteus_maximus_3",
                "Lowest, innermost fibres beside the coccyx.",
                primary=("coccyx",),
                spillover=(),
                sources=("hom_buttock_trigger_points", _TS2),
            ),
        ),
        location_regions=_WHOLE_BUTTOCK,
    ),
    Muscle(
        "gluteus_medius",
        "Gluteus medius",
        (
            TriggerPoint(
                "gluteus_medius_1",
                "Back fibres just under the iliac crest, next to the sacroiliac joint.",
                primary=("iliac_crest", "si_joint", "sacrum", "lumbar_paraspinal"),
                spillover=_BUTTOCK,
                sources=("stuarthinds_gluteus_medius", "iliveok_gluteus_medius", _TS2),
            ),
            TriggerPoint(
                "gluteus_medius_2",
                "Under the middle of the iliac crest.",
                primary=("buttock_mid", "buttock_lateral"),
                spillover=("posterior_thigh", "lateral_thigh"),
                sources=("stuarthinds_gluteus_medius", "iliveok_gluteus_medius", _TS2),
            ),
            TriggerPoint(
                "gluteus_medius_3",
                "Under the crest toward the front of the ilium, near the ASIS; the least common.",
                primary=("iliac_crest", "lumbar_paraspinal", "sacrum"),
                spillover=(),
                sources=("stuarthinds_gluteus_medius", "iliveok_gluteus_medius", _TS2),
                note="The weakest-sourced pattern in this catalogue.",
            ),
        ),
        location_regions=("buttock_upper", "buttock_lateral", "iliac_crest"),
        prevalence=(
            Prevalence(
                Decimal("34"),
                Decimal("45"),
                "active trigger points, low back pain (systematic review)",
                "biomedicines_2025_mtrp_review",
            ),
        ),
        notes=(
            SourcedNote(
                "As a whole the muscle refers along the belt line, to the sacrum and buttock, "
                "spilling to the outer hip and upper back of the thigh.",
                ("namtpt_gluteus_medius", "aberdeen_gluteus_medius"),
            ),
            SourcedNote(
                "Latent trigger points were found most often in this muscle (74%).",
                ("biomedicines_2025_mtrp_review",),
            ),
        ),
    ),
    Muscle(
        "gluteus_minimus",
        "Gluteus minimus",
        (
            TriggerPoint(
                "gluteus_minimus_anterior",
                "Front fibres, deep to the front of gluteus medius, near the TFL.",
                primary=(
                    "buttock_lateral",
                    "lateral_thigh",
                    "knee_lateral",
                    "leg_lateral_peroneal",
                    "ankle",
                ),
                spillover=("foot_dorsum",),
                sources=("painfreehealth_gluteus_minimus", "massagetoday_gluteus_minimus", _TS2),
                note="Rarely reaches the top of the foot.",
            ),
            TriggerPoint(
                "gluteus_minimus_posterior",
                "Back fibres of the muscle.",
                primary=("buttock_lower", "posterior_thigh", "calf"),
                spillover=(),
                sources=("painfreehealth_gluteus_minimus", _TS2),
            ),
        ),
        location_regions=("buttock_upper", "buttock_lateral"),
        notes=(
            SourcedNote(
                "Its pattern can pass for sciatica (L5/S1 radiculopathy); also consider "
                "trochanteric bursitis, stenosis and cauda equina.",
                ("painfreehealth_gluteus_minimus", "namtpt_gluteus_minimus"),
            ),
        ),
    ),
    Muscle(
        "piriformis",
        "Piriformis",
        (
            TriggerPoint(
                "piriformis_lateral",
                "Outer point, near the greater trochanter (position from secondary sources).",
                primary=("si_joint", *_BUTTOCK, "hip_posterior"),
                spillover=("posterior_thigh",),
                sources=("medlink_piriformis_figure", "namtpt_piriformis", _TS2),
            ),
            TriggerPoint(
                "piriformis_medial",
                "Inner point near the sacrum and greater sciatic foramen, on the line from "
                "sacrum to trochanter (position from secondary sources).",
                primary=("si_joint", *_BUTTOCK, "hip_posterior"),
                spillover=("posterior_thigh",),
                sources=("medlink_piriformis_figure", "namtpt_piriformis", _TS2),
            ),
        ),
        location_regions=("buttock_mid", "hip_posterior"),
        warnings=(
            NeedlingWarning(
                "piriformis_sciatic_nerve",
                Hazard.SCIATIC_NERVE,
                "The sciatic nerve runs beside the muscle. In 14 embalmed cadaver hips a medial "
                "needle pierced the nerve in 11, a midpoint needle touched it in 3 and a lateral "
                "one in none (2022); in 19 unembalmed hips a landmark-guided medial-third "
                "placement never pierced it (2018). Choose needle length from the fat thickness.",
                ("kearns_2018_piriformis", "jmmt_2022_piriformis_cadaver"),
            ),
        ),
        prevalence=(
            Prevalence(
                Decimal("42"),
                Decimal("42"),
                "active trigger points, low back pain (systematic review)",
                "biomedicines_2025_mtrp_review",
            ),
        ),
        notes=(
            SourcedNote(
                "Entrapment of the sciatic nerve gives tingling in the back of the thigh, leg and "
                "foot; pudendal involvement can give groin, genital or rectal pain.",
                ("namtpt_piriformis",),
            ),
        ),
    ),
    Muscle(
        "psoas_major",
        "Psoas major",
        (
            TriggerPoint(
                "psoas_major",
                "In psoas major, beside the lumbar spine through the abdomen, or distally near "
                "the lesser trochanter; exact trigger-point positions not verified.",
                primary=(),
                spillover=(),
                unsplit=_ILIOPSOAS_PATTERN,
                sources=_ILIOPSOAS_SOURCES,
                note=_ILIOPSOAS_NOTE,
            ),
        ),
        location_regions=("lower_abdomen_lateral", "groin"),
        warnings=(
            NeedlingWarning(
                "psoas_peritoneum",
                Hazard.PERITONEUM,
                "Above the inguinal ligament the needle passes into the peritoneal cavity and can "
                "reach bowel.",
                ("halle_2016_via_msdryneedling",),
            ),
        ),
        prevalence=(
            Prevalence(
                Decimal("5"),
                Decimal("10"),
                "active trigger points in psoas, low back pain (systematic review)",
                "biomedicines_2025_mtrp_review",
            ),
        ),
        notes=(_ILIOPSOAS_BAND_NOTE,),
    ),
    Muscle(
        "iliacus",
        "Iliacus",
        (
            TriggerPoint(
                "iliacus",
                "In iliacus, on the inner surface of the iliac fossa; exact trigger-point "
                "positions not verified.",
                primary=(),
                spillover=(),
                unsplit=_ILIOPSOAS_PATTERN,
                sources=_ILIOPSOAS_SOURCES,
                note=_ILIOPSOAS_NOTE,
            ),
        ),
        location_regions=("lower_abdomen_lateral", "groin"),
        warnings=(
            NeedlingWarning(
                "iliacus_femoral_nerve",
                Hazard.FEMORAL_NERVE,
                "The femoral nerve lies near the iliacus: from the AIIS to the nerve measured "
                "35.7 mm lying on the side against 32.1 mm lying on the back (25 adults, "
                "ultrasound), so side-lying gives a wider margin.",
                ("ball_2019_iliacus_femoral",),
            ),
        ),
        notes=(_ILIOPSOAS_BAND_NOTE,),
    ),
    Muscle(
        "rectus_abdominis",
        "Rectus abdominis",
        (
            TriggerPoint(
                "rectus_abdominis_upper",
                "High in the muscle, near the rib margin and the xiphoid.",
                primary=("mid_back_horizontal",),
                spillover=(),
                referral=Referral.BOTH_SIDES,
                sources=("massagetoday_rectus_abdominis", _TS1),
            ),
            TriggerPoint(
                "rectus_abdominis_lower",
                "Lowest part of the muscle, below the navel toward the pubis.",
                primary=("low_back_horizontal", "si_joint"),
                spillover=(),
                referral=Referral.BOTH_SIDES,
                sources=("massagetoday_rectus_abdominis", _TS1),
            ),
        ),
        location_regions=("abdomen",),
        warnings=(
            NeedlingWarning(
                "rectus_abdominis_costal_pleura",
                Hazard.PLEURA,
                "The upper fibres lie over the rib margin, with the thorax beneath: there, "
                "bracket the trigger point against a rib with short 0.25 x 13 mm needles; over "
                "the lungs prefer a superficial technique.",
                ("sa_bn121_lower_back", "kalichman_vulfsons_2010"),
            ),
            NeedlingWarning(
                "abdominal_peritoneum",
                Hazard.PERITONEUM,
                "Away from the ribs, needle only with a pincer grasp that lifts the muscle off "
                "the peritoneum.",
                ("sa_bn121_lower_back",),
            ),
        ),
    ),
    Muscle(
        "tensor_fasciae_latae",
        "Tensor fasciae latae",
        (
            TriggerPoint(
                "tensor_fasciae_latae",
                "In the muscle belly at the front of the hip (exact point not verified).",
                primary=("hip_anterior", "greater_trochanter", "lateral_thigh"),
                spillover=("knee_lateral",),
                sources=("massagetoday_tfl", "aberdeen_tfl", _TS2),
                note="Can pass for trochanteric bursitis.",
            ),
        ),
        location_regions=("hip_anterior", "lateral_thigh"),
    ),
    Muscle(
        "semitendinosus",
        "Semitendinosus",
        (
            TriggerPoint(
                "semitendinosus",
                "Middle to lower inner back of the thigh.",
                primary=("buttock_lower",),
                spillover=("posterior_thigh", "calf"),
                sources=_HAMSTRING_SOURCES,
                note=_MEDIAL_HAMSTRING_NOTE,
            ),
        ),
        location_regions=("posterior_thigh",),
    ),
    Muscle(
        "semimembranosus",
        "Semimembranosus",
        (
            TriggerPoint(
                "semimembranosus",
                "Middle to lower inner back of the thigh.",
                primary=("buttock_lower",),
                spillover=("posterior_thigh", "calf"),
                sources=_HAMSTRING_SOURCES,
                note=_MEDIAL_HAMSTRING_NOTE,
            ),
        ),
        location_regions=("posterior_thigh",),
    ),
    Muscle(
        "biceps_femoris",
        "Biceps femoris",
        (
            TriggerPoint(
                "biceps_femoris",
                "Lower outer back of the thigh.",
                primary=("knee_posterior",),
                spillover=("posterior_thigh",),
                sources=_HAMSTRING_SOURCES,
            ),
        ),
        location_regions=("posterior_thigh",),
    ),
)


def _with_commonness(catalogue: tuple[Muscle, ...]) -> tuple[Muscle, ...]:
    """Rank muscles by the highest reported prevalence of active trigger points.

    Only the 2025 review's active-trigger-point figures are compared (one population, one
    definition); muscles it does not report share the last rank.
    """

    def top(m: Muscle) -> Decimal | None:
        figures = [
            p.high_percent for p in m.prevalence if p.source == "biomedicines_2025_mtrp_review"
        ]
        return max(figures) if figures else None

    reported = sorted({t for m in catalogue if (t := top(m)) is not None}, reverse=True)
    rank_of = {value: i + 1 for i, value in enumerate(reported)}
    last = len(reported) + 1
    ranked = []
    for m in catalogue:
        t = top(m)
        rank = rank_of[t] if t is not None else last
        ranked.append(
            Muscle(
                m.code,
                m.label,
                m.trigger_points,
                m.location_regions,
                m.warnings,
                m.prevalence,
                m.notes,
                commonness_rank=rank,
            )
        )
    return tuple(ranked)


MUSCLES: Mapping[str, Muscle] = MappingProxyType({m.code: m for m in _with_commonness(_CATALOGUE)})

TRIGGER_POINTS: Mapping[str, TriggerPoint] = MappingProxyType(
    {tp.code: tp for m in _CATALOGUE for tp in m.trigger_points}
)

# Codes that signed records may hold from before the multi-muscle groups were split, so that
# 20560/20561 count muscles: each keeps its label and names the current codes it became.
RETIRED_MUSCLES: Mapping[str, RetiredCode] = MappingProxyType(
    {
        r.code: r
        for r in (
            RetiredCode(
                "hamstrings", "Hamstrings", ("semitendinosus", "semimembranosus", "biceps_femoris")
            ),
            RetiredCode(
                "iliocostalis",
                "Iliocostalis (lumborum and lower thoracis)",
                ("iliocostalis_lumborum", "iliocostalis_thoracis"),
            ),
            RetiredCode("multifidi", "Multifidi and rotatores", ("multifidus", "rotatores")),
            RetiredCode("iliopsoas", "Iliopsoas", ("psoas_major", "iliacus")),
        )
    }
)

RETIRED_TRIGGER_POINTS: Mapping[str, RetiredCode] = MappingProxyType(
    {
        r.code: r
        for r in (
            RetiredCode(
                "hamstrings_medial",
                "Semitendinosus or semimembranosus, middle to lower inner back of the thigh.",
                ("semitendinosus", "semimembranosus"),
            ),
            RetiredCode(
                "hamstrings_lateral",
                "Biceps femoris, lower outer back of the thigh.",
                ("biceps_femoris",),
            ),
            RetiredCode(
                "multifidi_lumbar",
                "Deep, next to the spinous processes, at any lumbar level.",
                ("multifidus_lumbar", "rotatores"),
            ),
            RetiredCode("multifidi_s1", "Deep, beside the spine at S1.", ("multifidus_s1",)),
            RetiredCode(
                "iliopsoas",
                "In psoas major or iliacus; exact trigger-point positions not verified.",
                ("psoas_major", "iliacus"),
            ),
        )
    }
)


def _check_retired() -> None:
    for retired, current in ((RETIRED_MUSCLES, MUSCLES), (RETIRED_TRIGGER_POINTS, TRIGGER_POINTS)):
        for code, entry in retired.items():
            if code in current:
                raise ValueError(f"retired code {code!r} is also a current code")
            for member in entry.members:
                if member not in current:
                    raise UnknownCode("member of a retired code", member)


_check_retired()

SOURCES_CITED: frozenset[str] = frozenset(
    {key for m in MUSCLES.values() for key in m.sources}
    | {WEIGHTS_SOURCE, COMMONNESS_SOURCE, TIER_CONVENTION_SOURCE}
    | set(THORAX_SOURCES)
)


# --- Queries -----------------------------------------------------------------------------------


def get(code: str) -> Muscle:
    """Return the muscle with this code (current codes only; see ``muscle_label`` for records).

    Raises ``UnknownCode`` (a ``ValueError``) naming the code when it is not in the catalogue,
    retired codes included.
    """
    try:
        return MUSCLES[code]
    except KeyError:
        raise UnknownCode("muscle", code) from None


def near_thorax(muscles: Iterable[str]) -> bool:
    """Whether needling these muscles puts the pleura (the thorax) at risk.

    True when any muscle carries a warning whose hazard is in ``THORAX_HAZARDS``: the pleura,
    or the kidney of the upper lumbar levels, just below it. This is the one test for "needling
    near the chest": the check-in grades chest pain or breathlessness after it as an emergency,
    and the aftercare sheet tells the patient to call emergency services for those symptoms.
    It reads what was needled, so a retired code (``RETIRED_MUSCLES``) counts as its members and
    an old session still gets the warning. An empty collection is False.

    Raises ``TypeError`` when ``muscles`` is a single string and ``UnknownCode`` (a
    ``ValueError``) naming a code that is neither current nor retired.
    """
    if isinstance(muscles, str):
        raise TypeError(f"muscles must be a collection of muscle codes, not the string {muscles!r}")
    found = [MUSCLES[member] for code in muscles for member in current_muscles(code)]
    return any(w.hazard in THORAX_HAZARDS for m in found for w in m.warnings)


def current_muscles(code: str) -> tuple[str, ...]:
    """The current muscle codes a recorded code stands for: itself, or a retired code's members.

    For reading records, not for new input. Raises ``UnknownCode`` naming a code that is neither
    current nor retired.
    """
    if code in MUSCLES:
        return (code,)
    if code in RETIRED_MUSCLES:
        return RETIRED_MUSCLES[code].members
    raise UnknownCode("muscle", code)


def muscle_label(code: str) -> str:
    """The label of any muscle code a record may hold, current or retired (``RETIRED_MUSCLES``).

    Raises ``UnknownCode`` naming a code that is neither.
    """
    if code in MUSCLES:
        return MUSCLES[code].label
    if code in RETIRED_MUSCLES:
        return RETIRED_MUSCLES[code].label
    raise UnknownCode("muscle", code)


def trigger_point_label(code: str) -> str:
    """Where a trigger point is, in words, for any code a record may hold, current or retired.

    Raises ``UnknownCode`` naming a code that is neither.
    """
    if code in TRIGGER_POINTS:
        return TRIGGER_POINTS[code].location
    if code in RETIRED_TRIGGER_POINTS:
        return RETIRED_TRIGGER_POINTS[code].label
    raise UnknownCode("trigger point", code)


def trigger_point(code: str) -> TriggerPoint:
    """Return the trigger point with this code.

    Raises ``UnknownCode`` naming the code when it is not in the catalogue.
    """
    try:
        return TRIGGER_POINTS[code]
    except KeyError:
        raise UnknownCode("trigger point", code) from None


def referral_map(muscle: str) -> ReferralMap:
    """Every region the muscle's trigger points refer to, by tier, for highlighting on a chart.

    A region that is primary for one trigger point and spillover for another is listed once,
    under its strongest tier (primary, then unsplit, then spillover). Regions keep catalogue
    order. Raises ``UnknownCode`` naming an unknown muscle.
    """
    m = get(muscle)
    best: dict[str, Tier] = {}
    for code in REGIONS:
        tiers = [t for tp in m.trigger_points if (t := tp.tier_of(code)) is not None]
        if tiers:
            best[code] = max(tiers, key=_TIER_WEIGHT.__getitem__)
    return ReferralMap(
        muscle=m.code,
        primary=tuple(c for c, t in best.items() if t is Tier.PRIMARY),
        unsplit=tuple(c for c, t in best.items() if t is Tier.UNSPLIT),
        spillover=tuple(c for c, t in best.items() if t is Tier.SPILLOVER),
    )


def _parse_drawing(regions: Iterable[str]) -> tuple[RegionRef, ...]:
    if isinstance(regions, str):
        raise TypeError(
            f"regions must be a collection of region references, not the string {regions!r}"
        )
    return tuple(sorted({parse(ref) for ref in regions}, key=str))


def _candidate(m: Muscle, drawing: tuple[RegionRef, ...]) -> Candidate | None:
    tier_by_ref: dict[RegionRef, Tier] = {}
    trigger_points: list[str] = []
    for tp in m.trigger_points:
        hit = False
        for ref in drawing:
            tier = tp.tier_of(ref.code)
            if tier is None:
                continue
            hit = True
            current = tier_by_ref.get(ref)
            if current is None or _TIER_WEIGHT[tier] > _TIER_WEIGHT[current]:
                tier_by_ref[ref] = tier
        if hit:
            trigger_points.append(tp.code)
    if not tier_by_ref:
        return None

    def refs_in(tier: Tier) -> tuple[str, ...]:
        return tuple(str(r) for r in drawing if tier_by_ref.get(r) is tier)

    score = sum(_TIER_WEIGHT[t] for t in tier_by_ref.values()) / len(drawing)
    sides = tuple(s for s in Side if any(r.side is s for r in tier_by_ref))
    both = any(TRIGGER_POINTS[code].referral is Referral.BOTH_SIDES for code in trigger_points)
    primary, unsplit, spillover = (
        refs_in(Tier.PRIMARY),
        refs_in(Tier.UNSPLIT),
        refs_in(Tier.SPILLOVER),
    )
    return Candidate(
        muscle=m.code,
        label=m.label,
        score=score,
        primary_regions=primary,
        unsplit_regions=unsplit,
        spillover_regions=spillover,
        sides=sides,
        trigger_points=tuple(trigger_points),
        refers_to_both_sides=both,
        commonness_rank=m.commonness_rank,
        reason=_reason(m, len(tier_by_ref), len(drawing), primary, unsplit, spillover, both),
    )


def _reason(
    m: Muscle,
    explained: int,
    drawn: int,
    primary: tuple[str, ...],
    unsplit: tuple[str, ...],
    spillover: tuple[str, ...],
    both: bool,
) -> str:
    parts = []
    if primary:
        parts.append("essential zone covers " + ", ".join(primary))
    if unsplit:
        parts.append("pattern (zones not split) covers " + ", ".join(unsplit))
    if spillover:
        parts.append("spillover covers " + ", ".join(spillover))
    text = f"{m.label}: {'; '.join(parts)} ({explained} of {drawn} drawn regions)"
    if both:
        text += "; refers across both sides"
    return text + "."


def rank_muscles(regions: Iterable[str]) -> list[Candidate]:
    """Rank the muscles whose trigger points could refer pain to the drawn regions, best first.

    ``regions`` holds region references (``code``, ``code:left``, ``code:right``); duplicates
    count once. Each drawn region scores the weight of the strongest tier in which any of the
    muscle's trigger points refers to it (primary 1.0, unsplit 0.75, spillover 0.5) and the
    muscle's ``score`` is the sum divided by the number of drawn regions, so it lies in (0, 1].
    Order: higher score, then more drawn regions explained, then the more common muscle in
    chronic low back pain (``commonness_rank``), then the muscle code. Muscles that explain
    nothing are left out; an empty drawing gives an empty list.

    Raises ``TypeError`` when ``regions`` is a single string, ``UnknownCode`` (a ``ValueError``)
    naming an unknown region or side, and ``SideNotAllowedError`` for a side on a midline region.
    """
    drawing = _parse_drawing(regions)
    if not drawing:
        return []
    candidates = [c for m in MUSCLES.values() if (c := _candidate(m, drawing)) is not None]
    candidates.sort(key=lambda c: (-c.score, -c.explained, c.commonness_rank, c.muscle))
    return candidates
