"""Progress charts for outcome measures, drawn as hand-written SVG.

Pure: the standard library and the clinical kernel only, so the same markup serves the page, a
PDF report and the tests (golden files of ``chart_data``). ``chart_data`` scales one instrument's
trend into coordinates and words; ``render_svg`` draws them. Texts go through the ``translation``
passed in (Django's ``django.utils.translation`` in the page; untranslated by default).

The important-change band is the kernel's absolute minimal important change (MIC) measured from
the baseline, on the side of improvement: the score must get past the band to count. NPRS, ODI
and RMDQ also count 30% of baseline as important; the legend says so, the band does not draw it.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import TYPE_CHECKING, Protocol

from taut.clinical import change
from taut.clinical.change import Threshold
from taut.clinical.instruments import InstrumentCode

if TYPE_CHECKING:
    from taut.outcomes.queries import Trend

__all__ = [
    "ChartData",
    "ChartPoint",
    "LegendEntry",
    "Tick",
    "Translation",
    "chart_data",
    "format_number",
    "render_legend_swatch",
    "render_svg",
]

WIDTH = 460
HEIGHT = 210
LEFT, RIGHT, TOP, BOTTOM = 38.0, WIDTH - 12.0, 30.0, HEIGHT - 42.0
FONT_SIZE = 14
MIN_TICK_GAP = 22.0  # between value labels, in viewBox units
INSET = 12.0  # keeps the first and last points off the plot's edges
DATE_LABEL_WIDTH = 88.0  # "2026-09-01" at 14 units, with a gap

INK = "#1d2733"
MUTED = "#526070"
GRID = "#e3e7e2"
SESSION = "#9aa59c"
LINE = "#1f5c4f"
BAND_FILL = "#eef5f0"
BAND_HATCH = "#6f9a8c"

ABBREVIATIONS: dict[str, str] = {
    InstrumentCode.NPRS: "NPRS",
    InstrumentCode.ODI: "ODI",
    InstrumentCode.RMDQ: "RMDQ",
    InstrumentCode.TSK17: "TSK-17",
    InstrumentCode.TSK11: "TSK-11",
    InstrumentCode.PSFS: "PSFS",
    InstrumentCode.STARTBACK: "STarT Back",
}


class Translation(Protocol):
    """What the charts need to translate their words (``django.utils.translation`` fits)."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


@dataclass(frozen=True, slots=True)
class ChartPoint:
    on: date
    value: Decimal | None  # None: the response was kept but could not be scored
    x: float
    y: float
    label: str  # "2026-09-01: 62" or "2026-09-15: not scorable"
    is_baseline: bool = False


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True, slots=True)
class Band:
    """The important-change band: from the baseline to baseline ± MIC, clipped to the scale."""

    start: Decimal  # the baseline
    end: Decimal  # the value the score must get past
    top: float
    height: float


@dataclass(frozen=True, slots=True)
class LegendEntry:
    kind: str  # "score", "baseline", "band", "session" or "unscorable" (see render_legend_swatch)
    label: str


@dataclass(frozen=True, slots=True)
class ChartData:
    """Everything needed to draw one instrument's progress, already scaled to the viewBox."""

    key: str  # "odi", "nprs-worst": unique per chart of an episode
    title: str  # "ODI", "NPRS (worst in the last 24 hours)"
    description: str  # one sentence for screen readers
    direction: str  # "Lower is better"
    higher_is_better: bool
    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    points: tuple[ChartPoint, ...]
    line: tuple[tuple[float, float], ...]  # the scorable points, joined in date order
    baseline: Decimal | None
    baseline_y: float | None
    band: Band | None
    sessions: tuple[float, ...]  # x of each session date
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    legend: tuple[LegendEntry, ...]
    change: str  # "−32 points (52% better)"; "" with nothing to compare
    judgement: str  # "Important improvement", …; "" with nothing to compare
    important: bool | None  # None: not judged (one score, or no threshold)
    threshold: str  # "10 points or 30% of baseline"; "" without a threshold
    threshold_note: str  # the kernel's note with its source
    unscorable: int


def chart_data(
    trend: Trend,
    *,
    session_dates: Iterable[date] = (),
    translation: Translation | None = None,
) -> ChartData:
    """Scale ``trend`` (one instrument, or one NPRS variant, over an episode) for drawing."""
    t = translation or stdlib_gettext.NullTranslations()
    sessions = sorted(set(session_dates))
    low, high = Decimal(trend.minimum), Decimal(trend.maximum)
    threshold = _threshold(trend)
    title = _title(trend.instrument, trend.name, trend.variant, t)

    dates = [p.on for p in trend.points] + sessions
    first_day, last_day = (min(dates), max(dates)) if dates else (None, None)

    def x_of(day: date) -> float:
        if first_day is None or last_day is None or first_day == last_day:
            return _r((LEFT + RIGHT) / 2)
        span = (last_day - first_day).days
        return _r(LEFT + INSET + (day - first_day).days / span * (RIGHT - LEFT - 2 * INSET))

    def y_of(value: Decimal) -> float:
        return _r(BOTTOM - float((value - low) / (high - low)) * (BOTTOM - TOP))

    baseline_point = trend.baseline
    baseline = baseline_point.value if baseline_point else None
    points = []
    for p in trend.points:
        if p.value is None:
            label = t.gettext("%(date)s: not scorable") % {"date": p.on.isoformat()}
            points.append(ChartPoint(p.on, None, x_of(p.on), _r(BOTTOM + 9), label))
        else:
            label = "%s: %s" % (p.on.isoformat(), format_number(p.value))  # noqa: UP031
            points.append(
                ChartPoint(p.on, p.value, x_of(p.on), y_of(p.value), label, p is baseline_point)
            )
    unscorable = sum(p.value is None for p in points)

    band = None
    if threshold is not None and baseline is not None:
        step = threshold.absolute if trend.higher_is_better else -threshold.absolute
        end = min(max(baseline + step, low), high)
        top, bottom = sorted((y_of(baseline), y_of(end)))
        band = Band(baseline, end, top, _r(bottom - top))

    judgement, important = _judgement(trend, t)
    return ChartData(
        key=trend.instrument + (f"-{trend.variant}" if trend.variant else ""),
        title=title,
        description=_description(trend, title, threshold, unscorable, t),
        direction=t.gettext("Higher is better")
        if trend.higher_is_better
        else t.gettext("Lower is better"),
        higher_is_better=trend.higher_is_better,
        width=WIDTH,
        height=HEIGHT,
        plot=(LEFT, TOP, RIGHT, BOTTOM),
        points=tuple(points),
        line=tuple((p.x, p.y) for p in points if p.value is not None),
        baseline=baseline,
        baseline_y=y_of(baseline) if baseline is not None else None,
        band=band,
        sessions=tuple(x_of(d) for d in sessions),
        y_ticks=tuple(Tick(y_of(v), format_number(v)) for v in _value_ticks(low, high)),
        x_ticks=_date_ticks(sorted({p.on for p in trend.points}) or sessions, x_of),
        legend=_legend(trend, threshold, bool(sessions), unscorable, t),
        change=_change_text(trend, t),
        judgement=judgement,
        important=important,
        threshold=_threshold_text(threshold, t) if threshold else "",
        threshold_note=threshold.note if threshold else "",
        unscorable=unscorable,
    )


# --- Words ------------------------------------------------------------------------------------


def _title(instrument: str, name: str, variant: str, t: Translation) -> str:
    short = ABBREVIATIONS.get(instrument, name)
    variants = {
        "current": t.gettext("now"),
        "best": t.gettext("best in the last 24 hours"),
        "worst": t.gettext("worst in the last 24 hours"),
    }
    if variant in variants:
        return "%s (%s)" % (short, variants[variant])  # noqa: UP031
    return short


def _threshold(trend: Trend) -> Threshold | None:
    try:
        return change.threshold(trend.instrument, psfs=trend.psfs_rating)
    except ValueError:  # no important change for this instrument (STarT Back)
        return None


def _points(value: Decimal, t: Translation) -> str:
    count = int(value) if value == value.to_integral_value() else 2
    return t.ngettext("%(n)s point", "%(n)s points", count) % {"n": format_number(value)}


def _threshold_text(threshold: Threshold, t: Translation) -> str:
    if threshold.uses_relative:
        return t.gettext("%(points)s or 30%% of baseline") % {
            "points": _points(threshold.absolute, t)
        }
    return _points(threshold.absolute, t)


def _change_text(trend: Trend, t: Translation) -> str:
    first, last = trend.baseline, trend.latest
    if first is None or last is None or first is last or first.value is None or last.value is None:
        return ""
    moved = last.value - first.value
    sign = "+" if moved > 0 else "\u2212" if moved < 0 else ""
    text = sign + _points(abs(moved), t)
    improvement = -moved if not trend.higher_is_better else moved
    if first.value and improvement:
        percent = format_number(
            (abs(improvement) / first.value * 100).quantize(Decimal(1), ROUND_HALF_UP)
        )
        if improvement > 0:
            text += " " + t.gettext("(%(percent)s%% better)") % {"percent": percent}
        else:
            text += " " + t.gettext("(%(percent)s%% worse)") % {"percent": percent}
    return text


def _judgement(trend: Trend, t: Translation) -> tuple[str, bool | None]:
    if trend.no_threshold and trend.baseline is not trend.latest:
        return t.gettext("No important-change threshold for this instrument"), None
    c = trend.change
    if c is None:
        return "", None
    if c.important:
        return t.gettext("Important improvement"), True
    if c.improvement > 0:
        return t.gettext("Improved, but less than the important change"), False
    if c.improvement < 0:
        return t.gettext("Worse than at baseline"), False
    return t.gettext("No change from baseline"), False


def _description(
    trend: Trend, title: str, threshold: Threshold | None, unscorable: int, t: Translation
) -> str:
    first, last = trend.baseline, trend.latest
    if first is None or last is None or first.value is None or last.value is None:
        sentence = t.gettext("%(title)s: no scorable response yet.") % {"title": title}
    elif first is last:
        sentence = t.gettext("%(title)s was %(value)s on %(date)s (baseline only).") % {
            "title": title,
            "value": format_number(first.value),
            "date": first.on.isoformat(),
        }
    else:
        values = {
            "title": title,
            "baseline": format_number(first.value),
            "latest": format_number(last.value),
            "start": first.on.isoformat(),
            "end": last.on.isoformat(),
        }
        if last.value < first.value:
            movement = t.gettext("%(title)s fell from %(baseline)s to %(latest)s")
        elif last.value > first.value:
            movement = t.gettext("%(title)s rose from %(baseline)s to %(latest)s")
        else:
            movement = t.gettext("%(title)s stayed at %(baseline)s")
        movement = (movement + " " + t.gettext("between %(start)s and %(end)s")) % values
        sentence = t.gettext("%(movement)s: %(judgement)s.") % {
            "movement": movement,
            "judgement": _judgement_phrase(trend, threshold, t),
        }
    if unscorable:
        sentence += " " + (
            t.ngettext(
                "%(count)s response could not be scored.",
                "%(count)s responses could not be scored.",
                unscorable,
            )
            % {"count": unscorable}
        )
    return sentence


def _judgement_phrase(trend: Trend, threshold: Threshold | None, t: Translation) -> str:
    c = trend.change
    if c is None or threshold is None:
        return t.gettext("this instrument has no important-change threshold")
    if c.important:
        if c.improvement >= threshold.absolute:
            used = _points(threshold.absolute, t)
        else:
            used = t.gettext("30% of baseline")
        return t.gettext("an important improvement (threshold %(threshold)s)") % {"threshold": used}
    values = {"threshold": _threshold_text(threshold, t)}
    if c.improvement > 0:
        return t.gettext("an improvement, but not an important one (threshold %(threshold)s)") % (
            values
        )
    if c.improvement < 0:
        return t.gettext("worse, not an improvement (threshold %(threshold)s)") % values
    return t.gettext("no improvement (threshold %(threshold)s)") % values


def _legend(
    trend: Trend,
    threshold: Threshold | None,
    has_sessions: bool,
    unscorable: int,
    t: Translation,
) -> tuple[LegendEntry, ...]:
    entries = [
        LegendEntry("score", t.gettext("Score")),
        LegendEntry("baseline", t.gettext("Baseline (first score)")),
    ]
    if threshold is not None:
        values = {"points": _points(threshold.absolute, t)}
        if trend.higher_is_better:
            text = t.gettext("Important change: %(points)s above baseline") % values
        else:
            text = t.gettext("Important change: %(points)s below baseline") % values
        if threshold.uses_relative:
            text += " " + t.gettext("(or 30% of baseline, not drawn)")
        entries.append(LegendEntry("band", text))
    if has_sessions:
        entries.append(LegendEntry("session", t.gettext("Session")))
    if unscorable:
        entries.append(LegendEntry("unscorable", t.gettext("Not scorable (too few answers)")))
    return tuple(entries)


# --- Scales -----------------------------------------------------------------------------------


def _r(value: float) -> float:
    return round(value, 1)


def format_number(value: Decimal) -> str:
    """62 for 62.0, 35.6 for 35.60; never an exponent."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _value_ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """The scale's ends, and round steps between them whose labels keep clear of the ends."""
    span = high - low
    step = next(
        (Decimal(s) for s in (1, 2, 4, 5, 10, 20, 25, 50, 100) if span / s <= 6), Decimal(100)
    )
    clearance = span * Decimal(MIN_TICK_GAP / (BOTTOM - TOP))
    inner = []
    value = (low // step + 1) * step
    while value < high:
        if value - low >= clearance and high - value >= clearance:
            inner.append(value)
        value += step
    return [low, *inner, high]


def _label_x(x: float) -> float:
    """Where a date label centred on ``x`` goes, kept inside the viewBox."""
    return min(max(x, DATE_LABEL_WIDTH / 2), WIDTH - DATE_LABEL_WIDTH / 2)


def _date_ticks(days: Sequence[date], x_of: _Scale) -> tuple[Tick, ...]:
    """The first and last dates, and dates between them wherever their labels fit."""
    if not days:
        return ()
    chosen = [days[0]]
    last_x = _label_x(x_of(days[-1]))
    for day in days[1:-1]:
        x = _label_x(x_of(day))
        if x - _label_x(x_of(chosen[-1])) >= DATE_LABEL_WIDTH and last_x - x >= DATE_LABEL_WIDTH:
            chosen.append(day)
    if days[-1] != days[0]:
        chosen.append(days[-1])
    return tuple(Tick(x_of(d), d.isoformat()) for d in chosen)


class _Scale(Protocol):
    def __call__(self, day: date, /) -> float: ...


# --- SVG --------------------------------------------------------------------------------------


def _a(value: object) -> str:
    return escape(str(value), quote=True)


def render_svg(data: ChartData, *, id_prefix: str = "outcome-chart") -> str:
    """A compact, accessible SVG of ``data`` (``role="img"``, ``<title>``, ``<desc>``).

    Presentation attributes only (no style attributes, no script): it passes the strict CSP and
    draws the same in WeasyPrint. Readable in grey: the line is solid, the baseline dashed, the
    band hatched, unscorable responses hollow dashed circles under the axis.
    """
    ident = _a(f"{id_prefix}-{data.key}")
    left, top, right, bottom = data.plot
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="outcome-chart__svg" '
        f'viewBox="0 0 {data.width} {data.height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="system-ui, sans-serif" '
        f'font-size="{FONT_SIZE}" fill="{INK}">',
        f'<title id="{ident}-title">{_a(data.title)}</title>',
        f'<desc id="{ident}-desc">{_a(data.description)}</desc>',
    ]
    if data.band is not None:
        out.append(
            f'<defs><pattern id="{ident}-hatch" width="6" height="6" '
            f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="{BAND_FILL}"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BAND_HATCH}" stroke-width="1.2"/>'
            f"</pattern></defs>"
        )
    # Grid and value axis.
    out.append(f'<g stroke="{GRID}" stroke-width="1">')
    out.extend(
        f'<line x1="{left}" y1="{tick.position}" x2="{right}" y2="{tick.position}"/>'
        for tick in data.y_ticks
    )
    out.append("</g>")
    out.append(f'<g text-anchor="end" fill="{MUTED}">')
    out.extend(
        f'<text x="{left - 6}" y="{_r(tick.position + 4)}">{_a(tick.label)}</text>'
        for tick in data.y_ticks
    )
    out.append("</g>")
    # The important-change band and the baseline.
    if data.band is not None:
        out.append(
            f'<rect x="{left}" y="{data.band.top}" width="{_r(right - left)}" '
            f'height="{data.band.height}" fill="url(#{ident}-hatch)" '
            f'stroke="{BAND_HATCH}" stroke-width="0.8"/>'
        )
    if data.baseline_y is not None:
        out.append(
            f'<line x1="{left}" y1="{data.baseline_y}" x2="{right}" y2="{data.baseline_y}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
    # Session dates: short dotted marks rising from the date axis.
    if data.sessions:
        out.append(f'<g stroke="{SESSION}" stroke-width="1.2" stroke-dasharray="2 2">')
        out.extend(
            f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{_r(bottom - 14)}"/>' for x in data.sessions
        )
        out.append("</g>")
    out.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{MUTED}" '
        f'stroke-width="1"/>'
    )
    # Dates.
    out.append(f'<g fill="{MUTED}">')
    for tick in data.x_ticks:
        x = _label_x(tick.position)
        out.append(
            f'<line x1="{tick.position}" y1="{bottom}" x2="{tick.position}" '
            f'y2="{_r(bottom + 4)}" stroke="{MUTED}"/>'
            f'<text x="{_r(x)}" y="{_r(bottom + 30)}" text-anchor="middle">{_a(tick.label)}</text>'
        )
    out.append("</g>")
    # The scores.
    if len(data.line) > 1:
        path = " ".join(f"{x},{y}" for x, y in data.line)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2.2" '
            f'stroke-linejoin="round" stroke-linecap="round"/>'
        )
    out.append('<g stroke="#ffffff" stroke-width="1.5">')
    for p in data.points:
        label = f"<title>{_a(p.label)}</title>"
        if p.value is None:
            out.append(
                f'<circle cx="{p.x}" cy="{p.y}" r="4.5" fill="#ffffff" stroke="{INK}" '
                f'stroke-width="1.3" stroke-dasharray="2 1.5">{label}</circle>'
            )
        elif p.is_baseline:
            out.append(
                f'<rect x="{_r(p.x - 4.5)}" y="{_r(p.y - 4.5)}" width="9" height="9" '
                f'fill="{INK}">{label}</rect>'
            )
        else:
            out.append(f'<circle cx="{p.x}" cy="{p.y}" r="4.2" fill="{LINE}">{label}</circle>')
    out.append("</g>")
    # Which way is better, above the plot.
    arrow = (
        f"M{left + 4} {top - 10}l4 -6 4 6z"
        if data.higher_is_better
        else f"M{left + 4} {top - 16}l4 6 4 -6z"
    )
    out.append(
        f'<path d="{arrow}" fill="{MUTED}"/>'
        f'<text x="{left + 18}" y="{top - 10}" fill="{MUTED}">{_a(data.direction)}</text>'
    )
    out.append("</svg>")
    return "".join(out)


_SWATCHES = {
    "score": (
        f'<line x1="2" y1="8" x2="26" y2="8" stroke="{LINE}" stroke-width="2.2"/>'
        f'<circle cx="14" cy="8" r="4" fill="{LINE}" stroke="#ffffff" stroke-width="1.5"/>'
    ),
    "baseline": (
        f'<line x1="1" y1="8" x2="27" y2="8" stroke="{INK}" stroke-width="1.5" '
        f'stroke-dasharray="6 4"/><rect x="9.5" y="3.5" width="9" height="9" fill="{INK}"/>'
    ),
    "band": (
        f'<rect x="1" y="2" width="26" height="12" fill="{BAND_FILL}" stroke="{BAND_HATCH}" '
        f'stroke-width="0.8"/><path d="M1 10l8 -8M7 14l12 -12M17 14l10 -10M25 14l2 -2" '
        f'stroke="{BAND_HATCH}" stroke-width="1.2"/>'
    ),
    "session": (
        f'<line x1="14" y1="15" x2="14" y2="1" stroke="{SESSION}" stroke-width="1.2" '
        f'stroke-dasharray="2 2"/>'
    ),
    "unscorable": (
        f'<circle cx="14" cy="8" r="4.5" fill="#ffffff" stroke="{INK}" stroke-width="1.3" '
        f'stroke-dasharray="2 1.5"/>'
    ),
}


def render_legend_swatch(kind: str) -> str:
    """A small decorative SVG showing how ``kind`` (a ``LegendEntry.kind``) is drawn."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" class="outcome-legend__swatch" '
        f'viewBox="0 0 28 16" width="28" height="16" aria-hidden="true" focusable="false">'
        f"{_SWATCHES[kind]}</svg>"
    )
