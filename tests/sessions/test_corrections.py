"""Amendments, withdrawals and visits: the record of a visit stays the record of that visit."""

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from taut.appointments import services as appointment_services
from taut.appointments.demo import setup_availability, setup_clinic_hours
from taut.lib.records import RecordStatus
from taut.sessions import services
from taut.sessions.models import NeedlingSession
from tests.builders import make_episode
from tests.safety.builders import make_profile
from tests.sessions.builders import (
    MULTIFIDUS,
    backdate_safety,
    make_signed_session,
    ready_to_needle,
    session_input,
)


@pytest.fixture
def episode(actor_a, patient_a):
    ready_to_needle(actor_a, patient_a)
    today = actor_a.today()
    return make_episode(
        actor_a,
        patient_a,
        onset_on=today - timedelta(days=60),
        started_on=today - timedelta(days=30),
    )


@pytest.fixture
def signed(actor_a, episode):
    return make_signed_session(actor_a, episode, performed_on=actor_a.today() - timedelta(days=7))


def statuses():
    return list(NeedlingSession.objects.order_by("id").values_list("status", flat=True))


def test_an_open_amendment_is_never_taken_for_todays_visit(actor_a, episode, signed):
    services.amend_session(actor_a, signed, reason="Depth typo")
    before = statuses()

    with pytest.raises(services.SessionError, match="amendment"):
        services.start_session(actor_a, episode)

    assert statuses() == before


def test_discarding_a_draft_amendment_leaves_the_signed_visit_standing(actor_a, signed):
    draft = services.amend_session(actor_a, signed, reason="Depth typo")

    services.mark_session_entered_in_error(actor_a, draft, reason="Opened by mistake")

    signed.refresh_from_db()
    assert signed.status == RecordStatus.SIGNED
    assert services.amend_session(actor_a, signed, reason="Depth typo, again")


def test_withdrawing_a_signed_visit_withdraws_its_open_amendment_too(actor_a, signed):
    draft = services.amend_session(actor_a, signed, reason="Depth typo")

    services.mark_session_entered_in_error(actor_a, signed, reason="Wrong patient")

    draft.refresh_from_db()
    assert draft.status == RecordStatus.ENTERED_IN_ERROR
    with pytest.raises(services.SessionLocked):
        services.sign_session(actor_a, draft)


def test_an_amendment_cannot_revive_a_withdrawn_visit(actor_a, signed):
    draft = services.amend_session(actor_a, signed, reason="Depth typo")
    NeedlingSession.objects.filter(pk=signed.pk).update(status=RecordStatus.ENTERED_IN_ERROR)
    NeedlingSession.objects.filter(pk=draft.pk).update(status=RecordStatus.DRAFT)

    with pytest.raises(services.SessionLocked, match="no longer the signed record"):
        services.sign_session(actor_a, draft)

    assert statuses() == [RecordStatus.ENTERED_IN_ERROR, RecordStatus.DRAFT]


def test_an_unresolved_needle_mismatch_blocks_signing_until_resolved(actor_a, episode):
    two = dataclasses.replace(MULTIFIDUS, needle_count=2)
    data = session_input(insertions=[two], needles_out=2)
    session = services.start_session(actor_a, episode)
    services.save_session(actor_a, session, data)
    event = services.record_needle_mismatch(
        actor_a, session, needles_out=1, action="Searched the couch, not found"
    )

    with pytest.raises(services.SessionBlocked) as caught:
        services.sign_session(actor_a, session)
    assert caught.value.codes == ["needle_event_open"]
    services.resolve_needle_event(
        actor_a, event, needles_accounted=2, note="Found in the sharps tray"
    )

    assert services.sign_session(actor_a, session).status == RecordStatus.SIGNED


def test_an_amendment_of_a_safe_visit_signs_on_the_facts_of_that_visit(
    actor_a, signed, time_machine
):
    time_machine.move_to(timezone.now() + timedelta(days=400), tick=False)  # profile overdue now
    draft = services.amend_session(actor_a, signed, reason="Retention time missing")
    services.save_session(actor_a, draft, session_input(notes="Retained 10 minutes."))

    assert services.sign_session(actor_a, draft).status == RecordStatus.SIGNED


def test_an_amendment_that_adds_needling_is_judged_on_the_visits_facts(actor_a, patient_a, episode):
    # At the visit a week ago the right side beside the spine was infected.
    make_profile(actor_a, patient_a, local_infection_regions=["lumbar_paraspinal:right"])
    backdate_safety(patient_a, days=10)
    signed = make_signed_session(actor_a, episode, performed_on=actor_a.today() - timedelta(days=7))
    make_profile(actor_a, patient_a)  # cleared since: does not rescue the visit
    draft = services.amend_session(actor_a, signed, reason="The right side was needled too")
    right = dataclasses.replace(MULTIFIDUS, side="right")

    with pytest.raises(services.SessionBlocked) as caught:
        services.save_session(
            actor_a, draft, session_input(insertions=[MULTIFIDUS, right], needles_out=2)
        )
    assert caught.value.codes == ["contraindication"]

    services.begin_incident_record(actor_a, draft, explanation="Right side needled in error.")
    services.save_session(
        actor_a, draft, session_input(insertions=[MULTIFIDUS, right], needles_out=2)
    )
    with pytest.raises(services.SessionBlocked) as refused:
        services.sign_session(actor_a, draft)  # never as an ordinary session
    assert refused.value.incident_only
    signed_again = services.sign_session(actor_a, draft, as_incident=True)
    assert signed_again.incident.reasons[0]["code"] == "contraindication"


def test_a_session_opened_from_an_appointment_is_dated_on_the_visit_and_amendments_keep_it(
    actor_a, clinician_a, patient_a, episode, time_machine
):
    time_machine.move_to(datetime(2026, 11, 20, 9, 0, tzinfo=UTC), tick=False)  # a Friday
    location = actor_a.clinic.locations.create(name="Main", address_line="1 Road", city="Town")
    setup_clinic_hours(actor_a.clinic)
    setup_availability(clinician_a, location)
    appointment = appointment_services.book_appointment(
        actor_a,
        patient=patient_a,
        clinician=clinician_a.user,
        location=location,
        starts_at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
        minutes=30,
        kind="needling_session",
        episode=episode,
    )
    time_machine.move_to(datetime(2026, 11, 21, 9, 0, tzinfo=UTC), tick=False)

    session = services.start_session(actor_a, episode, appointment=appointment)

    assert session.performed_on.isoformat() == "2026-11-20"
    services.save_session(actor_a, session, session_input())
    services.sign_session(actor_a, session)
    amendment = services.amend_session(actor_a, session, reason="Depth typo")
    assert amendment.appointment == appointment
