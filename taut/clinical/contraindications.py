"""Contraindications and precautions for dry needling and electrical stimulation through needles.

An *absolute* contraindication blocks the treatment. A *relative* one (a precaution) needs a
clinician to weigh it and record an override before treatment goes ahead. *Warnings* never
block: they remind the clinician of a hazard of the chosen muscles (depth over the kidney,
pleura or spinal canal...) or of electrical stimulation.

Most rows come from the ISCP / APTA / ASAP / CPTA guideline family as reproduced on practitioner
pages (the guideline texts themselves were not read, so those sources are
``Evidence.SECONDARY``); rows marked so in ``docs/kernel/contraindications.md`` come only from a
course-provider or clinic list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from types import MappingProxyType

from taut.clinical import muscles as muscle_catalogue
from taut.clinical.errors import UnknownCode
from taut.clinical.regions import (
    CHEST_LEVEL,
    CHEST_LEVEL_SOURCE,
    LIMB_TERRITORY_SOURCES,
    REGIONS,
    BodyPart,
    RegionRef,
    Side,
    View,
    in_lower_limb,
    parse,
    parse_side,
)

__all__ = [
    "ABSOLUTE_ITEMS",
    "CONTRAINDICATIONS",
    "SOURCES_CITED",
    "CannotOverrideError",
    "Contraindication",
    "DiabetesStatus",
    "EpilepsyStatus",
    "NeedlingProfile",
    "SafetyDecision",
    "SafetyItem",
    "Scope",
    "Site",
    "Strength",
    "check_needling",
]

PHYSIOMAN = "physioman_dn"
ADVANTAGE = "advantagehealth_acupuncture"
JOTFORM = "jotform_dn_course"
ACUPUNTURA = "acupuntura_ea"
CONSENT_RULE = "local_consent_rule"
CIRCUIT_RULE = "local_estim_circuit_rule"
LOCATION_SOURCE = muscle_catalogue.LOCATION_SOURCE


class Strength(StrEnum):
    """Whether a contraindication blocks treatment or needs a recorded override."""

    ABSOLUTE = "absolute"
    RELATIVE = "relative"


class Scope(StrEnum):
    """What the contraindication applies to."""

    NEEDLING = "needling"
    ESTIM = "estim"  # electrical stimulation through the needles


class EpilepsyStatus(StrEnum):
    NONE = "none"
    CONTROLLED = "controlled"
    UNCONTROLLED = "uncontrolled"


class DiabetesStatus(StrEnum):
    NONE = "none"
    STABLE = "stable"
    UNSTABLE = "unstable"


class CannotOverrideError(ValueError):
    """Someone tried to override an absolute contraindication."""


@dataclass(frozen=True, slots=True)
class Contraindication:
    """One row of the contraindication table."""

    code: str
    strength: Strength
    scope: Scope
    text: str
    sources: tuple[str, ...]

    @property
    def label(self) -> str:
        """The condition alone, without the guidance after a colon (for records and lists)."""
        return self.text.split(":", 1)[0].rstrip(".")


@dataclass(frozen=True, slots=True)
class SafetyItem:
    """One reason in a safety decision: what applies, why, and the source."""

    code: str
    text: str
    sources: tuple[str, ...]


def _rows(*rows: Contraindication) -> Mapping[str, Contraindication]:
    return MappingProxyType({r.code: r for r in rows})


_A, _R = Strength.ABSOLUTE, Strength.RELATIVE
_N, _E = Scope.NEEDLING, Scope.ESTIM

CONTRAINDICATIONS: Mapping[str, Contraindication] = _rows(
    # Absolute, needling
    Contraindication("needle_phobia", _A, _N, "Needle phobia.", (PHYSIOMAN, "physilife_dn")),
    Contraindication(
        "patient_unwilling", _A, _N, "The patient is unwilling (fear or beliefs).", (PHYSIOMAN,)
    ),
    Contraindication(
        "cannot_consent",
        _A,
        _N,
        "The patient cannot give consent (communication, cognition or age).",
        (PHYSIOMAN,),
    ),
    Contraindication(
        "no_consent", _A, _N, "No recorded consent to needling.", (PHYSIOMAN, CONSENT_RULE)
    ),
    Contraindication(
        "acute_medical_emergency",
        _A,
        _N,
        "A medical emergency or acute medical condition.",
        (PHYSIOMAN,),
    ),
    Contraindication(
        "lymphoedema",
        _A,
        _N,
        "Needling over an area or limb with lymphoedema (raises the risk of cellulitis).",
        (PHYSIOMAN, ADVANTAGE, LOCATION_SOURCE, *LIMB_TERRITORY_SOURCES),
    ),
    Contraindication(
        "local_infection",
        _A,
        _N,
        "Needling through a local infection, open wound or markedly swollen area.",
        (ADVANTAGE, "gsbvk_dn", LOCATION_SOURCE),
    ),
    Contraindication(
        "clinician_judgement",
        _A,
        _N,
        "The clinician judges needling inappropriate for another reason.",
        (PHYSIOMAN,),
    ),
    Contraindication(
        "unstable_cardiac_condition", _A, _N, "An unstable heart condition.", (ADVANTAGE,)
    ),
    Contraindication("uncontrolled_epilepsy", _A, _N, "Uncontrolled epilepsy.", (ADVANTAGE,)),
    # Relative, needling
    Contraindication(
        "anticoagulant_or_antiplatelet",
        _R,
        _N,
        "Takes an anticoagulant or antiplatelet medicine: not an absolute bar; weigh the "
        "individual bleeding risk and use ultrasound guidance where available.",
        ("hindawi_2022_antithrombotic", PHYSIOMAN),
    ),
    Contraindication(
        "bleeding_disorder",
        _R,
        _N,
        "A bleeding disorder such as haemophilia: weigh the individual bleeding risk.",
        ("hindawi_2022_antithrombotic", PHYSIOMAN),
    ),
    Contraindication(
        "immunosuppression",
        _R,
        _N,
        "A weakened immune system (HIV, immunosuppressants, chemotherapy): infection risk.",
        (PHYSIOMAN, ADVANTAGE),
    ),
    Contraindication(
        "vascular_disease",
        _R,
        _N,
        "Vascular disease, including varicose veins.",
        (PHYSIOMAN, JOTFORM),
    ),
    Contraindication(
        "diabetes",
        _R,
        _N,
        "Diabetes (of most concern when unstable): healing, infection and neuropathy.",
        (PHYSIOMAN, JOTFORM),
    ),
    Contraindication(
        "pregnancy",
        _R,
        _N,
        "Pregnancy: avoid certain areas and trimesters.",
        (PHYSIOMAN, "gsbvk_dn"),
    ),
    Contraindication("child", _R, _N, "The patient is a child.", (PHYSIOMAN,)),
    Contraindication("frail", _R, _N, "The patient is frail.", (PHYSIOMAN,)),
    Contraindication(
        "controlled_epilepsy",
        _R,
        _N,
        "Epilepsy, or seizures set off by earlier procedures.",
        (PHYSIOMAN, JOTFORM),
    ),
    Contraindication(
        "psychological_concern",
        _R,
        _N,
        "The patient's psychological state calls for care.",
        (PHYSIOMAN,),
    ),
    Contraindication(
        "metal_allergy", _R, _N, "Allergy to metal (nickel, chromium).", (PHYSIOMAN, JOTFORM)
    ),
    Contraindication("latex_allergy", _R, _N, "Allergy to latex.", (PHYSIOMAN, JOTFORM)),
    Contraindication(
        "long_term_steroids", _R, _N, "Takes steroids or other relevant medicines.", (PHYSIOMAN,)
    ),
    Contraindication(
        "cardiac_condition",
        _R,
        _N,
        "Irregular heartbeat, angina, valve disease, recent heart surgery or heart failure.",
        (JOTFORM,),
    ),
    Contraindication("recent_radiotherapy", _R, _N, "Recent radiotherapy.", (JOTFORM,)),
    Contraindication("peripheral_neuropathy", _R, _N, "Peripheral neuropathy.", (JOTFORM,)),
    Contraindication("recurrent_infections", _R, _N, "Recurrent infections.", (JOTFORM,)),
    Contraindication("chronic_oedema", _R, _N, "Chronic oedema.", (JOTFORM,)),
    Contraindication("hepatitis_b_or_c", _R, _N, "Hepatitis B or C.", (JOTFORM,)),
    Contraindication(
        "skin_condition_at_site",
        _R,
        _N,
        "Eczema or psoriasis where the needle would go.",
        (JOTFORM, LOCATION_SOURCE),
    ),
    Contraindication(
        "implant_at_site",
        _R,
        _N,
        "A cosmetic or surgical implant (breast, buttock, pectoral) where the needle would go.",
        (JOTFORM, LOCATION_SOURCE),
    ),
    # Electrical stimulation
    Contraindication(
        "estim_cardiac_device",
        _A,
        _E,
        "Electrical stimulation with a pacemaker, ICD, CRT or other implanted cardiac device.",
        ("cummings_2011_ea", "bmas_tens_icd"),
    ),
    Contraindication(
        "estim_chest_circuit",
        _A,
        _E,
        "An electrode pair whose current would cross the chest or heart.",
        ("itmonline_ea", "bmas_tens_icd", CIRCUIT_RULE, CHEST_LEVEL_SOURCE),
    ),
    Contraindication(
        "estim_uncontrolled_epilepsy",
        _A,
        _E,
        "Electrical stimulation with uncontrolled epilepsy.",
        (ACUPUNTURA,),
    ),
    Contraindication(
        "no_estim_consent",
        _A,
        _E,
        "No recorded consent to electrical stimulation.",
        (PHYSIOMAN, CONSENT_RULE),
    ),
    Contraindication(
        "estim_pregnancy", _R, _E, "Electrical stimulation during pregnancy.", (ACUPUNTURA,)
    ),
    Contraindication(
        "estim_metal_implant_at_site",
        _R,
        _E,
        "Electrical stimulation near a metal implant: keep electrodes away from it.",
        (ACUPUNTURA, LOCATION_SOURCE),
    ),
    Contraindication(
        "estim_across_spinal_cord",
        _R,
        _E,
        "An electrode pair across the spinal cord (paraspinal needles on both sides): some "
        "authors avoid it.",
        ("itmonline_ea", "doctorabel_epns", CIRCUIT_RULE),
    ),
)

_PARASPINAL_REGIONS = frozenset({"lumbar_paraspinal", "thoracolumbar_band", "mid_back"})

SOURCES_CITED: frozenset[str] = frozenset(
    {key for row in CONTRAINDICATIONS.values() for key in row.sources}
)


# The profile items whose "yes" is an absolute contraindication (epilepsy when uncontrolled; a
# cardiac device for electrical stimulation), in the order a form asks them.
ABSOLUTE_ITEMS: tuple[str, ...] = (
    "cannot_consent",
    "unwilling",
    "needle_phobia",
    "acute_medical_emergency",
    "unstable_cardiac_condition",
    "implanted_cardiac_device",
    "epilepsy",
    "other_reason_not_to_needle",
)

_REGION_FIELDS = (
    "lymphoedema_regions",
    "local_infection_regions",
    "skin_condition_regions",
    "implant_regions",
    "metal_implant_regions",
)


@dataclass(frozen=True, slots=True)
class NeedlingProfile:
    """What the patient has confirmed, as it bears on needling. Defaults mean "no".

    Region fields hold region references (``calf:left``; a sided region without a side means
    both sides). Consent defaults to False, so a blank profile is blocked until consent is
    recorded.
    """

    needling_consent: bool = False
    estim_consent: bool = False
    cannot_consent: bool = False
    unwilling: bool = False
    needle_phobia: bool = False
    acute_medical_emergency: bool = False
    other_reason_not_to_needle: str = ""
    lymphoedema_regions: frozenset[str] = frozenset()
    local_infection_regions: frozenset[str] = frozenset()
    unstable_cardiac_condition: bool = False
    implanted_cardiac_device: bool = False
    epilepsy: EpilepsyStatus = EpilepsyStatus.NONE
    anticoagulant_or_antiplatelet: bool = False
    bleeding_disorder: bool = False
    immunosuppressed: bool = False
    vascular_disease: bool = False
    diabetes: DiabetesStatus = DiabetesStatus.NONE
    pregnant: bool = False
    child: bool = False
    frail: bool = False
    psychological_concern: bool = False
    metal_allergy: bool = False
    latex_allergy: bool = False
    long_term_steroids: bool = False
    cardiac_condition: bool = False
    recent_radiotherapy: bool = False
    peripheral_neuropathy: bool = False
    recurrent_infections: bool = False
    chronic_oedema: bool = False
    hepatitis_b_or_c: bool = False
    skin_condition_regions: frozenset[str] = frozenset()
    implant_regions: frozenset[str] = frozenset()
    metal_implant_regions: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _REGION_FIELDS:
                if isinstance(value, str):
                    raise TypeError(
                        f"{f.name} must be a collection of region references, got {value!r}"
                    )
                refs = frozenset(value)
                for ref in refs:
                    parse(ref)  # raises UnknownCode / RegionRefError naming the bad reference
                object.__setattr__(self, f.name, refs)
            elif f.name == "epilepsy":
                object.__setattr__(self, f.name, _enum(EpilepsyStatus, "epilepsy", value))
            elif f.name == "diabetes":
                object.__setattr__(self, f.name, _enum(DiabetesStatus, "diabetes", value))
            elif f.name == "other_reason_not_to_needle":
                if not isinstance(value, str):
                    raise TypeError(f"other_reason_not_to_needle must be a string, got {value!r}")
            elif not isinstance(value, bool):
                raise TypeError(f"{f.name} must be True or False, got {value!r}")


def _enum[E: StrEnum](kind: type[E], name: str, value: object) -> E:
    try:
        return kind(str(value))
    except ValueError:
        raise UnknownCode(name, value) from None


@dataclass(frozen=True, slots=True)
class SafetyDecision:
    """Whether needling may go ahead, and every reason.

    ``blocked``: absolute contraindications. ``needs_override``: relative ones not yet
    overridden. ``overridden``: relative ones a clinician has overridden. ``warnings``: hazards to
    respect that never block. ``unused_overrides``: override codes that did not apply.
    """

    blocked: tuple[SafetyItem, ...]
    needs_override: tuple[SafetyItem, ...]
    overridden: tuple[SafetyItem, ...]
    warnings: tuple[SafetyItem, ...]
    unused_overrides: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        """True only when nothing blocks and no relative contraindication awaits an override."""
        return not self.blocked and not self.needs_override


@dataclass(frozen=True, slots=True)
class Site:
    """Where needles go: one muscle on one side, and the stimulation circuit they are part of.

    ``channel`` names the electrode circuit ("" when the needles are not stimulated): sites that
    share a channel are wired together, so the current runs between them. A channel of one site
    runs between needles in the same muscle on the same side.
    """

    muscle: str
    side: str
    channel: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "muscle", muscle_catalogue.get(self.muscle).code)
        object.__setattr__(self, "side", parse_side(self.side))
        if not isinstance(self.channel, str):
            raise TypeError(f"channel must be a string, got {self.channel!r}")

    @property
    def stimulated(self) -> bool:
        return bool(self.channel)


def _item(code: str, detail: str = "") -> SafetyItem:
    row = CONTRAINDICATIONS[code]
    text = row.text if not detail else f"{row.text} {detail}"
    return SafetyItem(code, text, row.sources)


def _regions_of(site: Site) -> tuple[RegionRef, ...]:
    """The regions the needles of one site go through, sided where the region is."""
    refs = []
    for region_code in muscle_catalogue.MUSCLES[site.muscle].location_regions:
        side = Side(site.side) if REGIONS[region_code].sided else None
        refs.append(RegionRef(region_code, side))
    return tuple(refs)


def _site_refs(sites: tuple[Site, ...]) -> dict[RegionRef, str]:
    """The regions the needles will go into, each mapped to the first muscle that puts them there."""
    found: dict[RegionRef, str] = {}
    for site in sites:
        for ref in _regions_of(site):
            found.setdefault(ref, site.muscle)
    return found


def _same_side(a: RegionRef, b: RegionRef) -> bool:
    return a.side is None or b.side is None or a.side is b.side


def _hits(
    patient_refs: frozenset[str], sites: dict[RegionRef, str], *, whole_limb: bool
) -> list[str]:
    """Describe each needling site that falls in one of the patient's affected regions.

    With ``whole_limb``, an affected region of a leg (or of its buttock, hip or groin) stands for
    the whole leg with its root on that side.
    """
    found: list[str] = []
    for raw in sorted(patient_refs):
        affected = parse(raw)
        limb = whole_limb and in_lower_limb(affected.code)
        for site, muscle in sites.items():
            same_region = site.code == affected.code
            same_limb = limb and in_lower_limb(site.code)
            if (same_region or same_limb) and _same_side(affected, site):
                found.append(f"{raw} (needling {muscle} at {site})")
    return found


def _channels(sites: tuple[Site, ...]) -> dict[str, tuple[Site, ...]]:
    circuits: dict[str, list[Site]] = {}
    for site in sites:
        if site.stimulated:
            circuits.setdefault(site.channel, []).append(site)
    return {name: tuple(members) for name, members in sorted(circuits.items())}


def _views(site: Site) -> set[View]:
    """Front or back of the trunk: the views of the trunk regions the site is needled through."""
    return {
        view
        for ref in _regions_of(site)
        if REGIONS[ref.code].part is BodyPart.TRUNK and len(REGIONS[ref.code].views) == 1
        for view in REGIONS[ref.code].views
    }


def _crosses_chest(members: tuple[Site, ...]) -> bool:
    """The current runs across the body (left to right, or front to back of the trunk) and one
    of its needles is at chest level."""
    at_chest = any(
        CHEST_LEVEL.intersection(muscle_catalogue.MUSCLES[m.muscle].location_regions)
        for m in members
    )
    across = len({m.side for m in members}) > 1
    through = len(set().union(*(_views(m) for m in members))) > 1
    return at_chest and (across or through)


def _crosses_cord(members: tuple[Site, ...]) -> bool:
    """The current runs between the two sides and one of its needles is beside the spine."""
    paraspinal = any(
        _PARASPINAL_REGIONS.intersection(muscle_catalogue.MUSCLES[m.muscle].location_regions)
        for m in members
    )
    return paraspinal and len({m.side for m in members}) > 1


def _circuit_detail(name: str, members: tuple[Site, ...]) -> str:
    wired = ", ".join(f"{m.muscle} {m.side}" for m in members)
    return f"Channel {name}: {wired}."


def _absolute(profile: NeedlingProfile, sites: tuple[Site, ...]) -> list[SafetyItem]:
    refs = _site_refs(sites)
    channels = _channels(sites)
    items: list[SafetyItem] = []
    simple = {
        "needle_phobia": profile.needle_phobia,
        "patient_unwilling": profile.unwilling,
        "cannot_consent": profile.cannot_consent,
        "no_consent": not profile.needling_consent,
        "acute_medical_emergency": profile.acute_medical_emergency,
        "unstable_cardiac_condition": profile.unstable_cardiac_condition,
        "uncontrolled_epilepsy": profile.epilepsy is EpilepsyStatus.UNCONTROLLED,
    }
    items += [_item(code) for code, applies in simple.items() if applies]
    if profile.other_reason_not_to_needle:
        items.append(_item("clinician_judgement", f"Reason: {profile.other_reason_not_to_needle}"))
    for code, patient_refs, limb in (
        ("lymphoedema", profile.lymphoedema_regions, True),
        ("local_infection", profile.local_infection_regions, False),
    ):
        if hits := _hits(patient_refs, refs, whole_limb=limb):
            items.append(_item(code, "Affected: " + "; ".join(hits) + "."))
    if channels:
        estim_rules = {
            "estim_cardiac_device": profile.implanted_cardiac_device,
            "estim_uncontrolled_epilepsy": profile.epilepsy is EpilepsyStatus.UNCONTROLLED,
            "no_estim_consent": not profile.estim_consent,
        }
        items += [_item(code) for code, applies in estim_rules.items() if applies]
        items += [
            _item("estim_chest_circuit", _circuit_detail(name, members))
            for name, members in channels.items()
            if _crosses_chest(members)
        ]
    return items


def _relative(profile: NeedlingProfile, sites: tuple[Site, ...]) -> list[SafetyItem]:
    refs = _site_refs(sites)
    channels = _channels(sites)
    simple = {
        "anticoagulant_or_antiplatelet": profile.anticoagulant_or_antiplatelet,
        "bleeding_disorder": profile.bleeding_disorder,
        "immunosuppression": profile.immunosuppressed,
        "vascular_disease": profile.vascular_disease,
        "pregnancy": profile.pregnant,
        "child": profile.child,
        "frail": profile.frail,
        "controlled_epilepsy": profile.epilepsy is EpilepsyStatus.CONTROLLED,
        "psychological_concern": profile.psychological_concern,
        "metal_allergy": profile.metal_allergy,
        "latex_allergy": profile.latex_allergy,
        "long_term_steroids": profile.long_term_steroids,
        "cardiac_condition": profile.cardiac_condition,
        "recent_radiotherapy": profile.recent_radiotherapy,
        "peripheral_neuropathy": profile.peripheral_neuropathy,
        "recurrent_infections": profile.recurrent_infections,
        "chronic_oedema": profile.chronic_oedema,
        "hepatitis_b_or_c": profile.hepatitis_b_or_c,
    }
    items = [_item(code) for code, applies in simple.items() if applies]
    if profile.diabetes is not DiabetesStatus.NONE:
        items.append(_item("diabetes", f"Reported as {profile.diabetes}."))
    for code, patient_refs in (
        ("skin_condition_at_site", profile.skin_condition_regions),
        ("implant_at_site", profile.implant_regions),
    ):
        if hits := _hits(patient_refs, refs, whole_limb=False):
            items.append(_item(code, "Affected: " + "; ".join(hits) + "."))
    if channels:
        if profile.pregnant:
            items.append(_item("estim_pregnancy"))
        stimulated = _site_refs(tuple(s for s in sites if s.stimulated))
        if hits := _hits(profile.metal_implant_regions, stimulated, whole_limb=False):
            items.append(_item("estim_metal_implant_at_site", "Affected: " + "; ".join(hits) + "."))
        across = [
            _circuit_detail(name, members)
            for name, members in channels.items()
            if _crosses_cord(members)
        ]
        if across:
            items.append(_item("estim_across_spinal_cord", " ".join(across)))
    return items


def _warnings(sites: tuple[Site, ...]) -> list[SafetyItem]:
    by_code: dict[str, tuple[list[str], muscle_catalogue.NeedlingWarning]] = {}
    for code in sorted({site.muscle for site in sites}):
        m = muscle_catalogue.MUSCLES[code]
        for w in m.warnings:
            by_code.setdefault(w.code, ([], w))[0].append(m.label)
    return [
        SafetyItem(code, f"{', '.join(labels)}: {w.text}", w.sources)
        for code, (labels, w) in by_code.items()
    ]


def _check_overrides(overridden: Iterable[str]) -> frozenset[str]:
    if isinstance(overridden, str):
        raise TypeError(f"overridden must be a collection of codes, not the string {overridden!r}")
    codes = frozenset(overridden)
    for code in sorted(codes):
        row = CONTRAINDICATIONS.get(code)
        if row is None:
            raise UnknownCode("contraindication", code)
        if row.strength is Strength.ABSOLUTE:
            raise CannotOverrideError(f"absolute contraindication {code!r} cannot be overridden")
    return codes


def check_needling(
    profile: NeedlingProfile,
    *,
    sites: Iterable[Site] = (),
    overridden: Iterable[str] = (),
) -> SafetyDecision:
    """Decide whether the planned needling may go ahead for this patient.

    ``sites`` are the muscles and sides to be needled, each with the electrode circuit it is
    wired into, if any (no sites: the patient's own contraindications only). ``overridden``
    lists the relative contraindication codes a clinician has overridden. Region-based rows
    compare the patient's affected regions with the regions each site is needled through;
    lymphoedema anywhere in a leg, or in its buttock, hip or groin, blocks needling of that
    leg and its root. Each stimulation channel is checked for a current path across the chest
    (absolute) or across the spinal cord (relative).

    Raises ``UnknownCode`` (a ``ValueError``) naming an unknown muscle, side or override code;
    ``CannotOverrideError`` naming an absolute code passed as overridden; ``TypeError`` when a
    collection argument is a bare string or a site is not a ``Site``.
    """
    if not isinstance(profile, NeedlingProfile):
        raise TypeError(f"profile must be a NeedlingProfile, got {profile!r}")
    if isinstance(sites, str):
        raise TypeError(f"sites must be a collection of Site, not the string {sites!r}")
    planned = tuple(sites)
    for site in planned:
        if not isinstance(site, Site):
            raise TypeError(f"sites must be Site objects, got {site!r}")
    override_codes = _check_overrides(overridden)
    relative = _relative(profile, planned)
    applied = {item.code for item in relative}
    return SafetyDecision(
        blocked=tuple(_absolute(profile, planned)),
        needs_override=tuple(i for i in relative if i.code not in override_codes),
        overridden=tuple(i for i in relative if i.code in override_codes),
        warnings=tuple(_warnings(planned)),
        unused_overrides=tuple(sorted(override_codes - applied)),
    )
