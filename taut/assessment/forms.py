"""Parsing the assessment page into the plain values the services take."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from taut.assessment.models import PainQuality, TriggerPointFinding
from taut.assessment.services import MOVEMENTS, AssessmentError, Mark, Palpation
from taut.clinical import causes, neuro
from taut.lib.muscles import muscle_choices, trigger_point_choices

MOVEMENT_LABELS = {
    "flexion": _("Flexion"),
    "extension": _("Extension"),
    "side_bending_left": _("Side bending to the left"),
    "side_bending_right": _("Side bending to the right"),
}


NOT_TESTED: list[tuple[str, Any]] = [("", _("not tested"))]
REFLEX_LABELS = {
    "patellar": _("Patellar (knee)"),
    "medial_hamstring": _("Medial hamstring"),
    "achilles": _("Achilles (ankle)"),
}


SLUMP_CHOICES = [
    (neuro.Slump.NEGATIVE.value, _("Negative")),
    (neuro.Slump.POSITIVE.value, _("Symptoms reproduced, eased by neck extension")),
]
STRENGTH_CHOICES = [
    (neuro.Strength.NORMAL.value, _("normal")),
    (neuro.Strength.WEAK.value, _("weak")),
]
SENSATION_CHOICES = [
    (neuro.Sensation.NORMAL.value, _("normal")),
    (neuro.Sensation.REDUCED.value, _("reduced or altered")),
]
REFLEX_CHOICES = [
    (neuro.ReflexGrade.NORMAL.value, _("normal")),
    (neuro.ReflexGrade.REDUCED.value, _("reduced")),
    (neuro.ReflexGrade.ABSENT.value, _("absent")),
    (neuro.ReflexGrade.BRISK.value, _("brisk")),
]


def _not_tested_or(label: Any, choices: list[tuple[str, Any]]) -> forms.ChoiceField:
    """An optional picker of a neurological finding, "not tested" first."""
    return forms.ChoiceField(label=label, required=False, choices=NOT_TESTED + choices)


class AssessmentForm(forms.Form):
    # Signing needs one of the two range-of-motion measures (services.missing_parts).
    sign_either = frozenset({"schober_cm", "fingertip_floor_cm"})

    likely_causes = forms.MultipleChoiceField(
        label=_("Likely causes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(c.code.value, c.label) for c in causes.CAUSES.values()],
    )
    schober_cm = forms.DecimalField(
        label=_("Modified Schober: distance between the marks in full flexion (cm)"),
        help_text=_("The marks start 15 cm apart; more than 20 cm in flexion is the usual range."),
        required=False,
        min_value=0,
        max_value=40,
        decimal_places=1,
    )
    fingertip_floor_cm = forms.DecimalField(
        label=_("Fingertip-to-floor distance (cm)"),
        required=False,
        min_value=0,
        max_value=150,
        decimal_places=1,
    )
    notes = forms.CharField(
        label=_("Notes and plan of examination"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for movement in MOVEMENTS:
            self.fields[f"{movement}_limited"] = forms.BooleanField(
                label=_("Limited"), required=False
            )
            self.fields[f"{movement}_painful"] = forms.BooleanField(
                label=_("Painful"), required=False
            )

        for side in neuro.Side:
            s = side.value
            self.fields[f"neuro_{s}_slr_tested"] = forms.BooleanField(
                label=_("Straight-leg raise done"), required=False
            )
            self.fields[f"neuro_{s}_slr_deg"] = forms.IntegerField(
                label=_("Leg pain below the knee began at (degrees)"),
                required=False,
                min_value=0,
                max_value=neuro.MAX_ANGLE_DEG,
            )
            self.fields[f"neuro_{s}_crossed"] = _not_tested_or(
                _("Crossed straight-leg raise (the other leg raised)"),
                [("no", _("No pain in this leg")), ("yes", _("Brought on this leg's pain"))],
            )
            self.fields[f"neuro_{s}_slump"] = _not_tested_or(_("Slump"), SLUMP_CHOICES)
            for level in neuro.Level:
                where = {"level": level.value, "side": side.value}
                self.fields[f"neuro_{s}_strength_{level.value}"] = _not_tested_or(
                    _("%(level)s strength, %(side)s") % where, STRENGTH_CHOICES
                )
                self.fields[f"neuro_{s}_sensation_{level.value}"] = _not_tested_or(
                    _("%(level)s sensation, %(side)s") % where, SENSATION_CHOICES
                )
            for reflex in neuro.REFLEXES:
                self.fields[f"neuro_{s}_reflex_{reflex}"] = _not_tested_or(
                    _("%(reflex)s reflex, %(side)s")
                    % {"reflex": REFLEX_LABELS[reflex], "side": side.value},
                    REFLEX_CHOICES,
                )

    def neuro_tests(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """The tension tests as rows: label, left field, right field."""
        return [
            (str(label), self[f"neuro_left_{name}"], self[f"neuro_right_{name}"])
            for name, label in (
                ("slr_tested", _("Straight-leg raise done")),
                ("slr_deg", _("Leg pain below the knee began at (degrees)")),
                ("crossed", _("Crossed straight-leg raise")),
                ("slump", _("Slump")),
            )
        ]

    def neuro_roots(self) -> list[dict[str, Any]]:
        """One row per root: its movement and skin area with the left and right pickers."""
        rows = []
        for level, root in neuro.ROOTS.items():
            lv = level.value
            rows.append(
                {
                    "level": lv,
                    "movement": root.movement,
                    "skin": root.skin,
                    "strength": (
                        self[f"neuro_left_strength_{lv}"],
                        self[f"neuro_right_strength_{lv}"],
                    ),
                    "sensation": (
                        self[f"neuro_left_sensation_{lv}"],
                        self[f"neuro_right_sensation_{lv}"],
                    ),
                    "reflex": REFLEX_LABELS[root.reflex] if root.reflex else "",
                    "reflex_fields": (
                        self[f"neuro_left_reflex_{root.reflex}"],
                        self[f"neuro_right_reflex_{root.reflex}"],
                    )
                    if root.reflex
                    else (),
                }
            )
        return rows

    def neuro(self) -> dict[str, object]:
        """The screen in its stored form, for the service (the kernel checks it)."""
        d = self.cleaned_data
        stored: dict[str, object] = {}
        for side in neuro.Side:
            s = side.value
            crossed = d.get(f"neuro_{s}_crossed") or ""
            stored[s] = {
                "slr_tested": bool(d.get(f"neuro_{s}_slr_tested"))
                or d.get(f"neuro_{s}_slr_deg") is not None,
                "slr_leg_pain_at_deg": d.get(f"neuro_{s}_slr_deg"),
                "crossed_slr": {"yes": True, "no": False}.get(crossed),
                "slump": d.get(f"neuro_{s}_slump") or None,
                "strength": {
                    lv.value: v
                    for lv in neuro.Level
                    if (v := d.get(f"neuro_{s}_strength_{lv.value}"))
                },
                "sensation": {
                    lv.value: v
                    for lv in neuro.Level
                    if (v := d.get(f"neuro_{s}_sensation_{lv.value}"))
                },
                "reflexes": {r: v for r in neuro.REFLEXES if (v := d.get(f"neuro_{s}_reflex_{r}"))},
            }
        return stored

    @staticmethod
    def neuro_initial(stored: dict[str, Any]) -> dict[str, object]:
        """Form initial values from a stored screen."""
        initial: dict[str, object] = {}
        try:
            neuro.exam_from(stored)
        except ValueError:
            return initial  # a screen that cannot be read starts empty (the page says so)
        if not isinstance(stored, dict):
            return initial
        for s in ("left", "right"):
            one = stored.get(s) or {}
            initial[f"neuro_{s}_slr_tested"] = bool(one.get("slr_tested"))
            initial[f"neuro_{s}_slr_deg"] = one.get("slr_leg_pain_at_deg")
            crossed = one.get("crossed_slr")
            initial[f"neuro_{s}_crossed"] = "" if crossed is None else ("yes" if crossed else "no")
            initial[f"neuro_{s}_slump"] = one.get("slump") or ""
            for kind in ("strength", "sensation"):
                for lv, v in (one.get(kind) or {}).items():
                    initial[f"neuro_{s}_{kind}_{lv}"] = v
            for r, v in (one.get("reflexes") or {}).items():
                initial[f"neuro_{s}_reflex_{r}"] = v
        return initial

    def movement_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(MOVEMENT_LABELS[m]), self[f"{m}_limited"], self[f"{m}_painful"]) for m in MOVEMENTS
        ]

    def movements(self) -> dict[str, dict[str, bool]]:
        return {
            m: {
                "limited": self.cleaned_data[f"{m}_limited"],
                "painful": self.cleaned_data[f"{m}_painful"],
            }
            for m in MOVEMENTS
        }


class PalpationRowForm(forms.Form):
    muscle = forms.ChoiceField(label=_("Muscle"), required=False, choices=muscle_choices)
    side = forms.ChoiceField(
        label=_("Side"), choices=[("left", _("Left")), ("right", _("Right"))], initial="left"
    )
    finding = forms.ChoiceField(
        label=_("Finding"), choices=TriggerPointFinding.choices, initial="active"
    )
    trigger_point = forms.ChoiceField(
        label=_("Trigger point"), required=False, choices=trigger_point_choices
    )
    taut_band = forms.BooleanField(label=_("Taut band"), required=False)
    local_twitch = forms.BooleanField(label=_("Local twitch"), required=False)
    referred_pain_reproduced = forms.BooleanField(
        label=_("Referred pain reproduced"), required=False
    )
    ppt = forms.DecimalField(
        label=_("Pressure pain threshold"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
    )
    ppt_unit = forms.ChoiceField(
        label=_("Unit"), choices=[("kPa", "kPa"), ("kg/cm2", "kg/cm²")], initial="kPa"
    )

    def to_value(self) -> Palpation | None:
        data = self.cleaned_data
        if not data.get("muscle"):
            return None
        return Palpation(
            muscle=data["muscle"],
            side=data["side"],
            finding=data["finding"],
            trigger_point=data.get("trigger_point") or "",
            taut_band=data["taut_band"],
            local_twitch=data["local_twitch"],
            referred_pain_reproduced=data["referred_pain_reproduced"],
            ppt=data.get("ppt"),
            ppt_unit=data["ppt_unit"],
        )


PalpationFormSet = forms.formset_factory(PalpationRowForm, extra=0, max_num=24)


def marks_from_post(data: QueryDict, name: str = "pain") -> list[Mark]:
    """Read the body chart's fields (see docs/bodychart.md) into marks; raises AssessmentError."""
    marks = []
    for ref in data.getlist(f"{name}-region"):
        raw = data.get(f"{name}-intensity-{ref}", "").strip()
        try:
            intensity = int(Decimal(raw)) if raw else None
            if raw and Decimal(raw) != intensity:
                raise InvalidOperation
        except InvalidOperation:
            raise AssessmentError(
                f"{ref}: intensity must be a whole number from 0 to 10, not {raw!r}",
                field="pain_drawing",
            ) from None
        quality = data.get(f"{name}-quality-{ref}", "").strip()
        if quality and quality not in PainQuality.values:
            raise AssessmentError(f"{ref}: unknown pain quality {quality!r}", field="pain_drawing")
        marks.append(Mark(region=ref, intensity=intensity, quality=quality))
    return marks
