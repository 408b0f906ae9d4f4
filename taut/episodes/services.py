"""Opening, revising and closing episodes of care. One transaction and one audit entry per write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from taut.audit.models import Action
from taut.audit.services import record
from taut.clinical import diagnoses
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.models import DischargeReason, Episode, EpisodeDiagnosis, EpisodeStatus
from taut.patients.models import Patient


class EpisodeError(ValueError):
    """An episode change that clinical or record-keeping rules do not allow; the message says why.

    ``field`` names the input at fault; for diagnosis codes ``position`` is the 0-based place of
    the offending code in the list.
    """

    def __init__(self, message: str, *, field: str | None = None, position: int = 0) -> None:
        super().__init__(message[:1].upper() + message[1:])
        self.field = field
        self.position = position


def validate_diagnosis_codes(codes: Sequence[str]) -> list[str]:
    """Check working-diagnosis codes against the kernel's curated list and Excludes1 rules.

    Returns the codes in order without repeats; raises EpisodeError naming the bad code or pair.
    """
    unique = list(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))
    for position, code in enumerate(unique):
        try:
            diagnoses.get(code)
        except ValueError as exc:
            raise EpisodeError(str(exc), field="diagnosis_codes", position=position) from exc
    conflicts = diagnoses.excludes1_conflicts(unique)
    if conflicts:
        first = conflicts[0]
        raise EpisodeError(
            f"{first.first} ({diagnoses.get(first.first).label}) and {first.second} "
            f"({diagnoses.get(first.second).label}) cannot be recorded together: "
            f"ICD-10-CM excludes one when the other applies ({first.reason}).",
            field="diagnosis_codes",
            position=max(unique.index(first.first), unique.index(first.second)),
        )
    return unique


def _check_dates(onset_on: date, started_on: date, today: date) -> None:
    if onset_on > today:
        raise EpisodeError(
            f"the pain cannot begin in the future ({onset_on:%Y-%m-%d} is after today)",
            field="onset_on",
        )
    if started_on > today:
        raise EpisodeError(
            f"an episode cannot open in the future ({started_on:%Y-%m-%d})", field="started_on"
        )
    if onset_on > started_on:
        raise EpisodeError(
            f"the pain began ({onset_on:%Y-%m-%d}) after the episode opened ({started_on:%Y-%m-%d})",
            field="onset_on",
        )


def _set_diagnoses(actor: Actor, episode: Episode, codes: list[str]) -> None:
    current = list(episode.diagnoses.filter(withdrawn_at__isnull=True).order_by("rank"))
    if [d.code for d in current] == codes:
        return
    now = timezone.now()
    for diagnosis in current:
        diagnosis.withdrawn_at = now
        diagnosis.withdrawn_by = actor.user
        diagnosis.save(update_fields=["withdrawn_at", "withdrawn_by"])
    EpisodeDiagnosis.objects.bulk_create(
        EpisodeDiagnosis(episode=episode, code=code, rank=rank, recorded_by=actor.user)
        for rank, code in enumerate(codes, start=1)
    )


@transaction.atomic
def open_episode(
    actor: Actor,
    patient: Patient,
    *,
    onset_on: date,
    started_on: date | None = None,
    presenting_complaint: str = "",
    diagnosis_codes: Sequence[str] = (),
) -> Episode:
    """Open an episode of care for a patient of the actor's clinic.

    Raises EpisodeError for impossible dates, unknown or conflicting diagnosis codes, or a patient
    who already has an active episode or whose record is entered in error.
    """
    require(actor, Permission.EDIT_CLINICAL)
    patient = Patient.objects.select_for_update().get(pk=patient.pk, clinic=actor.clinic)
    if patient.is_entered_in_error:
        raise EpisodeError("this patient record was marked entered in error")
    today = actor.today()
    started_on = started_on or today
    _check_dates(onset_on, started_on, today)
    codes = validate_diagnosis_codes(diagnosis_codes)
    if patient.episodes.filter(status=EpisodeStatus.ACTIVE).exists():
        raise EpisodeError("this patient already has an active episode; discharge it first")
    episode = Episode.objects.create(
        clinic=actor.clinic,
        patient=patient,
        onset_on=onset_on,
        started_on=started_on,
        presenting_complaint=presenting_complaint.strip(),
        created_by=actor.user,
    )
    _set_diagnoses(actor, episode, codes)
    record(
        actor,
        Action.CREATE,
        object_type="episode",
        object_id=episode.public_id,
        patient=patient,
        detail={"diagnosis_codes": codes},
    )
    return episode


def _lock(actor: Actor, episode: Episode) -> Episode:
    locked = Episode.objects.select_for_update().get(pk=episode.pk, clinic=actor.clinic)
    if locked.is_entered_in_error:
        raise EpisodeError("this episode was marked entered in error and cannot change")
    return locked


@transaction.atomic
def revise_episode(
    actor: Actor,
    episode: Episode,
    *,
    onset_on: date,
    presenting_complaint: str,
    diagnosis_codes: Sequence[str],
) -> Episode:
    """Correct an active episode's onset date, complaint or working diagnosis."""
    require(actor, Permission.EDIT_CLINICAL)
    episode = _lock(actor, episode)
    if not episode.is_active:
        raise EpisodeError("a discharged episode cannot be revised")
    _check_dates(onset_on, episode.started_on, actor.today())
    codes = validate_diagnosis_codes(diagnosis_codes)
    before = {
        "onset_on": episode.onset_on.isoformat(),
        "diagnosis_codes": list(
            episode.diagnoses.filter(withdrawn_at__isnull=True).values_list("code", flat=True)
        ),
    }
    episode.onset_on = onset_on
    episode.presenting_complaint = presenting_complaint.strip()
    episode.save(update_fields=["onset_on", "presenting_complaint", "updated_at"])
    _set_diagnoses(actor, episode, codes)
    record(
        actor,
        Action.UPDATE,
        object_type="episode",
        object_id=episode.public_id,
        patient=episode.patient,
        detail={"before": before, "diagnosis_codes": codes, "onset_on": onset_on.isoformat()},
    )
    return episode


@transaction.atomic
def discharge_episode(
    actor: Actor, episode: Episode, *, discharged_on: date, summary: str, reason: str
) -> Episode:
    """Close an active episode with a discharge date, a reason from the short list and a summary."""
    require(actor, Permission.EDIT_CLINICAL)
    if reason not in DischargeReason.values:
        raise EpisodeError("choose the reason for discharge", field="reason")
    episode = _lock(actor, episode)
    if not episode.is_active:
        raise EpisodeError("this episode is already discharged")
    if discharged_on < episode.started_on:
        raise EpisodeError(
            f"discharge ({discharged_on:%Y-%m-%d}) cannot come before the episode opened "
            f"({episode.started_on:%Y-%m-%d})",
            field="discharged_on",
        )
    if discharged_on > actor.today():
        raise EpisodeError("discharge cannot be dated in the future", field="discharged_on")
    if not summary.strip():
        raise EpisodeError("a discharge summary is required", field="summary")
    episode.status = EpisodeStatus.DISCHARGED
    episode.discharged_on = discharged_on
    episode.discharge_summary = summary.strip()
    episode.discharge_reason = reason
    episode.save(
        update_fields=[
            "status",
            "discharged_on",
            "discharge_summary",
            "discharge_reason",
            "updated_at",
        ]
    )
    record(
        actor,
        Action.DISCHARGE,
        object_type="episode",
        object_id=episode.public_id,
        patient=episode.patient,
        detail={"reason": reason},
    )
    return episode


@transaction.atomic
def mark_episode_entered_in_error(actor: Actor, episode: Episode, *, reason: str) -> Episode:
    """Withdraw an episode opened by mistake; it stays on the chart, marked, with the reason."""
    require(actor, Permission.MARK_ENTERED_IN_ERROR)
    if not reason.strip():
        raise EpisodeError("a reason is required", field="reason")
    episode = _lock(actor, episode)
    episode.save(update_fields=[*episode.withdraw(actor.user, reason.strip()), "updated_at"])
    record(
        actor,
        Action.ENTERED_IN_ERROR,
        object_type="episode",
        object_id=episode.public_id,
        patient=episode.patient,
        detail={"reason": reason.strip()},
    )
    return episode
