"""Outcome instruments: their definitions and how each is scored.

Pure: standard library only. Answers come in item order, ``None`` for an unanswered item.
Scores are ``Decimal``; where a score has one decimal place it is rounded half up
(``ROUND_HALF_UP``: 35.55 becomes 35.6) [``local_rounding``].

Item labels are Taut's own few-word summaries. The licensed wording of the ODI and the Keele
STarT Back tool is never shipped; clinics must use the licensed forms themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from taut.clinical.errors import UnknownCode

__all__ = [
    "INSTRUMENTS",
    "MEASURES",
    "ODI_MAX_MISSING",
    "ODI_MISSING_FLAG_FROM",
    "SOURCES_CITED",
    "DisabilityBand",
    "Flag",
    "Instrument",
    "InstrumentCode",
    "InvalidAnswer",
    "Item",
    "KinesiophobiaLevel",
    "Measure",
    "Option",
    "PainCategory",
    "PressureUnit",
    "Score",
    "StartBackRisk",
    "Unscorable",
    "convert_pressure",
    "get",
    "score",
]

ONE_DECIMAL = Decimal("0.1")


class InvalidAnswer(ValueError):  # noqa: N818 (name fixed by the issue contract)
    """An answer is out of range, of the wrong type, or the answer list has the wrong size."""

    def __init__(self, instrument: str, message: str, *, item: int | None = None) -> None:
        where = f"{instrument} item {item}" if item is not None else instrument
        super().__init__(f"{where}: {message}")
        self.instrument = instrument
        self.item = item


class Unscorable(ValueError):  # noqa: N818 (name fixed by the issue contract)
    """Too few items were answered to give a valid score."""

    def __init__(self, instrument: str, message: str) -> None:
        super().__init__(f"{instrument}: {message}")
        self.instrument = instrument


class InstrumentCode(StrEnum):
    NPRS = "nprs"
    ODI = "odi"
    RMDQ = "rmdq"
    TSK17 = "tsk17"
    TSK11 = "tsk11"
    PSFS = "psfs"
    STARTBACK = "startback"


class PainCategory(StrEnum):
    """NPRS bands [``hl7_pain_scores``]."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class DisabilityBand(StrEnum):
    """Fairbank's ODI percentage bands [``odi_bands``]."""

    MINIMAL = "minimal"
    MODERATE = "moderate"
    SEVERE = "severe"
    CRIPPLED = "crippled"
    BED_BOUND = "bed_bound"

    @property
    def label(self) -> str:
        return _BAND_LABELS[self]


_BAND_LABELS: Mapping[DisabilityBand, str] = MappingProxyType(
    {
        DisabilityBand.MINIMAL: "minimal disability",
        DisabilityBand.MODERATE: "moderate disability",
        DisabilityBand.SEVERE: "severe disability",
        DisabilityBand.CRIPPLED: "crippled",
        DisabilityBand.BED_BOUND: "bed-bound or exaggerating symptoms",
    }
)


class KinesiophobiaLevel(StrEnum):
    """TSK-17 cut-off: above 37 is high [``osteopathy_australia_proms``, ``vlaeyen_1995``]."""

    LOW = "low"
    HIGH = "high"


class StartBackRisk(StrEnum):
    """Keele STarT Back risk groups [``keele_sbst``]."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Flag(StrEnum):
    """Notes attached to a score that the clinician should see."""

    ITEMS_MISSING = "items_missing"  # scored, but some items were unanswered
    MANY_ITEMS_MISSING = "many_items_missing"  # scored at the limit of what Taut allows


@dataclass(frozen=True, slots=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True, slots=True)
class Item:
    number: int
    label: str
    options: tuple[Option, ...]
    reverse_scored: bool = False
    loinc: str | None = None

    @property
    def values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options)

    @property
    def is_binary(self) -> bool:
        return self.values == frozenset({0, 1})


@dataclass(frozen=True, slots=True)
class Instrument:
    """What Taut knows about one questionnaire or rating scale."""

    code: InstrumentCode
    name: str
    version: str
    items: tuple[Item, ...]
    min_value: Decimal
    max_value: Decimal
    higher_is_better: bool
    licence: str
    sources: tuple[str, ...]
    min_items: int | None = None  # for instruments with a variable number of items (PSFS)
    loinc_panel: str | None = None
    loinc_score: str | None = None
    loinc_extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Score:
    """A scored response. ``category`` is None for instruments without published bands."""

    instrument: InstrumentCode
    value: Decimal
    category: str | None
    answered: int
    subscales: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    flags: tuple[Flag, ...] = ()


def _scale(low: int, high: int, low_label: str, high_label: str) -> tuple[Option, ...]:
    return tuple(
        Option(v, low_label if v == low else high_label if v == high else str(v))
        for v in range(low, high + 1)
    )


_NPRS_OPTIONS = _scale(0, 10, "0 no pain", "10 worst imaginable pain")
_ODI_OPTIONS = _scale(0, 5, "0 (least limited)", "5 (most limited)")
_TICK = (Option(0, "not ticked"), Option(1, "ticked"))
_AGREE = (Option(0, "disagree"), Option(1, "agree"))
_LIKERT4 = (
    Option(1, "strongly disagree"),
    Option(2, "disagree"),
    Option(3, "agree"),
    Option(4, "strongly agree"),
)
_BOTHER = (
    Option(0, "not at all"),
    Option(1, "slightly"),
    Option(2, "moderately"),
    Option(3, "very much"),
    Option(4, "extremely"),
)
_PSFS_OPTIONS = _scale(0, 10, "0 unable to do", "10 as before the problem")


def _items(labels: Sequence[str], options: tuple[Option, ...]) -> tuple[Item, ...]:
    return tuple(Item(n, label, options) for n, label in enumerate(labels, start=1))


_ODI_SECTIONS = (
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Walking",
    "Sitting",
    "Standing",
    "Sleeping",
    "Sex life (if applicable)",
    "Social life",
    "Travelling",
)

_RMDQ_ITEMS = (
    "Mostly stays at home",
    "Shifts position often",
    "Walks more slowly",
    "Skips usual housework",
    "Needs handrail on stairs",
    "Lies down to rest more",
    "Needs support to rise from armchair",
    "Asks others to do things",
    "Dresses more slowly",
    "Stands only briefly",
    "Avoids bending or kneeling",
    "Hard to rise from a chair",
    "Back hurts nearly always",
    "Hard to turn in bed",
    "Poor appetite",
    "Trouble with socks",
    "Walks only short distances",
    "Sleeps worse",
    "Needs help to dress",
    "Sits most of the day",
    "Avoids heavy housework",
    "More irritable",
    "Climbs stairs more slowly",
    "Mostly stays in bed",
)

_TSK17_LABELS = (
    "Fears injury from exercise",
    "Pushing through raises pain",
    "Body signals danger",
    "Exercise would ease pain",
    "Condition not taken seriously",
    "Lasting risk to body",
    "Pain means injury",
    "Aggravation is not danger",
    "Fears accidental injury",
    "Avoiding movement is safest",
    "Pain means something dangerous",
    "Activity would help",
    "Pain says when to stop",
    "Activity unsafe for me",
    "Too easily injured",
    "Pain is not dangerous",
    "No exercise when in pain",
)
TSK17_REVERSED = frozenset({4, 8, 12, 16})  # osteopathy_australia_proms
TSK11_FROM_TSK17 = (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)  # woby_2005: 4, 8, 9, 12, 14, 16 removed

_STARTBACK_LABELS = (
    "Pain spread down a leg",
    "Shoulder or neck pain",
    "Walked only short distances",
    "Dressed more slowly",
    "Unsafe to be active",
    "Worrying thoughts",
    "Pain terrible, never better",
    "Not enjoying things",
    "How bothersome",
)
STARTBACK_PSYCHOSOCIAL_ITEMS = (5, 6, 7, 8, 9)  # keele_sbst
STARTBACK_LOINC_ITEMS = (
    "91340-0",
    "91341-8",
    "91342-6",
    "91343-4",
    "91344-2",
    "91345-9",
    "91346-7",
    "91347-5",
    "91348-3",
)  # loinc


def _startback_items() -> tuple[Item, ...]:
    return tuple(
        Item(n, label, _BOTHER if n == 9 else _AGREE, loinc=STARTBACK_LOINC_ITEMS[n - 1])
        for n, label in enumerate(_STARTBACK_LABELS, start=1)
    )


_INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument(
        code=InstrumentCode.NPRS,
        name="Numeric Pain Rating Scale",
        version="0-10 numeric rating",
        items=(Item(1, "Pain now", _NPRS_OPTIONS, loinc="72514-3"),),
        min_value=Decimal(0),
        max_value=Decimal(10),
        higher_is_better=False,
        licence="Public domain.",
        sources=("hl7_pain_scores", "loinc_nprs"),
        loinc_score="72514-3",
    ),
    Instrument(
        code=InstrumentCode.ODI,
        name="Oswestry Disability Index",
        version="2.1a",
        items=_items(_ODI_SECTIONS, _ODI_OPTIONS),
        min_value=Decimal(0),
        max_value=Decimal(100),
        higher_is_better=False,
        licence=(
            "Copyright Jeremy Fairbank 1980, distributed by Mapi Research Trust (ePROVIDE); "
            "the clinic needs its own user agreement. Taut ships section names only."
        ),
        sources=(
            "roland_fairbank_2000",
            "odi_bands",
            "local_odi_band_boundaries",
            "odi_licence",
            "loinc",
            "local_odi_missing",
            "local_rounding",
        ),
        loinc_panel="97908-8",
        loinc_score="97909-6",
    ),
    Instrument(
        code=InstrumentCode.RMDQ,
        name="Roland-Morris Disability Questionnaire",
        version="24-item",
        items=_items(_RMDQ_ITEMS, _TICK),
        min_value=Decimal(0),
        max_value=Decimal(24),
        higher_is_better=False,
        licence=(
            "Free for clinical use (Roland & Fairbank 2000); terms for commercial electronic "
            "use not confirmed. Taut ships short labels only."
        ),
        sources=("roland_fairbank_2000", "rmdq_scoring", "local_rmdq_missing"),
    ),
    Instrument(
        code=InstrumentCode.TSK17,
        name="Tampa Scale of Kinesiophobia",
        version="17-item",
        items=tuple(
            Item(n, label, _LIKERT4, reverse_scored=n in TSK17_REVERSED)
            for n, label in enumerate(_TSK17_LABELS, start=1)
        ),
        min_value=Decimal(17),
        max_value=Decimal(68),
        higher_is_better=False,
        licence="Free to use (Miller, Kori & Todd 1991).",
        sources=("osteopathy_australia_proms", "vlaeyen_1995", "local_complete_forms"),
    ),
    Instrument(
        code=InstrumentCode.TSK11,
        name="Tampa Scale of Kinesiophobia, short form",
        version="11-item (Woby 2005)",
        items=tuple(
            Item(n, _TSK17_LABELS[original - 1], _LIKERT4)
            for n, original in enumerate(TSK11_FROM_TSK17, start=1)
        ),
        min_value=Decimal(11),
        max_value=Decimal(44),
        higher_is_better=False,
        licence="Free to use.",
        sources=("woby_2005", "local_complete_forms"),
    ),
    Instrument(
        code=InstrumentCode.PSFS,
        name="Patient-Specific Functional Scale",
        version="up to 5 activities",
        items=tuple(Item(n, f"Activity {n}", _PSFS_OPTIONS) for n in range(1, 6)),
        min_value=Decimal(0),
        max_value=Decimal(10),
        higher_is_better=True,
        licence="Free to use (Stratford et al. 1995).",
        sources=("stratford_1995", "local_psfs_missing", "local_rounding"),
        min_items=1,
    ),
    Instrument(
        code=InstrumentCode.STARTBACK,
        name="Keele STarT Back Screening Tool",
        version="9-item",
        items=_startback_items(),
        min_value=Decimal(0),
        max_value=Decimal(9),
        higher_is_better=False,
        licence=(
            "Copyright Keele University 2007. Free for non-commercial use; commercial use needs "
            "Keele's agreement. Wording must not be changed; Taut ships short labels only."
        ),
        sources=("keele_sbst", "loinc", "local_complete_forms"),
        loinc_panel="91349-1",
        loinc_score="91351-7",
        loinc_extra=MappingProxyType(
            {"psychosocial": "91350-9", "risk": "91352-5"},
        ),
    ),
)

INSTRUMENTS: Mapping[InstrumentCode, Instrument] = MappingProxyType(
    {i.code: i for i in _INSTRUMENTS}
)


def get(code: str) -> Instrument:
    """Return the instrument for ``code``. Raises UnknownCode (a ValueError) if there is none."""
    try:
        return INSTRUMENTS[InstrumentCode(code)]
    except ValueError:
        raise UnknownCode("instrument", code) from None


# --- Validation -----------------------------------------------------------------------------


def _check_value(instrument: Instrument, item: Item, value: object) -> int:
    name = instrument.code.value
    if isinstance(value, bool):
        if item.is_binary:
            return int(value)
        raise InvalidAnswer(name, f"{value!r} is a boolean, expected a number", item=item.number)
    if not isinstance(value, int):
        raise InvalidAnswer(name, f"{value!r} is not a whole number", item=item.number)
    if value not in item.values:
        low, high = min(item.values), max(item.values)
        raise InvalidAnswer(name, f"{value!r} is outside {low}-{high}", item=item.number)
    return value


def _validate(instrument: Instrument, answers: Sequence[int | bool | None]) -> list[int | None]:
    name = instrument.code.value
    if isinstance(answers, (str, bytes)) or not isinstance(answers, Sequence):
        raise InvalidAnswer(name, f"answers must be a list, got {answers!r}")
    size = len(instrument.items)
    if instrument.min_items is None and len(answers) != size:
        raise InvalidAnswer(name, f"expected {size} answers, got {len(answers)}")
    if len(answers) > size:
        raise InvalidAnswer(name, f"expected at most {size} answers, got {len(answers)}")
    if instrument.min_items is not None and len(answers) < instrument.min_items:
        raise InvalidAnswer(
            name, f"expected {instrument.min_items} to {size} answers, got {len(answers)}"
        )
    return [
        None if value is None else _check_value(instrument, item, value)
        for item, value in zip(instrument.items, answers, strict=False)
    ]


def _missing(values: Sequence[int | None]) -> list[int]:
    return [n for n, v in enumerate(values, start=1) if v is None]


def _require_complete(instrument: Instrument, values: Sequence[int | None]) -> list[int]:
    missing = _missing(values)
    if missing:
        numbers = ", ".join(str(n) for n in missing)
        raise Unscorable(
            instrument.code.value,
            f"every item must be answered; unanswered item(s): {numbers}",
        )
    return [v for v in values if v is not None]


# --- Scoring rules --------------------------------------------------------------------------

ODI_MAX_MISSING = 2  # local_odi_missing: at most two unanswered sections
ODI_MISSING_FLAG_FROM = 2  # local_odi_missing: two unanswered sections are scored but flagged
TSK17_HIGH_ABOVE = 37  # osteopathy_australia_proms, vlaeyen_1995
STARTBACK_HIGH_FROM = 4  # keele_sbst: psychosocial subscale 4 or 5
STARTBACK_MEDIUM_FROM = 4  # keele_sbst: total 4 or more
STARTBACK_ITEM9_POSITIVE_FROM = 3  # keele_sbst: "very much" or "extremely"


def _pain_category(value: int) -> PainCategory:
    # hl7_pain_scores: 0 none, 1-3 mild, 4-6 moderate, 7-10 severe (10 merged into severe)
    if value == 0:
        return PainCategory.NONE
    if value <= 3:
        return PainCategory.MILD
    if value <= 6:
        return PainCategory.MODERATE
    return PainCategory.SEVERE


def _odi_band(value: Decimal) -> DisabilityBand:
    # odi_bands, local_odi_band_boundaries: a value belongs to the first band whose published
    # upper limit it does not exceed, so 20.0 is minimal and 20.5 is moderate.
    for upper, band in (
        (20, DisabilityBand.MINIMAL),
        (40, DisabilityBand.MODERATE),
        (60, DisabilityBand.SEVERE),
        (80, DisabilityBand.CRIPPLED),
    ):
        if value <= upper:
            return band
    return DisabilityBand.BED_BOUND


def _score_nprs(instrument: Instrument, values: list[int | None]) -> Score:
    (rating,) = _require_complete(instrument, values)
    return Score(instrument.code, Decimal(rating), _pain_category(rating), 1)


def _score_odi(instrument: Instrument, values: list[int | None]) -> Score:
    missing = _missing(values)
    if len(missing) > ODI_MAX_MISSING:
        numbers = ", ".join(str(n) for n in missing)
        raise Unscorable(
            instrument.code.value,
            f"{len(missing)} sections unanswered ({numbers}); at most {ODI_MAX_MISSING} allowed",
        )
    answered = [v for v in values if v is not None]
    raw = Decimal(100 * sum(answered)) / Decimal(5 * len(answered))
    value = raw.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    flags: tuple[Flag, ...] = ()
    if missing:
        flags = (Flag.ITEMS_MISSING,)
    if len(missing) >= ODI_MISSING_FLAG_FROM:
        flags = (Flag.ITEMS_MISSING, Flag.MANY_ITEMS_MISSING)
    return Score(instrument.code, value, _odi_band(value), len(answered), flags=flags)


def _score_rmdq(instrument: Instrument, values: list[int | None]) -> Score:
    # rmdq_scoring, local_rmdq_missing: an item left blank was not ticked and scores 0, but a
    # form with nothing recorded at all cannot be told apart from an unreturned one.
    missing = _missing(values)
    if len(missing) == len(values):
        raise Unscorable(instrument.code.value, "no item recorded (send 0/False for unticked)")
    total = sum(v for v in values if v is not None)
    flags = (Flag.ITEMS_MISSING,) if missing else ()
    answered = len(values) - len(missing)
    return Score(instrument.code, Decimal(total), None, answered, flags=flags)


def _score_tsk17(instrument: Instrument, values: list[int | None]) -> Score:
    complete = _require_complete(instrument, values)
    total = sum(
        5 - v if item.reverse_scored else v
        for item, v in zip(instrument.items, complete, strict=True)
    )
    level = KinesiophobiaLevel.HIGH if total > TSK17_HIGH_ABOVE else KinesiophobiaLevel.LOW
    return Score(instrument.code, Decimal(total), level, len(complete))


def _score_tsk11(instrument: Instrument, values: list[int | None]) -> Score:
    complete = _require_complete(instrument, values)
    return Score(instrument.code, Decimal(sum(complete)), None, len(complete))


def _score_psfs(instrument: Instrument, values: list[int | None]) -> Score:
    complete = _require_complete(instrument, values)
    mean = Decimal(sum(complete)) / Decimal(len(complete))
    value = mean.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return Score(instrument.code, value, None, len(complete))


def _score_startback(instrument: Instrument, values: list[int | None]) -> Score:
    complete = _require_complete(instrument, values)
    points = [
        (1 if v >= STARTBACK_ITEM9_POSITIVE_FROM else 0) if n == 9 else v
        for n, v in enumerate(complete, start=1)
    ]
    total = sum(points)
    psychosocial = sum(points[n - 1] for n in STARTBACK_PSYCHOSOCIAL_ITEMS)
    if psychosocial >= STARTBACK_HIGH_FROM:
        risk = StartBackRisk.HIGH
    elif total >= STARTBACK_MEDIUM_FROM:
        risk = StartBackRisk.MEDIUM
    else:
        risk = StartBackRisk.LOW
    return Score(
        instrument.code,
        Decimal(total),
        risk,
        len(complete),
        subscales=MappingProxyType({"psychosocial": Decimal(psychosocial)}),
    )


_SCORERS = {
    InstrumentCode.NPRS: _score_nprs,
    InstrumentCode.ODI: _score_odi,
    InstrumentCode.RMDQ: _score_rmdq,
    InstrumentCode.TSK17: _score_tsk17,
    InstrumentCode.TSK11: _score_tsk11,
    InstrumentCode.PSFS: _score_psfs,
    InstrumentCode.STARTBACK: _score_startback,
}


def score(instrument: str, answers: Sequence[int | bool | None]) -> Score:
    """Score ``answers`` (item order, None for unanswered) on ``instrument``.

    Rules, one per instrument (see docs/kernel/instruments.md):

    * nprs: one rating 0-10; none 0, mild 1-3, moderate 4-6, severe 7-10.
    * odi: ten sections 0-5; 100 x sum / (5 x answered), one decimal; at most two sections
      unanswered (two are flagged); bands minimal to bed-bound.
    * rmdq: 24 ticks (bool or 0/1); number ticked; a blank item counts as not ticked.
    * tsk17: 17 items 1-4, items 4, 8, 12, 16 reversed; high above 37. No item may be blank.
    * tsk11: 11 items 1-4; sum. No item may be blank.
    * psfs: one to five ratings 0-10; mean to one decimal. Every listed activity must be rated
      (an empty list is wrongly sized).
    * startback: items 1-8 0/1, item 9 0-4 (3 or 4 scores 1); total, psychosocial subscale
      (items 5-9) and risk group. No item may be blank.

    Raises UnknownCode for an unknown instrument, InvalidAnswer for a wrongly sized list or an
    out-of-range, non-integer or (outside yes/no items) boolean answer, and Unscorable when
    too few items are answered. All three are ValueErrors whose message names the bad value.
    """
    definition = get(instrument)
    values = _validate(definition, answers)
    return _SCORERS[definition.code](definition, values)


# --- Clinician-measured instruments ---------------------------------------------------------


class PressureUnit(StrEnum):
    KG_PER_CM2 = "kg/cm2"  # kilogram-force per square centimetre
    N_PER_CM2 = "N/cm2"
    KPA = "kPa"


# kgf_definition: 1 kgf = 9.80665 N exactly, so 1 kgf/cm2 = 98.0665 kPa; 1 N/cm2 = 10 kPa.
_KPA_PER_UNIT: Mapping[PressureUnit, Decimal] = MappingProxyType(
    {
        PressureUnit.KG_PER_CM2: Decimal("98.0665"),
        PressureUnit.N_PER_CM2: Decimal(10),
        PressureUnit.KPA: Decimal(1),
    }
)


def convert_pressure(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Convert an algometer reading between kg/cm2, N/cm2 and kPa, exactly (no rounding).

    Raises ValueError naming the value for a negative or non-finite reading, and UnknownCode
    for an unknown unit.
    """
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ValueError(f"pressure must be a finite, non-negative Decimal, got {value!r}")
    try:
        source, target = PressureUnit(from_unit), PressureUnit(to_unit)
    except ValueError:
        bad = from_unit if from_unit not in set(PressureUnit) else to_unit
        raise UnknownCode("pressure unit", bad) from None
    return value * _KPA_PER_UNIT[source] / _KPA_PER_UNIT[target]


@dataclass(frozen=True, slots=True)
class Measure:
    """A measurement the clinician takes (not a questionnaire)."""

    code: str
    name: str
    unit: str
    method: str
    note: str
    sources: tuple[str, ...]


MEASURES: Mapping[str, Measure] = MappingProxyType(
    {
        m.code: m
        for m in (
            Measure(
                "pressure_pain_threshold",
                "Pressure pain threshold (algometry)",
                PressureUnit.KPA.value,
                "Steady pressure through a 1 cm2 tip until it first becomes painful; "
                "usually the mean of three trials.",
                "Reference values depend on device and site; no important-change value for "
                "low back pain was found, so Taut classifies no change for it.",
                ("ppt_algometry", "kgf_definition"),
            ),
            Measure(
                "modified_schober",
                "Modified Schober test",
                "cm",
                "Marks 10 cm above and 5 cm below the lumbosacral junction; the 15 cm "
                "distance is re-measured in full forward bending.",
                "An increase under 5 cm suggests reduced lumbar flexion; no cut-off for "
                "non-specific low back pain.",
                ("schober_tests",),
            ),
            Measure(
                "fingertip_to_floor",
                "Fingertip-to-floor distance",
                "cm",
                "Standing forward bend with straight knees; middle fingertip to floor.",
                "Poor repeatability (Gill 1988); read trends with care.",
                ("schober_tests",),
            ),
        )
    }
)


SOURCES_CITED: frozenset[str] = frozenset(
    {key for i in INSTRUMENTS.values() for key in i.sources}
    | {key for m in MEASURES.values() for key in m.sources}
)
