"""Forms that parse patient input into plain values for the services."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taut.lib.forms import DateInput
from taut.lib.text import digits
from taut.patients.models import Patient
from taut.patients.services import DEMOGRAPHIC_FIELDS

OLDEST_AGE_YEARS = 130
_PHONE = re.compile(r"[\d\s()+\-.]+")


class PatientForm(forms.ModelForm[Patient]):
    record_number = forms.CharField(
        label=_("Record number"),
        max_length=32,
        required=False,
        help_text=_("Leave empty to assign the clinic's next number."),
    )
    confirmed_not_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different person from the possible duplicates above"),
        required=False,
    )

    class Meta:
        model = Patient
        fields = list(DEMOGRAPHIC_FIELDS)
        widgets = {
            "birth_date": DateInput(),
            "address_line": forms.TextInput(),
        }

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["record_number"]
            del self.fields["confirmed_not_duplicate"]
        autocomplete = {
            "family_name": "off",
            "given_names": "off",
            "phone": "off",
            "email": "off",
        }
        for name, field in self.fields.items():
            if name in autocomplete:
                field.widget.attrs["autocomplete"] = autocomplete[name]
        for name in ("phone", "emergency_contact_phone"):
            self.fields[name].widget.input_type = "tel"

    def _clean_phone(self, name: str) -> str:
        value = str(self.cleaned_data.get(name, "")).strip()
        if value and (_PHONE.fullmatch(value) is None or len(digits(value)) < 6):
            raise forms.ValidationError(
                _("Enter a phone number with digits, spaces, +, - or brackets only.")
            )
        return value

    def clean_phone(self) -> str:
        return self._clean_phone("phone")

    def clean_emergency_contact_phone(self) -> str:
        return self._clean_phone("emergency_contact_phone")

    def clean_birth_date(self) -> date:
        value: date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value < today - timedelta(days=365 * OLDEST_AGE_YEARS):
            raise forms.ValidationError(_("Check the year: that would be over 130 years ago."))
        return value

    def demographics(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in DEMOGRAPHIC_FIELDS if f in self.cleaned_data}


class EnteredInErrorForm(forms.Form):
    reason = forms.CharField(
        label=_("Why was this entered in error?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("For example: duplicate of another record, or wrong patient."),
    )
