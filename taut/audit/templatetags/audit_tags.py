from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


RECORD_LABELS = {
    "patient": _("Patient"),
    "episode": _("Episode of care"),
    "audit_log": _("Audit log"),
}


@register.filter
def record_label(object_type: str) -> str:
    return str(RECORD_LABELS.get(object_type, object_type.replace("_", " ").capitalize()))


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
