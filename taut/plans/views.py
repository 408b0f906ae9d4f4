"""Plan pages: an episode's plan, drafting and agreeing it, and reviewing it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission, can
from taut.episodes import queries as episode_queries
from taut.plans import queries, services
from taut.plans.forms import (
    DecisionForm,
    GoalFormSet,
    MuscleFormSet,
    PlanForm,
    ReviewForm,
    goal_rows,
    muscle_rows,
)
from taut.plans.models import ClinicianDecision, Severity, TreatmentPlan
from taut.sessions import queries as session_queries


@clinic_view(Permission.VIEW_CLINICAL)
def episode_plan(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    episode = episode_queries.get_episode(actor, episode_id)
    today = actor.today()
    return render(
        request,
        "plans/episode_plan.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "summary": queries.plan_summary(actor, episode, today),
            "plans": queries.plans_of(actor, episode),
            "draft": queries.draft_of(actor, episode),
            "has_nprs": services.latest_nprs(episode) is not None,
            "severities": Severity.choices,
            "can_edit": can(actor, Permission.EDIT_CLINICAL) and episode.is_active,
        },
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def plan_start(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """Start a draft (or a revision of the agreed plan), or continue the open draft."""
    actor = request.actor  # type: ignore[attr-defined]
    episode = episode_queries.get_episode(actor, episode_id)
    try:
        plan = services.draft_plan(actor, episode, severity=request.POST.get("severity") or None)
    except services.PlanError as exc:
        messages.error(request, str(exc))
        return redirect("plans:episode", episode.public_id)
    return redirect("plans:edit", plan.public_id)


def _edit_page(
    request: HttpRequest,
    plan: TreatmentPlan,
    form: PlanForm,
    goals: Any,  # formsets: formset_factory's classes are untyped
    muscles: Any,
    *,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "plans/plan_form.html",
        {
            "plan": plan,
            "episode": plan.episode,
            "patient": plan.patient,
            "form": form,
            "goals": goals,
            "muscles": muscles,
            "problems": problems or [],
            "today": request.actor.today(),  # type: ignore[attr-defined]
        },
        status=status,
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    plan = queries.get_plan(actor, public_id)
    if not plan.is_draft:
        return redirect("plans:detail", plan.public_id)
    if request.method == "GET":
        return _edit_page(
            request,
            plan,
            PlanForm(initial=PlanForm.initial_for(plan)),
            GoalFormSet(initial=goal_rows(plan), prefix="goal"),
            MuscleFormSet(initial=muscle_rows(plan), prefix="muscle"),
        )
    form = PlanForm(request.POST)
    goals = GoalFormSet(request.POST, prefix="goal")
    muscles = MuscleFormSet(request.POST, prefix="muscle")
    action = request.POST.get("action", "save")
    problems: list[str] = []
    if form.is_valid() and goals.is_valid() and muscles.is_valid():
        data = form.cleaned_data
        try:
            services.update_plan(
                actor,
                plan,
                planned_dates=None if action == "propose" else form.planned_dates(),
                therapies=data["therapies"],
                goals=[g for f in goals if (g := f.to_value()) is not None],
                muscles=[m for f in muscles if (m := f.to_value()) is not None],
                notes=data["notes"],
                review_after_sessions=data["review_after_sessions"],
                medicare_acupuncture=data["medicare_acupuncture"],
            )
            if action == "propose":
                services.propose_again(
                    actor, plan, severity=data["severity"], conditions=data["conditions"]
                )
                messages.info(
                    request, _("New dates proposed from the pain severity and conditions.")
                )
                return redirect("plans:edit", plan.public_id)
            if action == "agree":
                services.agree_plan(actor, plan)
                messages.success(request, _("Plan agreed."))
                return redirect("plans:episode", plan.episode.public_id)
        except services.PlanError as exc:
            problems.append(str(exc))
        else:
            messages.success(request, _("Draft plan saved."))
            return redirect("plans:edit", plan.public_id)
    for label, formset in ((_("Goal"), goals), (_("Muscle"), muscles)):
        for number, row_errors in enumerate(formset.errors, start=1):
            for name, errors in row_errors.items():  # type: ignore[attr-defined]
                problems.extend(f"{label} {number} · {name}: {e}" for e in errors)
    plan.refresh_from_db()
    return _edit_page(request, plan, form, goals, muscles, problems=problems, status=422)


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def plan_agree(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    plan = queries.get_plan(actor, public_id)
    try:
        services.agree_plan(actor, plan)
    except services.PlanError as exc:
        messages.error(request, str(exc))
        return redirect("plans:edit", plan.public_id)
    messages.success(request, _("Plan agreed."))
    return redirect("plans:episode", plan.episode.public_id)


@clinic_view(Permission.VIEW_CLINICAL)
def plan_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    plan = queries.get_plan(actor, public_id)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "episode": plan.episode,
            "patient": plan.patient,
            "muscle_rows": queries.muscle_rows(plan),
            "reviews": list(plan.reviews.all()),
            "can_edit": can(actor, Permission.EDIT_CLINICAL) and plan.episode.is_active,
        },
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Preview the kernel's recommendation for the numbers entered, then record a decision."""
    actor = request.actor  # type: ignore[attr-defined]
    plan = queries.get_plan(actor, public_id)
    if not plan.is_active:
        messages.error(request, _("Only the agreed, active plan can be reviewed."))
        return redirect("plans:detail", plan.public_id)
    goals = list(plan.goals.all())
    today = actor.today()
    counted = session_queries.signed_count(actor, plan.episode, since=plan.agreed_on or today)
    review_form = ReviewForm(request.POST or None, goals=goals, initial={"sessions_done": counted})
    decision_form = DecisionForm(request.POST or None)
    result: services.PlanRecommendation | None = None
    problems: list[str] = []
    status = 200
    if review_form.is_bound:
        valid = review_form.is_valid()
        sessions_done = review_form.cleaned_data.get("sessions_done") if valid else None
        goals_met = review_form.all_goals_met() if valid else False
    else:
        valid, sessions_done, goals_met = True, counted, False
    if valid and sessions_done is not None:
        try:
            result = services.review_plan(
                actor, plan, sessions_done=sessions_done, goals_met=goals_met
            )
        except services.PlanError as exc:
            problems.append(str(exc))
            status = 422 if review_form.is_bound else 200
    if request.method == "POST" and request.POST.get("action") == "decide" and result:
        if decision_form.is_valid():
            try:
                services.record_review_decision(
                    actor,
                    plan,
                    sessions_done=result.sessions_done,
                    goals_met=goals_met,
                    decision=decision_form.cleaned_data["decision"],
                    note=decision_form.cleaned_data["note"],
                    met_goals=review_form.met_goal_ids(),
                    discharge_summary=decision_form.cleaned_data["discharge_summary"],
                )
            except services.PlanError as exc:
                problems.append(str(exc))
            else:
                messages.success(request, _("Review decision recorded."))
                if decision_form.cleaned_data["decision"] == ClinicianDecision.DISCHARGE:
                    # The episode is discharged: offer what is left (appointments, questionnaires).
                    return redirect("chart:discharge", plan.episode.public_id)
                return redirect("plans:episode", plan.episode.public_id)
        status = 422
    if result is not None and not decision_form.is_bound:
        decision_form = DecisionForm(
            initial={
                "decision": result.decision,
                "discharge_summary": services.discharge_summary_text(
                    actor, plan, goals_met=goals_met
                ),
            }
        )
    elif result is not None and request.POST.get("action") != "decide":
        # A new preview: the recommendation and the summary follow the numbers entered.
        decision_form = DecisionForm(
            initial={
                "decision": result.decision,
                "note": request.POST.get("note", ""),
                "discharge_summary": services.discharge_summary_text(
                    actor, plan, goals_met=goals_met
                ),
            }
        )
    return render(
        request,
        "plans/review.html",
        {
            "plan": plan,
            "episode": plan.episode,
            "patient": plan.patient,
            "review_form": review_form,
            "decision_form": decision_form,
            "result": result,
            "problems": problems,
            "planned_so_far": len([d for d in plan.planned if d <= today]),
            "counted": counted,
        },
        status=status,
    )
