from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from taut.clinics.models import Clinic, Location, Role
from taut.office.services import CLINIC_SETTINGS_FIELDS, LOCATION_FIELDS


class ClinicSettingsForm(forms.ModelForm[Clinic]):
    time_zone = forms.ChoiceField(choices=[(z, z) for z in sorted(zoneinfo.available_timezones())])

    class Meta:
        model = Clinic
        fields = list(CLINIC_SETTINGS_FIELDS)


class InviteStaffForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation link is sent here; it is also how they will sign in."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CLINICIAN)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class LocationForm(forms.ModelForm[Location]):
    class Meta:
        model = Location
        fields = list(LOCATION_FIELDS)
        help_texts = {
            "is_active": _("An inactive location keeps its history but takes no new bookings.")
        }
