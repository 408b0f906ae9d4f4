"""Progress charts of outcome measures in templates (drawn by taut.outcomes.charts).

Usage::

    {% load outcome_charts %}
    {% outcome_chart trend session_dates as chart %}
    {{ chart|chart_svg }}                         {# the SVG; ids prefixed "outcome-chart" #}
    {{ chart|chart_svg:"episode-3" }}             {# another prefix when an episode repeats #}
    {% for entry in chart.legend %}{{ entry.kind|legend_swatch }} {{ entry.label }}{% endfor %}
    {{ trend.baseline.value|score }}              {# 62, 35.6 #}
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django import template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from taut.outcomes import charts
from taut.outcomes.queries import Trend

register = template.Library()


@register.simple_tag
def outcome_chart(trend: Trend, session_dates: Iterable[date] | None = None) -> charts.ChartData:
    return charts.chart_data(trend, session_dates=session_dates or (), translation=translation)


@register.filter
def chart_svg(data: charts.ChartData, id_prefix: str = "") -> SafeString:
    return mark_safe(charts.render_svg(data, id_prefix=id_prefix or "outcome-chart"))  # noqa: S308 (escaped in render_svg)


@register.filter
def legend_swatch(kind: str) -> SafeString:
    return mark_safe(charts.render_legend_swatch(kind))  # noqa: S308 (fixed markup)


@register.filter
def score(value: Decimal | None) -> str:
    return "" if value is None else charts.format_number(value)
