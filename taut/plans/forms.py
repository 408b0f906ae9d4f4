"""Parsing the plan and review pages into the plain values the services take."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taut.lib.forms import DateInput
from taut.lib.muscles import muscle_choices
from taut.plans.models import (
    MAX_PLANNED_SESSIONS,
    ClinicianDecision,
    Condition,
    PlanGoal,
    Severity,
    Side,
    Therapy,
    TreatmentPlan,
)
from taut.plans.services import Goal, MuscleToTreat

TARGET_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(11))]


class PlanForm(forms.Form):
    """The draft plan: one date input per planned session, therapies, review point, Medicare."""

    severity = forms.ChoiceField(label=_("Pain severity"), choices=Severity.choices)
    conditions = forms.MultipleChoiceField(
        label=_("Other conditions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Condition.choices,
    )
    therapies = forms.MultipleChoiceField(
        label=_("Therapies combined with needling"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Therapy.choices,
    )
    review_after_sessions = forms.IntegerField(
        label=_("Review after every ... sessions"),
        min_value=1,
        max_value=MAX_PLANNED_SESSIONS,
        help_text=_("The plan is also reviewed after its last session."),
    )
    medicare_acupuncture = forms.BooleanField(
        label=_("Medicare acupuncture for chronic low back pain (NCD 30.3.3): count the visits"),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_PLANNED_SESSIONS + 1):
            self.fields[f"date_{n}"] = forms.DateField(
                label=_("Session %(n)d") % {"n": n}, required=False, widget=DateInput()
            )

    @classmethod
    def initial_for(cls, plan: TreatmentPlan) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "severity": plan.severity,
            "conditions": plan.conditions,
            "therapies": plan.therapies,
            "review_after_sessions": plan.review_after_sessions,
            "medicare_acupuncture": plan.medicare_acupuncture,
            "notes": plan.notes,
        }
        for n, on in enumerate(plan.planned, start=1):
            initial[f"date_{n}"] = on
        return initial

    def date_fields(self) -> list[forms.BoundField]:
        return [self[f"date_{n}"] for n in range(1, MAX_PLANNED_SESSIONS + 1)]

    def planned_dates(self) -> list[date]:
        """The dates entered, in input order (blank inputs are skipped)."""
        return [
            on
            for n in range(1, MAX_PLANNED_SESSIONS + 1)
            if (on := self.cleaned_data.get(f"date_{n}")) is not None
        ]


class GoalRowForm(forms.Form):
    activity = forms.IntegerField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(label=_("Goal"), required=False, max_length=200)
    target_rating = forms.TypedChoiceField(
        label=_("Target (0-10)"),
        required=False,
        choices=TARGET_CHOICES,
        coerce=int,
        empty_value=None,
    )

    def to_value(self) -> Goal | None:
        data = self.cleaned_data
        if not data.get("description") and not data.get("activity"):
            return None
        return Goal(
            description=data.get("description") or "",
            target_rating=data.get("target_rating"),
            activity_id=data.get("activity"),
        )


GoalFormSet = forms.formset_factory(GoalRowForm, extra=0, max_num=10)


class MuscleRowForm(forms.Form):
    muscle = forms.ChoiceField(label=_("Muscle"), required=False, choices=muscle_choices)
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices, initial=Side.LEFT)
    finding = forms.CharField(required=False, widget=forms.HiddenInput)

    def to_value(self) -> MuscleToTreat | None:
        data = self.cleaned_data
        if not data.get("muscle"):
            return None
        return MuscleToTreat(data["muscle"], data["side"], data.get("finding") or "")


MuscleFormSet = forms.formset_factory(MuscleRowForm, extra=0, max_num=24)


def goal_rows(plan: TreatmentPlan, empty: int = 2) -> list[dict[str, Any]]:
    return [
        {
            "activity": g.activity_id,
            "description": g.description,
            "target_rating": "" if g.target_rating is None else str(g.target_rating),
        }
        for g in plan.goals.all()
    ] + [{} for _ in range(empty)]


def muscle_rows(plan: TreatmentPlan, empty: int = 2) -> list[dict[str, Any]]:
    return [
        {"muscle": m.muscle, "side": m.side, "finding": m.finding} for m in plan.muscles.all()
    ] + [{} for _ in range(empty)]


class ReviewForm(forms.Form):
    sessions_done = forms.IntegerField(
        label=_("Sessions done so far"),
        min_value=0,
        max_value=99,
        help_text=_(
            "Counted from the needling sessions signed since the plan was agreed; correct it if "
            "some were given before Taut or elsewhere."
        ),
    )
    met_goals = forms.MultipleChoiceField(
        label=_("Goals met"), required=False, widget=forms.CheckboxSelectMultiple
    )
    goals_met = forms.BooleanField(
        label=_("The patient's goals are met"),
        required=False,
        help_text=_("Ticked automatically when every goal above is ticked."),
    )

    def __init__(self, *args: Any, goals: list[PlanGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        met_goals: forms.MultipleChoiceField = self.fields["met_goals"]  # type: ignore[assignment]
        met_goals.choices = [(str(g.pk), g.description) for g in goals]
        if not goals:
            del self.fields["met_goals"]

    def all_goals_met(self) -> bool:
        data = self.cleaned_data
        ticked = set(data.get("met_goals") or ())
        return bool(data.get("goals_met")) or (
            bool(self.goals) and ticked == {str(g.pk) for g in self.goals}
        )

    def met_goal_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("met_goals") or ()]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), choices=ClinicianDecision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when your decision differs from the recommendation."),
        max_length=5000,
    )
    discharge_summary = forms.CharField(
        label=_("Discharge summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Used when you discharge: edit it as needed."),
        max_length=10000,
    )
