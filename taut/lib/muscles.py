"""Readable names for the kernel codes a record stores about where needles or fingers went."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from taut.clinical import muscles

SIDE_LABELS = {"left": _("left"), "right": _("right")}


class MuscleSite:
    """Mixin for rows holding ``muscle``, ``side`` and ``trigger_point`` kernel codes.

    Records keep the codes (they are what the kernel and the exports read); pages show these
    names. A code no longer in the catalogue shows as itself rather than failing the page.
    """

    muscle: str
    side: str
    trigger_point: str

    @property
    def muscle_label(self) -> str:
        found = muscles.MUSCLES.get(self.muscle)
        return found.label if found else self.muscle

    @property
    def side_label(self) -> str:
        return str(SIDE_LABELS.get(self.side, self.side))

    @property
    def trigger_point_label(self) -> str:
        found = muscles.TRIGGER_POINTS.get(self.trigger_point)
        return found.location if found else self.trigger_point
