"""Outcome measures: submit a completed questionnaire, read an episode's scores, list instruments.

Each endpoint calls the same queries and services as the pages: another clinic's episode or
response is 404, a role without the permission is 403, and every read of patient data is audited.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Status

from taut.api.auth import actor_of
from taut.api.schemas import (
    ERRORS,
    ERRORS_422,
    InstrumentOut,
    OutcomesOut,
    ResponseIn,
    ResponseOut,
)
from taut.clinical import instruments
from taut.episodes.queries import get_episode
from taut.outcomes import queries, services

router = Router(tags=["outcomes"])


@router.get(
    "/episodes/{episode_id}/outcomes",
    response={200: OutcomesOut, **ERRORS_422},
    summary="An episode's scores per instrument, with baseline, latest and important change",
)
def episode_outcomes(request: HttpRequest, episode_id: uuid.UUID) -> OutcomesOut:
    actor = actor_of(request)
    episode = get_episode(actor, episode_id)
    return OutcomesOut.of(episode.public_id, queries.outcome_summary(actor, episode))


@router.post(
    "/episodes/{episode_id}/responses",
    response={201: ResponseOut, **ERRORS_422},
    summary="Record a completed questionnaire; the kernel scores it on save",
)
def submit_response(
    request: HttpRequest, episode_id: uuid.UUID, payload: ResponseIn
) -> Status[ResponseOut]:
    """422 names the impossible answer and nothing is saved. Too few answers is not an error:
    the response is kept, marked unscorable (`score` null, `unscorable_reason` says why)."""
    actor = actor_of(request)
    episode = get_episode(actor, episode_id)
    response = services.submit_response(
        actor,
        episode,
        instrument=payload.instrument.value,
        answers=payload.answers,
        collected_on=payload.collected_on,
        variant=str(payload.variant),
    )
    return Status(201, ResponseOut.of(response))


@router.get(
    "/responses/{response_id}",
    response={200: ResponseOut, **ERRORS_422},
    summary="One response, as stored",
)
def get_response(request: HttpRequest, response_id: uuid.UUID) -> ResponseOut:
    return ResponseOut.of(queries.get_response(actor_of(request), response_id))


@router.get(
    "/instruments",
    response={200: list[InstrumentOut], **ERRORS},
    summary="The questionnaires Taut scores: items with short labels, options and ranges",
)
def list_instruments(request: HttpRequest) -> list[InstrumentOut]:
    return [InstrumentOut.of(i) for i in instruments.INSTRUMENTS.values()]
