from __future__ import annotations

import zoneinfo

from django import forms

from taut.clinics.models import Clinic
from taut.clinics.services import CLINIC_SETTINGS_FIELDS


class ClinicSettingsForm(forms.ModelForm[Clinic]):
    time_zone = forms.ChoiceField(choices=[(z, z) for z in sorted(zoneinfo.available_timezones())])

    class Meta:
        model = Clinic
        fields = list(CLINIC_SETTINGS_FIELDS)
