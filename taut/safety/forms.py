"""Forms for red-flag screening, actions on red-flag findings and the needling safety profile."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from taut.clinical.contraindications import ABSOLUTE_ITEMS, DiabetesStatus, EpilepsyStatus
from taut.clinical.red_flags import FLAGS, FOLLOW_UPS
from taut.safety.labels import (
    DIABETES_LABELS,
    EPILEPSY_LABELS,
    PROFILE_LABELS,
    region_ref_choices,
)
from taut.safety.models import FindingAction
from taut.safety.services import PROFILE_FIELDS, REGION_FIELDS

YES, NO, NOT_ASKED = "yes", "no", ""
ANSWER_CHOICES = [(YES, _("Yes")), (NO, _("No")), (NOT_ASKED, _("Not asked"))]
_TO_ANSWER: dict[str, bool | None] = {YES: True, NO: False, NOT_ASKED: None}
_FROM_ANSWER: dict[bool | None, str] = {True: YES, False: NO, None: NOT_ASKED}


@dataclass(frozen=True)
class QuestionGroup:
    """A red-flag question with the follow-ups asked only when it is answered yes."""

    question: BoundField
    follow_ups: list[BoundField]


class RedFlagScreenForm(forms.Form):
    """Every kernel red-flag question as yes / no / not asked; field names are the kernel's codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = [(code, flag.question) for code, flag in FLAGS.items()]
        questions += [(code, follow_up.question) for code, follow_up in FOLLOW_UPS.items()]
        for code, text in questions:
            self.fields[code] = forms.ChoiceField(
                label=text,
                choices=ANSWER_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "answer"}),
            )

    @staticmethod
    def initial_from(answers: Mapping[str, bool | None]) -> dict[str, str]:
        return {code: _FROM_ANSWER.get(value, NOT_ASKED) for code, value in answers.items()}

    def answers(self) -> dict[str, bool | None]:
        return {code: _TO_ANSWER[self.cleaned_data.get(code) or NOT_ASKED] for code in self.fields}

    def groups(self) -> list[QuestionGroup]:
        """Flags in the kernel's order, each with its follow-ups under it."""
        return [
            QuestionGroup(
                self[code],
                [self[f] for f, follow_up in FOLLOW_UPS.items() if follow_up.parents[0] == code],
            )
            for code in FLAGS
        ]


class FindingActionForm(forms.Form):
    """What a clinician did about some of a patient's open red-flag findings."""

    findings = forms.MultipleChoiceField(
        label=_("Findings this is about"), widget=forms.CheckboxSelectMultiple
    )
    action = forms.ChoiceField(
        label=_("Action taken"), choices=FindingAction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_(
            "What was done, by whom, and what was found or advised. For example: sent to the "
            "emergency department at 10:20; or: seen by Dr Ruiz, MRI clear, letter scanned; or: "
            "no saddle numbness and normal bladder function on examination."
        ),
    )

    def __init__(self, *args: Any, open_findings: Sequence[Any] = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"findings": [str(f.public_id) for f in open_findings]})
        super().__init__(*args, **kwargs)
        self.fields["findings"].choices = [  # type: ignore[attr-defined]
            (str(f.public_id), f"{f.get_level_display()} ({f.code}): {f.question or f.reason}")
            for f in open_findings
        ]
        self._by_id = {str(f.public_id): f for f in open_findings}

    def chosen(self) -> list[Any]:
        return [self._by_id[i] for i in self.cleaned_data["findings"]]


@dataclass(frozen=True)
class ProfileSection:
    title: Promise
    hint: Promise
    fields: list[BoundField]


REGION_HINTS: dict[str, Promise] = {
    "lymphoedema_regions": _(
        "Blocks needling in these regions, and anywhere in a leg with lymphoedema on that side."
    ),
    "local_infection_regions": _("Blocks needling in these regions."),
    "skin_condition_regions": _("Needling in these regions needs an override."),
    "implant_regions": _("Needling in these regions needs an override."),
    "metal_implant_regions": _("Electrical stimulation near these regions needs an override."),
}
RELATIVE_ITEMS = tuple(
    name for name in PROFILE_FIELDS if name not in ABSOLUTE_ITEMS and name not in REGION_FIELDS
)


class SafetyProfileForm(forms.Form):
    """Every item of the kernel's NeedlingProfile except consent (the consent app records it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = region_ref_choices()
        for name in PROFILE_FIELDS:
            label = str(PROFILE_LABELS[name])
            field: forms.Field
            if name == "epilepsy":
                field = forms.ChoiceField(
                    label=label,
                    choices=[(s.value, str(EPILEPSY_LABELS[s])) for s in EpilepsyStatus],
                )
            elif name == "diabetes":
                field = forms.ChoiceField(
                    label=label,
                    choices=[(s.value, str(DIABETES_LABELS[s])) for s in DiabetesStatus],
                )
            elif name in REGION_FIELDS:
                field = forms.MultipleChoiceField(
                    label=label,
                    help_text=str(REGION_HINTS[name]),
                    choices=regions,
                    required=False,
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "region"}),
                )
            elif name == "other_reason_not_to_needle":
                field = forms.CharField(
                    label=label,
                    max_length=500,
                    required=False,
                    help_text=_("Anything written here blocks needling."),
                )
            else:
                field = forms.BooleanField(label=label, required=False)
            self.fields[name] = field

    @staticmethod
    def initial_from(answers: Mapping[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in answers.items() if name in PROFILE_FIELDS}

    def answers(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}

    def sections(self) -> list[ProfileSection]:
        return [
            ProfileSection(
                _("Reasons not to needle"),
                _("Each of these blocks needling (electrical stimulation for the cardiac device)."),
                [self[name] for name in ABSOLUTE_ITEMS],
            ),
            ProfileSection(
                _("Precautions"),
                _("Each of these needs a documented override reason before needling."),
                [self[name] for name in RELATIVE_ITEMS],
            ),
        ]

    def region_fields(self) -> list[BoundField]:
        return [self[name] for name in REGION_FIELDS]
