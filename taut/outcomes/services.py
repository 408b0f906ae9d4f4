"""Recording, amending and withdrawing questionnaire responses; scores come from the kernel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from taut.audit.models import Action
from taut.audit.services import record
from taut.clinical import instruments
from taut.clinical.instruments import InvalidAnswer, Score, Unscorable
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode
from taut.lib import records
from taut.lib.records import RecordLocked
from taut.outcomes.models import Channel, NprsVariant, PsfsActivity, Response

Answer = int | bool | None


class OutcomeError(ValueError):
    """A response that cannot be recorded; the message names the item or value. Nothing is saved."""

    def __init__(self, message: str, *, item: int | None = None) -> None:
        super().__init__(message)
        self.item = item


def _score(instrument: str, answers: Sequence[Answer]) -> tuple[Score | None, str]:
    """The kernel's score, or (None, why) for an unscorable response; refuses impossible answers."""
    try:
        return instruments.score(instrument, answers), ""
    except Unscorable as exc:
        return None, str(exc)
    except InvalidAnswer as exc:
        raise OutcomeError(str(exc)) from exc
    except ValueError as exc:
        raise OutcomeError(str(exc)) from exc


def _apply_score(response: Response, score: Score | None, reason: str) -> None:
    response.score_value = score.value if score else None
    response.score_category = str(score.category) if score and score.category else ""
    response.score_answered = (
        score.answered if score else sum(a is not None for a in response.answers)
    )
    response.score_subscales = {k: str(v) for k, v in score.subscales.items()} if score else {}
    response.score_flags = [str(f) for f in score.flags] if score else []
    response.unscorable_reason = reason


def _check(instrument: str, variant: str) -> instruments.Instrument:
    try:
        definition = instruments.get(instrument)
    except ValueError as exc:
        raise OutcomeError(str(exc)) from exc
    if variant and (instrument != "nprs" or variant not in NprsVariant.values):
        raise OutcomeError(f"variant {variant!r} does not apply to {instrument}")
    return definition


def build_response(
    *,
    episode: Episode,
    instrument: str,
    answers: Sequence[Answer],
    collected_on: date,
    variant: str = "",
    channel: str = Channel.CLINIC,
) -> Response:
    """An unsaved, scored response (the caller saves and audits). Raises OutcomeError."""
    definition = _check(instrument, variant)
    score, reason = _score(instrument, answers)
    response = Response(
        clinic=episode.clinic,
        patient=episode.patient,
        episode=episode,
        instrument=definition.code,
        instrument_version=definition.version,
        variant=NprsVariant.CURRENT if instrument == "nprs" and not variant else variant,
        answers=list(answers),
        collected_on=collected_on,
        channel=channel,
    )
    _apply_score(response, score, reason)
    return response


@transaction.atomic
def submit_response(
    actor: Actor,
    episode: Episode,
    *,
    instrument: str,
    answers: Sequence[Answer],
    collected_on: date | None = None,
    variant: str = "",
) -> Response:
    """Record a response entered in the clinic, scored on save.

    Raises OutcomeError naming an impossible answer or a wrong number of answers (nothing is
    saved); an unscorable response (too few items answered) is saved and marked so.
    """
    require(actor, Permission.EDIT_CLINICAL)
    episode = Episode.objects.select_related("patient").get(pk=episode.pk, clinic=actor.clinic)
    when = collected_on or actor.today()
    if when > actor.today():
        raise OutcomeError(f"a response cannot be dated in the future ({when:%Y-%m-%d})")
    response = build_response(
        episode=episode, instrument=instrument, answers=answers, collected_on=when, variant=variant
    )
    response.entered_by = actor.user
    records.sign(response, actor.user)
    response.save()
    record(
        actor,
        Action.CREATE,
        object_type="outcome_response",
        object_id=response.public_id,
        patient=response.patient,
        detail={"instrument": response.instrument, "score": str(response.score_value)},
    )
    return response


@transaction.atomic
def amend_response(
    actor: Actor, response: Response, *, answers: Sequence[Answer], reason: str
) -> Response:
    """Correct a response: a new response replaces it, with the reason; the score follows."""
    require(actor, Permission.EDIT_CLINICAL)
    if not reason.strip():
        raise OutcomeError("a reason for the amendment is required")
    original = response.locked(clinic=actor.clinic)
    if not original.is_signed:
        raise OutcomeError("only a current response can be amended")
    amendment = build_response(
        episode=original.episode,
        instrument=original.instrument,
        answers=answers,
        collected_on=original.collected_on,
        variant=original.variant,
        channel=original.channel,
    )
    amendment.amends = original
    amendment.version = original.version + 1
    amendment.amendment_reason = reason.strip()
    amendment.entered_by = actor.user
    try:
        records.sign(amendment, actor.user)
    except RecordLocked as exc:
        raise OutcomeError(str(exc)) from exc
    amendment.save()
    record(
        actor,
        Action.UPDATE,
        object_type="outcome_response",
        object_id=amendment.public_id,
        patient=amendment.patient,
        detail={"amends": str(original.public_id), "reason": reason.strip()},
    )
    return amendment


@transaction.atomic
def mark_response_entered_in_error(actor: Actor, response: Response, *, reason: str) -> Response:
    require(actor, Permission.MARK_ENTERED_IN_ERROR)
    if not reason.strip():
        raise OutcomeError("a reason is required")
    locked = response.locked(clinic=actor.clinic)
    if not locked.is_signed:
        raise OutcomeError("only a current response can be marked entered in error")
    records.withdraw_versions(locked, actor.user, reason)
    record(
        actor,
        Action.ENTERED_IN_ERROR,
        object_type="outcome_response",
        object_id=locked.public_id,
        patient=locked.patient,
        detail={"reason": reason.strip()},
    )
    return locked


def create_psfs_activities(episode: Episode, descriptions: Sequence[str]) -> list[PsfsActivity]:
    """Number and save new PSFS activities after the episode's existing ones (the caller locks
    the episode, checks who may, and audits). Raises OutcomeError beyond the PSFS's five."""
    existing = list(episode.psfs_activities.all())
    wanted = [d.strip() for d in descriptions if d.strip()]
    limit = len(instruments.get("psfs").items)
    if len(existing) + len(wanted) > limit:
        raise OutcomeError(f"the PSFS takes at most {limit} activities per episode")
    return [
        PsfsActivity.objects.create(
            episode=episode, number=len(existing) + i, description=text[:200]
        )
        for i, text in enumerate(wanted, start=1)
    ]


@transaction.atomic
def add_psfs_activities(
    actor: Actor, episode: Episode, *, descriptions: Sequence[str]
) -> list[PsfsActivity]:
    """Add the patient's own PSFS activities (at most five per episode; existing ones never change)."""
    require(actor, Permission.EDIT_CLINICAL)
    episode = Episode.objects.select_for_update().get(pk=episode.pk, clinic=actor.clinic)
    created = create_psfs_activities(episode, descriptions)
    if created:
        record(
            actor,
            Action.UPDATE,
            object_type="psfs_activities",
            object_id=episode.public_id,
            patient=episode.patient,
            detail={"added": len(created)},
        )
    return created
