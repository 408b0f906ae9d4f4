"""Translatable display labels for the kernel's episode vocabulary (the kernel holds no UI text)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from taut.clinical.episodes import Chronicity

CHRONICITY_LABELS: dict[Chronicity, Promise] = {
    Chronicity.ACUTE: _("acute"),
    Chronicity.SUBACUTE: _("subacute"),
    Chronicity.CHRONIC: _("chronic"),
}
