"""Query budgets per page (as NetBox keeps query-count baselines): each key page of a patient
with a real history stays within its budget, and a longer history adds no queries, so an N+1
fails CI. Budgets are the measured counts today with a little room; lower them as pages get
leaner, never raise them without finding why."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import make_episode, make_patient
from tests.sessions.builders import make_signed_session, ready_to_needle

# Measured 2026-12-07 after the chart and my day read each record once (before: chart 39,
# outcomes 17, session 12, week 11, patients 9, my day 11, each with the session rewritten):
# chart 27, outcomes 14, session 9, week 8, patients 6, my day 8.
BUDGETS = {
    "chart": 29,
    "outcomes": 15,
    "session": 10,
    "week": 9,
    "patients": 7,
    "my_day": 9,
}


def with_history(actor, patient, n):
    """An episode of ``n`` signed sessions a week apart for a patient ready to needle."""
    start = actor.today() - timedelta(days=7 * n + 7)
    episode = make_episode(actor, patient, onset_on=start - timedelta(days=10), started_on=start)
    ready_to_needle(actor, patient, since_days=7 * n + 7)
    sessions = [
        make_signed_session(
            actor, episode, performed_on=actor.today() - timedelta(days=7 * (n - i))
        )
        for i in range(n)
    ]
    return episode, sessions


def urls(patient, episode, session):
    return {
        "chart": reverse("chart:patient", args=[patient.public_id]),
        "outcomes": reverse("outcomes:episode", args=[episode.public_id]),
        "session": reverse("sessions:detail", args=[session.public_id]),
        "week": reverse("appointments:week"),
        "patients": reverse("patients:list"),
        "my_day": reverse("chart:my_day"),
    }


def count(client, url):
    client.get(url)  # the first request of a login also stamps the session's last-seen time
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


def test_each_page_stays_within_its_query_budget(as_clinician_a, actor_a, patient_a):
    episode, sessions = with_history(actor_a, patient_a, 3)
    counts = {
        name: count(as_clinician_a, url)
        for name, url in urls(patient_a, episode, sessions[-1]).items()
    }

    over = {name: n for name, n in counts.items() if n > BUDGETS[name]}
    assert over == {}, f"over budget: {over} (budgets {BUDGETS})"


def test_a_longer_history_adds_no_queries(as_clinician_a, actor_a, patient_a):
    short_episode, short_sessions = with_history(actor_a, patient_a, 1)
    other = make_patient(actor_a, given_names="Ana", family_name="Otra")
    long_episode, long_sessions = with_history(actor_a, other, 6)

    short = {
        n: count(as_clinician_a, u)
        for n, u in urls(patient_a, short_episode, short_sessions[-1]).items()
    }
    longer = {
        n: count(as_clinician_a, u) for n, u in urls(other, long_episode, long_sessions[-1]).items()
    }

    assert longer == short
