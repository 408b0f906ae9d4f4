from __future__ import annotations

from django import template

from taut.clinical import muscles

register = template.Library()


@register.filter
def muscle_warnings(code: str) -> tuple[object, ...]:
    try:
        return tuple(muscles.get(code).warnings)
    except ValueError:
        return ()
