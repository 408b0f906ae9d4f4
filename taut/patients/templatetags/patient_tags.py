from __future__ import annotations

from datetime import date

from django import template

from taut.lib.dates import age_on

register = template.Library()


@register.filter
def age_at(birth_date: date, today: date) -> int:
    """Whole years of age: ``{{ patient.birth_date|age_at:today }}``."""
    return age_on(birth_date, today)
