"""Whether a change in an outcome score is an important improvement.

Pure: standard library only. An improvement is important when it reaches the instrument's
minimal important change (MIC), or, for NPRS, ODI and RMDQ only, 30% of the baseline
[``ostelo_2008``, ``local_relative_threshold``]. A worsening is never important improvement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from taut.clinical.instruments import INSTRUMENTS, InstrumentCode, Score
from taut.clinical.instruments import get as get_instrument

__all__ = [
    "RELATIVE_THRESHOLD",
    "SOURCES_CITED",
    "THRESHOLDS",
    "Change",
    "Direction",
    "NoChangeThresholdError",
    "Threshold",
    "classify_change",
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
        InstrumentCode.PSFS: Threshold(
            Decimal(2),
            False,
            ("psfs_mdc", "local_relative_threshold"),
            "rise of 2 points in the average (minimal detectable change, 90%)",
        ),
    }
)

SOURCES_CITED: frozenset[str] = frozenset(key for t in THRESHOLDS.values() for key in t.sources)


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


def classify_change(
    instrument: str, baseline: Decimal | int | Score, latest: Decimal | int | Score
) -> Change:
    """Classify the change from ``baseline`` to ``latest`` on ``instrument``.

    ``important`` is True only for an improvement that reaches the instrument's MIC or, for
    NPRS, ODI and RMDQ, 30% of baseline; ``threshold_used`` says which criterion was met.
    PSFS is higher-is-better; all others are lower-is-better.

    Raises UnknownCode for an unknown instrument, NoChangeThresholdError (a ValueError) for an
    instrument without a MIC (STarT Back), and ValueError naming the value for a score out of
    the instrument's range or of the wrong type.
    """
    definition = get_instrument(instrument)
    code = definition.code
    threshold = THRESHOLDS.get(code)
    if threshold is None:
        raise NoChangeThresholdError(code.value)
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
    used = _threshold_met(threshold, before, improvement)
    sources = threshold.sources
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
        sources=sources,
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
