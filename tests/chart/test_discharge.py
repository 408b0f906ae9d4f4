"""Discharge in one step: reason, remaining appointments cancelled, final questionnaires sent."""

from datetime import date

import pytest
from django.urls import reverse

from taut.appointments.models import Status
from taut.audit.models import AuditEntry
from taut.episodes.models import EpisodeStatus
from taut.intake.models import IntakeLink
from tests.appointments.conftest import NOW, at
from tests.builders import make_episode, sent_mail


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def episode(actor_a, patient_a):
    return make_episode(actor_a, patient_a)


@pytest.fixture
def booked(actor_a, clinician_a, clinic_a, patient_a, episode):
    from taut.appointments import services
    from taut.appointments.demo import setup_availability, setup_clinic_hours

    location = clinic_a.locations.create(name="Fuengirola")
    setup_clinic_hours(clinic_a)
    setup_availability(clinician_a, location)
    return [
        services.book_appointment(
            actor_a,
            patient=patient_a,
            clinician=clinician_a.user,
            location=location,
            starts_at=at(2026, 11, day, 10),
            minutes=30,
            kind="needling_session",
            episode=episode,
        )
        for day in (24, 26)
    ]


def post(client, episode, **overrides):
    data = {
        "discharged_on": "2026-11-20",
        "reason": "goals_met",
        "summary": "Pain settled; home exercises.",
        "send_questionnaires": "on",
        **overrides,
    }
    return client.post(reverse("chart:discharge", args=[episode.public_id]), data)


def test_discharge_cancels_the_chosen_appointments_and_sends_the_final_questionnaires(
    as_clinician_a, episode, booked, patient_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(as_clinician_a, episode, cancel=[str(booked[0].public_id)])

    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.status, episode.discharge_reason) == (EpisodeStatus.DISCHARGED, "goals_met")
    booked[0].refresh_from_db()
    booked[1].refresh_from_db()
    assert booked[0].status == Status.CANCELLED
    assert "Goals met" in booked[0].cancelled_reason
    assert booked[1].status == Status.BOOKED
    link = IntakeLink.objects.get(episode=episode)
    assert "nprs" in link.instruments
    assert sent_mail()[-1].to == [patient_a.email]
    assert AuditEntry.objects.filter(action="discharge", detail__reason="goals_met").exists()


def test_the_page_offers_every_remaining_appointment_ticked(as_clinician_a, episode, booked):
    response = as_clinician_a.get(reverse("chart:discharge", args=[episode.public_id]))

    assert response.context["chosen"] == {str(a.public_id) for a in booked}
    assert "NPRS" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"summary": ""}, "summary"),
        ({"discharged_on": "2026-11-21"}, "discharged_on"),
    ],
)
def test_a_refused_discharge_changes_nothing_and_keeps_what_was_typed(
    as_clinician_a, episode, booked, overrides, field
):
    response = post(as_clinician_a, episode, cancel=[str(booked[0].public_id)], **overrides)

    episode.refresh_from_db()
    booked[0].refresh_from_db()
    assert field in response.context["form"].errors
    assert episode.status == EpisodeStatus.ACTIVE
    assert booked[0].status == Status.BOOKED
    assert not IntakeLink.objects.exists()
    assert response.context["chosen"] == {str(booked[0].public_id)}


def test_an_appointment_of_another_patient_cannot_be_cancelled_through_it(
    as_clinician_a, actor_a, episode, booked, clinician_a
):
    from taut.appointments import services
    from tests.builders import make_patient

    other = make_patient(actor_a, given_names="Ana", family_name="Otra")
    theirs = services.book_appointment(
        actor_a,
        patient=other,
        clinician=clinician_a.user,
        location=booked[0].location,
        starts_at=at(2026, 11, 25, 10),
        minutes=30,
        kind="needling_session",
    )

    post(as_clinician_a, episode, cancel=[str(theirs.public_id)])

    theirs.refresh_from_db()
    assert theirs.status == Status.BOOKED


def test_front_desk_cannot_discharge(as_desk_a, episode):
    response = post(as_desk_a, episode)

    episode.refresh_from_db()
    assert response.status_code == 403
    assert episode.is_active


def test_after_a_plan_review_discharge_the_page_finishes_the_rest(
    as_clinician_a, actor_a, episode, booked
):
    from taut.episodes.services import discharge_episode

    discharge_episode(
        actor_a, episode, discharged_on=date(2026, 11, 20), summary="Settled.", reason="goals_met"
    )

    response = as_clinician_a.post(
        reverse("chart:discharge", args=[episode.public_id]),
        {"cancel": [str(a.public_id) for a in booked]},
    )

    assert response.status_code == 302
    assert all(
        a.status == Status.CANCELLED
        for a in type(booked[0]).objects.filter(pk__in=[b.pk for b in booked])
    )


def test_finishing_an_old_discharge_cannot_touch_a_newer_episode(
    as_clinician_a, actor_a, episode, booked, patient_a
):
    from taut.episodes.services import discharge_episode

    discharge_episode(
        actor_a, episode, discharged_on=date(2026, 11, 20), summary="Settled.", reason="goals_met"
    )
    newer = make_episode(actor_a, patient_a)
    type(booked[0]).objects.filter(pk=booked[1].pk).update(episode=newer)

    as_clinician_a.post(
        reverse("chart:discharge", args=[episode.public_id]), {"cancel": [str(booked[1].public_id)]}
    )

    booked[1].refresh_from_db()
    assert booked[1].status == Status.BOOKED


def test_sending_the_final_questionnaires_twice_sends_one_link(
    as_clinician_a, actor_a, episode, patient_a, django_capture_on_commit_callbacks
):
    from taut.episodes.services import discharge_episode

    discharge_episode(
        actor_a, episode, discharged_on=date(2026, 11, 20), summary="Settled.", reason="goals_met"
    )
    url = reverse("chart:discharge", args=[episode.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        as_clinician_a.post(url, {"send_questionnaires": "on"})
        as_clinician_a.post(url, {"send_questionnaires": "on"})

    assert IntakeLink.objects.filter(episode=episode).count() == 1
