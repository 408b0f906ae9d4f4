"""Whether a change in an outcome score is an important improvement.

Pure: standard library only. An improvement is important when it reaches the instrument's
minimal important change (MIC), or, for NPRS, ODI and RMDQ only, 30% of the baseline
[``ostelo_2008``, ``local_relative_threshold``]. A worsening is never important improvement.

The PSFS has two values: 3 points for one activity's rating, 2 for the mean of several
[``psfs_mdc``]; the caller says which it compares, and without being told the kernel uses the
stricter 3 points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from taut.clinical.errors import UnknownCode
from taut.clinical.instruments import INSTRUMENTS, InstrumentCode, Score
from taut.clinical.instruments import get as get_instrument

__all__ = [
    "PSFS_THRESHOLDS",
    "RELATIVE_THRESHOLD",
    "RESPONDER_INSTRUMENTS",
    "RESPONDER_SOURCES",
    "SOURCES_CITED",
    "THRESHOLDS",
    "Change",
    "Direction",
    "NoChangeThresholdError",
    "PsfsRating",
    "Threshold",
    "classify_change",
    "threshold",
]

RELATIVE_THRESHOLD = Decimal("0.30")  # ostelo_2008


class Direction(StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Threshold:
    """The change that counts as important for one instrument."""

    absolute: Decimal
    uses_relative: bool
    sources: tuple[str, ...]
    note: str


class PsfsRating(StrEnum):
    """What a PSFS score stands for: one activity's rating, or the mean of several."""

    SINGLE_ACTIVITY = "single_activity"
    MEAN = "mean"


_PSFS_SINGLE = Threshold(
    Decimal(3),
    False,
    ("psfs_mdc", "local_relative_threshold"),
    "rise of 3 points for a single activity (minimal detectable change, 90%)",
)
_PSFS_MEAN = Threshold(
    Decimal(2),
    False,
    ("psfs_mdc", "local_relative_threshold"),
    "rise of 2 points in the mean of several activities (minimal detectable change, 90%)",
)

THRESHOLDS: Mapping[InstrumentCode, Threshold] = MappingProxyType(
    {
        InstrumentCode.NPRS: Threshold(
            Decimal(2), True, ("ostelo_2008",), "MIC 2 points or 30% (Ostelo 2008)"
        ),
        InstrumentCode.ODI: Threshold(
            Decimal(10), True, ("ostelo_2008",), "MIC 10 points or 30% (Ostelo 2008)"
        ),
        InstrumentCode.RMDQ: Threshold(
            Decimal(5), True, ("ostelo_2008",), "MIC 5 points or 30% (Ostelo 2008)"
        ),
        InstrumentCode.TSK17: Threshold(
            Decimal(4),
            False,
            ("woby_2005", "local_relative_threshold"),
            "reduction of 4 points (Woby 2005)",
        ),
        InstrumentCode.TSK11: Threshold(
            Decimal(4),
            False,
            ("woby_2005", "local_relative_threshold"),
            "reduction of 4 points (Woby 2005)",
        ),
        InstrumentCode.PSFS: _PSFS_SINGLE,
    }
)
"""The important change per instrument. For the PSFS this is the single-activity value, the
stricter one, used when the caller does not say what it compares (see ``PSFS_THRESHOLDS``)."""

PSFS_THRESHOLDS: Mapping[PsfsRating, Threshold] = MappingProxyType(
    {PsfsRating.SINGLE_ACTIVITY: _PSFS_SINGLE, PsfsRating.MEAN: _PSFS_MEAN}
)

# A patient is a responder with an important improvement on one of these pain or function
# instruments (local_responder_rule, after ostelo_2008); TSK measures fear of movement and
# STarT Back a risk group, so neither makes a responder.
RESPONDER_INSTRUMENTS: tuple[InstrumentCode, ...] = (
    InstrumentCode.NPRS,
    InstrumentCode.ODI,
    InstrumentCode.RMDQ,
    InstrumentCode.PSFS,
)
RESPONDER_SOURCES = ("local_responder_rule", "ostelo_2008", "psfs_mdc")

SOURCES_CITED: frozenset[str] = frozenset(
    {key for t in (*THRESHOLDS.values(), *PSFS_THRESHOLDS.values()) for key in t.sources}
    | set(RESPONDER_SOURCES)
)


class NoChangeThresholdError(ValueError):
    """The instrument has no published important-change value (e.g. STarT Back)."""

    def __init__(self, instrument: str) -> None:
        super().__init__(
            f"{instrument} has no minimal important change; compare its categories instead"
        )
        self.instrument = instrument


@dataclass(frozen=True, slots=True)
class Change:
    """How a score moved from baseline to latest, and whether the improvement matters.

    ``absolute`` is latest minus baseline (signed, in the instrument's own direction);
    ``improvement`` is the same amount signed so that positive is better; ``relative`` is the
    improvement as a fraction of baseline, to two decimals (None when baseline is 0).
    """

    instrument: InstrumentCode
    baseline: Decimal
    latest: Decimal
    absolute: Decimal
    improvement: Decimal
    relative: Decimal | None
    direction: Direction
    important: bool
    threshold_used: str | None
    sources: tuple[str, ...]
    minimal_change: Decimal  # the absolute important change applied (e.g. 2 for the PSFS mean)


def _as_value(instrument: InstrumentCode, name: str, value: object) -> Decimal:
    if isinstance(value, Score):
        if value.instrument is not instrument:
            raise ValueError(f"{name} score is for {value.instrument}, not {instrument}")
        return value.value
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError(f"{instrument} {name} must be a number or Score, got {value!r}")
    number = Decimal(value)
    definition = INSTRUMENTS[instrument]
    if not number.is_finite() or not definition.min_value <= number <= definition.max_value:
        raise ValueError(
            f"{instrument} {name} {value!r} is outside "
            f"{definition.min_value}-{definition.max_value}"
        )
    return number


def _psfs_rating(instrument: InstrumentCode, psfs: object) -> PsfsRating | None:
    if psfs is None:
        return None
    if instrument is not InstrumentCode.PSFS:
        raise ValueError(f"psfs applies to the PSFS only, not {instrument}; got {psfs!r}")
    if not isinstance(psfs, str):
        raise UnknownCode("PSFS rating", psfs)
    try:
        return PsfsRating(psfs)
    except ValueError:
        raise UnknownCode("PSFS rating", psfs) from None


def _check_psfs_scores(rating: PsfsRating | None, *values: object) -> None:
    """A PSFS ``Score`` knows how many activities were rated: it must agree with ``rating``."""
    if rating is None:
        return
    for value in values:
        if not isinstance(value, Score):
            continue
        single = value.answered == 1
        if single != (rating is PsfsRating.SINGLE_ACTIVITY):
            raise ValueError(
                f"a PSFS score of {value.answered} rated activities is not a {rating.value} rating"
            )


def threshold(instrument: str, *, psfs: PsfsRating | str | None = None) -> Threshold:
    """The important change for ``instrument``; for the PSFS, for a single activity or the mean.

    ``psfs`` is ``single_activity`` (3 points) or ``mean`` (2 points) and applies to the PSFS
    only; left out, the PSFS gets the stricter single-activity value.

    Raises UnknownCode for an unknown instrument or PSFS rating, NoChangeThresholdError for an
    instrument without a MIC (STarT Back), and ValueError when ``psfs`` is given for another
    instrument.
    """
    code = get_instrument(instrument).code
    rating = _psfs_rating(code, psfs)
    if rating is not None:
        return PSFS_THRESHOLDS[rating]
    found = THRESHOLDS.get(code)
    if found is None:
        raise NoChangeThresholdError(code.value)
    return found


def classify_change(
    instrument: str,
    baseline: Decimal | int | Score,
    latest: Decimal | int | Score,
    *,
    psfs: PsfsRating | str | None = None,
) -> Change:
    """Classify the change from ``baseline`` to ``latest`` on ``instrument``.

    ``important`` is True only for an improvement that reaches the instrument's MIC or, for
    NPRS, ODI and RMDQ, 30% of baseline; ``threshold_used`` says which criterion was met.
    PSFS is higher-is-better; all others are lower-is-better.

    For the PSFS, ``psfs`` says what the two scores are: ``single_activity`` (one activity's
    rating: 3 points) or ``mean`` (the mean of several activities: 2 points) [``psfs_mdc``].
    Left out, the stricter 3 points apply, so a change is never called important on the
    smaller value without the caller saying the scores are means. A PSFS ``Score`` must agree
    with the rating given (one rated activity is a single activity).

    Raises UnknownCode for an unknown instrument or PSFS rating, NoChangeThresholdError (a
    ValueError) for an instrument without a MIC (STarT Back), and ValueError naming the value
    for a score out of the instrument's range or of the wrong type, for ``psfs`` given with
    another instrument, or for a PSFS Score that contradicts ``psfs``.
    """
    definition = get_instrument(instrument)
    code = definition.code
    rating = _psfs_rating(code, psfs)
    used_threshold = threshold(code.value, psfs=rating)
    _check_psfs_scores(rating, baseline, latest)
    before = _as_value(code, "baseline", baseline)
    after = _as_value(code, "latest", latest)
    absolute = after - before
    improvement = absolute if definition.higher_is_better else -absolute
    relative = None
    if before != 0:
        relative = (improvement / before).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if improvement > 0:
        direction = Direction.IMPROVED
    elif improvement < 0:
        direction = Direction.WORSENED
    else:
        direction = Direction.UNCHANGED
    used = _threshold_met(used_threshold, before, improvement)
    return Change(
        instrument=code,
        baseline=before,
        latest=after,
        absolute=absolute,
        improvement=improvement,
        relative=relative,
        direction=direction,
        important=used is not None,
        threshold_used=used,
        sources=used_threshold.sources,
        minimal_change=used_threshold.absolute,
    )


def _threshold_met(threshold: Threshold, baseline: Decimal, improvement: Decimal) -> str | None:
    if improvement <= 0:
        return None
    if improvement >= threshold.absolute:
        return f"improvement {improvement} reached {threshold.absolute} points ({threshold.note})"
    if threshold.uses_relative and baseline > 0 and improvement / baseline >= RELATIVE_THRESHOLD:
        percent = (improvement / baseline * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        return f"improvement of {percent}% of baseline reached 30% ({threshold.note})"
    return None
