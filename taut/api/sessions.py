"""Needling sessions: an episode's sessions, one session, recording, signing, amending and
withdrawing one.

The same queries and services as the session pages: clinical permissions (front desk 403),
another clinic's episode or session 404, reads audited. Signing runs the service's safety gate
and needle reconciliation; a refusal lists every reason (409) and changes nothing.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status

from taut.api.auth import actor_of
from taut.api.schemas import ERRORS_422, GateOut, ReasonIn, SessionIn, SessionOut, SessionRefused
from taut.clinics.actor import Actor
from taut.episodes.queries import get_episode
from taut.sessions import queries, services
from taut.sessions.models import NeedlingSession
from taut.sessions.services import InsertionInput, SessionInput

router = Router(tags=["sessions"])


def _out(actor: Actor, session: NeedlingSession) -> SessionOut:
    gate = None
    if session.is_draft:
        blocked, overrides, warnings = services.gate_for(actor, session)
        gate = GateOut(blocked=blocked, needs_override=overrides, warnings=warnings)
    return SessionOut.of(session, gate)


def _input(payload: SessionIn) -> SessionInput:
    return SessionInput(
        modality=payload.modality.value,
        new_red_flags=payload.new_red_flags,
        medication_changes=payload.medication_changes,
        medication_note=payload.medication_note,
        side_effects_since_last=payload.side_effects_since_last,
        side_effects_note=payload.side_effects_note,
        nprs_before=payload.nprs_before,
        rom_measure=payload.rom_measure.value,
        rom_before_cm=payload.rom_before_cm,
        position=str(payload.position),
        skin_cleaned=payload.skin_cleaned,
        insertions=[
            InsertionInput(
                muscle=row.muscle,
                side=row.side,
                trigger_point=row.trigger_point,
                needle_gauge_mm=row.needle_gauge_mm,
                needle_length_mm=row.needle_length_mm,
                needle_count=row.needle_count,
                depth_mm=row.depth_mm,
                technique=row.technique.value,
                twitch_responses=row.twitch_responses,
                retention_minutes=row.retention_minutes,
                estim=row.estim,
                estim_frequency_hz=row.estim_frequency_hz,
                estim_pulse_width_us=row.estim_pulse_width_us,
                estim_intensity_ma=row.estim_intensity_ma,
                estim_minutes=row.estim_minutes,
            )
            for row in payload.insertions
        ],
        overridden=list(payload.overridden),
        override_reason=payload.override_reason,
        needles_out=payload.needles_out,
        massage=payload.massage,
        heat=payload.heat,
        stretching_given=payload.stretching_given,
        nprs_after=payload.nprs_after,
        rom_after_cm=payload.rom_after_cm,
        side_effects=[(e.code, e.note) for e in payload.side_effects],
        face_to_face_minutes=payload.face_to_face_minutes,
        reinsertions=payload.reinsertions,
        notes=payload.notes,
    )


@router.get(
    "/episodes/{episode_id}/sessions",
    response={200: list[SessionOut], **ERRORS_422},
    summary="An episode's sessions, newest first (superseded versions left out)",
)
def episode_sessions(request: HttpRequest, episode_id: uuid.UUID) -> list[SessionOut]:
    actor = actor_of(request)
    episode = get_episode(actor, episode_id)
    return [_out(actor, s) for s in queries.sessions_of(actor, episode)]


@router.get(
    "/sessions/{session_id}",
    response={200: SessionOut, **ERRORS_422},
    summary="One session: insertions, reconciliation, billing codes, status",
)
def get_session(request: HttpRequest, session_id: uuid.UUID) -> SessionOut:
    actor = actor_of(request)
    return _out(actor, queries.get_session(actor, session_id))


@router.post(
    "/episodes/{episode_id}/sessions",
    response={200: SessionOut, 201: SessionOut, **ERRORS_422},
    summary="Record a session: open a draft (or continue the open one) and save this content",
)
def record_session(
    request: HttpRequest, episode_id: uuid.UUID, payload: SessionIn
) -> Status[SessionOut]:
    """201 with a new draft; 200 when the episode already had a draft open, whose content this
    replaces (as saving on the session page does). Sign it with `POST /api/sessions/{id}/sign`.
    422 names the field refused (e.g. an impossible insertion); nothing is saved or opened."""
    actor = actor_of(request)
    episode = get_episode(actor, episode_id)
    with transaction.atomic():
        opened = {s.pk for s in queries.sessions_of(actor, episode) if s.is_draft}
        session = services.start_session(actor, episode)
        session = services.save_session(actor, session, _input(payload))
    return Status(200 if session.pk in opened else 201, _out(actor, session))


@router.post(
    "/sessions/{session_id}/sign",
    response={200: SessionOut, 409: SessionRefused, **ERRORS_422},
    summary="Sign a draft after the safety gate and needle reconciliation; stores its codes",
)
def sign_session(request: HttpRequest, session_id: uuid.UUID) -> SessionOut:
    """200 with the signed session and its `billing_codes`. 409 `{"detail", "blocked": [...]}`
    when the gate, consent, overrides, pre-treatment answers or needle count refuse signing
    (every reason listed, nothing changed), or when the session is already signed."""
    actor = actor_of(request)
    session = queries.get_session(actor, session_id)
    signed = services.sign_session(actor, session)
    return _out(actor, signed)


@router.post(
    "/sessions/{session_id}/amend",
    response={201: SessionOut, 409: SessionRefused, **ERRORS_422},
    summary="Start an amendment of a signed session: a new draft version with the reason",
)
def amend_session(
    request: HttpRequest, session_id: uuid.UUID, payload: ReasonIn
) -> Status[SessionOut]:
    """201 with the new draft, a copy of the signed content; record the corrections with
    `POST /api/episodes/{episode_id}/sessions` and sign it. The signed version stays until the
    amendment is signed. 409 when the session is not the current signed version; 422 when the
    reason is missing or the episode already has a draft open."""
    actor = actor_of(request)
    session = queries.get_session(actor, session_id)
    return Status(201, _out(actor, services.amend_session(actor, session, reason=payload.reason)))


@router.post(
    "/sessions/{session_id}/entered-in-error",
    response={200: SessionOut, 409: SessionRefused, **ERRORS_422},
    summary="Mark a draft or the current signed session entered in error, with the reason",
)
def session_entered_in_error(
    request: HttpRequest, session_id: uuid.UUID, payload: ReasonIn
) -> SessionOut:
    """200 with the session marked. Nothing is deleted: the session and the versions it amends
    keep their content and no longer count as visits. 409 for a superseded version or one already
    marked."""
    actor = actor_of(request)
    session = queries.get_session(actor, session_id)
    marked = services.mark_session_entered_in_error(actor, session, reason=payload.reason)
    return _out(actor, marked)
