"""Drafting, changing, agreeing and reviewing treatment plans. One transaction and one audit
entry each; the proposal, the review recommendation and the Medicare count are the kernel's."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from taut.assessment.models import Assessment, TriggerPointFinding
from taut.audit.models import Action
from taut.audit.services import record
from taut.clinical import instruments, muscles
from taut.clinical import plans as kernel
from taut.clinical.plans import MedicareAllowance, Progress, Recommendation
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes import services as episode_services
from taut.episodes.models import DischargeReason, Episode
from taut.lib.records import RecordStatus
from taut.outcomes import queries as outcome_queries
from taut.outcomes.models import NprsVariant, Response
from taut.outcomes.queries import Trend
from taut.plans.models import (
    MAX_PLANNED_SESSIONS,
    ClinicianDecision,
    Condition,
    PlanGoal,
    PlanMuscle,
    PlanReview,
    PlanStatus,
    Severity,
    Side,
    Therapy,
    TreatmentPlan,
)
from taut.safety.queries import open_findings
from taut.sessions.gate import patient_gate


class PlanError(ValueError):
    """Input a plan cannot take; ``field`` names it. Nothing is saved."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class PlanLocked(PlanError):
    """The plan is agreed, superseded or completed: revise it instead."""


@dataclass(frozen=True)
class Goal:
    """A goal as the edit form gives it: a PSFS activity (by id) or free text, with a target."""

    description: str
    target_rating: int | None = None
    activity_id: int | None = None
    met: bool = False


@dataclass(frozen=True)
class MuscleToTreat:
    muscle: str
    side: str
    finding: str = ""


@dataclass(frozen=True)
class PlanRecommendation:
    """The kernel's recommendation at a review, and what it was computed from (not saved)."""

    recommendation: Recommendation
    sessions_done: int
    goals_met: bool
    new_red_flags: bool
    previously_modified: bool
    trends: list[Trend] = field(default_factory=list)  # the outcome changes it used

    @property
    def decision(self) -> str:
        return self.recommendation.decision.value

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.recommendation.reasons


# --- Checks -----------------------------------------------------------------------------------


def check_planned_dates(planned: Sequence[date], *, not_before: date | None = None) -> list[date]:
    """1 to 12 dates, ascending, without repeats (and none before ``not_before``).

    Raises PlanError naming the offending date.
    """
    dates = list(planned)
    if not dates:
        raise PlanError(_("Plan at least one session."), field="planned_dates")
    if len(dates) > MAX_PLANNED_SESSIONS:
        raise PlanError(
            _("A plan holds 1 to %(max)d sessions, not %(n)d.")
            % {"max": MAX_PLANNED_SESSIONS, "n": len(dates)},
            field="planned_dates",
        )
    seen: set[date] = set()
    for previous, current in zip([None, *dates], dates, strict=False):
        if current in seen:
            raise PlanError(
                _("%(date)s is planned twice.") % {"date": current.isoformat()},
                field="planned_dates",
            )
        seen.add(current)
        if previous is not None and current < previous:
            raise PlanError(
                _("%(date)s comes before %(previous)s: list the sessions in date order.")
                % {"date": current.isoformat(), "previous": previous.isoformat()},
                field="planned_dates",
            )
        if not_before is not None and current < not_before:
            raise PlanError(
                _("%(date)s is in the past: planned sessions start on %(first)s or later.")
                % {"date": current.isoformat(), "first": not_before.isoformat()},
                field="planned_dates",
            )
    return dates


def _check_goals(goals: Sequence[Goal], episode: Episode) -> list[Goal]:
    activities = {a.pk: a for a in episode.psfs_activities.all()}
    checked = []
    for goal in goals:
        if goal.activity_id is not None and goal.activity_id not in activities:
            raise PlanError(_("That PSFS activity is not this episode's."), field="goals")
        text = goal.description.strip() or (
            activities[goal.activity_id].description if goal.activity_id else ""
        )
        if not text:
            continue
        psfs = instruments.get("psfs")
        if goal.target_rating is not None and not (
            psfs.min_value <= goal.target_rating <= psfs.max_value
        ):
            raise PlanError(
                _("%(goal)s: the target must be 0 to 10, not %(value)s.")
                % {"goal": text, "value": goal.target_rating},
                field="goals",
            )
        checked.append(
            Goal(text[:200], goal.target_rating, goal.activity_id, goal.met)  # 200: model limit
        )
    return checked


def _check_muscles(rows: Sequence[MuscleToTreat]) -> list[MuscleToTreat]:
    seen: set[tuple[str, str]] = set()
    checked = []
    for row in rows:
        try:
            muscles.get(row.muscle)
        except ValueError as exc:
            raise PlanError(str(exc), field="muscles") from exc
        if row.side not in Side.values:
            raise PlanError(
                _("%(muscle)s: choose the left or right side.")
                % {"muscle": muscles.get(row.muscle).label},
                field="muscles",
            )
        if (row.muscle, row.side) in seen:
            raise PlanError(
                _("%(muscle)s, %(side)s is listed twice.")
                % {"muscle": muscles.get(row.muscle).label, "side": row.side},
                field="muscles",
            )
        seen.add((row.muscle, row.side))
        checked.append(row)
    return checked


def _check_therapies(therapies: Collection[str]) -> list[str]:
    for code in therapies:
        if code not in Therapy.values:
            raise PlanError(_("Unknown therapy %(code)s.") % {"code": code}, field="therapies")
    return [t for t in Therapy.values if t in therapies]  # in the catalogue's order


def _check_conditions(conditions: Collection[str]) -> list[str]:
    for code in conditions:
        if code not in Condition.values:
            raise PlanError(
                _("Unknown plan condition %(code)s.") % {"code": code}, field="conditions"
            )
    return [c for c in Condition.values if c in conditions]


def _check_severity(severity: str) -> str:
    if severity not in Severity.values:
        raise PlanError(
            _("Unknown pain severity %(value)s.") % {"value": severity}, field="severity"
        )
    return severity


# --- What a draft starts from -----------------------------------------------------------------


def latest_nprs(episode: Episode) -> Response | None:
    """The episode's latest scored NPRS (pain now), if any."""
    return (
        Response.objects.filter(
            episode=episode,
            instrument="nprs",
            variant=NprsVariant.CURRENT,
            status=RecordStatus.SIGNED,
            score_value__isnull=False,
        )
        .order_by("-collected_on", "-created_at")
        .first()
    )


def latest_signed_assessment(episode: Episode) -> Assessment | None:
    return (
        Assessment.objects.filter(episode=episode, status=RecordStatus.SIGNED)
        .prefetch_related("palpation")
        .order_by("-signed_at")
        .first()
    )


def _suggested_conditions(actor: Actor, episode: Episode) -> list[str]:
    """Disc or joint disease from the working diagnosis; a precaution from the safety profile."""
    found = []
    codes = episode.diagnoses.filter(withdrawn_at__isnull=True).values_list("code", flat=True)
    if kernel.disc_or_joint_disease(codes):
        found.append(Condition.DISC_OR_JOINT_DISEASE.value)
    if patient_gate(actor, episode.patient).needs_override:
        found.append(Condition.NEEDLING_PRECAUTION.value)
    return found


def _propose(plan: TreatmentPlan, start_on: date, severity: str, conditions: Sequence[str]) -> None:
    proposal = kernel.propose_plan(
        start_on, severity=severity, chronicity=plan.chronicity, conditions=conditions
    )
    plan.severity = severity
    plan.conditions = list(conditions)
    plan.proposed_dates = [d.isoformat() for d in proposal.dates]
    plan.proposal_reasons = list(proposal.reasons)


def _lock_episode(actor: Actor, episode: Episode) -> Episode:
    locked = Episode.objects.select_for_update().get(pk=episode.pk, clinic=actor.clinic)
    if not locked.is_active:
        raise PlanError(_("This episode is not active: its plan can no longer change."))
    return locked


def _lock_plan(actor: Actor, plan: TreatmentPlan) -> TreatmentPlan:
    return TreatmentPlan.objects.select_for_update().get(pk=plan.pk, clinic=actor.clinic)


@transaction.atomic
def draft_plan(
    actor: Actor,
    episode: Episode,
    *,
    severity: str | None = None,
    conditions: Collection[str] | None = None,
    start_on: date | None = None,
) -> TreatmentPlan:
    """Start a draft plan for an active episode, filled from what the clinic already knows.

    Severity comes from ``severity`` or else the latest NPRS (PlanError asks for it when there is
    none); chronicity from the episode; conditions from ``conditions`` or else the working
    diagnosis and the safety profile; muscles from the latest signed assessment's active and
    latent trigger points; goals from the episode's PSFS activities; dates from the kernel's
    proposal starting ``start_on`` (today by default). When the episode has an agreed plan, the
    draft is its revision and keeps its therapies, notes, review point, Medicare flag and goal
    targets. An existing draft is returned unchanged.
    """
    require(actor, Permission.EDIT_CLINICAL)
    episode = _lock_episode(actor, episode)
    existing = TreatmentPlan.objects.filter(episode=episode, status=PlanStatus.DRAFT).first()
    if existing is not None:
        return existing
    today = actor.today()
    start = start_on or today
    if start < episode.started_on:
        raise PlanError(
            _("The first session cannot come before the episode opened (%(opened)s).")
            % {"opened": episode.started_on.isoformat()},
            field="start_on",
        )
    nprs = latest_nprs(episode)
    if severity is None:
        if nprs is None or nprs.score_category not in Severity.values:
            raise PlanError(
                _("No NPRS recorded in this episode yet: choose the pain severity."),
                field="severity",
            )
        severity = nprs.score_category
    severity = _check_severity(severity)
    chosen = _check_conditions(
        _suggested_conditions(actor, episode) if conditions is None else conditions
    )
    active = TreatmentPlan.objects.filter(episode=episode, status=PlanStatus.ACTIVE).first()
    latest_version = TreatmentPlan.objects.filter(episode=episode).order_by("-version").first()
    plan = TreatmentPlan(
        clinic=actor.clinic,
        patient=episode.patient,
        episode=episode,
        version=latest_version.version + 1 if latest_version else 1,
        revises=active,
        chronicity=episode.chronicity_on(today).value,
        severity_nprs=nprs.score_value
        if nprs is not None and severity == nprs.score_category
        else None,
        created_by=actor.user,
    )
    _propose(plan, start, severity, chosen)
    plan.planned_dates = list(plan.proposed_dates)
    if active is not None:
        plan.therapies = list(active.therapies)
        plan.notes = active.notes
        plan.review_after_sessions = active.review_after_sessions
        plan.medicare_acupuncture = active.medicare_acupuncture
    plan.save()

    targets = {g.activity_id: g.target_rating for g in active.goals.all()} if active else {}
    for activity in episode.psfs_activities.all():
        PlanGoal.objects.create(
            plan=plan,
            activity=activity,
            description=activity.description,
            target_rating=targets.get(activity.pk),
        )
    if active is not None:
        for goal in active.goals.filter(activity__isnull=True, met=False):
            PlanGoal.objects.create(
                plan=plan, description=goal.description, target_rating=goal.target_rating
            )
    assessment = latest_signed_assessment(episode)
    if assessment is not None:
        seen: set[tuple[str, str]] = set()
        for finding in assessment.palpation.all():
            key = (finding.muscle, finding.side)
            if finding.finding == TriggerPointFinding.NONE or key in seen:
                continue
            seen.add(key)
            PlanMuscle.objects.create(
                plan=plan, muscle=finding.muscle, side=finding.side, finding=finding.finding
            )
    record(
        actor,
        Action.CREATE,
        object_type="treatment_plan",
        object_id=plan.public_id,
        patient=plan.patient,
        detail={
            "version": plan.version,
            "severity": plan.severity,
            "chronicity": plan.chronicity,
            "conditions": plan.conditions,
            "proposed_dates": plan.proposed_dates,
        },
    )
    return plan


def _draft(actor: Actor, plan: TreatmentPlan) -> TreatmentPlan:
    locked = _lock_plan(actor, plan)
    if not locked.is_draft:
        raise PlanLocked(_("This plan is agreed: revise it to change it."))
    _lock_episode(actor, locked.episode)
    return locked


@transaction.atomic
def update_plan(
    actor: Actor,
    plan: TreatmentPlan,
    *,
    planned_dates: Sequence[date] | None = None,
    therapies: Collection[str] | None = None,
    goals: Sequence[Goal] | None = None,
    muscles: Sequence[MuscleToTreat] | None = None,
    notes: str | None = None,
    review_after_sessions: int | None = None,
    medicare_acupuncture: bool | None = None,
) -> TreatmentPlan:
    """Change a draft plan; what is left as None stays as it was.

    Raises PlanError naming the date, goal, muscle or value it refuses (nothing is saved), and
    PlanLocked for a plan that is no longer a draft.
    """
    require(actor, Permission.EDIT_CLINICAL)
    plan = _draft(actor, plan)
    changed: list[str] = []
    if planned_dates is not None:
        plan.planned_dates = [d.isoformat() for d in check_planned_dates(planned_dates)]
        changed.append("planned_dates")
    if therapies is not None:
        plan.therapies = _check_therapies(therapies)
        changed.append("therapies")
    if notes is not None:
        plan.notes = notes.strip()
        changed.append("notes")
    if review_after_sessions is not None:
        if not 1 <= review_after_sessions <= MAX_PLANNED_SESSIONS:
            raise PlanError(
                _("Review after 1 to %(max)d sessions, not %(n)s.")
                % {"max": MAX_PLANNED_SESSIONS, "n": review_after_sessions},
                field="review_after_sessions",
            )
        plan.review_after_sessions = review_after_sessions
        changed.append("review_after_sessions")
    if medicare_acupuncture is not None:
        plan.medicare_acupuncture = medicare_acupuncture
        changed.append("medicare_acupuncture")
    new_goals = _check_goals(goals, plan.episode) if goals is not None else None
    new_muscles = _check_muscles(muscles) if muscles is not None else None
    plan.save()
    # Goal and muscle rows of a draft are working copies: the draft's rows are replaced.
    if new_goals is not None:
        plan.goals.all().delete()
        PlanGoal.objects.bulk_create(
            PlanGoal(
                plan=plan,
                activity_id=g.activity_id,
                description=g.description,
                target_rating=g.target_rating,
            )
            for g in new_goals
        )
        changed.append("goals")
    if new_muscles is not None:
        plan.muscles.all().delete()
        PlanMuscle.objects.bulk_create(
            PlanMuscle(plan=plan, muscle=m.muscle, side=m.side, finding=m.finding)
            for m in new_muscles
        )
        changed.append("muscles")
    record(
        actor,
        Action.UPDATE,
        object_type="treatment_plan",
        object_id=plan.public_id,
        patient=plan.patient,
        detail={"changed": changed, "planned_dates": plan.planned_dates},
    )
    return plan


@transaction.atomic
def propose_again(
    actor: Actor, plan: TreatmentPlan, *, severity: str, conditions: Collection[str]
) -> TreatmentPlan:
    """Ask the kernel again with another severity or other conditions; the planned dates become
    the new proposal (from the first planned date, or today if that has passed)."""
    require(actor, Permission.EDIT_CLINICAL)
    plan = _draft(actor, plan)
    severity = _check_severity(severity)
    chosen = _check_conditions(conditions)
    start = max([actor.today(), *plan.planned[:1]])
    if severity != plan.severity:
        plan.severity_nprs = None  # chosen by hand now
    _propose(plan, start, severity, chosen)
    plan.planned_dates = list(plan.proposed_dates)
    plan.save()
    record(
        actor,
        Action.UPDATE,
        object_type="treatment_plan",
        object_id=plan.public_id,
        patient=plan.patient,
        detail={
            "severity": plan.severity,
            "conditions": plan.conditions,
            "proposed_dates": plan.proposed_dates,
        },
    )
    return plan


@transaction.atomic
def agree_plan(
    actor: Actor, plan: TreatmentPlan, *, agreed_on: date | None = None
) -> TreatmentPlan:
    """Agree a draft with the patient: it becomes the episode's active plan, superseding the one
    before. ``agreed_on`` (today by default) may be earlier when recording a plan agreed on paper;
    no planned session may come before it. Raises PlanError naming the date."""
    require(actor, Permission.EDIT_CLINICAL)
    plan = _draft(actor, plan)
    today = actor.today()
    when = agreed_on or today
    if when > today:
        raise PlanError(_("A plan cannot be agreed in the future."), field="agreed_on")
    if when < plan.episode.started_on:
        raise PlanError(
            _("A plan cannot be agreed before the episode opened (%(opened)s).")
            % {"opened": plan.episode.started_on.isoformat()},
            field="agreed_on",
        )
    check_planned_dates(plan.planned, not_before=when)
    now = timezone.now()
    before = TreatmentPlan.objects.select_for_update().filter(
        episode=plan.episode, status=PlanStatus.ACTIVE
    )
    superseded = [str(p.public_id) for p in before]
    before.update(status=PlanStatus.SUPERSEDED, ended_at=now)
    plan.status = PlanStatus.ACTIVE
    plan.agreed_on = when
    plan.agreed_at = now
    plan.agreed_by = actor.user
    plan.save(update_fields=["status", "agreed_on", "agreed_at", "agreed_by", "updated_at"])
    record(
        actor,
        Action.SIGN,
        object_type="treatment_plan",
        object_id=plan.public_id,
        patient=plan.patient,
        detail={"agreed_on": when.isoformat(), "supersedes": superseded},
    )
    return plan


# --- Review -----------------------------------------------------------------------------------


def _trends_used(actor: Actor, episode: Episode) -> list[Trend]:
    """Pain and function trends with a judged change; NPRS is the pain-now series only."""
    return [
        t
        for t in outcome_queries.outcome_summary(actor, episode).trends
        if t.change is not None
        and t.instrument in {c.value for c in kernel.PAIN_AND_FUNCTION}
        and (t.instrument != "nprs" or t.variant == NprsVariant.CURRENT)
    ]


def new_red_flags(actor: Actor, plan: TreatmentPlan) -> bool:
    """True when a red-flag finding recorded since the plan was agreed is still open (a later
    screen found something, and no clinician has cleared it)."""
    since = plan.agreed_at or plan.created_at
    return any(f.recorded_at > since for f in open_findings(actor, plan.patient))


def _previously_modified(plan: TreatmentPlan) -> bool:
    return PlanReview.objects.filter(
        plan__episode=plan.episode, decision=ClinicianDecision.MODIFY
    ).exists()


def review_plan(
    actor: Actor, plan: TreatmentPlan, *, sessions_done: int, goals_met: bool
) -> PlanRecommendation:
    """The kernel's recommendation for an agreed plan now, from the episode's outcome changes,
    new red flags and earlier modifications. Saves nothing.

    Raises PlanError with a clear message when a review from the third session on has no pain or
    function change to go on, or ``sessions_done`` is impossible.
    """
    require(actor, Permission.VIEW_CLINICAL)
    if isinstance(sessions_done, bool) or not isinstance(sessions_done, int) or sessions_done < 0:
        raise PlanError(
            _("Sessions done must be a whole number of zero or more."), field="sessions_done"
        )
    trends = _trends_used(actor, plan.episode)
    flags = new_red_flags(actor, plan)
    modified = _previously_modified(plan)
    progress = Progress(
        sessions_done=sessions_done,
        changes=tuple(t.change for t in trends if t.change is not None),
        goals_met=bool(goals_met),
        previously_modified=modified,
        new_red_flags=flags,
    )
    try:
        recommendation = kernel.review(progress)
    except kernel.MissingMeasuresError as exc:
        raise PlanError(
            _(
                "A review after session %(n)d needs a pain or function measure taken at least "
                "twice in this episode (NPRS, ODI, RMDQ or PSFS): record today's before reviewing."
            )
            % {"n": sessions_done},
            field="sessions_done",
        ) from exc
    except ValueError as exc:
        raise PlanError(str(exc), field="sessions_done") from exc
    return PlanRecommendation(
        recommendation=recommendation,
        sessions_done=sessions_done,
        goals_met=bool(goals_met),
        new_red_flags=flags,
        previously_modified=modified,
        trends=trends,
    )


def _score(value: Decimal) -> str:
    return f"{value.normalize():f}"


def discharge_summary_text(actor: Actor, plan: TreatmentPlan, *, goals_met: bool = False) -> str:
    """A discharge summary to start from: the outcome changes and the goals (the clinician edits
    it before it is saved)."""
    lines = [
        _("Treated under plan version %(v)d (%(n)d sessions planned).")
        % {"v": plan.version, "n": len(plan.planned_dates)}
    ]
    for trend in _trends_used(actor, plan.episode):
        change = trend.change
        if change is None:
            continue
        lines.append(
            _("%(name)s %(before)s → %(after)s (%(verdict)s).")
            % {
                "name": trend.name,
                "before": _score(change.baseline),
                "after": _score(change.latest),
                "verdict": _("important improvement")
                if change.important
                else _("not an important change"),
            }
        )
    goals = list(plan.goals.all())
    if goals:
        met = [g.description for g in goals if g.met]
        open_ = [g.description for g in goals if not g.met]
        if goals_met and not met:
            met, open_ = open_, []
        if met:
            lines.append(_("Goals met: %(goals)s.") % {"goals": "; ".join(met)})
        if open_:
            lines.append(_("Goals not yet met: %(goals)s.") % {"goals": "; ".join(open_)})
    elif goals_met:
        lines.append(_("The patient reports the goals met."))
    return "\n".join(lines)


def _change_json(trend: Trend) -> dict[str, Any]:
    change = trend.change
    assert change is not None  # noqa: S101 - _trends_used keeps judged trends only
    return {
        "instrument": trend.instrument,
        "name": trend.name,
        "baseline": str(change.baseline),
        "latest": str(change.latest),
        "improvement": str(change.improvement),
        "important": change.important,
        "threshold_used": change.threshold_used,
    }


@transaction.atomic
def record_review_decision(
    actor: Actor,
    plan: TreatmentPlan,
    *,
    sessions_done: int,
    goals_met: bool,
    decision: str,
    note: str = "",
    met_goals: Collection[int] = (),
    reviewed_on: date | None = None,
    discharge_summary: str | None = None,
) -> PlanReview:
    """Record the clinician's decision at a review of an active plan, beside the kernel's.

    A decision that differs from the kernel's needs a note. ``met_goals`` are the ids of the
    plan's goals now met. ``discharge`` closes the episode on ``reviewed_on`` with
    ``discharge_summary`` (or the generated one) and completes the plan. Raises PlanError naming
    the field; nothing is saved.
    """
    require(actor, Permission.EDIT_CLINICAL)
    plan = _lock_plan(actor, plan)
    if not plan.is_active:
        raise PlanLocked(_("Only the agreed, active plan can be reviewed."))
    _lock_episode(actor, plan.episode)
    today = actor.today()
    when = reviewed_on or today
    if when > today:
        raise PlanError(_("A review cannot be dated in the future."), field="reviewed_on")
    if decision not in ClinicianDecision.values:
        raise PlanError(_("Choose continue, modify, discharge or refer."), field="decision")
    result = review_plan(actor, plan, sessions_done=sessions_done, goals_met=goals_met)
    note = note.strip()
    if decision != result.decision and not note:
        raise PlanError(
            _(
                "Your decision differs from the recommendation (%(recommended)s): "
                "add a note saying why."
            )
            % {"recommended": ClinicianDecision(result.decision).label},
            field="note",
        )
    goal_ids = set(plan.goals.values_list("pk", flat=True))
    unknown = set(met_goals) - goal_ids
    if unknown:
        raise PlanError(_("That goal is not part of this plan."), field="met_goals")
    plan.goals.filter(pk__in=met_goals, met=False).update(met=True, met_on=when)
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=when,
        sessions_done=sessions_done,
        goals_met=bool(goals_met),
        new_red_flags=result.new_red_flags,
        changes=[_change_json(t) for t in result.trends],
        recommended=result.decision,
        recommendation_reasons=list(result.reasons),
        decision=decision,
        note=note,
        decided_by=actor.user,
    )
    if decision == ClinicianDecision.DISCHARGE:
        summary = (discharge_summary or "").strip() or discharge_summary_text(
            actor, plan, goals_met=goals_met
        )
        try:
            episode_services.discharge_episode(
                actor,
                plan.episode,
                discharged_on=when,
                summary=summary,
                reason=DischargeReason.GOALS_MET
                if goals_met
                else DischargeReason.NO_FURTHER_BENEFIT,
            )
        except episode_services.EpisodeError as exc:
            raise PlanError(str(exc), field="discharge_summary") from exc
        plan.status = PlanStatus.COMPLETED
        plan.completed_on = when
        plan.ended_at = timezone.now()
        plan.save(update_fields=["status", "completed_on", "ended_at", "updated_at"])
    record(
        actor,
        Action.CREATE,
        object_type="plan_review",
        object_id=review.public_id,
        patient=plan.patient,
        detail={
            "plan": str(plan.public_id),
            "sessions_done": sessions_done,
            "recommended": result.decision,
            "decision": decision,
        },
    )
    return review


# --- Medicare NCD 30.3.3 ----------------------------------------------------------------------


def medicare_status(
    actor: Actor, plan: TreatmentPlan, today: date, *, visit_dates: Sequence[date]
) -> MedicareAllowance | None:
    """What NCD 30.3.3 still allows for a plan flagged Medicare acupuncture (None otherwise).

    ``visit_dates`` are the episode's acupuncture visits so far (from ``taut.sessions`` once it
    exists; visits after ``today`` are ignored). Improvement is taken from the latest recorded
    review: not assessed before the first review, then whether any pain or function change was
    important.
    """
    require(actor, Permission.VIEW_CLINICAL)
    if not plan.medicare_acupuncture:
        return None
    latest = (
        PlanReview.objects.filter(plan__episode=plan.episode)
        .order_by("-reviewed_on", "-id")
        .first()
    )
    return kernel.medicare_acupuncture_visits(
        [v for v in visit_dates if v <= today],
        today,
        improving=latest.improving if latest else None,
        chronicity=plan.episode.chronicity_on(today).value,
    )
