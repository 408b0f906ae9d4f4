"""Booking, series, conflicts, hours, reschedule and cancel, against the database."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from taut.appointments import services
from taut.appointments.models import Appointment, Status
from taut.appointments.services import AppointmentConflict, AppointmentError
from taut.audit.models import Action, AuditEntry
from tests.appointments.conftest import at
from tests.builders import actor_for, make_episode, make_member, make_patient

MONDAY_10 = at(2026, 11, 23, 10)


def test_booking_stores_utc_and_copies_the_reminder_channel(book, patient_a, actor_a):
    appointment = book(MONDAY_10, minutes=45, episode=make_episode(actor_a, patient_a))

    appointment.refresh_from_db()
    assert appointment.starts_at == datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=45)
    assert appointment.status == Status.BOOKED
    assert appointment.reminder_channel == "phone"
    assert appointment.reminder_sent_at is None
    assert appointment.series_id is None
    entry = AuditEntry.objects.get(action=Action.CREATE, object_type="appointment")
    assert entry.patient == patient_a


def test_front_desk_can_book(book, desk_a):
    appointment = book(MONDAY_10, actor=actor_for(desk_a))

    assert appointment.created_by == desk_a.user


def test_a_clinician_cannot_be_booked_twice(book, actor_a):
    first = book(MONDAY_10)
    other = make_patient(actor_a, family_name="Other", given_names="Olga")

    with pytest.raises(AppointmentConflict) as refused:
        book(at(2026, 11, 23, 10, 15), patient=other)

    assert refused.value.conflicts == [first]
    assert "Cleo Clinician is already booked" in str(refused.value)
    assert "10:00–10:30 José Núñez" in str(refused.value)
    assert Appointment.objects.count() == 1


def test_a_patient_cannot_be_in_two_appointments(book, clinic_a, location_a):
    first = book(MONDAY_10)
    colleague = make_member(clinic_a, "carl@a.example", "clinician", "Carl Colleague")
    from taut.appointments.demo import setup_availability

    setup_availability(colleague, location_a)

    with pytest.raises(AppointmentConflict) as refused:
        book(at(2026, 11, 23, 10, 20), clinician=colleague.user)

    assert refused.value.conflicts == [first]
    assert "José Núñez already has an appointment" in str(refused.value)
    assert Appointment.objects.count() == 1


def test_back_to_back_appointments_are_fine(book, actor_a):
    book(MONDAY_10)
    book(at(2026, 11, 23, 10, 30), patient=make_patient(actor_a, family_name="Next"))

    assert Appointment.objects.count() == 2


@pytest.mark.parametrize(
    ("starts_at", "shown"),
    [
        (at(2026, 11, 23, 18, 45), "Mon 08:00–19:00"),  # runs past closing
        (at(2026, 11, 28, 13, 0), "Sat 09:00–13:00"),  # Saturday afternoon
        (at(2026, 11, 29, 10, 0), "closed that day"),  # Sunday
    ],
)
def test_outside_opening_hours_is_refused_with_the_hours(book, starts_at, shown):
    with pytest.raises(AppointmentError, match="outside the opening hours") as refused:
        book(starts_at)

    assert shown in str(refused.value)
    assert not Appointment.objects.exists()


def test_outside_the_clinicians_availability_is_refused(
    actor_a, owner_a, book, clinician_a, location_a
):
    services.set_availability(
        actor_for(owner_a),
        membership=clinician_a,
        location=location_a,
        week={0: [(time(8), time(12))]},
    )

    with pytest.raises(AppointmentError, match="outside Cleo Clinician's hours") as refused:
        book(at(2026, 11, 23, 12, 0))

    assert "Mon 08:00–12:00" in str(refused.value)
    assert not Appointment.objects.exists()


def test_a_clinician_without_availability_cannot_be_booked(
    actor_a, patient_a, clinician_a, location_a
):
    with pytest.raises(AppointmentError, match="not working there that day"):
        services.book_appointment(
            actor_a,
            patient=patient_a,
            clinician=clinician_a.user,
            location=location_a,
            starts_at=MONDAY_10,
            minutes=30,
            kind="review",
        )


def test_front_desk_staff_are_not_bookable_as_clinicians(book, desk_a):
    with pytest.raises(AppointmentError, match="does not treat patients") as refused:
        book(MONDAY_10, clinician=desk_a.user)

    assert refused.value.field == "clinician"


@pytest.mark.parametrize(("minutes", "message"), [(3, "at least 5"), (300, "at most 240")])
def test_duration_limits(book, minutes, message):
    with pytest.raises(AppointmentError, match=message):
        book(MONDAY_10, minutes=minutes)
    assert not Appointment.objects.exists()


def test_the_past_cannot_be_booked_unless_recording_a_visit(book):
    with pytest.raises(AppointmentError, match="already passed"):
        book(at(2026, 11, 19, 10))

    assert book(at(2026, 11, 19, 10), allow_past=True).starts_at < datetime.now(UTC)


def test_another_clinics_staff_cannot_book_our_patient(actor_b, book):
    from django.core.exceptions import ObjectDoesNotExist

    with pytest.raises((ObjectDoesNotExist, AppointmentError)):
        book(MONDAY_10, actor=actor_b)
    assert not Appointment.objects.exists()


def test_a_series_is_booked_together(book, actor_a, patient_a, clinician_a, location_a):
    starts = [at(2026, 11, 23, 10), at(2026, 11, 30, 10), at(2026, 12, 9, 16)]

    booked = services.book_series(
        actor_a,
        patient=patient_a,
        clinician=clinician_a.user,
        location=location_a,
        starts_ats=starts,
        minutes=45,
        kind="needling_session",
    )

    assert [a.starts_at for a in booked] == starts
    assert len({a.series_id for a in booked}) == 1
    assert booked[0].series_id is not None


def test_a_series_is_all_or_nothing(book, actor_a, patient_a, clinician_a, location_a):
    other = make_patient(actor_a, family_name="Other")
    blocking = book(at(2026, 11, 30, 10, 15), patient=other)

    with pytest.raises(AppointmentConflict) as refused:
        services.book_series(
            actor_a,
            patient=patient_a,
            clinician=clinician_a.user,
            location=location_a,
            starts_ats=[at(2026, 11, 23, 10), at(2026, 11, 30, 10), at(2026, 12, 7, 10)],
            minutes=30,
            kind="needling_session",
        )

    assert refused.value.position == 1
    assert refused.value.conflicts == [blocking]
    assert list(Appointment.objects.all()) == [blocking]


def test_a_series_cannot_overlap_itself(actor_a, patient_a, clinician_a, location_a, cleo_works):
    with pytest.raises(AppointmentError, match="in the same series") as refused:
        services.book_series(
            actor_a,
            patient=patient_a,
            clinician=clinician_a.user,
            location=location_a,
            starts_ats=[at(2026, 11, 23, 10), at(2026, 11, 23, 10, 15)],
            minutes=30,
            kind="needling_session",
        )
    assert refused.value.position == 1
    assert not Appointment.objects.exists()


def test_a_weekly_series_keeps_local_time_across_the_autumn_change(
    time_machine, actor_a, patient_a, clinician_a, location_a, cleo_works
):
    time_machine.move_to(datetime(2026, 10, 1, tzinfo=UTC), tick=False)

    booked = services.book_series(
        actor_a,
        patient=patient_a,
        clinician=clinician_a.user,
        location=location_a,
        starts_ats=[at(2026, 10, 19, 8), at(2026, 10, 26, 8)],  # Madrid changes on 25 October
        minutes=30,
        kind="needling_session",
    )

    assert [a.starts_at.astimezone(UTC).hour for a in booked] == [6, 7]
    assert [a.starts_at.astimezone(actor_a.clinic.zone).hour for a in booked] == [8, 8]


def test_opening_hours_follow_local_time_after_the_change(time_machine, book):
    time_machine.move_to(datetime(2026, 10, 1, tzinfo=UTC), tick=False)

    # 07:30 UTC is 08:30 in Madrid in winter (open) but 09:30 in summer; 06:30 UTC in winter is
    # 07:30 local, before opening.
    book(datetime(2026, 10, 26, 7, 30, tzinfo=UTC))
    with pytest.raises(AppointmentError, match="outside the opening hours"):
        book(datetime(2026, 10, 27, 6, 30, tzinfo=UTC))


def test_reschedule_keeps_the_old_appointment_cancelled(book, actor_a):
    old = book(MONDAY_10)

    new = services.reschedule(actor_a, old, starts_at=at(2026, 11, 24, 11), reason="Patient asked")

    old.refresh_from_db()
    assert old.status == Status.CANCELLED
    assert old.cancelled_reason == "Rescheduled: Patient asked"
    assert new.rescheduled_from == old
    assert new.minutes == 30
    assert new.status == Status.BOOKED
    assert Appointment.objects.count() == 2


def test_reschedule_may_overlap_the_time_it_replaces(book, actor_a):
    old = book(MONDAY_10)

    new = services.reschedule(actor_a, old, starts_at=at(2026, 11, 23, 10, 15), reason="Later")

    assert new.starts_at == at(2026, 11, 23, 10, 15)


def test_a_refused_reschedule_changes_nothing(book, actor_a):
    old = book(MONDAY_10)
    blocking = book(at(2026, 11, 24, 11), patient=make_patient(actor_a, family_name="Other"))

    with pytest.raises(AppointmentConflict):
        services.reschedule(actor_a, old, starts_at=at(2026, 11, 24, 11), reason="Patient asked")

    old.refresh_from_db()
    assert old.status == Status.BOOKED
    assert Appointment.objects.count() == 2
    assert blocking.status == Status.BOOKED


def test_cancelling_frees_the_slot(book, actor_a):
    first = book(MONDAY_10)

    services.cancel(actor_a, first, reason="Unwell")
    second = book(MONDAY_10, patient=make_patient(actor_a, family_name="Other"))

    first.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert first.cancelled_by == actor_a.user
    assert second.status == Status.BOOKED


def test_cancelling_needs_a_reason(book, actor_a):
    appointment = book(MONDAY_10)

    with pytest.raises(AppointmentError, match="reason is required"):
        services.cancel(actor_a, appointment, reason="  ")
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED


def test_attendance_is_marked_only_once_the_appointment_has_started(book, actor_a, time_machine):
    appointment = book(MONDAY_10)

    with pytest.raises(AppointmentError, match="not started yet"):
        services.mark_attended(actor_a, appointment)

    time_machine.move_to(datetime(2026, 11, 23, 9, 40, tzinfo=UTC), tick=False)
    services.mark_no_show(actor_a, appointment)
    services.mark_attended(actor_a, appointment)  # a correction
    appointment.refresh_from_db()
    assert appointment.status == Status.ATTENDED
    with pytest.raises(AppointmentError, match="Only a booked appointment can be cancelled"):
        services.cancel(actor_a, appointment, reason="late")


def test_appointments_are_never_deleted(book):
    with pytest.raises(RuntimeError, match="never deleted"):
        book(MONDAY_10).delete()


def test_only_owners_set_hours(actor_a, location_a):
    with pytest.raises(PermissionDenied):
        services.set_opening_hours(actor_a, location=location_a, week={0: []})


def test_overlapping_opening_periods_are_refused(owner_a, location_a):
    with pytest.raises(AppointmentError, match="Mon: the periods overlap"):
        services.set_opening_hours(
            actor_for(owner_a),
            location=location_a,
            week={0: [(time(8), time(13)), (time(12), time(19))]},
        )
