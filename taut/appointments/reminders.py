"""Appointment reminders: an e-mail a day before and, where the patient chose texts, an SMS two
hours before, each with the time and place and a link to confirm or cancel.

They are outbox messages (``taut.outbox``) scheduled in the booking's own transaction and
cancelled with the appointment (a reschedule cancels the old time's and schedules the new's), so
a reminder exists exactly while its appointment does. None is sent in quiet hours (21:00-08:00 in
the clinic's time zone): a reminder that would fall there goes out at 20:30 before it instead.
A patient may cancel through the link until a day before; later the page gives the clinic's
phone number.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta, tzinfo

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from taut.appointments.models import Appointment, Kind
from taut.audit.models import Action
from taut.audit.services import record_patient_access
from taut.outbox import services as outbox
from taut.outbox.models import Channel
from taut.patients.models import ContactChannel

EMAIL_BEFORE = timedelta(hours=24)
SMS_BEFORE = timedelta(hours=2)
QUIET_FROM, QUIET_UNTIL = time(21), time(8)
LAST_BEFORE_QUIET = time(20, 30)
# Not sent at all when the appointment is this close by the time it could go out.
TOO_LATE = timedelta(hours=1)
CANCEL_NOTICE = timedelta(hours=24)  # the patient cancels through the link until then
SALT = "taut.appointments.reminder"


def token_for(appointment: Appointment) -> str:
    return signing.dumps(str(appointment.public_id), salt=SALT, compress=False)


def open_reminder(token: str, *, address: str | None) -> Appointment | None:
    """The appointment a reminder's token names, its view audited as the patient's; None for a
    garbled or forged token."""
    try:
        public_id = uuid.UUID(str(signing.loads(token, salt=SALT)))
    except (signing.BadSignature, ValueError):
        return None
    appointment = (
        Appointment.objects.select_related("clinic", "location", "patient")
        .filter(public_id=public_id)
        .first()
    )
    if appointment is not None:
        audit_link(appointment, Action.VIEW, address=address, through="reminder_link")
    return appointment


def audit_link(
    appointment: Appointment, action: Action, *, address: str | None, **detail: str
) -> None:
    """Audit what the patient did with the appointment through their reminder's link."""
    record_patient_access(
        clinic=appointment.clinic,
        patient=appointment.patient,
        action=action,
        object_type="appointment",
        object_id=appointment.public_id,
        address=address,
        detail=detail,
    )


def outside_quiet_hours(at: datetime, zone: tzinfo) -> datetime:
    """``at``, or the last moment before quiet hours that precedes it."""
    local = at.astimezone(zone)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return at
    day = local.date() if local.time() >= QUIET_FROM else local.date() - timedelta(days=1)
    return datetime.combine(day, LAST_BEFORE_QUIET, tzinfo=zone)


def _quiet(at: datetime, zone: tzinfo) -> bool:
    return not QUIET_UNTIL <= at.astimezone(zone).time() < QUIET_FROM


def send_at(starts_at: datetime, before: timedelta, now: datetime, zone: tzinfo) -> datetime | None:
    """When to send a reminder due ``before`` the appointment, or None for none at all.

    Its time, moved out of quiet hours. When that has passed (a late booking): now, or, in quiet
    hours, when they end, provided the appointment is still an hour or more away then.
    """
    due = outside_quiet_hours(starts_at - before, zone)
    if due >= now:
        return due
    at = now
    if _quiet(now, zone):
        local = now.astimezone(zone)
        day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
        at = datetime.combine(day, QUIET_UNTIL, tzinfo=zone)
    return at if starts_at - at >= TOO_LATE else None


def _keys(appointment: Appointment) -> list[str]:
    return [f"reminder:{appointment.public_id}:{channel}" for channel in Channel.values]


def schedule(appointment: Appointment, *, now: datetime | None = None) -> int:
    """Schedule the appointment's reminders (inside the booking's transaction); how many."""
    now = now or timezone.now()
    patient, clinic = appointment.patient, appointment.clinic
    wanted = []
    if patient.email:
        wanted.append((Channel.EMAIL, patient.email, EMAIL_BEFORE))
    if appointment.reminder_channel == ContactChannel.SMS and patient.phone:
        wanted.append((Channel.SMS, patient.phone, SMS_BEFORE))
    made = 0
    for channel, to, before in wanted:
        due = send_at(appointment.starts_at, before, now, clinic.zone)
        if due is None:
            continue
        with translation.override(_language(patient.language)):
            subject, body = _words(appointment, channel)
        outbox.schedule(
            clinic=clinic,
            patient=patient,
            key=f"reminder:{appointment.public_id}:{channel}",
            purpose="appointment_reminder",
            channel=channel,
            to=to,
            subject=subject,
            body=body,
            due_at=due,
        )
        made += 1
    return made


def _language(wanted: str) -> str:
    """The patient's language if Taut speaks it (settings.LANGUAGES), else the default: never a
    message with Taut's words in one language and the dates in another."""
    return wanted if wanted in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def cancel(appointment: Appointment) -> None:
    """Stop the appointment's reminders not sent yet (it was cancelled or moved)."""
    for key in _keys(appointment):
        outbox.cancel(key)


def _words(appointment: Appointment, channel: str) -> tuple[str, str]:
    local = appointment.starts_at.astimezone(appointment.clinic.zone)
    when = date_format(local, "l j F Y, H:i")
    place = ", ".join(
        part for part in (appointment.location.name, appointment.location.address_line) if part
    )
    link = settings.TAUT_SITE_URL.rstrip("/") + reverse(
        "appointments:reminder", args=[token_for(appointment)]
    )
    clinic = appointment.clinic.name
    if channel == Channel.SMS:
        return "", _(
            "%(clinic)s: your appointment is at %(when)s, %(place)s. Confirm or cancel: %(link)s"
        ) % {
            "clinic": clinic,
            "when": local.strftime("%H:%M"),
            "place": appointment.location.name,
            "link": link,
        }
    lines = [
        _("Your appointment at %(clinic)s:") % {"clinic": clinic},
        "",
        when,
        place,
        "",
    ]
    if appointment.kind == Kind.NEEDLING_SESSION:
        lines += [
            _("Please wear loose clothing that lets us reach your lower back and hips."),
            "",
        ]
    lines += [
        _("Please confirm that you are coming, or cancel if you cannot: %(link)s") % {"link": link},
        "",
        _("To change the time, call us on %(phone)s.")
        % {"phone": appointment.clinic.phone or appointment.location.phone or clinic},
    ]
    return _("Your appointment on %(when)s") % {"when": when}, "\n".join(lines)
