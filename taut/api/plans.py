"""Treatment plans: read an episode's current plan, draft one from the kernel's proposal, agree it.

The same queries and services as the plan pages: clinical permissions (front desk 403), another
clinic's episode or plan 404, every read audited. Changing a draft's dates, goals and muscles,
and reviews, are on the pages.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from taut.api.auth import actor_of
from taut.api.schemas import ERRORS_422, AgreeIn, Error, PlanIn, PlanOut
from taut.episodes.queries import get_episode
from taut.plans import queries, services

router = Router(tags=["plans"])


@router.get(
    "/episodes/{episode_id}/plan",
    response={200: PlanOut, **ERRORS_422},
    summary="The episode's current plan: agreed, else the draft, else the one completed",
)
def current_plan(request: HttpRequest, episode_id: uuid.UUID) -> PlanOut:
    """404 also when the episode has no plan yet."""
    actor = actor_of(request)
    episode = get_episode(actor, episode_id)
    plan = queries.current_plan(actor, episode)
    if plan is None:
        raise HttpError(404, "This episode has no treatment plan yet.")
    return PlanOut.of(plan)


@router.post(
    "/episodes/{episode_id}/plans",
    response={200: PlanOut, 201: PlanOut, **ERRORS_422},
    summary="Draft a plan (or a revision of the agreed one) from the kernel's proposal",
)
def draft_plan(request: HttpRequest, episode_id: uuid.UUID, payload: PlanIn) -> Status[PlanOut]:
    """201 with the new draft; 200 with the draft already open (returned unchanged).
    422 names the field refused (e.g. `severity` when the episode has no NPRS); nothing saved."""
    actor = actor_of(request)
    episode = get_episode(actor, episode_id)
    existing = queries.draft_of(actor, episode)
    plan = services.draft_plan(
        actor,
        episode,
        severity=payload.severity.value if payload.severity else None,
        conditions=[c.value for c in payload.conditions]
        if payload.conditions is not None
        else None,
        start_on=payload.start_on,
    )
    return Status(200 if existing is not None else 201, PlanOut.of(plan))


@router.post(
    "/plans/{plan_id}/agree",
    response={200: PlanOut, 409: Error, **ERRORS_422},
    summary="Agree a draft with the patient: it becomes the active plan",
)
def agree_plan(request: HttpRequest, plan_id: uuid.UUID, payload: AgreeIn | None = None) -> PlanOut:
    """409 when the plan is no longer a draft. 422 names `agreed_on` or `planned_dates`."""
    actor = actor_of(request)
    plan = queries.get_plan(actor, plan_id)
    agreed = services.agree_plan(actor, plan, agreed_on=payload.agreed_on if payload else None)
    return PlanOut.of(agreed)
