"""Every route that once ended with a signed session past an open red flag, missing consent, a
future or far-past date or a needle unaccounted for (issue 9), refused through the services and
the API with its reason; and what must still sign."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest

from taut.appointments import services as appointment_services
from taut.appointments.demo import setup_availability, setup_clinic_hours
from taut.clinical.red_flags import FOLLOW_UPS
from taut.consent.models import Consent
from taut.consent.services import publish_document, withdraw_consent
from taut.lib.records import RecordStatus
from taut.safety import services as safety_services
from taut.safety.models import RedFlagFinding, RedFlagScreen, SafetyProfile
from taut.safety.queries import open_findings
from taut.sessions import services
from taut.sessions.models import NeedleMismatch, NeedlingSession, SafetyIncident
from tests.builders import actor_for, make_episode, make_patient
from tests.consent.builders import make_consent
from tests.safety.builders import EMERGENCY, all_no, make_profile, make_screen
from tests.sessions.builders import (
    MULTIFIDUS,
    backdate_safety,
    make_signed_session,
    ready_to_needle,
    session_input,
    start_past,
)

NOT_ASKED = dict.fromkeys(all_no())  # every question "not asked"


@pytest.fixture
def episode(actor_a, patient_a):
    today = actor_a.today()
    return make_episode(
        actor_a,
        patient_a,
        onset_on=today - timedelta(days=90),
        started_on=today - timedelta(days=60),
    )


@pytest.fixture
def ready(actor_a, patient_a, episode):
    ready_to_needle(actor_a, patient_a, since_days=45)
    return episode


def snapshot():
    return list(NeedlingSession.objects.order_by("id").values_list("status", "needled_at"))


def refused_codes(actor, session, data=None):
    """Try to record the needling and sign it; return the refusal's codes."""
    try:
        services.save_session(actor, session, data or session_input())
        services.sign_session(actor, session)
    except services.SessionBlocked as exc:
        return exc.codes
    raise AssertionError("the session was signed")


# --- Red flags -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("later", "codes"),
    [
        # A screen with nothing answered screens nothing, and clears nothing either.
        pytest.param(NOT_ASKED, ["no_screen", "red_flag_open"], id="every-question-not-asked"),
        pytest.param(
            {**all_no(), "CES-1": None}, ["red_flag_open"], id="only-cauda-equina-not-asked"
        ),
        pytest.param(all_no(), ["red_flag_open"], id="every-question-no"),
    ],
)
def test_a_later_clinician_screen_does_not_clear_an_emergency(
    actor_a, patient_a, ready, later, codes
):
    make_screen(actor_a, patient_a, EMERGENCY)
    safety_services.record_red_flag_screen(actor_a, patient_a, answers=later)
    session = services.start_session(actor_a, ready)

    assert refused_codes(actor_a, session) == codes
    assert snapshot() == [(RecordStatus.DRAFT, None)]


def test_the_patients_own_no_at_intake_does_not_clear_a_clinicians_finding(
    actor_a, patient_a, ready
):
    make_screen(actor_a, patient_a, EMERGENCY)
    safety_services.record_intake_screen(clinic=actor_a.clinic, patient=patient_a, answers=all_no())

    assert refused_codes(actor_a, services.start_session(actor_a, ready)) == ["red_flag_open"]


def test_referred_is_not_a_clearance_and_the_same_day_needling_is_refused(
    actor_a, patient_a, ready
):
    make_screen(actor_a, patient_a, EMERGENCY)
    safety_services.record_finding_action(
        actor_a,
        patient_a,
        findings=open_findings(actor_a, patient_a),
        action="referred",
        note="Sent to A&E at 10:20.",
    )

    assert refused_codes(actor_a, services.start_session(actor_a, ready)) == ["red_flag_open"]


def test_seen_and_cleared_with_a_note_lets_needling_go_ahead(actor_a, patient_a, ready):
    make_screen(actor_a, patient_a, EMERGENCY)
    safety_services.record_finding_action(
        actor_a,
        patient_a,
        findings=open_findings(actor_a, patient_a),
        action="seen_and_cleared",
        note="Seen in A&E: no cauda equina; letter scanned.",
    )
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, session_input())

    assert services.sign_session(actor_a, session).status == RecordStatus.SIGNED


# --- Dates -----------------------------------------------------------------------------------


@pytest.fixture
def location_a(clinic_a, clinician_a):
    location = clinic_a.locations.create(name="Main", address_line="1 Road", city="Town")
    setup_clinic_hours(clinic_a)
    setup_availability(clinician_a, location)
    return location


def test_an_old_appointments_visit_is_judged_on_that_days_facts(
    actor_a, clinician_a, patient_a, episode, location_a, time_machine
):
    # A month ago: an emergency flag open and no consent. Both are sorted out since.
    time_machine.move_to(datetime(2026, 11, 3, 8, 0, tzinfo=UTC), tick=False)  # a Tuesday
    make_screen(actor_a, patient_a, EMERGENCY)
    make_profile(actor_a, patient_a)
    appointment = appointment_services.book_appointment(
        actor_a,
        patient=patient_a,
        clinician=clinician_a.user,
        location=location_a,
        starts_at=datetime(2026, 11, 3, 10, 0, tzinfo=UTC),
        minutes=30,
        kind="needling_session",
        episode=episode,
    )
    time_machine.move_to(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), tick=False)
    safety_services.record_finding_action(
        actor_a,
        patient_a,
        findings=open_findings(actor_a, patient_a),
        action="ruled_out",
        note="Examined: no saddle numbness, normal bladder.",
    )
    from taut.consent.services import ensure_default_documents

    ensure_default_documents(actor_a.clinic)
    make_consent(actor_a, patient_a)

    with pytest.raises(services.SessionError, match="say why"):
        services.start_session(actor_a, episode, appointment=appointment)
    session = services.start_session(
        actor_a, episode, appointment=appointment, backdating_reason="Paper notes typed up late."
    )

    assert session.performed_on.isoformat() == "2026-11-03"
    assert session.needled_at == appointment.starts_at
    assert set(refused_codes(actor_a, session)) == {"red_flag_open", "no_consent"}


def test_a_future_appointment_cannot_open_its_session(
    actor_a, clinician_a, patient_a, ready, location_a
):
    appointment = appointment_services.book_appointment(
        actor_a,
        patient=patient_a,
        clinician=clinician_a.user,
        location=location_a,
        starts_at=datetime.combine(
            actor_a.today() + timedelta(days=7), time(10, 0), tzinfo=actor_a.clinic.zone
        ),
        minutes=30,
        kind="needling_session",
        episode=ready,
    )

    with pytest.raises(services.SessionError) as caught:
        services.start_session(actor_a, ready, appointment=appointment)

    assert caught.value.field == "performed_on"
    assert not NeedlingSession.objects.exists()


def booked(actor, clinician, patient, episode, location, starts_at):
    return appointment_services.book_appointment(
        actor,
        patient=patient,
        clinician=clinician.user,
        location=location,
        starts_at=starts_at,
        minutes=30,
        kind="needling_session",
        episode=episode,
    )


def test_a_past_visit_from_an_appointment_keeps_the_appointments_day(
    actor_a, clinician_a, patient_a, ready, location_a, time_machine
):
    time_machine.move_to(datetime(2026, 11, 24, 8, 0, tzinfo=UTC), tick=False)
    appointment = booked(
        actor_a,
        clinician_a,
        patient_a,
        ready,
        location_a,
        datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
    )
    time_machine.move_to(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), tick=False)
    other_day = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)

    with pytest.raises(services.SessionError) as caught:
        services.start_session(
            actor_a,
            ready,
            appointment=appointment,
            performed_on=other_day.date(),
            needled_at=other_day,
        )

    assert caught.value.field == "performed_on"
    assert not NeedlingSession.objects.exists()


def test_an_appointment_of_another_episode_cannot_open_a_session(
    actor_a, clinician_a, patient_a, ready, location_a, time_machine
):
    time_machine.move_to(datetime(2026, 12, 3, 8, 0, tzinfo=UTC), tick=False)
    someone_else = make_patient(actor_a)
    other = make_episode(actor_a, someone_else, started_on=actor_a.today() - timedelta(days=5))
    appointment = booked(
        actor_a,
        clinician_a,
        someone_else,
        other,
        location_a,
        datetime(2026, 12, 3, 10, 0, tzinfo=UTC),
    )

    with pytest.raises(services.SessionError, match="not one of this episode"):
        services.start_session(actor_a, ready, appointment=appointment)

    assert not NeedlingSession.objects.exists()


def test_a_session_written_up_after_todays_appointment_is_judged_at_its_start(
    actor_a, clinician_a, patient_a, ready, location_a, time_machine
):
    time_machine.move_to(datetime(2026, 12, 3, 7, 0, tzinfo=UTC), tick=False)
    appointment = booked(
        actor_a, clinician_a, patient_a, ready, location_a, datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    )
    time_machine.move_to(datetime(2026, 12, 3, 16, 0, tzinfo=UTC), tick=False)

    session = services.start_session(actor_a, ready, appointment=appointment)
    services.save_session(actor_a, session, session_input())

    assert NeedlingSession.objects.get().needled_at == appointment.starts_at


def test_a_cancelled_appointment_opens_no_session(
    actor_a, clinician_a, patient_a, ready, location_a, time_machine
):
    time_machine.move_to(datetime(2026, 11, 24, 8, 0, tzinfo=UTC), tick=False)
    appointment = booked(
        actor_a,
        clinician_a,
        patient_a,
        ready,
        location_a,
        datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
    )
    appointment_services.cancel(actor_a, appointment, reason="Unwell")
    time_machine.move_to(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), tick=False)

    with pytest.raises(services.SessionError) as caught:
        services.start_session(actor_a, ready, appointment=appointment)

    assert caught.value.field == "appointment"
    assert not NeedlingSession.objects.exists()


def test_a_session_whose_appointment_is_cancelled_after_it_opened_does_not_sign(
    actor_a, clinician_a, patient_a, ready, location_a, time_machine
):
    time_machine.move_to(datetime(2026, 12, 3, 8, 0, tzinfo=UTC), tick=False)
    later_today = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    appointment = booked(actor_a, clinician_a, patient_a, ready, location_a, later_today)
    session = services.start_session(actor_a, ready, appointment=appointment)
    appointment_services.cancel(actor_a, appointment, reason="Patient rang")
    services.save_session(actor_a, session, session_input())

    with pytest.raises(services.SessionBlocked) as refused:
        services.sign_session(actor_a, session)

    assert "cancelled" in refused.value.reasons[0]
    assert NeedlingSession.objects.get().status == RecordStatus.DRAFT


@pytest.mark.parametrize("days", [900, 61])
def test_a_visit_before_the_episode_began_is_refused(actor_a, ready, days):
    with pytest.raises(services.SessionError, match="episode began"):
        start_past(actor_a, ready, days)

    assert not NeedlingSession.objects.exists()


def test_a_visit_past_the_clinics_limit_needs_a_reason_shown_on_the_record(actor_a, ready):
    with pytest.raises(services.SessionError, match="say why") as caught:
        start_past(actor_a, ready, 10, backdating_reason="")
    assert caught.value.field == "backdating_reason"

    session = start_past(actor_a, ready, 10, backdating_reason="Typed up from paper notes.")
    services.save_session(actor_a, session, session_input())
    signed = services.sign_session(actor_a, session)

    assert signed.backdating_reason == "Typed up from paper notes."


def test_a_stated_needling_time_cannot_be_in_the_future(actor_a, episode, morning):
    session = services.start_session(actor_a, episode)
    later = MORNING + timedelta(hours=2)  # still the visit's day (the clock is held at 10:00)

    with pytest.raises(services.SessionError, match="future"):
        services.save_session(actor_a, session, session_input(needled_at=later))

    assert snapshot() == [(RecordStatus.DRAFT, None)]


# --- The needling time as written ----------------------------------------------------------

MORNING = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # 10:00 in the first clinic's zone


@pytest.fixture
def morning(actor_a, patient_a, episode, time_machine):
    """Ready to needle, at 10:00 local; the test moves the clock on with ``at``."""
    time_machine.move_to(MORNING, tick=False)
    ready_to_needle(actor_a, patient_a, since_days=45)

    def at(minutes):
        time_machine.move_to(MORNING + timedelta(minutes=minutes), tick=False)

    return at


def test_a_needling_time_stated_before_a_flag_already_recorded_is_refused(
    actor_a, patient_a, episode, morning
):
    session = services.start_session(actor_a, episode)
    morning(30)
    make_screen(actor_a, patient_a, EMERGENCY)
    morning(40)

    with pytest.raises(services.SessionBlocked) as caught:
        services.save_session(actor_a, session, session_input(needled_at=MORNING))

    assert caught.value.codes == ["red_flag_open"]
    assert caught.value.incident_only
    assert snapshot() == [(RecordStatus.DRAFT, None)]


def test_notes_written_after_a_flag_keep_the_needling_that_came_before_it(
    actor_a, patient_a, episode, morning
):
    session = services.start_session(actor_a, episode)
    services.save_session(actor_a, session, session_input())
    morning(30)
    make_screen(actor_a, patient_a, EMERGENCY)
    morning(40)
    services.save_session(actor_a, session, session_input(needled_at=MORNING, notes="Sore."))

    assert services.sign_session(actor_a, session).needled_at == MORNING


def test_a_site_added_after_a_flag_was_recorded_is_refused(actor_a, patient_a, episode, morning):
    session = services.start_session(actor_a, episode)
    services.save_session(actor_a, session, session_input())
    morning(30)
    make_screen(actor_a, patient_a, EMERGENCY)
    more = MULTIFIDUS.__class__(**{**MULTIFIDUS.__dict__, "side": "right"})

    with pytest.raises(services.SessionBlocked) as caught:
        services.save_session(actor_a, session, session_input(insertions=[MULTIFIDUS, more]))

    assert caught.value.codes == ["red_flag_open"]
    assert session.insertions.count() == 1


def test_clearing_todays_insertions_lets_the_next_ones_stamp_their_own_time(
    actor_a, episode, morning
):
    session = services.start_session(actor_a, episode)
    services.save_session(actor_a, session, session_input())
    morning(10)
    services.save_session(actor_a, session, session_input(insertions=[], needled_at=MORNING))
    assert NeedlingSession.objects.get().needled_at is None
    morning(60)
    services.save_session(actor_a, session, session_input())

    assert NeedlingSession.objects.get().needled_at == MORNING + timedelta(minutes=60)


STIMULATED = MULTIFIDUS.__class__(
    **{
        **MULTIFIDUS.__dict__,
        "estim": True,
        "estim_channel": "A",
        "estim_frequency_hz": 2,
        "estim_pulse_width_us": 250,
        "estim_intensity_ma": 2,
        "estim_minutes": 15,
    }
)


def test_stimulation_never_begins_before_the_needles_went_in(actor_a, patient_a, episode, morning):
    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    stimulated = STIMULATED
    session = services.start_session(actor_a, episode)
    morning(20)
    services.save_session(actor_a, session, session_input(insertions=[stimulated]))
    later = MORNING + timedelta(minutes=25)
    morning(30)
    services.save_session(
        actor_a, session, session_input(insertions=[stimulated], needled_at=later)
    )

    saved = NeedlingSession.objects.get()
    assert (saved.needled_at, saved.stimulated_at) == (later, later)


def test_an_amendment_keeps_the_time_the_needles_went_in(actor_a, episode, morning):
    signed = make_signed_session(actor_a, episode)
    morning(30)
    draft = services.amend_session(actor_a, signed, reason="Add the retention time")
    earlier = MORNING - timedelta(hours=1)

    with pytest.raises(services.SessionError) as caught:
        services.save_session(actor_a, draft, session_input(needled_at=earlier))
    assert caught.value.field == "needled_at"

    same_minute = MORNING + timedelta(seconds=30)
    services.save_session(actor_a, draft, session_input(needled_at=same_minute, notes="10 min."))
    assert NeedlingSession.objects.get(pk=draft.pk).needled_at == MORNING


def clear_flags(actor, patient):
    safety_services.record_finding_action(
        actor,
        patient,
        findings=open_findings(actor, patient),
        action="ruled_out",
        note="Examined: no saddle numbness, normal bladder.",
    )


@pytest.fixture
def incident_at_ten(actor_a, patient_a, episode, morning):
    """At 10:00 the needles went in with an emergency flag open since 09:30, recorded truthfully
    as an incident; at 11:00 the flag is ruled out. The clock is then at 11:05."""
    morning(-30)
    make_screen(actor_a, patient_a, EMERGENCY)
    morning(0)
    session = services.start_session(actor_a, episode)
    services.save_session(
        actor_a, session, session_input(incident_explanation="Needled before reading the screen.")
    )
    morning(60)
    clear_flags(actor_a, patient_a)
    morning(65)
    return session


def test_an_incidents_needling_time_cannot_move_later(actor_a, incident_at_ten):
    later = MORNING + timedelta(minutes=65)

    with pytest.raises(services.SessionError) as caught:
        services.save_session(actor_a, incident_at_ten, session_input(needled_at=later))

    assert caught.value.field == "needled_at"
    assert NeedlingSession.objects.get().needled_at == MORNING


def test_clearing_an_incidents_insertions_keeps_its_time_and_it_stays_an_incident(
    actor_a, incident_at_ten
):
    services.save_session(actor_a, incident_at_ten, session_input(insertions=[]))
    services.save_session(actor_a, incident_at_ten, session_input())

    with pytest.raises(services.SessionBlocked) as caught:
        services.sign_session(actor_a, incident_at_ten)
    assert caught.value.codes == ["red_flag_open"]
    signed = services.sign_session(actor_a, incident_at_ten, as_incident=True)

    assert signed.needled_at == MORNING
    assert SafetyIncident.objects.get().session == signed


def test_a_stated_time_survives_a_save_without_insertions(actor_a, episode, morning):
    morning(120)
    session = services.start_session(
        actor_a, episode, performed_on=actor_a.today(), needled_at=MORNING
    )
    services.save_session(actor_a, session, session_input(insertions=[]))

    assert NeedlingSession.objects.get().needled_at == MORNING


def test_a_draft_of_yesterday_saved_today_asks_when_the_needles_went_in(
    actor_a, episode, morning, time_machine
):
    session = services.start_session(actor_a, episode)  # 3 Dec, left empty
    time_machine.move_to(MORNING + timedelta(days=1), tick=False)

    with pytest.raises(services.SessionError) as caught:
        services.save_session(actor_a, session, session_input())
    assert caught.value.field == "needled_at"
    assert not session.insertions.exists()

    services.save_session(actor_a, session, session_input(needled_at=MORNING))
    assert NeedlingSession.objects.get().needled_at == MORNING


def test_a_stated_stimulation_start_is_judged_for_its_consent(actor_a, patient_a, episode, morning):
    session = services.start_session(actor_a, episode)
    services.save_session(actor_a, session, session_input())
    morning(20)
    make_consent(actor_a, patient_a, kind="electrical_stimulation")  # 10:20
    morning(25)
    began = MORNING + timedelta(minutes=5)  # stimulation in fact began at 10:05
    data = session_input(insertions=[STIMULATED], stimulated_at=began)

    with pytest.raises(services.SessionBlocked) as caught:
        services.save_session(actor_a, session, data)
    assert caught.value.codes == ["no_estim_consent"]
    services.save_session(
        actor_a, session, replace(data, incident_explanation="Stimulation started before consent.")
    )
    signed = services.sign_session(actor_a, session, as_incident=True)

    assert (signed.stimulated_at, SafetyIncident.objects.get().session) == (began, signed)


def test_stimulation_stated_before_the_needles_is_refused(actor_a, patient_a, episode, morning):
    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    session = services.start_session(actor_a, episode)
    morning(30)
    data = session_input(
        insertions=[STIMULATED],
        needled_at=MORNING + timedelta(minutes=20),
        stimulated_at=MORNING + timedelta(minutes=10),
    )

    with pytest.raises(services.SessionError) as caught:
        services.save_session(actor_a, session, data)

    assert caught.value.field == "stimulated_at"
    assert not session.insertions.exists()


def test_a_needling_time_stated_earlier_does_not_skip_an_override_due_when_written(
    actor_a, patient_a, episode, morning
):
    session = services.start_session(actor_a, episode)
    morning(30)
    make_profile(actor_a, patient_a, anticoagulant_or_antiplatelet=True)
    morning(40)
    services.save_session(actor_a, session, session_input(needled_at=MORNING))

    with pytest.raises(services.SessionBlocked) as caught:
        services.sign_session(actor_a, session)

    assert caught.value.codes == ["anticoagulant_or_antiplatelet"]


def _emergency_at_half_past(actor, patient, morning):
    morning(30)
    make_screen(actor, patient, EMERGENCY)  # 10:30, open


def test_a_flag_recorded_and_cleared_between_the_needles_and_the_write_up_still_counts(
    actor_a, patient_a, episode, morning
):
    session = services.start_session(actor_a, episode)
    _emergency_at_half_past(actor_a, patient_a, morning)
    morning(60)
    clear_flags(actor_a, patient_a)
    morning(65)

    with pytest.raises(services.SessionBlocked) as refused:
        services.save_session(actor_a, session, session_input(needled_at=MORNING))

    assert refused.value.codes == ["red_flag_open"]
    assert not session.insertions.exists()


def test_a_consent_withdrawn_and_given_again_before_the_write_up_still_counts(
    actor_a, patient_a, episode, morning
):
    session = services.start_session(actor_a, episode)
    morning(30)
    withdraw_consent(actor_a, Consent.objects.get(), reason="Changed her mind")
    morning(50)
    make_consent(actor_a, patient_a)
    morning(55)

    with pytest.raises(services.SessionBlocked) as refused:
        services.save_session(actor_a, session, session_input(needled_at=MORNING))

    assert refused.value.codes == ["no_consent"]


def test_a_renewed_consent_withdrawn_before_the_write_up_still_counts(
    actor_a, patient_a, episode, morning
):
    session = services.start_session(actor_a, episode)
    morning(15)
    renewed = make_consent(actor_a, patient_a)
    morning(30)
    withdraw_consent(actor_a, renewed, reason="Changed her mind")
    morning(40)

    with pytest.raises(services.SessionBlocked) as refused:
        services.save_session(actor_a, session, session_input(needled_at=MORNING))

    assert refused.value.codes == ["no_consent"]


def test_needling_written_the_next_day_is_judged_on_the_rest_of_its_day(
    actor_a, patient_a, episode, morning, time_machine
):
    session = services.start_session(actor_a, episode)
    _emergency_at_half_past(actor_a, patient_a, morning)
    time_machine.move_to(MORNING + timedelta(days=1), tick=False)

    with pytest.raises(services.SessionBlocked) as refused:
        services.save_session(actor_a, session, session_input(needled_at=MORNING))

    assert refused.value.codes == ["red_flag_open"]


@pytest.mark.parametrize("next_day", [False, True])
def test_an_incident_rewritten_after_its_flag_is_cleared_still_signs_only_as_one(
    actor_a, patient_a, episode, morning, time_machine, next_day
):
    session = services.start_session(actor_a, episode)
    _emergency_at_half_past(actor_a, patient_a, morning)
    morning(40)
    services.save_session(
        actor_a, session, session_input(needled_at=MORNING, incident_explanation="Flag missed.")
    )
    morning(60)
    clear_flags(actor_a, patient_a)
    morning(65)
    if next_day:
        time_machine.move_to(MORNING + timedelta(days=1), tick=False)
    more = replace(MULTIFIDUS, needle_count=2)
    services.save_session(
        actor_a, session, session_input(insertions=[more], needles_out=2, needled_at=MORNING)
    )

    with pytest.raises(services.SessionBlocked) as refused:
        services.sign_session(actor_a, session)
    signed = services.sign_session(actor_a, session, as_incident=True)

    assert refused.value.incident_only
    assert SafetyIncident.objects.get().session == signed


def test_an_incident_moved_earlier_the_next_day_still_signs_only_as_one(
    actor_a, patient_a, episode, morning, time_machine
):
    session = services.start_session(actor_a, episode)
    _emergency_at_half_past(actor_a, patient_a, morning)
    morning(40)
    services.save_session(actor_a, session, session_input(incident_explanation="Flag missed."))
    time_machine.move_to(MORNING + timedelta(days=1), tick=False)
    services.save_session(actor_a, session, session_input(needled_at=MORNING))

    with pytest.raises(services.SessionBlocked) as refused:
        services.sign_session(actor_a, session)

    assert refused.value.codes == ["red_flag_open"]


def test_unticking_stimulation_on_an_incident_keeps_its_time(actor_a, patient_a, episode, morning):
    session = services.start_session(actor_a, episode)
    morning(5)
    services.save_session(
        actor_a,
        session,
        session_input(insertions=[STIMULATED], incident_explanation="Stimulated before consent."),
    )
    morning(30)
    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    morning(35)
    services.save_session(actor_a, session, session_input(insertions=[MULTIFIDUS]))
    morning(36)
    services.save_session(actor_a, session, session_input(insertions=[STIMULATED]))

    with pytest.raises(services.SessionBlocked) as refused:
        services.sign_session(actor_a, session)

    assert refused.value.codes == ["no_estim_consent"]
    assert NeedlingSession.objects.get().stimulated_at == MORNING + timedelta(minutes=5)


def test_an_amendment_cannot_move_its_stimulation_by_unticking_it(
    actor_a, patient_a, episode, morning
):
    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    session = services.start_session(actor_a, episode)
    services.save_session(actor_a, session, session_input(insertions=[STIMULATED]))
    signed = services.sign_session(actor_a, session)
    morning(60)
    draft = services.amend_session(actor_a, signed, reason="Retention time")
    services.save_session(actor_a, draft, session_input(insertions=[MULTIFIDUS]))

    with pytest.raises(services.SessionError) as refused:
        services.save_session(
            actor_a,
            draft,
            session_input(insertions=[STIMULATED], stimulated_at=MORNING + timedelta(minutes=45)),
        )

    assert refused.value.field == "stimulated_at"
    assert NeedlingSession.objects.get(pk=draft.pk).stimulated_at == MORNING


def test_a_stated_stimulation_time_survives_a_save_without_insertions(
    actor_a, patient_a, episode, morning
):
    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    session = services.start_session(actor_a, episode)
    morning(30)
    began = MORNING + timedelta(minutes=10)
    services.save_session(
        actor_a,
        session,
        session_input(insertions=[STIMULATED], needled_at=MORNING, stimulated_at=began),
    )

    services.save_session(actor_a, session, session_input(insertions=[]))

    assert NeedlingSession.objects.get().stimulated_at == began


def test_a_flag_recorded_before_stimulation_began_blocks_a_past_visit(
    actor_a, patient_a, ready, time_machine
):
    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    backdate_safety(patient_a, days=5)
    on = actor_a.today() - timedelta(days=2)
    needles = datetime.combine(on, time(10, 0), tzinfo=actor_a.clinic.zone)
    session = services.start_session(actor_a, ready, performed_on=on, needled_at=needles)
    flag = make_screen(actor_a, patient_a, EMERGENCY)
    RedFlagScreen.objects.filter(pk=flag.pk).update(recorded_at=needles + timedelta(minutes=10))
    RedFlagFinding.objects.filter(screen=flag).update(recorded_at=needles + timedelta(minutes=10))
    began = needles + timedelta(minutes=20)

    with pytest.raises(services.SessionBlocked) as refused:
        services.save_session(
            actor_a, session, session_input(insertions=[STIMULATED], stimulated_at=began)
        )

    assert refused.value.codes == ["red_flag_open"]


def test_a_screen_answering_only_a_follow_up_is_no_screen(actor_a, patient_a, ready):
    answers = dict(NOT_ASKED)
    answers[next(iter(FOLLOW_UPS))] = False  # its flag not asked: the triage ignores it
    safety_services.record_red_flag_screen(actor_a, patient_a, answers=answers)
    session = services.start_session(actor_a, ready)

    with pytest.raises(services.SessionBlocked) as refused:
        services.save_session(actor_a, session, session_input())

    assert refused.value.codes == ["no_screen"]


def test_stimulation_written_up_later_is_judged_from_the_needles_not_the_write_up(
    actor_a, patient_a, episode, morning
):
    session = services.start_session(actor_a, episode)
    morning(30)
    make_consent(actor_a, patient_a, kind="electrical_stimulation")  # after the stimulation
    morning(60)

    with pytest.raises(services.SessionBlocked) as refused:
        services.save_session(
            actor_a, session, session_input(insertions=[STIMULATED], needled_at=MORNING)
        )

    assert refused.value.codes == ["no_estim_consent"]


def test_stimulation_stamped_on_a_stated_draft_clears_when_unticked(
    actor_a, patient_a, episode, morning
):
    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    session = services.start_session(actor_a, episode)
    morning(60)
    stated = session_input(insertions=[STIMULATED], needled_at=MORNING)
    services.save_session(actor_a, session, stated)

    services.save_session(actor_a, session, session_input(needled_at=MORNING))

    saved = NeedlingSession.objects.get()
    assert (saved.needled_at, saved.stimulated_at) == (MORNING, None)


def test_stating_the_stimulation_time_leaves_a_stamped_needling_time_free(
    actor_a, patient_a, episode, morning
):
    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    session = services.start_session(actor_a, episode)
    services.save_session(actor_a, session, session_input(insertions=[STIMULATED]))
    morning(10)
    began = MORNING + timedelta(minutes=5)
    services.save_session(
        actor_a, session, session_input(insertions=[STIMULATED], stimulated_at=began)
    )
    services.save_session(actor_a, session, session_input(insertions=[]))  # declined
    morning(240)

    services.save_session(actor_a, session, session_input())

    assert NeedlingSession.objects.get().needled_at == MORNING + timedelta(minutes=240)


def test_an_incident_draft_withdrawn_is_listed_for_the_owner(actor_a, patient_a, episode, morning):
    morning(-60)
    make_screen(actor_a, patient_a, EMERGENCY)
    morning(0)
    draft = services.start_session(actor_a, episode)
    services.save_session(actor_a, draft, session_input(incident_explanation="Flag missed."))
    morning(30)
    clear_flags(actor_a, patient_a)

    services.mark_session_entered_in_error(actor_a, draft, reason="Recorded twice")
    again = services.start_session(actor_a, episode)
    services.save_session(actor_a, again, session_input())
    services.sign_session(actor_a, again)

    incident = SafetyIncident.objects.get()
    assert (incident.session, incident.explanation) == (draft, "Flag missed.")
    assert [r["code"] for r in incident.reasons] == ["red_flag_open"]


def test_a_discarded_amendment_of_an_incident_leaves_the_one_incident_listed(
    actor_a, incident_at_ten
):
    signed = services.sign_session(actor_a, incident_at_ten, as_incident=True)
    draft = services.amend_session(actor_a, signed, reason="Notes")

    services.mark_session_entered_in_error(actor_a, draft, reason="Not needed")

    assert SafetyIncident.objects.get().session == signed


def test_a_consent_form_replaced_after_the_visit_leaves_its_write_up_alone(
    actor_a, owner_a, patient_a, episode, morning
):
    session = services.start_session(actor_a, episode)
    morning(300)
    publish_document(
        actor_for(owner_a), kind="dry_needling", title="Consent v2", body="Revised wording."
    )
    morning(420)

    services.save_session(actor_a, session, session_input(needled_at=MORNING))

    assert services.sign_session(actor_a, session).status == RecordStatus.SIGNED


def test_correcting_a_trigger_point_in_an_amendment_does_not_reopen_the_visits_day(
    actor_a, patient_a, episode, morning
):
    lumbar = replace(MULTIFIDUS, trigger_point="multifidus_lumbar")
    session = services.start_session(actor_a, episode)
    services.save_session(actor_a, session, session_input(insertions=[lumbar]))
    signed = services.sign_session(actor_a, session)
    _emergency_at_half_past(actor_a, patient_a, morning)
    morning(60)
    draft = services.amend_session(actor_a, signed, reason="Trigger point")
    other_point = replace(MULTIFIDUS, trigger_point="multifidus_s1")

    services.save_session(actor_a, draft, session_input(insertions=[other_point]))

    assert services.sign_session(actor_a, draft).status == RecordStatus.SIGNED


def test_an_amendment_in_the_hour_the_clocks_go_back_reads_its_time_back(actor_b, time_machine):
    second_half_past_one = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST, New York
    time_machine.move_to(second_half_past_one - timedelta(days=40), tick=False)
    patient = make_patient(actor_b)
    started = (second_half_past_one - timedelta(days=40)).date()
    episode = make_episode(actor_b, patient, onset_on=started, started_on=started)
    ready_to_needle(actor_b, patient, since_days=0)
    time_machine.move_to(second_half_past_one, tick=False)
    session = services.start_session(actor_b, episode)
    services.save_session(actor_b, session, session_input())
    signed = services.sign_session(actor_b, session)
    time_machine.move_to(second_half_past_one + timedelta(days=1), tick=False)
    draft = services.amend_session(actor_b, signed, reason="Notes")
    shown = datetime.combine(draft.performed_on, time(1, 30), tzinfo=actor_b.clinic.zone)

    services.save_session(actor_b, draft, session_input(needled_at=shown, notes="Typed."))

    assert NeedlingSession.objects.get(pk=draft.pk).needled_at == second_half_past_one


def test_an_emergency_screen_entered_in_error_leaves_the_patient_to_be_screened_again(
    actor_a, patient_a, ready
):
    flagged = make_screen(actor_a, patient_a, EMERGENCY)
    safety_services.mark_screen_entered_in_error(actor_a, flagged, reason="Another patient's.")
    session = services.start_session(actor_a, ready)

    assert refused_codes(actor_a, session) == ["no_screen"]
    make_screen(actor_a, patient_a)
    services.save_session(actor_a, session, session_input())
    assert services.sign_session(actor_a, session).status == RecordStatus.SIGNED


def test_a_safe_visit_whose_screen_was_entered_in_error_is_corrected_only_as_an_incident(
    actor_a, patient_a, ready
):
    signed = make_signed_session(actor_a, ready, performed_on=actor_a.today() - timedelta(days=2))
    screen = RedFlagScreen.objects.get()
    safety_services.mark_screen_entered_in_error(actor_a, screen, reason="Another patient's.")
    make_screen(actor_a, patient_a)
    draft = services.amend_session(actor_a, signed, reason="Retention time")
    services.save_session(actor_a, draft, session_input(incident_explanation="Screen was wrong."))

    with pytest.raises(services.SessionBlocked) as caught:
        services.sign_session(actor_a, draft)

    assert caught.value.codes == ["no_screen"]
    assert "marked entered in error" in caught.value.reasons[0]


@pytest.mark.parametrize(
    ("screened_hours_before", "codes"), [(1, []), (30, ["new_red_flags_reported"])]
)
def test_new_red_flags_at_a_past_visit_are_answered_by_a_screen_that_day(
    actor_a, patient_a, ready, screened_hours_before, codes
):
    session = start_past(actor_a, ready, 3)  # needled at 10:00 that day
    screen = make_screen(actor_a, patient_a)
    RedFlagScreen.objects.filter(pk=screen.pk).update(
        recorded_at=session.needled_at - timedelta(hours=screened_hours_before)
    )
    data = session_input(new_red_flags=True)

    if codes:
        assert refused_codes(actor_a, session, data) == codes
    else:
        services.save_session(actor_a, session, data)
        assert services.sign_session(actor_a, session).status == RecordStatus.SIGNED


def test_a_record_opened_on_the_day_signs_after_the_clinics_limit_without_a_reason(
    actor_a, ready, time_machine
):
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, session_input())
    limit = actor_a.clinic.backdate_limit_days
    time_machine.move_to(datetime.now(UTC) + timedelta(days=limit + 3))

    assert services.sign_session(actor_a, session).status == RecordStatus.SIGNED


def test_a_second_visit_the_same_day_is_blocked_by_the_first_visits_lost_needle(actor_a, ready):
    morning = make_signed_session(actor_a, ready)
    services.record_needle_mismatch(actor_a, morning, needles_out=0, action="Still searching.")
    afternoon = services.start_session(actor_a, ready)

    assert afternoon.pk != morning.pk
    assert refused_codes(actor_a, afternoon) == ["needle_unaccounted"]


# --- Facts after the visit -------------------------------------------------------------------


def test_an_amendment_of_a_past_safe_visit_signs_after_consent_is_withdrawn(
    actor_a, patient_a, ready
):
    signed = make_signed_session(actor_a, ready, performed_on=actor_a.today() - timedelta(days=5))
    withdraw_consent(actor_a, Consent.objects.get(), reason="The patient stopped treatment.")
    draft = services.amend_session(actor_a, signed, reason="Retention time missing")
    services.save_session(actor_a, draft, session_input(notes="Retained 10 minutes."))

    assert services.sign_session(actor_a, draft).status == RecordStatus.SIGNED


def test_consent_given_after_the_visit_does_not_rescue_it(actor_a, patient_a, episode):
    make_screen(actor_a, patient_a)
    make_profile(actor_a, patient_a)
    backdate_safety(patient_a, days=20)
    session = start_past(actor_a, episode, 5)
    from taut.consent.services import ensure_default_documents

    ensure_default_documents(actor_a.clinic)
    make_consent(actor_a, patient_a)  # today, after that visit

    assert refused_codes(actor_a, session) == ["no_consent"]


# --- Needles ---------------------------------------------------------------------------------


def three_needles(**changes):
    three = MULTIFIDUS.__class__(**{**MULTIFIDUS.__dict__, "needle_count": 3})
    return session_input(insertions=[three], **changes)


def test_a_lost_needle_on_a_signed_session_survives_the_next_amendment(actor_a, ready):
    signed = make_signed_session(actor_a, ready, performed_on=actor_a.today() - timedelta(days=2))
    services.record_needle_mismatch(
        actor_a, signed, needles_out=0, action="The needle was not found after the visit."
    )
    draft = services.amend_session(actor_a, signed, reason="Record the lost needle")

    with pytest.raises(services.SessionBlocked) as caught:
        services.sign_session(actor_a, draft)

    assert caught.value.codes == ["needle_event_open"]
    assert NeedlingSession.objects.get(pk=signed.pk).status == RecordStatus.SIGNED


def test_an_open_needle_event_blocks_the_patients_next_needling(actor_a, ready):
    signed = make_signed_session(actor_a, ready, performed_on=actor_a.today() - timedelta(days=2))
    services.record_needle_mismatch(actor_a, signed, needles_out=0, action="Not found.")

    assert refused_codes(actor_a, services.start_session(actor_a, ready)) == ["needle_unaccounted"]


def test_a_duplicate_draft_withdrawn_leaves_the_visits_lost_needle_open(actor_a, ready):
    draft = services.start_session(actor_a, ready)
    services.save_session(actor_a, draft, three_needles(needles_out=2))
    services.record_needle_mismatch(actor_a, draft, needles_out=2, action="One missing.")
    services.mark_session_entered_in_error(actor_a, draft, reason="Opened twice; a duplicate.")
    fresh = services.start_session(actor_a, ready)

    assert refused_codes(actor_a, fresh, three_needles(needles_out=3)) == ["needle_event_open"]


def test_a_mismatch_resolved_with_two_of_three_does_not_sign_three_out(actor_a, ready):
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, three_needles(needles_out=2))
    event = services.record_needle_mismatch(actor_a, session, needles_out=2, action="Searched.")
    services.resolve_needle_event(
        actor_a, event, needles_accounted=2, note="Not found; patient told and checked."
    )

    assert refused_codes(actor_a, session, three_needles(needles_out=3)) == [
        "needle_count_disagrees"
    ]
    services.save_session(actor_a, session, three_needles(needles_out=2))
    assert services.sign_session(actor_a, session).status == RecordStatus.SIGNED


@pytest.mark.parametrize(
    ("needles_out", "outcome", "says"),
    [
        (3, {}, "no mismatch"),
        (3, {"all_found": True}, "before the search"),
        (3, {"search_ended": True}, "no mismatch"),
        (4, {}, "more than the 3"),
        (4, {"all_found": True}, "more than the 3"),
    ],
)
def test_a_needle_event_needs_a_real_shortfall(actor_a, ready, needles_out, outcome, says):
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, three_needles(needles_out=2))

    with pytest.raises(services.SessionError, match=says) as caught:
        services.record_needle_mismatch(
            actor_a, session, needles_out=needles_out, action="Counted.", **outcome
        )

    assert caught.value.field == "needles_out"
    assert not NeedleMismatch.objects.exists()


def test_a_needle_event_needs_needles_saved_first(actor_a, ready):
    session = services.start_session(actor_a, ready)

    with pytest.raises(services.SessionError, match="save the insertions"):
        services.record_needle_mismatch(actor_a, session, needles_out=0, action="Counted.")

    assert not NeedleMismatch.objects.exists()


def test_a_needle_never_found_can_be_recorded_found_later_once(actor_a, ready):
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, three_needles(needles_out=2))
    event = services.record_needle_mismatch(
        actor_a, session, needles_out=2, action="Searched room.", search_ended=True
    )
    services.save_session(actor_a, session, three_needles(needles_out=2))
    services.sign_session(actor_a, session)

    found = services.record_needle_found(
        actor_a, event, note="Patient found it in her sock at home; skin checked, no wound."
    )
    with pytest.raises(services.SessionError, match="already"):
        services.record_needle_found(actor_a, event, note="Again.")

    assert (found.needles_accounted, found.found_note[:7]) == (2, "Patient")
    assert NeedlingSession.objects.get().status == RecordStatus.SIGNED


@pytest.mark.parametrize("outcome", [{}, {"all_found": True}])
def test_only_a_needle_closed_as_never_found_can_be_found_later(actor_a, ready, outcome):
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, three_needles(needles_out=2))
    event = services.record_needle_mismatch(
        actor_a, session, needles_out=2, action="Searched.", **outcome
    )

    with pytest.raises(services.SessionError, match="never found"):
        services.record_needle_found(actor_a, event, note="Found.")

    assert NeedleMismatch.objects.get().found_at is None


def test_no_new_event_can_count_back_a_needle_closed_as_never_found(actor_a, ready):
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, three_needles(needles_out=2))
    services.record_needle_mismatch(
        actor_a, session, needles_out=2, action="Searched.", search_ended=True
    )

    with pytest.raises(services.SessionError, match="found later"):
        services.record_needle_mismatch(
            actor_a, session, needles_out=2, action="Recount.", all_found=True
        )

    assert NeedleMismatch.objects.count() == 1
    assert refused_codes(actor_a, session, three_needles(needles_out=3)) == [
        "needle_count_disagrees"
    ]


def test_a_second_visit_the_same_day_lists_only_its_own_needle_events(actor_a, ready):
    from taut.sessions.queries import visit_needle_events

    morning = make_signed_session(actor_a, ready)
    lost = services.record_needle_mismatch(actor_a, morning, needles_out=0, action="Searching.")
    afternoon = services.start_session(actor_a, ready)

    assert visit_needle_events(morning) == [lost]
    assert visit_needle_events(afternoon) == []


# --- Kernel corrections, as the app meets them -----------------------------------------------


def test_lymphoedema_of_the_left_leg_blocks_left_gluteal_needling(actor_a, patient_a, ready):
    make_profile(actor_a, patient_a, lymphoedema_regions=["calf:left"])
    gluteal = MULTIFIDUS.__class__(**{**MULTIFIDUS.__dict__, "muscle": "gluteus_medius"})
    session = services.start_session(actor_a, ready)

    assert refused_codes(actor_a, session, session_input(insertions=[gluteal])) == [
        "contraindication"
    ]


# --- Safety incidents ------------------------------------------------------------------------


def test_needling_that_broke_the_gate_is_signed_only_as_a_safety_incident(
    actor_a, patient_a, episode
):
    make_screen(actor_a, patient_a)
    make_profile(actor_a, patient_a)
    backdate_safety(patient_a, days=10)  # no consent was ever taken
    session = start_past(actor_a, episode, 3)

    with pytest.raises(services.SessionBlocked):
        services.save_session(actor_a, session, session_input())
    services.begin_incident_record(actor_a, session, explanation="Consent was not signed first.")
    services.save_session(actor_a, session, session_input())
    with pytest.raises(services.SessionBlocked) as caught:
        services.sign_session(actor_a, session)
    assert caught.value.incident_only
    signed = services.sign_session(actor_a, session, as_incident=True)

    incident = SafetyIncident.objects.get()
    assert (signed.status, incident.session, incident.reasons[0]["code"]) == (
        RecordStatus.SIGNED,
        signed,
        "no_consent",
    )
    assert incident.explanation == "Consent was not signed first."


def signed_incident(actor, patient, episode):
    """A visit three days ago, needled under blood thinners without the override: an incident."""
    profile = make_profile(actor, patient, anticoagulant_or_antiplatelet=True)
    SafetyProfile.objects.filter(pk=profile.pk).update(
        confirmed_at=profile.confirmed_at - timedelta(days=10)
    )
    session = start_past(actor, episode, 3)
    services.save_session(actor, session, session_input())
    services.begin_incident_record(actor, session, explanation="Forgot to record the override.")
    signed = services.sign_session(actor, session, as_incident=True)
    assert SafetyIncident.objects.filter(session=signed).exists()
    return signed


def test_an_amendment_of_an_incident_stays_an_incident_when_it_now_passes(
    actor_a, patient_a, ready
):
    first = signed_incident(actor_a, patient_a, ready)
    draft = services.amend_session(actor_a, first, reason="Record the override")
    overridden = session_input(
        overridden=["anticoagulant_or_antiplatelet"], override_reason="INR checked."
    )
    services.save_session(actor_a, draft, overridden)

    with pytest.raises(services.SessionBlocked) as caught:
        services.sign_session(actor_a, draft)
    assert caught.value.codes == ["amends_incident"]
    assert caught.value.incident_only
    services.sign_session(actor_a, draft, as_incident=True)

    earlier, latest = SafetyIncident.objects.order_by("id")
    assert (latest.session, latest.previous) == (draft, earlier)
    assert latest.reasons == earlier.reasons
    assert NeedlingSession.objects.get(pk=first.pk).status == RecordStatus.AMENDED


def test_an_incident_amendment_still_breaking_the_gate_lists_its_reasons(actor_a, patient_a, ready):
    first = signed_incident(actor_a, patient_a, ready)
    draft = services.amend_session(actor_a, first, reason="Add the retention time")
    services.save_session(actor_a, draft, session_input(notes="Retained 10 min."))

    with pytest.raises(services.SessionBlocked) as caught:
        services.sign_session(actor_a, draft)

    assert caught.value.codes == ["anticoagulant_or_antiplatelet", "amends_incident"]
    assert SafetyIncident.objects.count() == 1


# --- The API ---------------------------------------------------------------------------------


def post(client, url, body=None, method="post"):
    send = getattr(client, method)
    return send(url, data=json.dumps(body or {}), content_type="application/json")


def api_body(**changes):
    body = {
        "new_red_flags": False,
        "medication_changes": False,
        "side_effects_since_last": False,
        "nprs_before": 6,
        "position": "prone",
        "skin_cleaned": True,
        "single_use_sterile_needles": True,
        "insertions": [
            {
                "muscle": "multifidus",
                "side": "left",
                "needle_gauge_mm": "0.30",
                "needle_length_mm": 60,
                "needle_count": 1,
                "depth_mm": 40,
                "technique": "pistoning",
            }
        ],
        "needles_out": 1,
    }
    body.update(changes)
    return body


def test_the_api_refuses_an_open_red_flag_with_its_code_and_opens_nothing(
    as_clinician_a, actor_a, patient_a, ready
):
    make_screen(actor_a, patient_a, EMERGENCY)
    make_screen(actor_a, patient_a, NOT_ASKED)

    answer = post(as_clinician_a, f"/api/episodes/{ready.public_id}/sessions", api_body())

    assert answer.status_code == 409
    assert answer.json()["codes"] == ["no_screen", "red_flag_open"]
    assert not NeedlingSession.objects.exists()


def test_the_api_refuses_a_future_visit(as_clinician_a, actor_a, ready):
    tomorrow = (actor_a.today() + timedelta(days=1)).isoformat()

    answer = post(
        as_clinician_a,
        f"/api/episodes/{ready.public_id}/sessions",
        api_body(performed_on=tomorrow),
    )

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "payload", "performed_on"]
    assert not NeedlingSession.objects.exists()


@pytest.mark.parametrize(
    "needled_at", ["9999-12-31T23:59:00-14:00", "0001-01-01T00:00:00+14:00", "2026-12-03T10:00"]
)
def test_the_api_answers_an_impossible_needling_time_without_opening_anything(
    as_clinician_a, ready, needled_at
):
    answer = post(
        as_clinician_a,
        f"/api/episodes/{ready.public_id}/sessions",
        api_body(performed_on="2026-11-30", needled_at=needled_at),
    )

    assert answer.status_code == 422
    assert not NeedlingSession.objects.exists()


def test_the_api_edits_an_open_amendment(as_clinician_a, actor_a, ready):
    signed = make_signed_session(actor_a, ready)
    draft = services.amend_session(actor_a, signed, reason="Depth typo")

    blocked = post(as_clinician_a, f"/api/episodes/{ready.public_id}/sessions", api_body())
    edited = post(
        as_clinician_a,
        f"/api/sessions/{draft.public_id}",
        api_body(notes="Depth was 35 mm."),
        method="put",
    )

    assert blocked.status_code == 422
    assert edited.status_code == 200, edited.json()
    assert edited.json()["notes"] == "Depth was 35 mm."
    assert post(as_clinician_a, f"/api/sessions/{draft.public_id}/sign").status_code == 200


def test_the_api_refuses_moving_an_amendments_needling_time(as_clinician_a, actor_a, ready):
    signed = make_signed_session(actor_a, ready, performed_on=actor_a.today() - timedelta(days=2))
    draft = services.amend_session(actor_a, signed, reason="Depth typo")
    earlier = (signed.needled_at - timedelta(hours=1)).isoformat()

    answer = post(
        as_clinician_a,
        f"/api/sessions/{draft.public_id}",
        api_body(needled_at=earlier),
        method="put",
    )

    assert answer.status_code == 422
    assert NeedlingSession.objects.get(pk=draft.pk).needled_at == signed.needled_at


def test_the_api_judges_a_stated_stimulation_time_for_its_consent(
    as_clinician_a, actor_a, patient_a, episode, morning
):
    session = services.start_session(actor_a, episode)
    morning(30)
    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    morning(60)
    stimulated = {
        **api_body()["insertions"][0],
        "estim": True,
        "estim_channel": "A",
        "estim_frequency_hz": 2,
        "estim_pulse_width_us": 250,
        "estim_intensity_ma": 2,
        "estim_minutes": 15,
    }

    def stimulation_at(minutes):
        return post(
            as_clinician_a,
            f"/api/sessions/{session.public_id}",
            api_body(
                insertions=[stimulated],
                needled_at=MORNING.isoformat(),
                stimulated_at=(MORNING + timedelta(minutes=minutes)).isoformat(),
            ),
            method="put",
        )

    before_consent, after_it = stimulation_at(10), stimulation_at(40)

    assert before_consent.status_code == 409
    assert "no_estim_consent" in before_consent.json()["codes"]
    assert after_it.status_code == 200
    assert after_it.json()["stimulated_at"] == "2026-12-03T09:40:00Z"


def test_the_api_offers_no_incident_while_the_record_is_incomplete(
    as_clinician_a, actor_a, patient_a, ready
):
    make_screen(actor_a, patient_a, EMERGENCY)
    session = services.start_session(actor_a, ready)
    services.begin_incident_record(actor_a, session, explanation="Flag seen after needling.")
    services.save_session(actor_a, session, session_input(nprs_before=None))
    url = f"/api/sessions/{session.public_id}"

    incomplete = as_clinician_a.get(url).json()["gate"]
    services.save_session(actor_a, session, session_input())
    complete = as_clinician_a.get(url).json()["gate"]

    assert not incomplete["incident_only"]
    assert any("pain" in gap for gap in incomplete["incomplete"])
    assert (complete["incident_only"], complete["incomplete"]) == (True, [])


@pytest.mark.parametrize("body", ['"oops"', "[1, 2]", "5", "null"])
def test_the_api_refuses_a_body_that_is_not_an_object_and_keeps_the_draft(
    as_clinician_a, actor_a, ready, body
):
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, session_input(notes="Typed at the couch."))

    edited = as_clinician_a.put(
        f"/api/sessions/{session.public_id}", data=body, content_type="application/json"
    )
    opened = as_clinician_a.post(
        f"/api/episodes/{ready.public_id}/sessions", data=body, content_type="application/json"
    )

    assert (edited.status_code, opened.status_code) == (400, 400)
    kept = NeedlingSession.objects.get()
    assert (kept.notes, kept.insertions.count()) == ("Typed at the couch.", 1)


def test_the_api_bounds_a_movement_measure_by_the_kernels_range(as_clinician_a, ready):
    answer = post(
        as_clinician_a,
        f"/api/episodes/{ready.public_id}/sessions",
        api_body(rom_measure="schober", rom_before_cm="41"),
    )

    assert answer.status_code == 422
    assert not NeedlingSession.objects.exists()


def test_the_api_records_and_resolves_a_needle_event(as_clinician_a, actor_a, ready):
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, session_input(needles_out=0))

    event = post(
        as_clinician_a,
        f"/api/sessions/{session.public_id}/needle-events",
        {"needles_out": 0, "action": "Searched the couch."},
    )
    refused = post(as_clinician_a, f"/api/sessions/{session.public_id}/sign")
    resolved = post(
        as_clinician_a,
        f"/api/needle-events/{event.json()['id']}/resolve",
        {"needles_accounted": 1, "note": "Found in the sharps tray."},
    )

    assert event.status_code == 201
    assert "needle_event_open" in refused.json()["codes"]
    assert resolved.json()["resolved"] is True
    services.save_session(actor_a, session, session_input())
    assert post(as_clinician_a, f"/api/sessions/{session.public_id}/sign").status_code == 200


def test_another_clinic_cannot_touch_a_needle_event(as_clinician_b, actor_a, ready):
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, session_input(needles_out=0))
    event = services.record_needle_mismatch(actor_a, session, needles_out=0, action="Searched.")

    answer = post(
        as_clinician_b,
        f"/api/needle-events/{event.public_id}/resolve",
        {"needles_accounted": 1, "note": "x"},
    )

    assert answer.status_code == 404
    event.refresh_from_db()
    assert not event.resolved


def test_the_api_records_a_needle_found_later(as_clinician_a, as_clinician_b, actor_a, ready):
    session = services.start_session(actor_a, ready)
    services.save_session(actor_a, session, session_input(needles_out=0))
    event = services.record_needle_mismatch(
        actor_a, session, needles_out=0, action="Searched.", search_ended=True
    )
    url = f"/api/needle-events/{event.public_id}/found"

    other_clinic = post(as_clinician_b, url, {"note": "Found."})
    found = post(as_clinician_a, url, {"note": "Found in the couch next day."})
    again = post(as_clinician_a, url, {"note": "Found."})

    assert other_clinic.status_code == 404
    assert (found.status_code, found.json()["found_note"]) == (200, "Found in the couch next day.")
    assert again.status_code == 422
