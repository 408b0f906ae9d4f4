"""Parsing the needling session page into the plain values the services take."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taut.clinical import adverse_events, examination, needles
from taut.lib.muscles import muscle_choices, trigger_point_choices
from taut.sessions.models import Modality, Position, RomMeasure, Technique
from taut.sessions.services import (
    ACUPUNCTURE_UNITS,
    ESTIM_CHANNELS,
    MAX_COUNT,
    MAX_PULSE_WIDTH_US,
    InsertionInput,
)

YES_NO = [("", _("not asked")), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, required=False, widget=forms.RadioSelect)


class SessionForm(forms.Form):
    # A draft saves without these; signing needs them (services.record_gap_fields), so the
    # labels say "needed to sign" rather than "optional".
    sign_required = frozenset(
        {
            "new_red_flags",
            "medication_changes",
            "side_effects_since_last",
            "nprs_before",
            "position",
            "skin_cleaned",
            "single_use_sterile_needles",
            "needles_out",
        }
    )

    modality = forms.ChoiceField(label=_("Treatment"), choices=Modality.choices)
    new_red_flags = _yes_no(_("Any new or changed red flags since the last visit?"))
    medication_changes = _yes_no(_("Any change in medicines (especially blood thinners)?"))
    medication_note = forms.CharField(label=_("Which medicines"), required=False, max_length=300)
    side_effects_since_last = _yes_no(_("Any side effects since the last session?"))
    side_effects_note = forms.CharField(
        label=_("Which side effects"), required=False, max_length=300
    )
    nprs_before = forms.TypedChoiceField(
        label=_("Pain now, before needling (0-10)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *((str(n), str(n)) for n in range(11))],
    )
    rom_measure = forms.ChoiceField(
        label=_("Movement measure"), choices=RomMeasure.choices, required=False
    )
    rom_before_cm = forms.DecimalField(
        label=_("Before (cm)"),
        required=False,
        min_value=0,
        max_value=examination.FINGERTIP_FLOOR_MAX_CM,
        decimal_places=1,
    )
    position = forms.ChoiceField(
        label=_("Position"), choices=[("", "—"), *Position.choices], required=False
    )
    skin_cleaned = forms.BooleanField(label=_("Skin cleaned"), required=False)
    single_use_sterile_needles = forms.BooleanField(
        label=_("Single-use sterile needles"), required=False
    )
    needled_at = forms.TimeField(
        label=_("Needles in at (time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_(
            "Filled in when the first insertions are saved; correct it if the needles went in "
            "earlier. The safety check judges what was known and agreed at this time."
        ),
    )
    stimulated_at = forms.TimeField(
        label=_("Stimulation began at (time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_(
            "Filled in when the first stimulated needles are saved; correct it if stimulation "
            "began earlier. Consent to stimulation is judged at this time."
        ),
    )
    overridden = forms.MultipleChoiceField(
        label=_("Override these relative contraindications"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    override_reason = forms.CharField(
        label=_("Reason for the override"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )
    needles_out = forms.IntegerField(
        label=_("Needles out (counted)"), required=False, min_value=0, max_value=MAX_COUNT
    )
    massage = forms.BooleanField(label=_("Massage"), required=False)
    heat = forms.BooleanField(label=_("Heat"), required=False)
    cold = forms.BooleanField(label=_("Cold"), required=False)
    stretching_given = forms.BooleanField(label=_("Stretching given"), required=False)
    nprs_after = forms.TypedChoiceField(
        label=_("Pain after needling (0-10)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *((str(n), str(n)) for n in range(11))],
    )
    rom_after_cm = forms.DecimalField(
        label=_("After (cm)"),
        required=False,
        min_value=0,
        max_value=examination.FINGERTIP_FLOOR_MAX_CM,
        decimal_places=1,
    )
    side_effects = forms.MultipleChoiceField(
        label=_("Side effects during the session"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(e.code, e.label) for e in adverse_events.ADVERSE_EVENTS.values()],
    )
    incident_explanation = forms.CharField(
        label=_("What happened, and why the needling went ahead"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    face_to_face_minutes = forms.IntegerField(
        label=_("Face-to-face minutes (acupuncture)"), required=False, min_value=0, max_value=240
    )
    estim_units = forms.TypedMultipleChoiceField(
        label=_("15-minute units with electrical stimulation (acupuncture)"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        choices=[(str(n), str(n)) for n in range(1, ACUPUNCTURE_UNITS + 1)],
    )
    new_needle_units = forms.TypedMultipleChoiceField(
        label=_("Further 15-minute units with new needles (acupuncture)"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        choices=[(str(n), str(n)) for n in range(2, ACUPUNCTURE_UNITS + 1)],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(
        self, *args: Any, override_choices: Sequence[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["overridden"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - narrows the type
        field.choices = list(override_choices)

    @staticmethod
    def yes_no_value(raw: str) -> bool | None:
        return {"yes": True, "no": False}.get(raw)


class InsertionForm(forms.Form):
    muscle = forms.ChoiceField(label=_("Muscle"), choices=muscle_choices, required=False)
    side = forms.ChoiceField(label=_("Side"), choices=[("left", _("Left")), ("right", _("Right"))])
    trigger_point = forms.ChoiceField(
        label=_("Trigger point"), choices=trigger_point_choices, required=False
    )
    needle_gauge_mm = forms.DecimalField(
        label=_("Needle diameter (mm)"), initial="0.30", decimal_places=2, max_digits=3
    )
    needle_length_mm = forms.TypedChoiceField(
        label=_("Needle length (mm)"),
        coerce=int,
        choices=[(str(n), str(n)) for n in needles.LENGTHS_MM],
        initial="50",
    )
    needle_count = forms.IntegerField(
        label=_("Needles"), initial=1, min_value=1, max_value=MAX_COUNT
    )
    depth_mm = forms.DecimalField(
        label=_("Depth (mm)"), decimal_places=1, max_digits=4, required=False
    )
    technique = forms.ChoiceField(label=_("Technique"), choices=Technique.choices)
    twitch_responses = forms.IntegerField(
        label=_("Twitch responses"), initial=0, min_value=0, max_value=MAX_COUNT
    )
    retention_minutes = forms.IntegerField(
        label=_("Retention (min)"), initial=0, min_value=0, max_value=MAX_COUNT
    )
    estim = forms.BooleanField(label=_("Electrical stimulation"), required=False)
    estim_channel = forms.ChoiceField(
        label=_("Electrode channel"),
        required=False,
        choices=[("", "—"), *((c, c) for c in ESTIM_CHANNELS)],
        help_text=_("Needles on the same channel are wired together."),
    )
    estim_frequency_hz = forms.DecimalField(
        label=_("Frequency (Hz)"), required=False, decimal_places=1, max_digits=5
    )
    estim_pulse_width_us = forms.IntegerField(
        label=_("Pulse width (µs)"),
        required=False,
        min_value=0,
        max_value=MAX_PULSE_WIDTH_US,
    )
    estim_intensity_ma = forms.DecimalField(
        label=_("Intensity (mA)"), required=False, decimal_places=1, max_digits=4
    )
    estim_minutes = forms.IntegerField(
        label=_("Stimulation (min)"), required=False, min_value=0, max_value=MAX_COUNT
    )

    def to_value(self) -> InsertionInput | None:
        data = self.cleaned_data
        if not data.get("muscle"):
            return None
        return InsertionInput(
            muscle=data["muscle"],
            side=data["side"],
            needle_gauge_mm=data["needle_gauge_mm"],
            needle_length_mm=data["needle_length_mm"],
            needle_count=data["needle_count"],
            depth_mm=data["depth_mm"] if data.get("depth_mm") is not None else Decimal(0),
            technique=data["technique"],
            trigger_point=data.get("trigger_point") or "",
            twitch_responses=data["twitch_responses"],
            retention_minutes=data["retention_minutes"],
            estim=data["estim"],
            estim_channel=data.get("estim_channel") or "",
            estim_frequency_hz=data.get("estim_frequency_hz"),
            estim_pulse_width_us=data.get("estim_pulse_width_us"),
            estim_intensity_ma=data.get("estim_intensity_ma"),
            estim_minutes=data.get("estim_minutes"),
        )


InsertionFormSet = forms.formset_factory(InsertionForm, extra=0, max_num=30)


OUTCOMES = [
    ("open", _("A needle is still missing: keep the event open")),
    ("all_found", _("Every needle is now found")),
    ("search_ended", _("The search is over; the count out is final")),
]


class MismatchForm(forms.Form):
    needles_out = forms.IntegerField(
        label=_("Needles counted out"), min_value=0, max_value=MAX_COUNT
    )
    action = forms.CharField(
        label=_("What was done to find the needle"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=OUTCOMES, initial="open", widget=forms.RadioSelect
    )


class ResolveMismatchForm(forms.Form):
    needles_accounted = forms.IntegerField(
        label=_("Needles accounted for, in all"), min_value=0, max_value=MAX_COUNT
    )
    resolution_note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_(
            "Where the needle was found; or, if it never was, the search and what the patient "
            "was told and checked for."
        ),
    )


class FoundLaterForm(forms.Form):
    found_note = forms.CharField(
        label=_("Found later: where, when, and what was checked"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ReviewIncidentForm(forms.Form):
    review_note = forms.CharField(
        label=_("Review"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("What was reviewed with the clinician, and what the clinic changes."),
    )


class PastVisitForm(forms.Form):
    performed_on = forms.DateField(
        label=_("Date of the visit"), widget=forms.DateInput(attrs={"type": "date"})
    )
    needled_at = forms.TimeField(
        label=_("Needles in at (time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    backdating_reason = forms.CharField(
        label=_("Why it is recorded now"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Needed when the visit was longer ago than the clinic's limit."),
    )
