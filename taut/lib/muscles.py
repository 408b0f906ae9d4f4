"""Readable names for the kernel codes a record stores about where needles or fingers went."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from taut.clinical import muscles

SIDE_LABELS = {"left": _("left"), "right": _("right")}


class MuscleSite:
    """Mixin for rows holding ``muscle``, ``side`` and ``trigger_point`` kernel codes.

    Records keep the codes (they are what the kernel and the exports read); pages show these
    names. A retired code (a muscle group since split) reads as the kernel's label for it; a code
    the kernel does not know at all shows as itself rather than failing the page.
    """

    muscle: str
    side: str
    trigger_point: str

    @property
    def muscle_label(self) -> str:
        try:
            return muscles.muscle_label(self.muscle)
        except ValueError:
            return self.muscle

    @property
    def side_label(self) -> str:
        return str(SIDE_LABELS.get(self.side, self.side))

    @property
    def trigger_point_label(self) -> str:
        try:
            return muscles.trigger_point_label(self.trigger_point)
        except ValueError:
            return self.trigger_point


def muscle_choices() -> list[tuple[str, str]]:
    """The kernel's muscles for a picker ("—" first: no muscle on this row)."""
    return [("", "—"), *((m.code, m.label) for m in muscles.MUSCLES.values())]


def trigger_point_choices() -> list[tuple[str, object]]:
    """Trigger points grouped under their muscle, each named in words by where it lies (the
    pages show only the chosen muscle's group)."""
    return [
        ("", _("not specified")),
        *(
            (m.label, [(tp.code, tp.location.rstrip(".")) for tp in m.trigger_points])
            for m in muscles.MUSCLES.values()
        ),
    ]
