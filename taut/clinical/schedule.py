"""When a questionnaire is due: the collection schedule applied to an episode's visits.

The default schedule collects pain at every visit; disability, fear of movement and the patient's
own activities at baseline, every third visit and discharge; STarT Back once at baseline
(``local_outcome_schedule``). The caller passes the dates. A *visit* is a day the patient was
seen (a signed assessment or needling session).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = ["DEFAULT_RULES", "SOURCES_CITED", "Due", "Rule", "due"]

SCHEDULE_RULE = "local_outcome_schedule"


@dataclass(frozen=True)
class Rule:
    instrument: str
    at_baseline: bool = False
    every_visits: int | None = None  # 1 = every visit, 3 = every third visit
    at_discharge: bool = False


# Pain at every visit; disability, fear of movement and the patient's own activities at
# baseline, every third visit and discharge; STarT Back once at baseline.
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("nprs", at_baseline=True, every_visits=1, at_discharge=True),
    Rule("odi", at_baseline=True, every_visits=3, at_discharge=True),
    Rule("tsk11", at_baseline=True, every_visits=3, at_discharge=True),
    Rule("psfs", at_baseline=True, every_visits=3, at_discharge=True),
    Rule("startback", at_baseline=True),
)


SOURCES_CITED: frozenset[str] = frozenset({SCHEDULE_RULE, "keele_sbst"})


@dataclass(frozen=True)
class Due:
    instrument: str
    reason: str  # "baseline" | "every_visits" | "discharge"


def due(
    rules: Iterable[Rule],
    *,
    visits: Sequence[date],
    collected: Mapping[str, Sequence[date]],
    today: date,
    discharging: bool = False,
) -> list[Due]:
    """The instruments due today, each once, with the reason that made it due.

    ``collected`` maps an instrument to the dates it was collected in this episode.
    Raises ValueError for a rule with ``every_visits`` below 1.
    """
    result: list[Due] = []
    for rule in rules:
        dates = sorted(collected.get(rule.instrument, ()))
        if rule.every_visits is not None and rule.every_visits < 1:
            raise ValueError(f"every_visits must be 1 or more, not {rule.every_visits}")
        if dates and dates[-1] == today:
            continue  # already collected today
        if rule.at_baseline and not dates:
            result.append(Due(rule.instrument, "baseline"))
        elif discharging and rule.at_discharge:
            result.append(Due(rule.instrument, "discharge"))
        elif rule.every_visits and today in visits:
            since = [v for v in visits if not dates or v > dates[-1]]
            if len(since) >= rule.every_visits:
                result.append(Due(rule.instrument, "every_visits"))
    return result
