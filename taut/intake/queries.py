"""Reads about intakes, scoped to the actor's clinic."""

from __future__ import annotations

from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode, EpisodeStatus
from taut.intake.models import Intake


def adoptable_intake(actor: Actor, episode: Episode) -> Intake | None:
    """The patient's latest intake when no episode has taken it as its baseline yet and it was
    answered for this course of care: after the patient's previous discharge."""
    require(actor, Permission.VIEW_CLINICAL)
    latest = (
        Intake.objects.filter(clinic=actor.clinic, patient=episode.patient)
        .order_by("-submitted_at")
        .first()
    )
    if latest is None or latest.baseline_episode_id is not None:
        return None
    previous = (
        Episode.objects.filter(
            clinic=actor.clinic, patient=episode.patient, status=EpisodeStatus.DISCHARGED
        )
        .exclude(pk=episode.pk)
        .order_by("-discharged_on")
        .first()
    )
    answered_on = latest.clinic.local_date(latest.submitted_at)
    if previous is not None and previous.discharged_on and answered_on <= previous.discharged_on:
        return None  # answered during an earlier course of care
    return latest
