"""The needling gate reads the patient's history in a fixed number of queries, however long
that history is (no query per screen, finding, consent or needle event)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from taut.safety import services as safety_services
from taut.safety.queries import open_findings
from taut.sessions import services
from taut.sessions.gate import patient_gate, session_gate
from tests.builders import make_episode
from tests.consent.builders import make_consent
from tests.safety.builders import EMERGENCY, URGENT, make_profile, make_screen
from tests.sessions.builders import ready_to_needle, session_input


def count(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def grow_history(actor, patient, episode):
    """Screens with findings and actions, profiles, consents and resolved needle events."""
    for answers in (EMERGENCY, URGENT, EMERGENCY):
        make_screen(actor, patient, answers)
        safety_services.record_finding_action(
            actor,
            patient,
            findings=open_findings(actor, patient),
            action="ruled_out",
            note="Examined.",
        )
    make_profile(actor, patient, anticoagulant_or_antiplatelet=True)
    make_profile(actor, patient)
    make_consent(actor, patient)
    session = services.start_session(actor, episode)
    services.save_session(actor, session, session_input(needles_out=0))
    event = services.record_needle_mismatch(actor, session, needles_out=0, action="Searched.")
    services.resolve_needle_event(actor, event, needles_accounted=1, note="Found.")
    services.save_session(actor, session, session_input())
    services.sign_session(actor, session)


def test_the_patients_gate_costs_the_same_with_a_long_history(actor_a, patient_a):
    ready_to_needle(actor_a, patient_a)
    episode = make_episode(actor_a, patient_a)
    grow_history(actor_a, patient_a, episode)
    short = count(lambda: patient_gate(actor_a, patient_a))

    grow_history(actor_a, patient_a, episode)

    assert count(lambda: patient_gate(actor_a, patient_a)) == short <= 7


def test_a_sessions_gate_costs_the_same_with_a_long_history(actor_a, patient_a):
    ready_to_needle(actor_a, patient_a)
    episode = make_episode(actor_a, patient_a)
    grow_history(actor_a, patient_a, episode)
    draft = services.start_session(actor_a, episode)
    services.save_session(actor_a, draft, session_input())
    short = count(lambda: session_gate(actor_a, draft))
    services.mark_session_entered_in_error(actor_a, draft, reason="Duplicate")

    grow_history(actor_a, patient_a, episode)
    later = services.start_session(actor_a, episode)
    services.save_session(actor_a, later, session_input())

    assert count(lambda: session_gate(actor_a, later)) == short <= 8


def test_the_chart_and_the_session_page_do_not_grow_with_the_history(
    as_clinician_a, actor_a, patient_a
):
    ready_to_needle(actor_a, patient_a)
    episode = make_episode(actor_a, patient_a)
    chart = reverse("chart:patient", args=[patient_a.public_id])
    grow_history(actor_a, patient_a, episode)
    draft = services.start_session(actor_a, episode)
    page = reverse("sessions:edit", args=[draft.public_id])
    as_clinician_a.get(chart)  # the login's first request also stamps the session's last-seen time
    before = (count(lambda: as_clinician_a.get(chart)), count(lambda: as_clinician_a.get(page)))
    services.mark_session_entered_in_error(actor_a, draft, reason="Duplicate")

    grow_history(actor_a, patient_a, episode)
    draft = services.start_session(actor_a, episode)
    page = reverse("sessions:edit", args=[draft.public_id])

    after = (count(lambda: as_clinician_a.get(chart)), count(lambda: as_clinician_a.get(page)))
    assert after == before
