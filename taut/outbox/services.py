"""Scheduling and sending messages: the one way Taut sends an e-mail or SMS to anyone.

``schedule`` is called inside the transaction of what causes the message (a link created, an
appointment booked), so the message exists exactly when its cause does. ``deliver_due`` claims
the messages whose time has come, sends each and records the outcome; the worker's tasks call it
(``taut.outbox.tasks``), and so does the sweep that catches messages whose task was lost.

Each message is sent once by Taut's record (``SENT`` is set once, on the row that was claimed).
A worker killed between handing a message to the mail server and recording it leaves the row
``SENDING``; after ``CLAIM_TIMEOUT`` another worker sends it again, with the same Message-ID (an
idempotency key providers and mail clients use to drop the repeat): at least once to the
provider, never lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from taut.audit.models import Action
from taut.audit.services import record_system
from taut.clinics.models import Clinic
from taut.outbox import sms
from taut.outbox.models import Channel, Message, State

if TYPE_CHECKING:
    from taut.patients.models import Patient

logger = logging.getLogger(__name__)

# How long a claimed message may stay unconfirmed before another worker sends it again
# (TAUT_OUTBOX_CLAIM_SECONDS; the worker-killing test shortens it).
CLAIM_TIMEOUT = timedelta(seconds=settings.TAUT_OUTBOX_CLAIM_SECONDS)
# Attempts before a message is marked failed for staff to see; waits between them grow 4-fold.
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)
BATCH = 50  # messages claimed at once by one worker


def schedule(
    *,
    clinic: Clinic,
    key: str,
    purpose: str,
    channel: str,
    to: str,
    body: str,
    subject: str = "",
    due_at: datetime | None = None,
    patient: Patient | None = None,
) -> Message:
    """The message for ``key``, created now if it does not exist (one message per purpose), and
    the worker woken for it once the caller's transaction commits."""
    message, created = Message.objects.get_or_create(
        key=key,
        defaults={
            "clinic": clinic,
            "patient": patient,
            "purpose": purpose,
            "channel": channel,
            "to": to,
            "subject": subject,
            "body": body,
            "due_at": due_at or timezone.now(),
        },
    )
    if created:
        transaction.on_commit(lambda: _wake(message.due_at))
    return message


def _wake(at: datetime) -> None:
    from taut.outbox.tasks import deliver

    try:
        deliver.using(run_after=at).enqueue()
    except Exception:  # the sweep sends it anyway; never fail the clinical write for this
        logger.exception("could not enqueue the outbox's delivery task")


# A task running longer than this was left by a killed worker (the outbox's tasks take seconds).
STUCK_AFTER = timedelta(minutes=30)


def _task_path(name: str) -> str:
    return f"taut.outbox.tasks.{name}"


def ensure_sweep() -> None:
    """Queue the sweep unless one is already waiting (``taut worker`` calls this on start)."""
    from django_tasks_db.models import DBTaskResult

    from taut.outbox.tasks import sweep

    recently = timezone.now() - STUCK_AFTER
    waiting = DBTaskResult.objects.filter(
        Q(status="READY") | Q(status="RUNNING", started_at__gte=recently),
        task_path=_task_path("sweep"),
    )
    # Two workers starting at the same instant may both queue one: two sweep chains, harmless
    # (every sweep is idempotent), and the next start finds them waiting.
    if not waiting.exists():
        sweep.enqueue()


def recover_stuck_tasks(now: datetime | None = None) -> int:
    """Mark as failed the tasks a killed worker left running (django-tasks-db does not): their
    messages are sent by the sweep anyway; this keeps the queue's record true."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    return DBTaskResult.objects.filter(
        status="RUNNING", task_path__startswith="taut.outbox.", started_at__lt=now - STUCK_AFTER
    ).update(
        status="FAILED",
        finished_at=now,
        exception_class_path="taut.outbox.WorkerLost",
        traceback="The worker running this task stopped before finishing it.",
    )


def cancel(key: str) -> bool:
    """Stop a message not sent yet (its cause went away); True if one was stopped."""
    return bool(
        Message.objects.filter(key=key, state=State.SCHEDULED).update(state=State.CANCELLED)
    )


def deliver_due(now: datetime | None = None, limit: int = BATCH) -> int:
    """Claim the messages due by ``now`` (and ones a dead worker left claimed), send each and
    record the outcome; the number sent."""
    now = now or timezone.now()
    sent = 0
    for message in _claim(now, limit):
        sent += _send(message, now)
    return sent


def _claim(now: datetime, limit: int) -> list[Message]:
    due = Q(state=State.SCHEDULED, due_at__lte=now) | Q(
        state=State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    with transaction.atomic():
        # PostgreSQL: workers skip each other's rows. SQLite: the write transaction (IMMEDIATE)
        # already lets one worker claim at a time.
        found = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(due)
            .order_by("due_at", "id")[:limit]
        )
        claimed = []
        for message in found:
            if message.attempts >= MAX_ATTEMPTS:  # reclaimed after a worker died on each try
                _give_up(message, now, "the worker stopped while sending, every attempt")
                continue
            message.state, message.claimed_at = State.SENDING, now
            message.attempts += 1
            message.save(update_fields=["state", "claimed_at", "attempts"])
            claimed.append(message)
    return claimed


def _give_up(message: Message, now: datetime, error: str) -> None:
    Message.objects.filter(pk=message.pk).update(
        state=State.FAILED, claimed_at=None, last_error=error[:500]
    )
    record_system(
        clinic_id=message.clinic_id,
        patient_id=message.patient_id,
        action=Action.UPDATE,
        object_type="message",
        object_id=message.public_id,
        detail={"state": State.FAILED, "attempts": message.attempts},
    )


def _still_mine(message: Message) -> bool:
    """Renew the claim just before sending; False when another worker has taken the message
    over (this batch took longer than the claim lasts), which then sends it instead."""
    renewed = timezone.now()
    kept = Message.objects.filter(
        pk=message.pk, state=State.SENDING, claimed_at=message.claimed_at
    ).update(claimed_at=renewed)
    message.claimed_at = renewed
    return bool(kept)


SENDERS: dict[str, Callable[[Message], None]] = {}


def _send_email(message: Message) -> None:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.to],
        headers={"Message-ID": message_id(message)},
    )
    email.send()


def _send_sms(message: Message) -> None:
    sms.backend().send(to=message.to, body=message.body, key=str(message.public_id))


SENDERS[Channel.EMAIL] = _send_email
SENDERS[Channel.SMS] = _send_sms


def message_id(message: Message) -> str:
    """The same Message-ID on every attempt at one message."""
    return f"<{message.public_id.hex}@{settings.TAUT_MESSAGE_DOMAIN}>"


def _send(message: Message, now: datetime) -> int:
    if not _still_mine(message):
        return 0
    claimed = Q(pk=message.pk, state=State.SENDING, claimed_at=message.claimed_at)
    try:
        SENDERS[message.channel](message)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        logger.warning("message %s not sent (attempt %s)", message.public_id, message.attempts)
        if message.attempts >= MAX_ATTEMPTS:
            with transaction.atomic():
                _give_up(message, now, error)
            return 0
        wait = FIRST_RETRY * 4 ** min(message.attempts - 1, MAX_ATTEMPTS)
        Message.objects.filter(claimed).update(
            state=State.SCHEDULED, due_at=now + wait, claimed_at=None, last_error=error[:500]
        )
        return 0
    with transaction.atomic():
        recorded = Message.objects.filter(claimed).update(
            state=State.SENT, sent_at=timezone.now(), claimed_at=None, last_error=""
        )
        if not recorded:  # taken over meanwhile: the other worker records it
            logger.warning("message %s sent again after its claim lapsed", message.public_id)
            return 0
        record_system(
            clinic_id=message.clinic_id,
            patient_id=message.patient_id,
            action=Action.SEND,
            object_type="message",
            object_id=message.public_id,
            detail={"purpose": message.purpose, "channel": message.channel},
        )
    return 1
