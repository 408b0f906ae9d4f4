from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taut.audit.models import Action
from taut.audit.queries import AuditFilter
from taut.clinics.models import Clinic, Membership
from taut.lib.forms import DateInput


class AuditFilterForm(forms.Form):
    user = forms.TypedChoiceField(
        label=_("Staff member"), required=False, coerce=int, empty_value=None
    )
    record_number = forms.CharField(label=_("Patient record number"), required=False, max_length=32)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any")), *Action.choices]
    )
    from_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    to_on = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(clinic=clinic).select_related("user")
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ChoiceField)  # noqa: S101 - narrows the type
        user_field.choices = [("", _("Anyone")), *((m.user_id, str(m.user)) for m in members)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_on") and data.get("to_on") and data["from_on"] > data["to_on"]:
            self.add_error("to_on", _("The end date is before the start date."))
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            user_id=data.get("user"),
            record_number=data.get("record_number", ""),
            action=data.get("action", ""),
            from_on=data.get("from_on"),
            to_on=data.get("to_on"),
        )
