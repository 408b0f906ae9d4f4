"""Reads of episodes, scoped to the actor's clinic and audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from taut.audit.reads import get_audited
from taut.clinical import diagnoses
from taut.clinical.diagnoses import Diagnosis
from taut.clinical.episodes import Chronicity
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.labels import CHRONICITY_LABELS
from taut.episodes.models import Episode, EpisodeDiagnosis
from taut.patients.models import Patient


def _current_diagnoses() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch(
        "diagnoses",
        queryset=EpisodeDiagnosis.objects.filter(withdrawn_at__isnull=True).order_by("rank"),
        to_attr="current_diagnoses",
    )


def episodes_of(actor: Actor, patient: Patient) -> QuerySet[Episode]:
    """A patient's episodes, newest first (the patient was already fetched, and audited, by the caller)."""
    require(actor, Permission.VIEW_PATIENTS)
    return (
        Episode.objects.filter(clinic=actor.clinic, patient=patient)
        .prefetch_related(_current_diagnoses())
        .order_by("-started_on", "-id")
    )


def get_episode(actor: Actor, public_id: uuid.UUID | str) -> Episode:
    """One episode of the actor's clinic (404 otherwise), recording the view."""
    require(actor, Permission.VIEW_CLINICAL)
    episodes = Episode.objects.select_related("patient").prefetch_related(_current_diagnoses())
    return get_audited(actor, episodes, public_id, object_type="episode")


@dataclass(frozen=True)
class EpisodeRow:
    """An episode as the chart shows it: with its chronicity and its diagnoses' descriptions."""

    obj: Episode
    chronicity: Chronicity
    diagnoses: list[Diagnosis]

    @property
    def chronicity_label(self) -> str:
        return str(CHRONICITY_LABELS[self.chronicity])


def episode_rows(actor: Actor, patient: Patient, today: date) -> list[EpisodeRow]:
    """The chart's view of a patient's episodes: the active one first, then newest first."""
    rows = [
        EpisodeRow(
            obj=episode,
            chronicity=episode.chronicity_on(today),
            diagnoses=[diagnoses.get(d.code) for d in episode.current_diagnoses],  # type: ignore[attr-defined]
        )
        for episode in episodes_of(actor, patient)
    ]
    # The active episode first; the rest stay newest first.
    return sorted(rows, key=lambda row: not row.obj.is_active)
