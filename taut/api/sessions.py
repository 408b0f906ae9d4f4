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
from taut.api.schemas import (
    ERRORS_422,
    GateOut,
    GateReasonOut,
    IncidentIn,
    MismatchOut,
    NeedleEventIn,
    NoteIn,
    ReasonIn,
    ResolveNeedleEventIn,
    SessionIn,
    SessionOut,
    SessionRefused,
    SignIn,
)
from taut.clinics.actor import Actor
from taut.episodes.queries import get_episode
from taut.sessions import gate as needling_gate
from taut.sessions import queries, services
from taut.sessions.models import NeedlingSession
from taut.sessions.services import InsertionInput, SessionInput

router = Router(tags=["sessions"])


def _out(actor: Actor, session: NeedlingSession) -> SessionOut:
    found = None
    if session.is_draft:
        views = needling_gate.session_views(actor, session)
        before, view = views.before, views.signing
        gaps = services.record_gaps(session)
        found = GateOut(
            needling_blocked=before.needling_blocked and not session.incident_explanation,
            incident_only=view.incident_only and not gaps,
            incomplete=gaps,
            blocked=[line.text for line in view.blocked],
            needs_override=[line.text for line in view.needs_override],
            warnings=[line.text for line in view.warnings],
            reasons=[
                GateReasonOut(code=line.code, kind=line.kind, text=line.text)
                for line in (*view.blocked, *view.needs_override, *view.notes)
            ],
        )
    return SessionOut.of(session, found, queries.visit_needle_events(session))


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
        single_use_sterile_needles=payload.single_use_sterile_needles,
        needled_at=payload.needled_at,
        stimulated_at=payload.stimulated_at,
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
                estim_channel=row.estim_channel,
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
        cold=payload.cold,
        stretching_given=payload.stretching_given,
        nprs_after=payload.nprs_after,
        rom_after_cm=payload.rom_after_cm,
        side_effects=[(e.code, e.note) for e in payload.side_effects],
        face_to_face_minutes=payload.face_to_face_minutes,
        acupuncture_units=[(u.estim, u.new_needles) for u in payload.acupuncture_units],
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
    """201 with a new draft; 200 when the episode already had a draft for the same day open,
    whose content this replaces (as saving on the session page does). A past visit gives
    `performed_on` and `needled_at` (and, past the clinic's limit, `backdating_reason`). Sign it
    with `POST /api/sessions/{id}/sign`; an open amendment is edited with
    `PUT /api/sessions/{id}`. 422 names the field refused (e.g. an impossible insertion or a
    future date); 409 when the needling gate blocks needling (every reason listed). Nothing is
    saved or opened then."""
    actor = actor_of(request)
    episode = get_episode(actor, episode_id)
    with transaction.atomic():
        opened = {s.pk for s in queries.sessions_of(actor, episode) if s.is_draft}
        session = services.start_session(
            actor,
            episode,
            performed_on=payload.performed_on,
            needled_at=payload.needled_at,
            backdating_reason=payload.backdating_reason,
        )
        session = services.save_session(actor, session, _input(payload))
    return Status(200 if session.pk in opened else 201, _out(actor, session))


@router.put(
    "/sessions/{session_id}",
    response={200: SessionOut, 409: SessionRefused, **ERRORS_422},
    summary="Replace a draft's content (an open amendment too)",
)
def update_session(request: HttpRequest, session_id: uuid.UUID, payload: SessionIn) -> SessionOut:
    """200 with the draft. The same checks as recording: 422 for impossible content, 409 when
    the gate blocks needling or the session is signed; nothing saved then. The date of a draft
    does not change (`performed_on` and `backdating_reason` are ignored)."""
    actor = actor_of(request)
    session = queries.get_session(actor, session_id)
    return _out(actor, services.save_session(actor, session, _input(payload)))


@router.post(
    "/sessions/{session_id}/sign",
    response={200: SessionOut, 409: SessionRefused, **ERRORS_422},
    summary="Sign a draft after the safety gate and needle reconciliation; stores its codes",
)
def sign_session(
    request: HttpRequest, session_id: uuid.UUID, payload: SignIn | None = None
) -> SessionOut:
    """200 with the signed session and its `billing_codes`. 409 `{"detail", "blocked": [...],
    "codes": [...], "incident_only"}` when the gate (judged on the facts in force when the
    needles went in), consent, overrides, pre-treatment answers or needle count refuse signing
    (every reason listed, nothing changed), or when the session is already signed. A draft
    that records a safety incident is signed with `{"as_incident": true}`."""
    actor = actor_of(request)
    session = queries.get_session(actor, session_id)
    as_incident = payload.as_incident if payload else False
    signed = services.sign_session(actor, session, as_incident=as_incident)
    return _out(actor, signed)


@router.post(
    "/sessions/{session_id}/incident",
    response={200: SessionOut, 409: SessionRefused, **ERRORS_422},
    summary="Record that needling already happened although the gate refused it",
)
def begin_incident(request: HttpRequest, session_id: uuid.UUID, payload: IncidentIn) -> SessionOut:
    """200 with the draft, which now takes the insertions the gate refuses and can then be
    signed only as a safety incident (listed for the clinic's owner); if the record turns out
    not to break the gate, it signs as an ordinary session. 422 without an explanation; 409
    for a signed session."""
    actor = actor_of(request)
    session = queries.get_session(actor, session_id)
    return _out(
        actor, services.begin_incident_record(actor, session, explanation=payload.explanation)
    )


@router.post(
    "/sessions/{session_id}/needle-events",
    response={201: MismatchOut, **ERRORS_422},
    summary="Record a needle count mismatch as a safety event of the visit",
)
def record_needle_event(
    request: HttpRequest, session_id: uuid.UUID, payload: NeedleEventIn
) -> Status[MismatchOut]:
    """201 with the event. Open, it keeps the visit's record from being signed and new
    needling from starting until resolved; `all_found` or `search_ended` resolve it at once."""
    actor = actor_of(request)
    session = queries.get_session(actor, session_id)
    event = services.record_needle_mismatch(
        actor,
        session,
        needles_out=payload.needles_out,
        action=payload.action,
        all_found=payload.outcome == "all_found",
        search_ended=payload.outcome == "search_ended",
    )
    return Status(201, MismatchOut.of(event))


@router.post(
    "/needle-events/{event_id}/resolve",
    response={200: MismatchOut, **ERRORS_422},
    summary="Resolve a needle event with the number of needles accounted for",
)
def resolve_needle_event(
    request: HttpRequest, event_id: uuid.UUID, payload: ResolveNeedleEventIn
) -> MismatchOut:
    actor = actor_of(request)
    event = queries.get_needle_event(actor, event_id)
    return MismatchOut.of(
        services.resolve_needle_event(
            actor, event, needles_accounted=payload.needles_accounted, note=payload.note
        )
    )


@router.post(
    "/needle-events/{event_id}/found",
    response={200: MismatchOut, **ERRORS_422},
    summary="Record that a needle closed as never found was found later",
)
def record_needle_found(request: HttpRequest, event_id: uuid.UUID, payload: NoteIn) -> MismatchOut:
    """The count the event was closed with stands; `found_at` and `found_note` say when, where
    and what was checked. 422 for an event not closed with a needle missing, or found already."""
    actor = actor_of(request)
    event = queries.get_needle_event(actor, event_id)
    return MismatchOut.of(services.record_needle_found(actor, event, note=payload.note))


@router.post(
    "/sessions/{session_id}/amend",
    response={201: SessionOut, 409: SessionRefused, **ERRORS_422},
    summary="Start an amendment of a signed session: a new draft version with the reason",
)
def amend_session(
    request: HttpRequest, session_id: uuid.UUID, payload: ReasonIn
) -> Status[SessionOut]:
    """201 with the new draft, a copy of the signed content; record the corrections with
    `PUT /api/sessions/{id}` (the new draft's id) and sign it. The signed version stays until the
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
