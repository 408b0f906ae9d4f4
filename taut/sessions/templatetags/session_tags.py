from __future__ import annotations

from django import template

from taut.clinical import muscles

register = template.Library()


@register.filter
def muscle_warnings(code: str) -> tuple[object, ...]:
    try:
        members = muscles.current_muscles(code)
    except ValueError:
        return ()
    return tuple(dict.fromkeys(w for m in members for w in muscles.get(m).warnings))
