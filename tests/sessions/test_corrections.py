"""Amendments, withdrawals and visits: the record of a visit stays the record of that visit."""

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from taut.appointments import services as appointment_services
from taut.appointments.demo import setup_availability, setup_clinic_hours
from taut.sessions import services
from taut.sessions.models import NeedlingSession, SessionStatus
from taut.sessions.services import SessionInput
from tests.builders import make_episode
from tests.sessions.builders import MULTIFIDUS, make_signed_session, ready_to_needle


@pytest.fixture
def episode(actor_a, patient_a):
    ready_to_needle(actor_a, patient_a)
    return make_episode(actor_a, patient_a)


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
    assert signed.status == SessionStatus.SIGNED
    assert services.amend_session(actor_a, signed, reason="Depth typo, again")


def test_withdrawing_a_signed_visit_withdraws_its_open_amendment_too(actor_a, signed):
    draft = services.amend_session(actor_a, signed, reason="Depth typo")

    services.mark_session_entered_in_error(actor_a, signed, reason="Wrong patient")

    draft.refresh_from_db()
    assert draft.status == SessionStatus.ENTERED_IN_ERROR
    with pytest.raises(services.SessionLocked):
        services.sign_session(actor_a, draft)


def test_an_amendment_cannot_revive_a_withdrawn_visit(actor_a, signed):
    draft = services.amend_session(actor_a, signed, reason="Depth typo")
    NeedlingSession.objects.filter(pk=signed.pk).update(status=SessionStatus.ENTERED_IN_ERROR)
    NeedlingSession.objects.filter(pk=draft.pk).update(status=SessionStatus.DRAFT)

    with pytest.raises(services.SessionLocked, match="no longer the signed record"):
        services.sign_session(actor_a, draft)

    assert statuses() == [SessionStatus.ENTERED_IN_ERROR, SessionStatus.DRAFT]


def test_an_unresolved_needle_mismatch_blocks_signing_until_resolved(actor_a, episode):
    two = dataclasses.replace(MULTIFIDUS, needle_count=2)
    data = SessionInput(
        new_red_flags=False,
        medication_changes=False,
        side_effects_since_last=False,
        nprs_before=6,
        position="prone",
        skin_cleaned=True,
        insertions=[two],
        needles_out=2,
    )
    session = services.start_session(actor_a, episode)
    services.save_session(actor_a, session, data)
    services.record_needle_mismatch(
        actor_a, session, needles_out=1, action="Searched the couch, not found", resolved=False
    )

    with pytest.raises(services.SessionBlocked, match="unresolved"):
        services.sign_session(actor_a, session)
    services.record_needle_mismatch(
        actor_a, session, needles_out=2, action="Found in the sharps tray", resolved=True
    )

    assert services.sign_session(actor_a, session).status == SessionStatus.SIGNED


def test_a_documentation_amendment_is_not_gated_on_todays_safety_state(
    actor_a, signed, time_machine
):
    time_machine.move_to(timezone.now() + timedelta(days=400), tick=False)  # profile overdue
    draft = services.amend_session(actor_a, signed, reason="Retention time missing")

    assert services.sign_session(actor_a, draft).status == SessionStatus.SIGNED


def test_an_amendment_that_changes_what_was_needled_is_gated_again(actor_a, signed, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=400), tick=False)
    draft = services.amend_session(actor_a, signed, reason="The right side was needled too")
    right = dataclasses.replace(MULTIFIDUS, side="right")
    services.save_session(
        actor_a,
        draft,
        SessionInput(
            new_red_flags=False,
            medication_changes=False,
            side_effects_since_last=False,
            nprs_before=6,
            position="prone",
            skin_cleaned=True,
            insertions=[MULTIFIDUS, right],
            needles_out=2,
        ),
    )

    with pytest.raises(services.SessionBlocked, match="recheck"):
        services.sign_session(actor_a, draft)


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
    services.save_session(
        actor_a,
        session,
        SessionInput(
            new_red_flags=False,
            medication_changes=False,
            side_effects_since_last=False,
            nprs_before=6,
            position="prone",
            skin_cleaned=True,
            insertions=[MULTIFIDUS],
            needles_out=1,
        ),
    )
    services.sign_session(actor_a, session)
    amendment = services.amend_session(actor_a, session, reason="Depth typo")
    assert amendment.appointment == appointment
