"""Translatable labels for the kernel's side-effect rates shown beside the consent text."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The source whose rates the signing page shows (taut.clinical.sources.SOURCES).
BRADY = "brady_2014"

# taut.clinical.adverse_events codes → how the signing page names them, in document order.
REFERENCE_RATE_LABELS: dict[str, Promise] = {
    "bruising": _("Bruising"),
    "bleeding": _("Bleeding where a needle went in"),
    "pain_during": _("Pain during needling"),
    "pain_after": _("Pain after treatment"),
    "symptom_aggravation": _("Usual symptoms worse for a while"),
    "drowsiness": _("Drowsiness"),
    "fatigue": _("Tiredness"),
}
