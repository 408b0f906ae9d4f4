"""A questionnaire form built from the kernel's instrument definition (short labels, or the clinic's
licensed wording when it has imported one)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taut.clinical import instruments
from taut.lib.forms import DateInput
from taut.outcomes.models import NprsVariant

UNANSWERED = ""


class ResponseForm(forms.Form):
    """One field per item; an item left blank is recorded as unanswered (the kernel decides scoring)."""

    collected_on = forms.DateField(label=_("Date collected"), widget=DateInput())

    def __init__(
        self,
        *args: Any,
        instrument: str,
        wording: Mapping[str, str] | None = None,
        activities: list[str] | None = None,
        for_patient: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if for_patient:
            del self.fields["collected_on"]  # the patient answers for today
        self.instrument = instruments.get(instrument)
        if instrument == "nprs" and not for_patient:
            self.fields["variant"] = forms.ChoiceField(
                label=_("Pain rating for"), choices=NprsVariant.choices, initial=NprsVariant.CURRENT
            )
        items = self.instrument.items
        if instrument == "psfs":
            items = items[: len(activities or [])]
        for item in items:
            label: Any = (wording or {}).get(str(item.number)) or item.label
            if instrument == "psfs" and activities:
                label = activities[item.number - 1]
            self.fields[f"item_{item.number}"] = forms.ChoiceField(
                label=f"{item.number}. {label}",
                required=False,
                widget=forms.RadioSelect(attrs={"class": "item"}),
                choices=[(str(int(o.value)), o.label) for o in item.options],
            )
        self.item_numbers = [item.number for item in items]

    def answers(self) -> list[int | None]:
        result: list[int | None] = []
        for number in self.item_numbers:
            raw = self.cleaned_data.get(f"item_{number}", UNANSWERED)
            result.append(int(raw) if raw not in (None, UNANSWERED) else None)
        return result

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{n}"] for n in self.item_numbers]


class PsfsActivitiesForm(forms.Form):
    """The patient's own activities for the PSFS, asked once per episode."""

    activity_1 = forms.CharField(label=_("Activity 1"), max_length=200)
    activity_2 = forms.CharField(label=_("Activity 2"), max_length=200, required=False)
    activity_3 = forms.CharField(label=_("Activity 3"), max_length=200, required=False)

    def descriptions(self) -> list[str]:
        return [
            self.cleaned_data[f"activity_{n}"]
            for n in (1, 2, 3)
            if self.cleaned_data.get(f"activity_{n}")
        ]
