"""Reads about intakes, scoped to the actor's clinic."""

from __future__ import annotations

from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode, EpisodeStatus
from taut.intake.models import Intake
from taut.patients.models import Patient


def latest_intake(actor: Actor, patient: Patient) -> Intake | None:
    """The patient's most recent intake (the caller audited the patient read)."""
    require(actor, Permission.VIEW_PATIENTS)
    return (
        Intake.objects.filter(clinic=actor.clinic, patient_id=patient.pk)
        .order_by("-submitted_at", "-id")
        .first()
    )


def adoptable_intake(actor: Actor, episode: Episode) -> Intake | None:
    """The patient's latest intake when no episode has taken it as its baseline yet and it was
    answered for this course of care: after the patient's previous discharge."""
    return adoptable(actor, episode, latest_intake(actor, episode.patient))


def adoptable(actor: Actor, episode: Episode, latest: Intake | None) -> Intake | None:
    """``latest`` (the patient's ``latest_intake``, read by the page already) if the episode
    may take it as its baseline, as ``adoptable_intake`` decides."""
    require(actor, Permission.VIEW_CLINICAL)
    if latest is None or latest.baseline_episode_id is not None:
        return None
    previous = (
        Episode.objects.filter(
            clinic=actor.clinic, patient_id=episode.patient_id, status=EpisodeStatus.DISCHARGED
        )
        .exclude(pk=episode.pk)
        .only("discharged_on")
        .order_by("-discharged_on")
        .first()
    )
    answered_on = actor.clinic.local_date(latest.submitted_at)
    if previous is not None and previous.discharged_on and answered_on <= previous.discharged_on:
        return None  # answered during an earlier course of care
    return latest
