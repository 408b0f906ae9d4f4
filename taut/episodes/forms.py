"""Forms for episodes of care."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taut.clinical import diagnoses
from taut.episodes.labels import DIAGNOSIS_GROUP_LABELS
from taut.episodes.models import DischargeReason
from taut.lib.forms import DateInput

DIAGNOSIS_FIELDS = ("primary_diagnosis", "second_diagnosis", "third_diagnosis")


def diagnosis_choices() -> list[tuple[str, Any]]:
    """The kernel's curated ICD-10-CM list, grouped for a picker."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for diagnosis in diagnoses.DIAGNOSES.values():
        if not diagnosis.billable:
            continue
        groups.setdefault(str(DIAGNOSIS_GROUP_LABELS[diagnosis.group]), []).append(
            (diagnosis.code, f"{diagnosis.code} · {diagnosis.label}")
        )
    return [("", _("— none —")), *groups.items()]


class EpisodeForm(forms.Form):
    onset_on = forms.DateField(
        label=_("Pain began on"),
        widget=DateInput(),
        help_text=_(
            "An estimate is fine. It decides whether the episode is acute, subacute or chronic."
        ),
    )
    started_on = forms.DateField(label=_("Episode opened on"), widget=DateInput())
    presenting_complaint = forms.CharField(
        label=_("Presenting complaint"), max_length=300, required=False
    )
    primary_diagnosis = forms.ChoiceField(label=_("Working diagnosis"), required=False)
    second_diagnosis = forms.ChoiceField(label=_("Second diagnosis"), required=False)
    third_diagnosis = forms.ChoiceField(label=_("Third diagnosis"), required=False)

    def __init__(self, *args: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = diagnosis_choices()
        for name in DIAGNOSIS_FIELDS:
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
            field.choices = choices
        if not creating:
            del self.fields["started_on"]

    def diagnosis_codes(self) -> list[str]:
        return [self.cleaned_data[name] for name in DIAGNOSIS_FIELDS if self.cleaned_data.get(name)]

    def diagnosis_field_at(self, position: int) -> str:
        """The field that holds the ``position``-th chosen code (empty choices are skipped)."""
        filled = [name for name in DIAGNOSIS_FIELDS if self.cleaned_data.get(name)]
        return filled[position] if position < len(filled) else DIAGNOSIS_FIELDS[0]


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(label=_("Discharged on"), widget=DateInput())
    reason = forms.ChoiceField(
        label=_("Reason for discharge"),
        choices=DischargeReason.choices,
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(
        label=_("Discharge summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Outcome, advice given, and what should happen if the pain returns."),
    )
