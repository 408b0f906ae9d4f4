from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def plain(value: object) -> str:
    """Show an audit detail value as text: lists joined by commas, booleans as yes/no."""
    if isinstance(value, list | tuple):
        return ", ".join(plain(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
