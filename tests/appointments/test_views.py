from datetime import UTC, datetime

import pytest
from django.urls import reverse

from taut.appointments.models import Appointment, Status
from tests.appointments.conftest import at
from tests.builders import make_patient


@pytest.fixture
def appointment(book):
    return book(at(2026, 11, 23, 10))


def _booking(clinician, location, **overrides):
    data = {
        "clinician": str(clinician.user.public_id),
        "location": str(location.public_id),
        "on": "2026-11-23",
        "at": "10:00",
        "minutes": "30",
        "kind": "needling_session",
        "episode": "",
        "repeat": "once",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "page",
    ["appointments:detail", "appointments:reschedule", "appointments:cancel", "appointments:ics"],
)
def test_another_clinics_staff_get_not_found(as_clinician_b, appointment, page):
    assert as_clinician_b.get(reverse(page, args=[appointment.public_id])).status_code == 404


def test_another_clinic_cannot_mark_attendance(as_clinician_b, appointment):
    response = as_clinician_b.post(reverse("appointments:attended", args=[appointment.public_id]))

    assert response.status_code == 404


def test_another_clinic_cannot_book_our_patient(as_clinician_b, patient_a):
    response = as_clinician_b.get(reverse("appointments:book") + f"?patient={patient_a.public_id}")

    assert response.status_code == 404


@pytest.mark.parametrize("page", ["appointments:day", "appointments:week", "appointments:book"])
def test_anonymous_visitors_are_sent_to_log_in(client, page):
    response = client.get(reverse(page))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_day_view_shows_the_appointment(as_desk_a, appointment, location_a):
    response = as_desk_a.get(reverse("appointments:day") + "?date=2026-11-23")

    content = response.content.decode()
    assert response.status_code == 200
    assert "José Núñez" in content
    assert "10:00–10:30" in content  # clinic time, not UTC


def test_the_week_view_strikes_through_cancelled(as_clinician_a, appointment, actor_a):
    from taut.appointments import services

    services.cancel(actor_a, appointment, reason="Unwell")

    shown = as_clinician_a.get(reverse("appointments:week") + "?date=2026-11-25").content.decode()
    hidden = as_clinician_a.get(
        reverse("appointments:week") + "?date=2026-11-25&cancelled=0"
    ).content.decode()

    assert "appt--cancelled" in shown
    assert "José Núñez" not in hidden


def test_front_desk_can_book(as_desk_a, patient_a, clinician_a, location_a, cleo_works):
    response = as_desk_a.post(
        reverse("appointments:book") + f"?patient={patient_a.public_id}",
        _booking(clinician_a, location_a),
    )

    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("appointments:detail", args=[appointment.public_id])
    assert appointment.starts_at == datetime(2026, 11, 23, 9, tzinfo=UTC)


def test_a_clinician_books_a_weekly_series(
    as_clinician_a, patient_a, clinician_a, location_a, cleo_works
):
    response = as_clinician_a.post(
        reverse("appointments:book") + f"?patient={patient_a.public_id}",
        _booking(clinician_a, location_a, repeat="weekly", weeks="4"),
    )

    assert response.status_code == 302
    assert Appointment.objects.count() == 4
    assert Appointment.objects.values("series_id").distinct().count() == 1


def test_double_booking_is_refused_with_the_conflict_shown(
    as_desk_a, appointment, actor_a, clinician_a, location_a
):
    other = make_patient(actor_a, family_name="Other", given_names="Olga")

    response = as_desk_a.post(
        reverse("appointments:book") + f"?patient={other.public_id}",
        _booking(clinician_a, location_a, at="10:15"),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["conflicts"] == [appointment]
    assert reverse("appointments:detail", args=[appointment.public_id]) in content
    assert "Next free times" in content
    assert Appointment.objects.count() == 1


def test_plan_dates_prefill_a_series(as_desk_a, patient_a, cleo_works):
    response = as_desk_a.get(
        reverse("appointments:book")
        + f"?patient={patient_a.public_id}&dates=2026-11-24,2026-12-01,2026-12-09"
    )

    form = response.context["form"]
    assert form.initial["on"] == "2026-11-24"
    assert form.initial["repeat"] == "dates"
    assert form.initial["dates"] == "2026-12-01, 2026-12-09"


def test_booking_starts_with_a_patient_search(as_desk_a, patient_a):
    response = as_desk_a.get(reverse("appointments:book") + "?q=nunez&dates=2026-11-24")

    assert f"?patient={patient_a.public_id}&amp;dates=2026-11-24" in response.content.decode()


def test_cancel_from_the_detail_page(as_desk_a, appointment):
    response = as_desk_a.post(
        reverse("appointments:cancel", args=[appointment.public_id]), {"reason": "Unwell"}
    )

    appointment.refresh_from_db()
    assert response.status_code == 302
    assert appointment.status == Status.CANCELLED


def moving(appointment, **overrides):
    return {
        "clinician": str(appointment.clinician.public_id),
        "location": str(appointment.location.public_id),
        "on": "2026-11-25",
        "at": "12:00",
        "minutes": "30",
        "reason": "Work",
        **overrides,
    }


def test_reschedule_page_moves_the_appointment(as_desk_a, appointment):
    response = as_desk_a.post(
        reverse("appointments:reschedule", args=[appointment.public_id]), moving(appointment)
    )

    new = Appointment.objects.get(rescheduled_from=appointment)
    assert response["Location"] == reverse("appointments:detail", args=[new.public_id])


def test_reschedule_can_hand_the_patient_to_another_clinician(
    as_desk_a, appointment, clinic_a, location_a
):
    from taut.appointments.demo import setup_availability
    from tests.builders import make_member

    other = make_member(clinic_a, "cal@a.example", "clinician", "Cal Colleague")
    setup_availability(other, location_a)

    as_desk_a.post(
        reverse("appointments:reschedule", args=[appointment.public_id]),
        moving(appointment, clinician=str(other.user.public_id)),
    )

    assert Appointment.objects.get(rescheduled_from=appointment).clinician == other.user


def test_reschedule_to_a_clinician_of_another_clinic_is_refused(
    as_desk_a, appointment, clinician_b
):
    response = as_desk_a.post(
        reverse("appointments:reschedule", args=[appointment.public_id]),
        moving(appointment, clinician=str(clinician_b.user.public_id)),
    )

    assert "clinician" in response.context["form"].errors
    assert not Appointment.objects.filter(rescheduled_from=appointment).exists()


def test_only_owners_edit_hours(as_clinician_a, as_owner_a, location_a):
    assert as_clinician_a.get(reverse("appointments:hours")).status_code == 403
    response = as_owner_a.post(
        reverse("appointments:hours"),
        {
            "location": str(location_a.public_id),
            "day_0_0_from": "08:00",
            "day_0_0_until": "13:00",
            "day_0_1_from": "15:00",
            "day_0_1_until": "20:00",
        },
    )
    assert response.status_code == 302
    assert location_a.opening_hours.filter(weekday=0).count() == 2
    assert not location_a.opening_hours.filter(weekday=5).exists()


def test_the_ics_file(as_clinician_a, appointment):
    response = as_clinician_a.get(reverse("appointments:ics", args=[appointment.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert f"UID:{appointment.public_id}@taut\r\n" in text
    assert "DTSTART:20261123T090000Z\r\n" in text
    assert "SUMMARY:Appointment at Clinic A\r\n" in text
    assert "Núñez" not in text


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"day_1_0_from": "09:00"}, "day_1_0_until"),
        ({"day_1_0_from": "14:00", "day_1_0_until": "09:00"}, "day_1_0_until"),
        ({"day_1_0_from": "25:00", "day_1_0_until": "26:00"}, "day_1_0_from"),
        (
            {
                "day_1_0_from": "09:00",
                "day_1_0_until": "14:00",
                "day_1_1_from": "13:00",
                "day_1_1_until": "18:00",
            },
            "day_1_0_from",
        ),
    ],
)
def test_impossible_hours_are_refused_beside_the_day_and_nothing_changes(
    as_owner_a, location_a, typed, field
):
    before = list(location_a.opening_hours.values_list("weekday", "opens", "closes"))

    response = as_owner_a.post(
        reverse("appointments:hours"), {"location": str(location_a.public_id), **typed}
    )

    assert field in response.context["form"].errors
    assert list(location_a.opening_hours.values_list("weekday", "opens", "closes")) == before


def test_the_desk_sees_who_has_not_confirmed_and_marks_a_confirmation(as_desk_a, appointment):
    day = reverse("appointments:day") + "?date=" + appointment.starts_at.date().isoformat()
    assert "1 patient has not confirmed" in as_desk_a.get(day).content.decode()

    as_desk_a.post(reverse("appointments:confirm", args=[appointment.public_id]), {"how": "phone"})

    appointment.refresh_from_db()
    assert appointment.confirmed_how == "phone"
    assert "has not confirmed" not in as_desk_a.get(day).content.decode()


def test_a_confirmation_needs_to_say_how_and_changes_nothing_otherwise(as_desk_a, appointment):
    as_desk_a.post(
        reverse("appointments:confirm", args=[appointment.public_id]), {"how": "telepathy"}
    )

    appointment.refresh_from_db()
    assert appointment.confirmed_at is None


def test_another_clinic_cannot_confirm(as_clinician_b, appointment):
    response = as_clinician_b.post(
        reverse("appointments:confirm", args=[appointment.public_id]), {"how": "phone"}
    )

    appointment.refresh_from_db()
    assert response.status_code == 404
    assert appointment.confirmed_at is None


def test_saving_hours_keeps_a_day_that_has_more_periods_than_the_usual_three(
    as_owner_a, location_a, clinic_a
):
    from datetime import time

    from taut.appointments.models import OpeningHours

    OpeningHours.objects.filter(location=location_a, weekday=0).delete()
    for start, end in ((8, 10), (11, 12), (13, 14), (16, 19)):
        OpeningHours.objects.create(
            clinic=clinic_a, location=location_a, weekday=0, opens=time(start), closes=time(end)
        )
    page = as_owner_a.get(reverse("appointments:hours"), {"location": str(location_a.public_id)})
    form = page.context["form"]
    data = {"location": str(location_a.public_id)}
    for name in form.fields:
        value = form[name].value()
        if value:
            data[name] = value.strftime("%H:%M") if hasattr(value, "strftime") else value

    as_owner_a.post(reverse("appointments:hours"), data)

    assert location_a.opening_hours.filter(weekday=0).count() == 4
