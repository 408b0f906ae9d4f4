"""The outbox: one message per purpose, sent once by Taut's record, retried with growing waits
after a real delivery failure, failed visibly at the limit, and recovered from a dead worker."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from taut.audit.models import Action, AuditEntry
from taut.outbox import services
from taut.outbox.models import Message, State

NOW = timezone.now()


def schedule(clinic, patient=None, key="test:1", **overrides):
    values = {
        "clinic": clinic,
        "patient": patient,
        "key": key,
        "purpose": "test",
        "channel": "email",
        "to": "ana@example.org",
        "subject": "Your appointment",
        "body": "Tomorrow at 10:00.",
        "due_at": NOW,
        **overrides,
    }
    return services.schedule(**values)


def test_one_message_per_purpose_however_often_it_is_scheduled(clinic_a):
    first = schedule(clinic_a)
    again = schedule(clinic_a, body="Something else")

    assert again.pk == first.pk
    assert Message.objects.count() == 1


def test_a_due_message_is_sent_once_with_a_stable_message_id_and_audited(clinic_a, patient_a):
    message = schedule(clinic_a, patient_a)

    assert services.deliver_due(NOW) == 1
    assert services.deliver_due(NOW + timedelta(hours=1)) == 0

    (sent,) = mail.outbox
    message.refresh_from_db()
    assert (sent.to, sent.subject, message.state) == (
        ["ana@example.org"],
        "Your appointment",
        "sent",
    )
    assert sent.extra_headers["Message-ID"] == services.message_id(message)
    entry = AuditEntry.objects.get(action=Action.SEND)
    assert (entry.patient, entry.object_id, entry.user) == (patient_a, message.public_id, None)


def test_a_message_waits_for_its_time(clinic_a):
    schedule(clinic_a, due_at=NOW + timedelta(hours=2))

    assert services.deliver_due(NOW) == 0
    assert services.deliver_due(NOW + timedelta(hours=2)) == 1


def test_a_cancelled_message_is_not_sent(clinic_a):
    schedule(clinic_a)

    assert services.cancel("test:1")
    assert services.deliver_due(NOW) == 0
    assert Message.objects.get().state == State.CANCELLED


@pytest.fixture
def mail_server_down(settings):
    """Real SMTP to a port nothing listens on: every delivery is refused."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }


def test_a_refused_delivery_is_retried_later_and_fails_visibly_at_the_limit(
    clinic_a, mail_server_down
):
    schedule(clinic_a)
    at = NOW
    waits = []
    for _ in range(services.MAX_ATTEMPTS):
        assert services.deliver_due(at) == 0
        message = Message.objects.get()
        waits.append(message.due_at - at)
        at = message.due_at

    assert message.state == State.FAILED
    assert message.attempts == services.MAX_ATTEMPTS
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()
    assert waits[:3] == [services.FIRST_RETRY * 4**n for n in range(3)]
    assert services.deliver_due(at + timedelta(days=30)) == 0  # failed stays failed


def test_a_message_left_claimed_by_a_dead_worker_is_sent_after_the_claim_times_out(clinic_a):
    message = schedule(clinic_a)
    Message.objects.filter(pk=message.pk).update(state=State.SENDING, claimed_at=NOW, attempts=1)

    assert services.deliver_due(NOW + services.CLAIM_TIMEOUT / 2) == 0
    assert services.deliver_due(NOW + services.CLAIM_TIMEOUT + timedelta(seconds=1)) == 1
    assert Message.objects.get().state == State.SENT


def test_a_message_scheduled_in_a_write_that_fails_does_not_exist(clinic_a):
    def write_that_fails():
        with transaction.atomic():
            schedule(clinic_a)
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError, match="the write failed"):
        write_that_fails()

    assert not Message.objects.exists()


def test_an_sms_goes_to_the_configured_backend(clinic_a, settings, tmp_path):
    settings.TAUT_SMS_BACKEND = "taut.outbox.sms.FileBackend"
    settings.TAUT_SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    message = schedule(clinic_a, channel="sms", to="+34600000001")

    services.deliver_due(NOW)

    line = (tmp_path / "sms.jsonl").read_text()
    assert "+34600000001" in line
    assert str(message.public_id) in line


def test_a_batch_slower_than_the_claim_sends_no_message_twice(clinic_a, monkeypatch, time_machine):
    """Eleven messages claimed at once, each send taking a minute: by the tenth the last one's
    claim has lapsed, a second worker takes it over, and the first skips it."""
    from taut.outbox import services as outbox_services

    time_machine.move_to(NOW, tick=False)
    for n in range(11):
        schedule(clinic_a, key=f"slow:{n}")
    real = outbox_services.SENDERS["email"]
    second_worker = []

    def a_minute_each(message):
        time_machine.shift(61)
        real(message)
        if len(mail.outbox) == 10 and not second_worker:
            second_worker.append(services.deliver_due())

    monkeypatch.setitem(outbox_services.SENDERS, "email", a_minute_each)
    first_worker = services.deliver_due()

    assert (first_worker, second_worker) == (10, [1])
    assert len(mail.outbox) == 11
    assert AuditEntry.objects.filter(action=Action.SEND).count() == 11


def test_a_message_whose_worker_died_on_every_attempt_fails_visibly(clinic_a):
    message = schedule(clinic_a)
    Message.objects.filter(pk=message.pk).update(
        state=State.SENDING, claimed_at=NOW, attempts=services.MAX_ATTEMPTS
    )

    assert services.deliver_due(NOW + services.CLAIM_TIMEOUT * 2) == 0

    message.refresh_from_db()
    assert message.state == State.FAILED
    assert mail.outbox == []
    assert AuditEntry.objects.filter(object_id=message.public_id, detail__state="failed").exists()


def test_the_sweep_queues_its_successor_even_when_delivery_fails(clinic_a, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from taut.outbox import tasks

    def broken(now=None, limit=services.BATCH):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "deliver_due", broken)
    with pytest.raises(RuntimeError, match="went away"):
        tasks.sweep.call()

    assert (
        DBTaskResult.objects.filter(status="READY", task_path="taut.outbox.tasks.sweep").count()
        == 1
    )


def test_starting_workers_again_and_again_keeps_one_sweep(db):
    from django_tasks_db.models import DBTaskResult

    for _ in range(3):
        services.ensure_sweep()

    assert DBTaskResult.objects.filter(task_path="taut.outbox.tasks.sweep").count() == 1
