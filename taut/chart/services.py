"""Discharge as one step: close the episode, cancel what is still booked, send the final
questionnaires. It spans several apps (episodes, appointments, intake), so it lives in the hub."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from taut.appointments import services as appointment_services
from taut.appointments.models import Appointment
from taut.chart.queries import final_questionnaires, remaining_appointments
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes import services as episode_services
from taut.episodes.models import DischargeReason, Episode
from taut.intake import services as intake_services
from taut.intake.models import IntakeLink, LinkStatus


@dataclass(frozen=True)
class WrapUp:
    cancelled: list[Appointment]
    link: IntakeLink | None
    emailed: bool


def _wrap_up(
    actor: Actor,
    episode: Episode,
    *,
    cancel: list[Appointment],
    send_questionnaires: bool,
    base_url: str,
) -> WrapUp:
    offered = {a.pk: a for a in remaining_appointments(actor, episode)}
    label = DischargeReason(episode.discharge_reason).label if episode.discharge_reason else ""
    reason = _("Discharged (%(why)s)") % {"why": label} if label else _("Discharged")
    cancelled = [
        appointment_services.cancel(actor, offered[a.pk], reason=reason)
        for a in cancel
        if a.pk in offered
    ]
    link, emailed = None, False
    already_sent = IntakeLink.objects.filter(
        episode=episode,
        status=LinkStatus.OPEN,
        created_at__date__gte=episode.discharged_on or timezone.localdate(),
    ).exclude(instruments=[])
    if send_questionnaires and not already_sent.exists():
        instruments = final_questionnaires(actor, episode)
        if instruments:
            link = intake_services.create_questionnaire_link(
                actor, episode, instruments=instruments
            )
            emailed = intake_services.email_questionnaire_link(link, base_url=base_url)
    return WrapUp(cancelled, link, emailed)


@transaction.atomic
def discharge(
    actor: Actor,
    episode: Episode,
    *,
    discharged_on: date,
    summary: str,
    reason: str,
    cancel: list[Appointment],
    send_questionnaires: bool,
    base_url: str,
) -> WrapUp:
    """Discharge the episode, cancel the chosen remaining appointments and, if asked, create
    (and e-mail, when the patient has an address) a link to the final questionnaires; all or
    nothing. Raises EpisodeError (nothing changes) for an unusable date, reason or summary."""
    episode = episode_services.discharge_episode(
        actor, episode, discharged_on=discharged_on, summary=summary, reason=reason
    )
    return _wrap_up(
        actor, episode, cancel=cancel, send_questionnaires=send_questionnaires, base_url=base_url
    )


@transaction.atomic
def finish_discharge(
    actor: Actor,
    episode: Episode,
    *,
    cancel: list[Appointment],
    send_questionnaires: bool,
    base_url: str,
) -> WrapUp:
    """For an episode already discharged (at a plan review): the same cancelling and sending."""
    require(actor, Permission.EDIT_CLINICAL)
    if episode.is_active or episode.is_entered_in_error:
        raise episode_services.EpisodeError("this episode is not discharged")
    if Episode.objects.filter(patient=episode.patient, status="active").exists():
        raise episode_services.EpisodeError(
            "a newer episode is open for this patient: manage its appointments from there"
        )
    return _wrap_up(
        actor, episode, cancel=cancel, send_questionnaires=send_questionnaires, base_url=base_url
    )
