"""Side effects of needling: what they are, how often, how they usually run, and when to act.

Severity classes follow White et al. (as published by Physiotherapy Alberta): *mild* events are
short, reversible and cause no inconvenience; *significant* ones need medical care or interfere
with activities; *serious* ones mean hospital admission, possible lasting harm, or death.

``assess_checkin`` reads a patient's report after a session and says whether it is expected,
needs a clinician's review, or is urgent or an emergency, with a sourced reason for each symptom.
Numbness and weakness carry their location: in the saddle area or in both legs they are cauda
equina signs and an emergency, as on the red-flag screen (BASS 2018 pathway).
Post-needling soreness is highest right after needling and usually settles within about 72 hours
(an older "peaks at 24-48 h" claim is not used). Bruising has no authoritative duration: a clinic
page's "three to five days" is kept only as a labelled claim; trial data support a two-week
safety-net ceiling.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from taut.clinical import muscles as muscle_catalogue
from taut.clinical.errors import UnknownCode
from taut.clinical.regions import parse

__all__ = [
    "ADVERSE_EVENTS",
    "BRUISING_SAFETY_NET_H",
    "LOCATED_SYMPTOMS",
    "SORENESS_FOLLOW_UP_CEILING_H",
    "SORENESS_USUAL_WINDOW_H",
    "SOURCES_CITED",
    "STUDY_TOTALS",
    "SYMPTOMS",
    "AdverseEvent",
    "Claim",
    "Disposition",
    "Escalation",
    "EscalationReason",
    "ExpectedCourse",
    "Frequency",
    "Location",
    "ReferenceRate",
    "Severity",
    "Symptom",
    "SymptomReport",
    "Trend",
    "WarningFeature",
    "assess_checkin",
]

BRADY = "brady_2014"
BOYCE = "boyce_2020"
WHITE = "physiotherapy_alberta_ae_classes"
LOCAL_SEVERITY = "local_ae_severity"
CHECKIN = "local_checkin_rules"
BASS = "cornwall_bass_2018"  # cauda equina pathway (BASS 2018)
GLOS = "glos_gcare_lbp"

# Soreness is usually gone within about 72 h (J Clin Med 2021; the ischaemic-compression RCT).
SORENESS_USUAL_WINDOW_H = 72
# Soreness was followed for one week in the dose RCT (PM R 2018); past that, always review.
SORENESS_FOLLOW_UP_CEILING_H = 7 * 24
# 73 of 74 acupuncture adverse events (mostly haematoma and bleeding) recovered within 2 weeks.
BRUISING_SAFETY_NET_H = 14 * 24
_SORENESS_SOURCES = ("jcm_2021_pns", "pns_ischaemic_compression_rct")


class Severity(StrEnum):
    """White et al. severity class."""

    MILD = "mild"
    SIGNIFICANT = "significant"
    SERIOUS = "serious"


class Frequency(StrEnum):
    """Brady 2014's frequency label for a reported rate."""

    COMMON = "common"
    UNCOMMON = "uncommon"
    RARE = "rare"


class Disposition(StrEnum):
    """What a check-in report calls for, least to most pressing."""

    EXPECTED = "expected"
    REVIEW = "review"  # a clinician should look at it
    URGENT = "urgent"  # same-day medical assessment
    EMERGENCY = "emergency"  # emergency services now

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK: Mapping[Disposition, int] = MappingProxyType(
    {
        Disposition.EXPECTED: 0,
        Disposition.REVIEW: 1,
        Disposition.URGENT: 2,
        Disposition.EMERGENCY: 3,
    }
)


class Trend(StrEnum):
    """How a symptom is changing, as the patient reports it."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"  # for a bruise: getting bigger


@dataclass(frozen=True, slots=True)
class ReferenceRate:
    """How often the event was reported in one study."""

    source: str
    percent: Decimal
    of: str
    frequency: Frequency | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure seen only in marketing or lay material: shown as a claim, never used in rules."""

    text: str
    source: str


@dataclass(frozen=True, slots=True)
class ExpectedCourse:
    """How the event usually runs, where a source says."""

    summary: str
    sources: tuple[str, ...]
    usual_resolution_h: int | None = None
    review_after_h: int | None = None
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class WarningFeature:
    """A sign that turns the event into something to act on."""

    text: str
    level: Disposition
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AdverseEvent:
    """One side effect of needling."""

    code: str
    label: str
    severity: Severity
    severity_sources: tuple[str, ...]
    rates: tuple[ReferenceRate, ...] = ()
    course: ExpectedCourse | None = None
    warning_features: tuple[WarningFeature, ...] = ()
    note: str = ""

    @property
    def sources(self) -> frozenset[str]:
        keys = set(self.severity_sources)
        keys.update(r.source for r in self.rates)
        if self.course is not None:
            keys.update(self.course.sources)
            keys.update(c.source for c in self.course.claims)
        for w in self.warning_features:
            keys.update(w.sources)
        return frozenset(keys)


def _brady(percent: str, frequency: Frequency) -> ReferenceRate:
    return ReferenceRate(
        BRADY, Decimal(percent), "7,629 trigger-point dry-needling treatments", frequency
    )


def _boyce(percent: str) -> ReferenceRate:
    return ReferenceRate(
        BOYCE, Decimal(percent), "20,464 dry-needling treatments (the abstract also says 20,494)"
    )


_SORENESS_COURSE = ExpectedCourse(
    f"Worst straight after needling and usually gone within about {SORENESS_USUAL_WINDOW_H} h; "
    "more insertions and more pain during needling mean more soreness.",
    (*_SORENESS_SOURCES, "martin_pintado_2016_pns", "pmr_2018_pns_dose"),
    usual_resolution_h=SORENESS_USUAL_WINDOW_H,
    review_after_h=SORENESS_USUAL_WINDOW_H,
)

_C, _U, _RARE = Frequency.COMMON, Frequency.UNCOMMON, Frequency.RARE

ADVERSE_EVENTS: Mapping[str, AdverseEvent] = MappingProxyType(
    {
        e.code: e
        for e in (
            AdverseEvent(
                "bruising",
                "Bruising",
                Severity.MILD,
                (WHITE,),
                (_brady("7.55", _C), _boyce("7.7")),
                ExpectedCourse(
                    "No authoritative duration. In acupuncture trials nearly all haematoma and "
                    "bleeding events had recovered within 2 weeks.",
                    ("zhao_2011_trials",),
                    review_after_h=BRUISING_SAFETY_NET_H,
                    claims=(
                        Claim(
                            "A clinic page says bruises heal in three to five days.",
                            "clinic_page_bruising_claim",
                        ),
                    ),
                ),
                (
                    WarningFeature(
                        "Getting bigger, or not faded after 2 weeks.",
                        Disposition.REVIEW,
                        ("zhao_2011_trials", CHECKIN),
                    ),
                ),
            ),
            AdverseEvent(
                "bleeding",
                "Bleeding at a needle site",
                Severity.MILD,
                (WHITE,),
                (_brady("4.65", _C), _boyce("16")),
                note="Brief bleeding when the needle comes out is common.",
            ),
            AdverseEvent(
                "pain_during",
                "Pain during needling",
                Severity.MILD,
                (WHITE,),
                (_brady("3.01", _C), _boyce("5.9")),
            ),
            AdverseEvent(
                "pain_after",
                "Pain after treatment",
                Severity.MILD,
                (WHITE,),
                (_brady("2.19", _C),),
                _SORENESS_COURSE,
                note="Brady's category; at check-in it is read as post-needling soreness.",
            ),
            AdverseEvent(
                "soreness",
                "Post-needling soreness",
                Severity.MILD,
                (WHITE, "martin_pintado_2016_pns"),
                (),
                _SORENESS_COURSE,
                (
                    WarningFeature(
                        f"Still there after about {SORENESS_USUAL_WINDOW_H} h, or getting worse.",
                        Disposition.REVIEW,
                        (*_SORENESS_SOURCES, "pmr_2018_pns_dose", CHECKIN),
                    ),
                ),
                note="The most frequent side effect of dry needling; every subject in one study had it.",
            ),
            AdverseEvent(
                "symptom_aggravation",
                "Usual symptoms worse for a while",
                Severity.MILD,
                (WHITE,),
                (_brady("0.88", _U),),
                note="Mild when it is followed by improvement.",
            ),
            AdverseEvent(
                "drowsiness", "Drowsiness", Severity.MILD, (BRADY,), (_brady("0.26", _U),)
            ),
            AdverseEvent("headache", "Headache", Severity.MILD, (BRADY,), (_brady("0.14", _U),)),
            AdverseEvent("nausea", "Nausea", Severity.MILD, (WHITE,), (_brady("0.13", _U),)),
            AdverseEvent("fatigue", "Tiredness", Severity.MILD, (WHITE,), (_brady("0.04", _RARE),)),
            AdverseEvent(
                "altered_emotions",
                "Altered emotions",
                Severity.MILD,
                (BRADY,),
                (_brady("0.04", _RARE),),
            ),
            AdverseEvent("shaking", "Shaking", Severity.MILD, (BRADY,), (_brady("0.01", _RARE),)),
            AdverseEvent("itching", "Itching", Severity.MILD, (BRADY,), (_brady("0.01", _RARE),)),
            AdverseEvent(
                "claustrophobia",
                "Claustrophobia",
                Severity.MILD,
                (BRADY,),
                (_brady("0.01", _RARE),),
            ),
            AdverseEvent("numbness", "Numbness", Severity.MILD, (BRADY,), (_brady("0.01", _RARE),)),
            AdverseEvent(
                "faintness",
                "Feeling faint or fainting",
                Severity.MILD,
                (WHITE,),
                note="White et al. list faintness and dizziness among mild events.",
            ),
            AdverseEvent(
                "nerve_irritation",
                "Nerve irritation (tingling, numbness, shooting pain)",
                Severity.MILD,
                (BRADY, LOCAL_SEVERITY),
                note="Mild while transient, as Brady recorded numbness; persisting symptoms are "
                "significant.",
            ),
            AdverseEvent(
                "infection",
                "Infection at a needle site",
                Severity.SIGNIFICANT,
                ("xu_2013_acupuncture_ae_review", LOCAL_SEVERITY),
                warning_features=(
                    WarningFeature(
                        "Fever, spreading redness or pus.",
                        Disposition.URGENT,
                        ("xu_2013_acupuncture_ae_review", CHECKIN),
                    ),
                    WarningFeature(
                        "Red or sore needle sites without fever or spreading: often a passing skin "
                        "reaction, but the practitioner should look.",
                        Disposition.REVIEW,
                        ("bacc_inflamed_points",),
                    ),
                ),
                note="Infections were the main complication in a review of acupuncture case reports.",
            ),
            AdverseEvent(
                "pneumothorax",
                "Pneumothorax (collapsed lung)",
                Severity.SERIOUS,
                (WHITE, "irmedj_2022_pneumothorax", LOCAL_SEVERITY),
                warning_features=(
                    WarningFeature(
                        "Chest pain or breathlessness after needling over the thorax or upper "
                        "lumbar spine, within hours or by the next day.",
                        Disposition.EMERGENCY,
                        ("cureus_2021_pneumothorax", "irmedj_2022_pneumothorax", CHECKIN),
                    ),
                ),
            ),
            AdverseEvent(
                "spinal_injury",
                "Injury near the spinal canal (epidural haematoma, dural puncture)",
                Severity.SERIOUS,
                ("williams_2023_ijspt_t12", LOCAL_SEVERITY),
                warning_features=(
                    WarningFeature(
                        "New bladder or bowel change, numbness in the saddle area, or numbness "
                        "or weakness in both legs.",
                        Disposition.EMERGENCY,
                        (BASS, GLOS, CHECKIN),
                    ),
                    WarningFeature(
                        "New weakness in one leg, or numbness in one leg after needling near the "
                        "spine.",
                        Disposition.URGENT,
                        ("williams_2023_ijspt_t12", CHECKIN),
                    ),
                    WarningFeature(
                        "Headache after needling near the spine (dural puncture has been reported).",
                        Disposition.REVIEW,
                        ("williams_2023_ijspt_t12", CHECKIN),
                    ),
                ),
            ),
            AdverseEvent(
                "retained_or_broken_needle",
                "Retained or broken needle",
                Severity.SIGNIFICANT,
                (WHITE, LOCAL_SEVERITY),
                warning_features=(
                    WarningFeature(
                        "A needle or piece of needle left in the skin.",
                        Disposition.URGENT,
                        (CHECKIN,),
                    ),
                ),
            ),
        )
    }
)

# Whole-study figures, kept apart from the per-event rates.
STUDY_TOTALS: tuple[ReferenceRate, ...] = (
    ReferenceRate(
        BRADY, Decimal("19.18"), "treatments with at least one mild event (1,463 of 7,629)"
    ),
    ReferenceRate(
        BRADY, Decimal("0.04"), "upper estimate of the risk of a significant event (none seen)"
    ),
    ReferenceRate(BOYCE, Decimal("36.7"), "treatments with a minor event (7,531)"),
    ReferenceRate(BOYCE, Decimal("0.1"), "upper bound for major events (20, about 1 per 1,024)"),
)


class Symptom(StrEnum):
    """What a patient can report at a check-in."""

    SORENESS = "soreness"
    BRUISING = "bruising"
    BLEEDING = "bleeding"
    SYMPTOM_AGGRAVATION = "symptom_aggravation"
    DROWSINESS = "drowsiness"
    HEADACHE = "headache"
    NAUSEA = "nausea"
    FATIGUE = "fatigue"
    ITCHING = "itching"
    FAINTNESS = "faintness"
    NUMBNESS_OR_TINGLING = "numbness_or_tingling"
    LEG_WEAKNESS = "leg_weakness"
    BLADDER_OR_BOWEL_CHANGE = "bladder_or_bowel_change"
    REDNESS_AT_SITE = "redness_at_site"
    FEVER = "fever"
    SPREADING_REDNESS = "spreading_redness"
    PUS = "pus"
    CHEST_PAIN = "chest_pain"
    BREATHLESSNESS = "breathlessness"
    NEEDLE_FRAGMENT = "needle_fragment"
    OTHER = "other"


SYMPTOMS: tuple[Symptom, ...] = tuple(Symptom)


class Location(StrEnum):
    """Where a reported numbness or weakness is."""

    NEEDLE_SITE = "needle_site"  # around where a needle went in
    ONE_LEG = "one_leg"
    BOTH_LEGS = "both_legs"
    SADDLE = "saddle"  # between the legs, around the back passage or genitals


# The symptoms that must say where they are, and the places each may be.
LOCATED_SYMPTOMS: Mapping[Symptom, frozenset[Location]] = MappingProxyType(
    {
        Symptom.NUMBNESS_OR_TINGLING: frozenset(Location),
        Symptom.LEG_WEAKNESS: frozenset({Location.ONE_LEG, Location.BOTH_LEGS}),
    }
)

_SHORT_MILD = frozenset(
    {
        Symptom.SYMPTOM_AGGRAVATION,
        Symptom.DROWSINESS,
        Symptom.HEADACHE,
        Symptom.NAUSEA,
        Symptom.FATIGUE,
        Symptom.ITCHING,
    }
)
_INFECTION_SIGNS = frozenset({Symptom.FEVER, Symptom.SPREADING_REDNESS, Symptom.PUS})
_CHEST = frozenset({Symptom.CHEST_PAIN, Symptom.BREATHLESSNESS})


@dataclass(frozen=True, slots=True)
class SymptomReport:
    """One symptom a patient reports at a check-in.

    ``severity`` (0-10) is shown to the clinician but changes no level: no source gives a
    threshold. ``region`` is an optional region reference (where the symptom is).
    ``location`` says where numbness or weakness is (``LOCATED_SYMPTOMS``): it is required for
    those two symptoms, because it decides the level, and refused for the others.

    Raises ``UnknownCode`` naming an unknown symptom, trend or location; ``ValueError`` naming
    a severity outside 0-10, a missing location, or a location the symptom cannot have.
    """

    symptom: Symptom
    trend: Trend = Trend.SAME
    severity: int | None = None
    region: str | None = None
    location: Location | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "symptom", Symptom(self.symptom))
        except ValueError:
            raise UnknownCode("symptom", self.symptom) from None
        try:
            object.__setattr__(self, "trend", Trend(self.trend))
        except ValueError:
            raise UnknownCode("trend", self.trend) from None
        sev = self.severity
        if sev is not None and (
            isinstance(sev, bool) or not isinstance(sev, int) or not 0 <= sev <= 10
        ):
            raise ValueError(f"severity must be a whole number from 0 to 10, got {sev!r}")
        if self.region is not None:
            parse(self.region)
        self._check_location()

    def _check_location(self) -> None:
        allowed = LOCATED_SYMPTOMS.get(self.symptom)
        if self.location is None:
            if allowed is not None:
                raise ValueError(
                    f"{self.symptom.value} needs a location: one of " + ", ".join(sorted(allowed))
                )
            return
        try:
            location = Location(self.location)
        except ValueError:
            raise UnknownCode("location", self.location) from None
        if allowed is None or location not in allowed:
            raise ValueError(f"{self.symptom.value} cannot have the location {location.value!r}")
        object.__setattr__(self, "location", location)


@dataclass(frozen=True, slots=True)
class EscalationReason:
    """Why one reported symptom got its level."""

    symptom: Symptom
    level: Disposition
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Escalation:
    """The result of a check-in: the most pressing level and a reason per symptom."""

    level: Disposition
    reasons: tuple[EscalationReason, ...]
    hours_since_session: float


SOURCES_CITED: frozenset[str] = frozenset(
    {key for e in ADVERSE_EVENTS.values() for key in e.sources}
    | {r.source for r in STUDY_TOTALS}
    | {CHECKIN, "practicenurse_back_pain", "heyneurosurgeon_red_flags"}
)


def _check_hours(hours: float) -> float:
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        raise TypeError(f"hours_since_session must be a number, got {hours!r}")
    if math.isnan(hours) or math.isinf(hours):
        raise ValueError(f"hours_since_session must be finite, got {hours!r}")
    if hours < 0:
        raise ValueError(f"hours_since_session must not be negative, got {hours!r}")
    return float(hours)


def _near_thorax(needled: tuple[str, ...] | None) -> bool:
    """True when the needled muscles put the pleura at risk, or are not known."""
    return needled is None or muscle_catalogue.near_thorax(needled)


def _near_spinal_canal(needled: tuple[str, ...] | None) -> bool:
    if needled is None:
        return False
    return any(
        w.hazard is muscle_catalogue.Hazard.SPINAL_CANAL
        for code in needled
        for w in muscle_catalogue.MUSCLES[code].warnings
    )


def _assess(
    report: SymptomReport, hours: float, needled: tuple[str, ...] | None
) -> EscalationReason:
    s, worse = report.symptom, report.trend is Trend.WORSE

    def reason(level: Disposition, text: str, *sources: str) -> EscalationReason:
        return EscalationReason(s, level, text, sources)

    if s in _CHEST:
        if _near_thorax(needled):
            return reason(
                Disposition.EMERGENCY,
                "Chest pain or breathlessness after needling near the thorax or upper lumbar "
                "spine: possible pneumothorax, call emergency services.",
                "cureus_2021_pneumothorax",
                "irmedj_2022_pneumothorax",
                CHECKIN,
            )
        return reason(
            Disposition.URGENT,
            "Chest pain or breathlessness after needling: needs same-day medical assessment.",
            CHECKIN,
        )
    if s is Symptom.BLADDER_OR_BOWEL_CHANGE:
        return reason(
            Disposition.EMERGENCY,
            "New bladder or bowel change: possible cauda equina compression.",
            BASS,
            CHECKIN,
        )
    if s in LOCATED_SYMPTOMS:
        return _assess_neurological(report, needled)
    if s in _INFECTION_SIGNS:
        return reason(
            Disposition.URGENT,
            "Fever, spreading redness or pus: possible infection, needs same-day medical review.",
            "xu_2013_acupuncture_ae_review",
            CHECKIN,
        )
    if s is Symptom.NEEDLE_FRAGMENT:
        return reason(Disposition.URGENT, "A needle or fragment may be left in the skin.", CHECKIN)
    if s is Symptom.REDNESS_AT_SITE:
        return reason(
            Disposition.REVIEW,
            "Red or sore needle sites: often a passing skin reaction; the clinician should look.",
            "bacc_inflamed_points",
        )
    if s is Symptom.SORENESS:
        return _assess_soreness(report, hours)
    if s is Symptom.BRUISING:
        if worse:
            return reason(Disposition.REVIEW, "The bruise is getting bigger.", CHECKIN)
        if hours > BRUISING_SAFETY_NET_H:
            return reason(
                Disposition.REVIEW,
                "Bruise still present after 2 weeks, past the usual recovery time in trials.",
                "zhao_2011_trials",
                CHECKIN,
            )
        return reason(
            Disposition.EXPECTED,
            "Bruising within 2 weeks that is not growing; nearly all such bruises settle by then.",
            "zhao_2011_trials",
            BRADY,
        )
    if s is Symptom.HEADACHE and _near_spinal_canal(needled):
        return reason(
            Disposition.REVIEW,
            "Headache after needling near the spinal canal: the clinician should rule out a "
            "dural puncture.",
            "williams_2023_ijspt_t12",
            CHECKIN,
        )
    if s in _SHORT_MILD:
        return _assess_short_mild(report, hours)
    if s is Symptom.BLEEDING:
        return reason(
            Disposition.REVIEW,
            "Bleeding after the session has ended: brief bleeding at needle removal is common, "
            "but ongoing bleeding needs a look.",
            BRADY,
            CHECKIN,
        )
    if s is Symptom.FAINTNESS:
        return reason(
            Disposition.REVIEW,
            "Feeling faint or fainting after leaving the clinic.",
            WHITE,
            CHECKIN,
        )
    return reason(
        Disposition.REVIEW, "A symptom outside the catalogue: the clinician should look.", CHECKIN
    )


def _assess_neurological(
    report: SymptomReport, needled: tuple[str, ...] | None
) -> EscalationReason:
    """Numbness or weakness, graded by where it is (cauda equina signs first)."""
    s, where = report.symptom, report.location

    def reason(level: Disposition, text: str, *sources: str) -> EscalationReason:
        return EscalationReason(s, level, text, sources)

    if where is Location.SADDLE:
        return reason(
            Disposition.EMERGENCY,
            "Numbness in the saddle area: possible cauda equina compression, emergency "
            "assessment now.",
            BASS,
            GLOS,
            CHECKIN,
        )
    if where is Location.BOTH_LEGS:
        return reason(
            Disposition.EMERGENCY,
            "Numbness or weakness in both legs: possible cauda equina or cord compression, "
            "emergency assessment now.",
            BASS,
            GLOS,
            CHECKIN,
        )
    if s is Symptom.LEG_WEAKNESS:
        if report.trend is Trend.WORSE:
            return reason(
                Disposition.EMERGENCY,
                "Weakness in one leg that is getting worse: a progressing neurological deficit, "
                "emergency assessment now.",
                "practicenurse_back_pain",
                "heyneurosurgeon_red_flags",
                CHECKIN,
            )
        return reason(
            Disposition.URGENT,
            "New weakness in one leg: needs same-day medical assessment (spinal injury has been "
            "reported after needling near the spine).",
            "williams_2023_ijspt_t12",
            "practicenurse_back_pain",
            CHECKIN,
        )
    if where is Location.ONE_LEG and (needled is None or _near_spinal_canal(needled)):
        return reason(
            Disposition.URGENT,
            "Numbness in one leg after needling near the spinal canal (or the muscles needled "
            "are not known): needs same-day medical assessment.",
            "williams_2023_ijspt_t12",
            CHECKIN,
        )
    if where is Location.ONE_LEG:
        return reason(
            Disposition.REVIEW,
            "Numbness in one leg away from the spinal canal: possible irritation of a nerve "
            "near a needled muscle; the clinician should look.",
            BRADY,
            CHECKIN,
        )
    return reason(
        Disposition.REVIEW,
        "Numbness or tingling around a needle site: possible nerve irritation.",
        BRADY,
        CHECKIN,
    )


def _assess_soreness(report: SymptomReport, hours: float) -> EscalationReason:
    s = report.symptom
    if hours > SORENESS_FOLLOW_UP_CEILING_H:
        return EscalationReason(
            s,
            Disposition.REVIEW,
            "Soreness more than a week after needling, beyond the longest follow-up studied.",
            ("pmr_2018_pns_dose", CHECKIN),
        )
    if report.trend is Trend.WORSE:
        return EscalationReason(
            s,
            Disposition.REVIEW,
            "Soreness getting worse; it is normally worst straight after needling.",
            (*_SORENESS_SOURCES, CHECKIN),
        )
    if hours > SORENESS_USUAL_WINDOW_H:
        return EscalationReason(
            s,
            Disposition.REVIEW,
            f"Soreness beyond the usual {SORENESS_USUAL_WINDOW_H} h.",
            (*_SORENESS_SOURCES, CHECKIN),
        )
    return EscalationReason(
        s,
        Disposition.EXPECTED,
        f"Soreness within {SORENESS_USUAL_WINDOW_H} h and not getting worse is expected.",
        _SORENESS_SOURCES,
    )


def _assess_short_mild(report: SymptomReport, hours: float) -> EscalationReason:
    s = report.symptom
    if report.trend is Trend.WORSE:
        return EscalationReason(s, Disposition.REVIEW, f"{s.value} getting worse.", (CHECKIN,))
    if hours > SORENESS_USUAL_WINDOW_H:
        return EscalationReason(
            s,
            Disposition.REVIEW,
            f"{s.value} still present after {SORENESS_USUAL_WINDOW_H} h.",
            (CHECKIN,),
        )
    return EscalationReason(
        s,
        Disposition.EXPECTED,
        f"{s.value} soon after needling is a recognised mild reaction.",
        (BRADY, WHITE, CHECKIN),
    )


def assess_checkin(
    hours_since_session: float,
    symptoms: Iterable[SymptomReport],
    *,
    needled_muscles: Iterable[str] | None = None,
) -> Escalation:
    """Say whether a check-in report is expected, needs review, or is urgent or an emergency.

    ``hours_since_session`` is worked out by the caller (no clock here). ``needled_muscles``
    (muscle codes) sharpens three rules: chest symptoms are an emergency after needling near the
    thorax (``muscles.near_thorax``, the same test the aftercare sheet uses), numbness in one leg
    is urgent after needling near the spinal canal, and a headache after needling near the
    spinal canal needs review. When the muscles are not given, chest symptoms are treated as an
    emergency and one-leg numbness as urgent. The muscles are what the session recorded, so a
    retired code (``muscles.RETIRED_MUSCLES``) counts as the muscles it was split into. No
    symptoms at all
    gives ``expected`` with no reasons. The level is the most pressing reason.

    Raises ``TypeError`` for a non-numeric hours value or a report that is not a
    ``SymptomReport``; ``ValueError`` naming negative or non-finite hours; ``UnknownCode`` naming
    a muscle code that is neither current nor retired.
    """
    hours = _check_hours(hours_since_session)
    needled: tuple[str, ...] | None = None
    if needled_muscles is not None:
        if isinstance(needled_muscles, str):
            raise TypeError(
                f"needled_muscles must be a collection, not the string {needled_muscles!r}"
            )
        needled = tuple(
            member for code in needled_muscles for member in muscle_catalogue.current_muscles(code)
        )
    reports = tuple(symptoms)
    for report in reports:
        if not isinstance(report, SymptomReport):
            raise TypeError(f"symptoms must be SymptomReport objects, got {report!r}")
    reasons = tuple(_assess(r, hours, needled) for r in reports)
    level = max((r.level for r in reasons), key=lambda d: d.rank, default=Disposition.EXPECTED)
    return Escalation(level, reasons, hours)
