"""Creating intake links, saving a patient's answers step by step, and submitting them.

Patients use a signed, expiring, one-time link and have no account. Submission is one
transaction: the intake record, the red-flag screen (which the chart shows at once), the STarT
Back score and the link's closure happen together or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from taut.audit.models import Action
from taut.audit.services import record, record_patient_access
from taut.clinical import instruments, regions
from taut.clinical.instruments import INSTRUMENTS
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode, EpisodeStatus
from taut.intake.models import Channel, Intake, IntakeLink, LinkStatus
from taut.intake.queries import adoptable_intake
from taut.lib import records
from taut.outbox import services as outbox
from taut.outbox.models import Channel as OutboxChannel
from taut.outcomes import services as outcome_services
from taut.outcomes.models import Channel as OutcomeChannel
from taut.outcomes.models import Response
from taut.outcomes.services import OutcomeError
from taut.patients.models import Patient
from taut.safety import services as safety_services

SALT = "taut.intake.link"
LINK_DAYS = {Channel.TABLET: 1, Channel.REMOTE: 7}


class LinkUnusable(Exception):
    """The link cannot be used: ``reason`` is invalid, expired, submitted or revoked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def token_for(link: IntakeLink) -> str:
    return signing.dumps(str(link.public_id), salt=SALT, compress=False)


def open_link(token: str) -> IntakeLink:
    """The open link a token names. Raises LinkUnusable saying why it cannot be used."""
    max_age = max(LINK_DAYS.values()) * 86400
    try:
        public_id = uuid.UUID(signing.loads(token, salt=SALT, max_age=max_age))
    except signing.SignatureExpired:
        raise LinkUnusable("expired") from None
    except (signing.BadSignature, ValueError):
        raise LinkUnusable("invalid") from None
    link = (
        IntakeLink.objects.select_related("clinic", "patient").filter(public_id=public_id).first()
    )
    if link is None:
        raise LinkUnusable("invalid")
    if link.status == LinkStatus.SUBMITTED:
        raise LinkUnusable("submitted")
    if link.status == LinkStatus.REVOKED:
        raise LinkUnusable("revoked")
    if timezone.now() >= link.expires_at:
        raise LinkUnusable("expired")
    return link


@transaction.atomic
def create_link(actor: Actor, patient: Patient, *, channel: str) -> IntakeLink:
    """A new intake link for a patient of the actor's clinic (a tablet link lasts a day, a sent one a week)."""
    require(actor, Permission.EDIT_PATIENTS)
    patient = Patient.objects.get(pk=patient.pk, clinic=actor.clinic)
    chosen = Channel(channel)
    episode = Episode.objects.filter(patient=patient, status=EpisodeStatus.ACTIVE).first()
    link = IntakeLink.objects.create(
        clinic=actor.clinic,
        patient=patient,
        episode=episode,
        channel=chosen,
        created_by=actor.user,
        expires_at=timezone.now() + timedelta(days=LINK_DAYS[chosen]),
    )
    record(
        actor,
        Action.CREATE,
        object_type="intake_link",
        object_id=link.public_id,
        patient=patient,
        detail={"channel": chosen.value},
    )
    return link


@transaction.atomic
def create_questionnaire_link(
    actor: Actor, episode: Episode, *, instruments: list[str], channel: str = Channel.REMOTE
) -> IntakeLink:
    """A link through which the patient answers several outcome questionnaires at once."""
    require(actor, Permission.EDIT_PATIENTS)
    episode = Episode.objects.select_related("patient").get(pk=episode.pk, clinic=actor.clinic)
    chosen = [code for code in dict.fromkeys(instruments) if code in INSTRUMENTS]
    if not chosen:
        raise ValueError("choose at least one questionnaire")
    link = IntakeLink.objects.create(
        clinic=actor.clinic,
        patient=episode.patient,
        episode=episode,
        channel=Channel(channel),
        instruments=chosen,
        created_by=actor.user,
        expires_at=timezone.now() + timedelta(days=LINK_DAYS[Channel(channel)]),
    )
    record(
        actor,
        Action.CREATE,
        object_type="questionnaire_link",
        object_id=link.public_id,
        patient=episode.patient,
        detail={"instruments": chosen},
    )
    return link


def email_questionnaire_link(link: IntakeLink, *, base_url: str) -> bool:
    """E-mail a questionnaire link to its patient once the transaction commits; False when the
    patient has no e-mail address."""
    patient = link.patient
    if not patient.email:
        return False
    url = base_url.rstrip("/") + reverse("intake:questionnaire", args=[token_for(link), 1])
    outbox.schedule(
        clinic=link.clinic,
        patient=patient,
        key=f"questionnaire_link:{link.public_id}",
        purpose="questionnaire_link",
        channel=OutboxChannel.EMAIL,
        to=patient.email,
        subject=_("Your questionnaires"),
        body=_("Please answer a few short questionnaires about your back: %(url)s") % {"url": url},
    )
    return True


def email_intake_link(link: IntakeLink, *, url: str) -> bool:
    """E-mail an intake link to its patient (through the outbox, once the link's transaction
    commits); False when the patient has no e-mail address."""
    if not link.patient.email:
        return False
    outbox.schedule(
        clinic=link.clinic,
        patient=link.patient,
        key=f"intake_link:{link.public_id}",
        purpose="intake_link",
        channel=OutboxChannel.EMAIL,
        to=link.patient.email,
        subject=_("Your questions before your visit"),
        body=_(
            "Please answer a few questions about your back pain before your visit: %(url)s\n"
            "The link works once and for 7 days."
        )
        % {"url": url},
    )
    return True


def _patients_response(
    episode: Episode, instrument: str, answers: Sequence[int | None], collected_on: date
) -> Response:
    """A response the patient gave through a link: scored, signed (by no staff member), saved;
    the caller audits it. Raises OutcomeError for an impossible answer."""
    response = outcome_services.build_response(
        episode=episode,
        instrument=instrument,
        answers=answers,
        collected_on=collected_on,
        channel=OutcomeChannel.PATIENT_LINK,
    )
    records.sign(response, None)
    response.save()
    return response


def _lock_questionnaire_link(link: IntakeLink) -> tuple[IntakeLink, Episode]:
    """The link, locked, and its episode, while the link is still open and tied to one; else
    LinkUnusable."""
    locked = (
        IntakeLink.objects.select_for_update(of=("self",))
        .select_related("clinic", "patient", "episode")
        .get(pk=link.pk)
    )
    if locked.status != LinkStatus.OPEN:
        raise LinkUnusable(locked.status)
    if locked.episode is None:
        raise LinkUnusable("invalid")
    return locked, locked.episode


@transaction.atomic
def name_psfs_activities(link: IntakeLink, *, descriptions: list[str], address: str | None) -> None:
    """The patient names their own PSFS activities through a questionnaire link, when nobody
    has for this episode yet (once named, they stay for the episode so ratings compare)."""
    locked, linked = _lock_questionnaire_link(link)
    if "psfs" not in locked.instruments:
        raise LinkUnusable("invalid")
    episode = Episode.objects.select_for_update().get(pk=linked.pk)
    if episode.psfs_activities.exists():
        return  # named meanwhile (by the clinician, or in another tab): those stand
    if not any(d.strip() for d in descriptions):
        raise OutcomeError("name at least one activity")
    created = outcome_services.create_psfs_activities(episode, descriptions)
    record_patient_access(
        clinic=locked.clinic,
        patient=locked.patient,
        action=Action.UPDATE,
        object_type="psfs_activities",
        object_id=episode.public_id,
        address=address,
        detail={"added": len(created)},
    )


@transaction.atomic
def submit_questionnaires(
    link: IntakeLink, answers: dict[str, list[int | None]], *, address: str | None
) -> list[Response]:
    """Score and save every questionnaire of a link in one transaction, then close the link.

    Raises LinkUnusable when the link was used meanwhile and OutcomeError naming an impossible
    answer; in both cases nothing is saved.
    """
    locked, episode = _lock_questionnaire_link(link)
    today = timezone.localdate(timezone.now(), locked.clinic.zone)
    saved = []
    for code in locked.instruments:
        response = _patients_response(episode, code, answers[code], today)
        saved.append(response)
        record_patient_access(
            clinic=locked.clinic,
            patient=locked.patient,
            action=Action.CREATE,
            object_type="outcome_response",
            object_id=response.public_id,
            address=address,
            detail={"instrument": code, "score": str(response.score_value)},
        )
    locked.status = LinkStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.draft = {}
    locked.save(update_fields=["status", "submitted_at", "draft"])
    return saved


@transaction.atomic
def revoke_link(actor: Actor, link: IntakeLink) -> None:
    require(actor, Permission.EDIT_PATIENTS)
    link = IntakeLink.objects.select_for_update().get(pk=link.pk, clinic=actor.clinic)
    if link.status == LinkStatus.OPEN:
        link.status = LinkStatus.REVOKED
        link.save(update_fields=["status"])
        record(
            actor,
            Action.UPDATE,
            object_type="intake_link",
            object_id=link.public_id,
            patient=link.patient,
            detail={"revoked": True},
        )


@transaction.atomic
def save_step(
    link: IntakeLink, *, step: int, data: dict[str, list[str]], address: str | None
) -> None:
    """Keep one step's answers so the patient can come back to them."""
    locked = IntakeLink.objects.select_for_update().get(pk=link.pk)
    if locked.status != LinkStatus.OPEN:
        raise LinkUnusable(locked.status)
    locked.draft = {**locked.draft, str(step): data}
    locked.save(update_fields=["draft"])
    record_patient_access(
        clinic=locked.clinic,
        patient=locked.patient,
        action=Action.UPDATE,
        object_type="intake_link",
        object_id=locked.public_id,
        address=address,
        detail={"step": step},
    )


@dataclass(frozen=True)
class IntakeAnswers:
    onset_on: date
    how_started: str
    had_before: bool
    pain_now: int
    symptoms: list[str]
    aggravating: list[str]
    health: dict[str, Any]
    health_notes: str
    red_flags: dict[str, bool | None]
    startback: list[int] = field(default_factory=list)


def leg_regions(side: str) -> list[str]:
    """Every region reference of one lower limb (for 'lymphoedema in the left leg')."""
    return [
        f"{r.code}:{side}"
        for r in regions.REGIONS.values()
        if r.part is regions.BodyPart.LOWER_LIMB and r.sided
    ]


@transaction.atomic
def submit_intake(link: IntakeLink, answers: IntakeAnswers, *, address: str | None) -> Intake:
    """Turn a link's answers into the patient's intake, red-flag screen and STarT Back score.

    Raises LinkUnusable when the link was submitted or revoked meanwhile (nothing is saved), and
    the kernel's errors for impossible answers.
    """
    locked = (
        IntakeLink.objects.select_for_update().select_related("clinic", "patient").get(pk=link.pk)
    )
    if locked.status != LinkStatus.OPEN:
        raise LinkUnusable(locked.status)
    startback = instruments.score("startback", answers.startback)
    screen = safety_services.record_intake_screen(
        clinic=locked.clinic,
        patient=locked.patient,
        answers=answers.red_flags,
        episode=locked.episode,
        address=address,
    )
    intake = Intake.objects.create(
        clinic=locked.clinic,
        patient=locked.patient,
        link=locked,
        submitted_at=timezone.now(),
        onset_on=answers.onset_on,
        how_started=answers.how_started,
        had_before=answers.had_before,
        pain_now=answers.pain_now,
        symptoms=answers.symptoms,
        aggravating=answers.aggravating,
        health=answers.health,
        health_notes=answers.health_notes,
        red_flag_answers=answers.red_flags,
        red_flag_screen=screen,
        startback_answers=answers.startback,
        startback_total=int(startback.value),
        startback_psychosocial=int(startback.subscales["psychosocial"]),
        startback_risk=str(startback.category),
    )
    locked.status = LinkStatus.SUBMITTED
    locked.submitted_at = intake.submitted_at
    locked.draft = {}
    locked.save(update_fields=["status", "submitted_at", "draft"])
    record_patient_access(
        clinic=locked.clinic,
        patient=locked.patient,
        action=Action.CREATE,
        object_type="intake",
        object_id=intake.public_id,
        address=address,
        detail={"startback": intake.startback_risk, "red_flag_level": screen.level or "none"},
    )
    episode = Episode.objects.filter(patient=locked.patient, status=EpisodeStatus.ACTIVE).first()
    if episode is not None:
        for response in _baseline_from(intake, episode):
            record_patient_access(
                clinic=locked.clinic,
                patient=locked.patient,
                action=Action.CREATE,
                object_type="outcome_response",
                object_id=response.public_id,
                address=address,
                detail={"instrument": response.instrument, "from": "intake"},
            )
    return intake


def _baseline_from(intake: Intake, episode: Episode) -> list[Response]:
    """The intake's pain now and STarT Back answers as the episode's signed responses, collected
    on the day the patient answered (channel: patient link), unless already taken."""
    if intake.baseline_episode_id is not None:
        return []
    collected_on = intake.clinic.local_date(intake.submitted_at)
    already = set(
        Response.objects.filter(
            episode=episode, collected_on=collected_on, status=records.RecordStatus.SIGNED
        ).values_list("instrument", flat=True)
    )
    made = []
    for code, answers in (("nprs", [intake.pain_now]), ("startback", intake.startback_answers)):
        if code in already:
            continue  # the clinic recorded it that day: that one is the baseline
        made.append(_patients_response(episode, code, answers, collected_on))
    intake.baseline_episode = episode
    intake.save(update_fields=["baseline_episode"])
    return made


@transaction.atomic
def adopt_intake(actor: Actor, episode: Episode) -> list[Response]:
    """Take the patient's latest intake (pain now, STarT Back) as this active episode's baseline,
    when it was answered before the episode was opened. Raises ValueError when there is none."""
    require(actor, Permission.EDIT_CLINICAL)
    episode = Episode.objects.select_for_update().get(pk=episode.pk, clinic=actor.clinic)
    if not episode.is_active:
        raise ValueError("the episode is not active")
    intake = adoptable_intake(actor, episode)
    if intake is None:
        raise ValueError("no intake is waiting to be taken as the baseline")
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    made = _baseline_from(intake, episode)
    for response in made:
        record(
            actor,
            Action.CREATE,
            object_type="outcome_response",
            object_id=response.public_id,
            patient=episode.patient,
            detail={"instrument": response.instrument, "from": "intake"},
        )
    return made
