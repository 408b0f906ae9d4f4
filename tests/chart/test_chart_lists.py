"""The chart stays one screen however long the history: the latest ten sessions with a way to
all of them, and the next appointments before the latest past ones."""

from datetime import timedelta

from django.urls import reverse

from taut.chart.views import CHART_SESSIONS
from tests.appointments.conftest import at
from tests.builders import make_episode
from tests.pages.test_query_budgets import with_history


def test_a_long_course_lists_the_latest_sessions_and_offers_all(as_clinician_a, actor_a, patient_a):
    episode, sessions = with_history(actor_a, patient_a, CHART_SESSIONS + 2)
    chart = reverse("chart:patient", args=[patient_a.public_id])

    short = as_clinician_a.get(chart)
    every = as_clinician_a.get(chart, {"sessions": "all"})

    assert len(short.context["needling_sessions"]) == CHART_SESSIONS
    assert short.context["needling_sessions"][0] == sessions[-1]
    assert "Show every session of this episode" in short.content.decode()
    assert len(every.context["needling_sessions"]) == CHART_SESSIONS + 2
    assert "Show every session of this episode" not in every.content.decode()
    # the drawing of where the needles went is the latest signed session's
    assert short.context["last_signed_session"] == sessions[-1]


def test_a_short_course_has_no_link_to_more(as_clinician_a, actor_a, patient_a):
    with_history(actor_a, patient_a, 2)

    response = as_clinician_a.get(reverse("chart:patient", args=[patient_a.public_id]))

    assert len(response.context["needling_sessions"]) == 2
    assert "Show every session of this episode" not in response.content.decode()


def test_the_next_appointments_come_first_and_the_latest_past_ones_after(
    as_clinician_a, actor_a, patient_a, clinician_a, time_machine
):
    from taut.appointments import services
    from taut.appointments.demo import setup_availability, setup_clinic_hours

    time_machine.move_to(at(2026, 11, 2, 7), tick=False)
    location = actor_a.clinic.locations.create(name="Fuengirola")
    setup_clinic_hours(actor_a.clinic)
    setup_availability(clinician_a, location)
    make_episode(actor_a, patient_a)
    booked = [
        services.book_appointment(
            actor_a,
            patient=patient_a,
            clinician=clinician_a.user,
            location=location,
            starts_at=at(2026, 11, 2, 9) + timedelta(days=7 * week),
            minutes=30,
            kind="needling_session",
        )
        for week in range(6)
    ]
    time_machine.move_to(at(2026, 11, 30, 7), tick=False)  # four weeks on: two ahead, four past

    listed = as_clinician_a.get(reverse("chart:patient", args=[patient_a.public_id])).context[
        "appointments"
    ]

    assert listed.upcoming == booked[4:]
    assert listed.earlier == [booked[3], booked[2], booked[1]]
