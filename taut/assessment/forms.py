"""Parsing the assessment page into the plain values the services take."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from taut.assessment.models import PainQuality, TriggerPointFinding
from taut.assessment.services import MOVEMENTS, AssessmentError, Mark, Palpation
from taut.clinical import causes
from taut.lib.muscles import muscle_choices, trigger_point_choices

MOVEMENT_LABELS = {
    "flexion": _("Flexion"),
    "extension": _("Extension"),
    "side_bending_left": _("Side bending to the left"),
    "side_bending_right": _("Side bending to the right"),
}


class AssessmentForm(forms.Form):
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
