"""Reads of treatment plans, scoped to the actor's clinic and audited."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from taut.appointments import rules
from taut.appointments.models import OCCUPYING, Appointment
from taut.audit.reads import get_audited
from taut.clinical import muscles
from taut.clinical.plans import MedicareAllowance
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode
from taut.plans import services
from taut.plans.models import PlanGoal, PlanReview, PlanStatus, Side, TreatmentPlan


def _plans() -> QuerySet[TreatmentPlan]:
    return TreatmentPlan.objects.select_related(
        "patient", "episode", "created_by", "agreed_by", "revises"
    ).prefetch_related("goals", "muscles", "reviews__decided_by")


def get_plan(actor: Actor, public_id: uuid.UUID | str) -> TreatmentPlan:
    """One plan of the actor's clinic (404 otherwise), recording the view."""
    require(actor, Permission.VIEW_CLINICAL)
    return get_audited(actor, _plans(), public_id, object_type="treatment_plan")


def plans_of(actor: Actor, episode: Episode) -> list[TreatmentPlan]:
    """Every version of an episode's plan, newest first (the caller audited the episode)."""
    require(actor, Permission.VIEW_CLINICAL)
    return list(_plans().filter(clinic=actor.clinic, episode=episode).order_by("-version"))


def current_plan(actor: Actor, episode: Episode) -> TreatmentPlan | None:
    """The episode's agreed plan; else its draft; else the plan completed at discharge."""
    return _current(plans_of(actor, episode))


def _current(plans: list[TreatmentPlan]) -> TreatmentPlan | None:
    found = {p.status: p for p in reversed(plans)}  # newest wins
    return (
        found.get(PlanStatus.ACTIVE)
        or found.get(PlanStatus.DRAFT)
        or found.get(PlanStatus.COMPLETED)
    )


def draft_of(actor: Actor, episode: Episode) -> TreatmentPlan | None:
    require(actor, Permission.VIEW_CLINICAL)
    return TreatmentPlan.objects.filter(
        clinic=actor.clinic, episode=episode, status=PlanStatus.DRAFT
    ).first()


@dataclass(frozen=True)
class ReviewPoint:
    session_number: int  # the review follows this planned session
    on: date


@dataclass(frozen=True)
class MuscleRow:
    label: str
    side: str
    finding: str


@dataclass(frozen=True)
class PlanSummary:
    """What the chart shows of an episode's plan (the caller audited the chart view)."""

    plan: TreatmentPlan
    today: date
    past_dates: list[date]
    future_dates: list[date]
    next_review: ReviewPoint | None
    latest_review: PlanReview | None
    goals: list[PlanGoal]
    muscles: list[MuscleRow]
    draft: TreatmentPlan | None = None  # a revision being prepared
    medicare: MedicareAllowance | None = None
    medicare_visits_counted: int = 0
    reviews: list[PlanReview] = field(default_factory=list)

    @property
    def sessions_planned(self) -> int:
        return len(self.past_dates) + len(self.future_dates)

    @property
    def next_session(self) -> date | None:
        return self.future_dates[0] if self.future_dates else None

    @property
    def review_due(self) -> bool:
        return self.next_review is not None and self.next_review.on <= self.today


def muscle_rows(plan: TreatmentPlan) -> list[MuscleRow]:
    return [
        MuscleRow(muscles.muscle_label(m.muscle), str(Side(m.side).label), m.finding)
        for m in plan.muscles.all()
    ]


def next_review_point(plan: TreatmentPlan, reviewed_after: int) -> ReviewPoint | None:
    """The first review point after ``reviewed_after`` sessions: every ``review_after_sessions``
    planned sessions, and at the end of the course."""
    planned = plan.planned
    if not planned:
        return None
    every = plan.review_after_sessions
    points = sorted({*range(every, len(planned) + 1, every), len(planned)})
    for number in points:
        if number > reviewed_after:
            return ReviewPoint(number, planned[number - 1])
    return None


def plan_summary(
    actor: Actor,
    episode: Episode,
    today: date,
    *,
    visit_dates: Sequence[date] | None = None,
) -> PlanSummary | None:
    """The episode's current plan for the chart: planned sessions before and from today, the next
    review point, the latest review, and Medicare's remaining visits for a flagged plan.

    ``visit_dates`` are the episode's needling visits (``taut.sessions``); until they are passed
    no visit is counted. None when the episode has no plan.
    """
    require(actor, Permission.VIEW_CLINICAL)
    # What the chart shows only: the plans' own rows, goals, muscles and reviews.
    plans = list(
        TreatmentPlan.objects.filter(clinic=actor.clinic, episode=episode)
        .prefetch_related("goals", "muscles", "reviews")
        .order_by("-version")
    )
    for each in plans:
        each.episode = episode  # already read by the caller
    plan = _current(plans)
    if plan is None:
        return None
    reviews = list(plan.reviews.all())
    latest = reviews[0] if reviews else None
    planned = plan.planned
    visits = [v for v in (visit_dates or ()) if v <= today]
    medicare = (
        services.medicare_status(actor, plan, today, visit_dates=visits)
        if plan.medicare_acupuncture
        else None
    )
    draft = (
        next((p for p in plans if p.status == PlanStatus.DRAFT), None)  # the newest, as draft_of
        if not plan.is_draft
        else None
    )
    return PlanSummary(
        plan=plan,
        today=today,
        past_dates=[d for d in planned if d < today],
        future_dates=[d for d in planned if d >= today],
        next_review=next_review_point(plan, latest.sessions_done if latest else 0)
        if plan.is_active
        else None,
        latest_review=latest,
        goals=list(plan.goals.all()),
        muscles=muscle_rows(plan),
        draft=draft,
        medicare=medicare,
        medicare_visits_counted=len(visits),
        reviews=reviews,
    )


def unbooked_planned_dates(
    actor: Actor, episode: Episode, today: date, summary: PlanSummary | None = None
) -> list[date]:
    """The agreed plan's session dates after today with nothing booked for the patient that day
    (today's is the visit in progress): dates only, for whoever books (front desk sees no
    clinical content of the plan). ``summary``: the episode's ``plan_summary`` when the page
    has read it already."""
    require(actor, Permission.VIEW_PATIENTS)
    if summary is not None:
        plan = summary.plan if summary.plan.is_active else None
    else:
        plan = TreatmentPlan.objects.filter(
            clinic=actor.clinic, episode=episode, status=PlanStatus.ACTIVE
        ).first()
    if plan is None:
        return []
    zone = actor.clinic.zone
    booked = {
        a.starts_at.astimezone(zone).date()
        for a in Appointment.objects.filter(
            clinic=actor.clinic,
            patient_id=episode.patient_id,
            status__in=OCCUPYING,
            starts_at__gte=rules.local_day_bounds(today, zone)[0],
        )
    }
    return [d for d in plan.planned if d > today and d not in booked]
