"""Appointment reminders: scheduled with the booking (e-mail a day before, SMS two hours before
for patients who chose texts), never in quiet hours, stopped with the appointment, and a link
where the patient confirms, or cancels until a day before."""

import pytest
from django.test import Client
from django.urls import reverse

from taut.appointments import reminders, services
from taut.appointments.models import Status
from taut.audit.models import AuditEntry
from taut.outbox.models import Message, State
from tests.appointments.conftest import MADRID, at
from tests.builders import make_patient, sent_mail


def reminder_messages(appointment):
    return Message.objects.filter(key__startswith=f"reminder:{appointment.public_id}:")


def test_booking_schedules_an_email_a_day_before(book):
    appointment = book(at(2026, 11, 24, 10))

    (message,) = reminder_messages(appointment)

    assert (message.channel, message.to) == ("email", "jose@example.org")
    assert message.due_at == at(2026, 11, 23, 10)
    assert "Fuengirola, Calle Mayor 1" in message.body
    assert "loose clothing" in message.body
    assert reverse("appointments:reminder", args=[reminders.token_for(appointment)]) in message.body


def test_a_patient_who_chose_texts_also_gets_an_sms_two_hours_before(book, actor_a):
    texter = make_patient(actor_a, given_names="Ana", preferred_contact_channel="sms")

    appointment = book(at(2026, 11, 24, 12), patient=texter)

    sms = reminder_messages(appointment).get(channel="sms")
    assert (sms.to, sms.due_at) == ("+34 600 123 456", at(2026, 11, 24, 10))


@pytest.mark.parametrize(
    ("starts", "expected"),
    [
        (at(2026, 11, 24, 8, 30), at(2026, 11, 23, 8, 30)),  # a day before: outside quiet hours
        (at(2026, 11, 24, 21, 30), at(2026, 11, 23, 20, 30)),  # would be 21:30: sent at 20:30
    ],
)
def test_no_reminder_falls_in_quiet_hours(starts, expected):
    assert reminders.outside_quiet_hours(starts - reminders.EMAIL_BEFORE, MADRID) == expected


def test_an_early_morning_text_goes_the_evening_before():
    assert reminders.outside_quiet_hours(at(2026, 11, 24, 6, 30), MADRID) == at(
        2026, 11, 23, 20, 30
    )


def test_cancelling_or_moving_the_appointment_stops_its_reminders(book, actor_a):
    moved = book(at(2026, 11, 24, 10))
    dropped = book(at(2026, 11, 25, 10))

    new = services.reschedule(
        actor_a, moved, starts_at=at(2026, 11, 26, 11), reason="Patient asked"
    )
    services.cancel(actor_a, dropped, reason="Patient unwell")

    assert reminder_messages(moved).get().state == State.CANCELLED
    assert reminder_messages(dropped).get().state == State.CANCELLED
    assert reminder_messages(new).get().due_at == at(2026, 11, 25, 11)


def test_the_worker_sends_the_reminder_when_it_is_due(book, time_machine):
    book(at(2026, 11, 24, 10))
    assert sent_mail() == []

    time_machine.move_to(at(2026, 11, 23, 10, 1), tick=False)

    (email,) = sent_mail()
    assert email.to == ["jose@example.org"]


def test_the_patient_confirms_through_the_link_and_it_is_audited(book):
    appointment = book(at(2026, 11, 24, 10))
    url = reverse("appointments:reminder", args=[reminders.token_for(appointment)])

    page = Client().get(url)
    done = Client().post(url, {"action": "confirm"})

    appointment.refresh_from_db()
    assert page.status_code == 200
    assert "Tuesday 24 November 2026, 10:00" in page.content.decode()
    assert "you have confirmed" in done.content.decode()
    assert appointment.confirmed_how == "reminder_link"
    assert (
        AuditEntry.objects.filter(object_id=appointment.public_id, user=None).count() == 3
    )  # two views, the confirmation


def test_the_patient_cancels_in_time_and_the_slot_is_freed(book):
    appointment = book(at(2026, 11, 24, 10))
    url = reverse("appointments:reminder", args=[reminders.token_for(appointment)])

    Client().post(url, {"action": "cancel"})

    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    assert reminder_messages(appointment).get().state == State.CANCELLED


def test_a_late_cancel_is_refused_with_the_clinics_phone_and_changes_nothing(book, clinic_a):
    clinic_a.phone = "+34 952 000 000"
    clinic_a.save(update_fields=["phone"])
    appointment = book(at(2026, 11, 21, 9, 30))  # tomorrow morning: inside the notice
    url = reverse("appointments:reminder", args=[reminders.token_for(appointment)])

    page = Client().post(url, {"action": "cancel"})

    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED
    assert "+34 952 000 000" in page.content.decode()
    assert "too late" in page.content.decode()


@pytest.mark.parametrize("token", ["garbled", "a" * 300, "%00"])
def test_a_garbled_link_says_so_and_changes_nothing(db, token):
    response = Client().get(reverse("appointments:reminder", args=[token]))

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_an_appointment_booked_within_the_hour_gets_no_reminder(book):
    appointment = book(at(2026, 11, 20, 10, 30))

    assert not reminder_messages(appointment).exists()


@pytest.mark.parametrize(
    ("now", "starts", "expected"),
    [
        (at(2026, 11, 20, 10), at(2026, 11, 20, 15), at(2026, 11, 20, 10)),  # late booking: now
        (at(2026, 11, 20, 23), at(2026, 11, 21, 11), at(2026, 11, 21, 8)),  # at night: at 08:00
        (at(2026, 11, 20, 23), at(2026, 11, 21, 8, 30), None),  # 08:00 is too close: none
        (at(2026, 11, 21, 2), at(2026, 11, 21, 12), at(2026, 11, 21, 8)),  # after midnight
    ],
)
def test_a_reminder_whose_time_has_passed_goes_now_but_never_at_night(now, starts, expected):
    assert reminders.send_at(starts, reminders.EMAIL_BEFORE, now, MADRID) == expected


def test_a_reminder_is_in_one_language_even_before_taut_speaks_the_patients(book):
    appointment = book(at(2026, 11, 24, 10))  # the patient's language is Spanish

    (message,) = reminder_messages(appointment)

    assert "Tuesday 24 November 2026" in message.subject
