"""The intake questions, one form per step, in words a patient understands."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taut.clinical import instruments, red_flags
from taut.lib.forms import DateInput

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_UNSURE = [("yes", _("Yes")), ("no", _("No")), ("unsure", _("Not sure"))]


def yes_no(label: Any, *, unsure: bool = False, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO_UNSURE if unsure else YES_NO,
        widget=forms.RadioSelect,
        required=required,
    )


class AboutForm(forms.Form):
    title = _("Your back pain")
    onset_on = forms.DateField(
        label=_("When did this back pain start?"),
        help_text=_("A rough date is fine."),
        widget=DateInput(),
    )
    how_started = forms.ChoiceField(
        label=_("How did it start?"),
        widget=forms.RadioSelect,
        choices=[
            ("lifting_bending", _("Lifting or bending")),
            ("sport", _("Sport or exercise")),
            ("fall_accident", _("A fall or an accident")),
            ("gradual", _("Gradually, with no clear cause")),
            ("other", _("Something else")),
        ],
    )
    had_before = yes_no(_("Have you had back pain like this before?"))
    pain_now = forms.TypedChoiceField(
        label=_("How bad is the pain right now, from 0 (no pain) to 10 (worst imaginable)?"),
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )

    def clean_onset_on(self) -> date:
        value: date = self.cleaned_data["onset_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class SymptomsForm(forms.Form):
    title = _("What it feels like")
    symptoms = forms.MultipleChoiceField(
        label=_("Which of these do you have? Tick all that apply."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("dull_ache", _("A persistent dull ache")),
            ("sharp", _("Sharp or stabbing pain")),
            ("radiating", _("Pain spreading into the buttock or leg")),
            ("stiffness", _("Stiffness")),
            ("numbness_tingling", _("Numbness or tingling")),
        ],
    )
    aggravating = forms.MultipleChoiceField(
        label=_("What makes it worse? Tick all that apply."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("bending", _("Bending")),
            ("lifting", _("Lifting")),
            ("sitting", _("Sitting")),
            ("standing", _("Standing")),
            ("walking", _("Walking")),
            ("twisting", _("Twisting")),
            ("lying", _("Lying down")),
            ("coughing", _("Coughing or sneezing")),
        ],
    )


# Health questions and the safety-profile answer each one gives when "yes".
HEALTH_QUESTIONS: tuple[tuple[str, Any], ...] = (
    ("needle_phobia", _("Are you very frightened of needles?")),
    (
        "anticoagulant_or_antiplatelet",
        _(
            "Do you take medicine that thins the blood or stops it clotting (for example warfarin, apixaban, rivaroxaban, clopidogrel or daily aspirin)?"
        ),
    ),
    (
        "bleeding_disorder",
        _("Do you have a bleeding disorder such as haemophilia, or bleed or bruise very easily?"),
    ),
    (
        "immunosuppressed",
        _(
            "Is your immune system weakened by an illness or a medicine (for example chemotherapy, long-term steroids, or medicine after a transplant)?"
        ),
    ),
    ("pregnant", _("Are you pregnant, or could you be?")),
    (
        "implanted_cardiac_device",
        _("Do you have a pacemaker, a defibrillator or another device in your heart?"),
    ),
    ("cardiac_condition", _("Do you have any other heart condition?")),
    ("metal_allergy", _("Are you allergic to metals such as nickel or chromium?")),
    ("latex_allergy", _("Are you allergic to latex?")),
)


class HealthForm(forms.Form):
    title = _("Your health and medicines")
    diabetes = forms.ChoiceField(
        label=_("Do you have diabetes?"),
        widget=forms.RadioSelect,
        choices=[
            ("none", _("No")),
            ("stable", _("Yes, and it is well controlled")),
            ("unstable", _("Yes, and it is hard to control at the moment")),
        ],
    )
    epilepsy = forms.ChoiceField(
        label=_("Do you have epilepsy or seizures?"),
        widget=forms.RadioSelect,
        choices=[
            ("none", _("No")),
            ("controlled", _("Yes, and I have not had a seizure for a long time")),
            ("uncontrolled", _("Yes, and I still have seizures")),
        ],
    )
    lymphoedema_legs = forms.MultipleChoiceField(
        label=_("Do you have lymphoedema (long-lasting swelling) in a leg? Tick which."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[("left", _("Left leg")), ("right", _("Right leg"))],
    )
    health_notes = forms.CharField(
        label=_("Anything else about your health the clinician should know before needling?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in HEALTH_QUESTIONS:
            self.fields[name] = yes_no(label)
        self.order_fields([name for name, _label in HEALTH_QUESTIONS])


class RedFlagsForm(forms.Form):
    title = _("Important warning signs")
    intro = _(
        "These questions look for rare but serious causes of back pain. Answer as well as you can; "
        "the clinician will go through them with you."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each follow-up sits right under the (last) question that asks for it; on the page it
        # appears only once that question is answered yes (taut.js), so a phone shows a short
        # list. Without scripts every follow-up shows, marked as such.
        after: dict[str, list[str]] = {}
        for code, follow_up in red_flags.FOLLOW_UPS.items():
            last = [p for p in red_flags.FLAGS if p in follow_up.parents][-1]
            after.setdefault(last, []).append(code)
        for code, flag in red_flags.FLAGS.items():
            self.fields[code] = yes_no(flag.question, unsure=True)
            for follow_code in after.get(code, []):
                follow_up = red_flags.FOLLOW_UPS[follow_code]
                field = yes_no(follow_up.question, unsure=True, required=False)
                field.help_text = _("Only if you answered yes to the question before.")
                field.widget.attrs["data-follow-up-of"] = " ".join(follow_up.parents)
                self.fields[follow_code] = field

    def answers(self) -> dict[str, bool | None]:
        return {
            code: {"yes": True, "no": False}.get(value) for code, value in self.cleaned_data.items()
        }


class StartBackForm(forms.Form):
    title = _("How the pain affects you")
    intro = _("Thinking about the last two weeks, say whether you agree with each statement.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in instruments.get("startback").items:
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                label=item.label,
                choices=[(str(o.value), o.label) for o in item.options],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, 10)]


STEPS: tuple[type[forms.Form], ...] = (
    AboutForm,
    SymptomsForm,
    HealthForm,
    RedFlagsForm,
    StartBackForm,
)
