"""The neurological screen's findings (``taut.clinical.neuro``) in words for the pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from taut.clinical import neuro
from taut.clinical.sources import SOURCES


@dataclass(frozen=True)
class Line:
    text: str
    urgent: bool
    sources: tuple[str, ...]


def _side(side: neuro.Side | None) -> str:
    if side is None:
        return _("both legs")
    return _("left leg") if side is neuro.Side.LEFT else _("right leg")


def describe(finding: neuro.Finding) -> Line:
    levels = ", ".join(finding.levels)
    where = _side(finding.side)
    match finding.code:
        case neuro.Code.REFER_URGENTLY:
            text = _(
                "Deficits at more than one root or in both legs (%(levels)s, %(where)s): refer "
                "urgently; ask about saddle numbness, bladder and bowel and screen for red flags "
                "now."
            ) % {"levels": levels, "where": where}
        case neuro.Code.BRISK_REFLEX:
            text = _(
                "A brisk reflex (%(levels)s, %(where)s) is an upper motor neuron sign: consider "
                "another diagnosis and refer."
            ) % {"levels": levels, "where": where}
        case neuro.Code.ROOT_SUGGESTED:
            text = _(
                "A nerve-root tension sign with a deficit fitting %(levels)s (%(where)s) suggests "
                "%(levels)s nerve-root involvement."
            ) % {"levels": levels, "where": where}
        case neuro.Code.TENSION_SIGN:
            text = _("A nerve-root tension sign (%(where)s) without a neurological deficit.") % {
                "where": where
            }
        case neuro.Code.ONE_ROOT_DEFICIT:
            text = _("A deficit fitting %(levels)s (%(where)s) without a tension sign.") % {
                "levels": levels,
                "where": where,
            }
        case neuro.Code.SLR_PAIN_OUTSIDE_RANGE:
            text = _(
                "Straight-leg raise (%(where)s): leg pain outside %(low)s-%(high)s degrees does "
                "not count as positive."
            ) % {
                "where": where,
                "low": neuro.SLR_POSITIVE_MIN_DEG,
                "high": neuro.SLR_POSITIVE_MAX_DEG,
            }
        case neuro.Code.NO_SIGNS:
            text = _(
                "No neurological signs in what was examined: fits somatic referred pain rather "
                "than a nerve root."
            )
        case _:
            text = _("The neurological screen was not done.")
    return Line(text, finding.urgent, finding.sources)


def summary(stored: dict[str, object]) -> list[Line]:
    """The stored screen's findings in words (a screen that cannot be read says so)."""
    try:
        findings = neuro.interpret(neuro.exam_from(stored))
    except ValueError:
        return [Line(_("This neurological screen could not be read."), False, ())]
    return [describe(f) for f in findings]


def citations(lines: list[Line]) -> list[str]:
    keys = dict.fromkeys(key for line in lines for key in line.sources)
    return [SOURCES[k].citation for k in keys if k in SOURCES]
