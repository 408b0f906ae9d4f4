"""Reads of needling sessions, scoped to the actor's clinic and audited."""

from __future__ import annotations

import uuid
from datetime import date

from taut.audit.reads import get_audited
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode
from taut.sessions.models import NeedlingSession, SessionStatus


def get_session(actor: Actor, public_id: uuid.UUID | str) -> NeedlingSession:
    require(actor, Permission.VIEW_CLINICAL)
    sessions = NeedlingSession.objects.select_related(
        "patient", "episode", "clinic", "signed_by", "amends"
    ).prefetch_related("insertions", "side_effects", "mismatches")
    return get_audited(actor, sessions, public_id, object_type="needling_session")


def signed_dates(sessions: list[NeedlingSession]) -> list[date]:
    """The days of signed sessions (visits that count, e.g. for Medicare's acupuncture limits)."""
    return sorted({s.performed_on for s in sessions if s.status == SessionStatus.SIGNED})


def sessions_of(actor: Actor, episode: Episode) -> list[NeedlingSession]:
    """The episode's sessions, newest first, without superseded versions (chart history)."""
    require(actor, Permission.VIEW_CLINICAL)
    return list(
        NeedlingSession.objects.filter(clinic=actor.clinic, episode=episode)
        .exclude(status=SessionStatus.AMENDED)
        .prefetch_related("insertions", "side_effects")
        .order_by("-performed_on", "-id")
    )


def signed_count(actor: Actor, episode: Episode, *, since: date) -> int:
    """How many sessions of the episode were signed for visits on or after ``since``."""
    require(actor, Permission.VIEW_CLINICAL)
    return NeedlingSession.objects.filter(
        clinic=actor.clinic,
        episode=episode,
        status=SessionStatus.SIGNED,
        performed_on__gte=since,
    ).count()
