from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from taut.lib.records import RecordStatus
from taut.outcomes import queries, services
from taut.outcomes.models import Response
from taut.sessions.services import start_session
from tests.builders import actor_for, make_episode
from tests.sessions.builders import make_signed_session, ready_to_needle


@pytest.fixture
def episode(actor_a, patient_a):
    return make_episode(actor_a, patient_a)


def odi(actor, episode, answers, days_ago=0):
    return services.submit_response(
        actor,
        episode,
        instrument="odi",
        answers=answers,
        collected_on=actor.today() - timedelta(days=days_ago),
    )


def test_a_response_is_scored_on_save(actor_a, episode):
    response = odi(actor_a, episode, [2] * 8 + [None, 0])

    assert (response.score_value, response.score_category, response.score_answered) == (
        Decimal("35.6"),
        "moderate",
        9,
    )
    assert response.instrument_version == "2.1a"


def test_an_impossible_answer_is_refused_with_the_item_named_and_nothing_saved(actor_a, episode):
    with pytest.raises(services.OutcomeError, match="item 3"):
        odi(actor_a, episode, [1, 1, 6, 1, 1, 1, 1, 1, 1, 1])

    assert not Response.objects.exists()


def test_a_wrongly_sized_response_is_refused(actor_a, episode):
    with pytest.raises(services.OutcomeError):
        odi(actor_a, episode, [1, 1, 1])

    assert not Response.objects.exists()


def test_an_unscorable_response_is_kept_and_marked(actor_a, episode):
    response = odi(actor_a, episode, [1] * 7 + [None] * 3)

    assert response.score_value is None
    assert response.unscorable_reason
    assert Response.objects.count() == 1


def test_an_amendment_replaces_the_response_and_the_score_follows(actor_a, episode):
    original = odi(actor_a, episode, [2] * 10)

    amended = services.amend_response(
        actor_a, original, answers=[1] * 10, reason="Section 3 misread"
    )

    original.refresh_from_db()
    assert (original.status, amended.score_value, amended.amends) == (
        RecordStatus.AMENDED,
        Decimal("20.0"),
        original,
    )
    assert amended.collected_on == original.collected_on


def test_an_amendment_needs_a_reason(actor_a, episode):
    original = odi(actor_a, episode, [2] * 10)

    with pytest.raises(services.OutcomeError, match="reason"):
        services.amend_response(actor_a, original, answers=[1] * 10, reason="")

    assert Response.objects.count() == 1


def test_front_desk_cannot_enter_responses(desk_a, episode):
    with pytest.raises(PermissionDenied):
        odi(actor_for(desk_a), episode, [2] * 10)

    assert not Response.objects.exists()


def test_the_summary_judges_important_change_from_baseline_to_latest(actor_a, episode):
    odi(actor_a, episode, [4] * 10, days_ago=30)  # 80.0
    odi(actor_a, episode, [3] * 10, days_ago=15)
    odi(actor_a, episode, [2] * 10)  # 40.0

    trend = queries.outcome_summary(actor_a, episode).trends[0]

    assert (trend.baseline.value, trend.latest.value) == (Decimal("80.0"), Decimal("40.0"))
    assert trend.change.important is True
    assert queries.outcome_summary(actor_a, episode).responder is True


def test_a_worsening_is_never_an_important_improvement(actor_a, episode):
    odi(actor_a, episode, [1] * 10, days_ago=20)
    odi(actor_a, episode, [4] * 10)

    summary = queries.outcome_summary(actor_a, episode)

    assert summary.trends[0].change.important is False
    assert summary.responder is False


def test_nprs_variants_are_separate_series(actor_a, episode):
    for variant, rating in (("current", 6), ("worst", 8), ("best", 3)):
        services.submit_response(
            actor_a, episode, instrument="nprs", answers=[rating], variant=variant
        )

    trends = queries.outcome_summary(actor_a, episode).trends

    assert [(t.variant, t.points[0].value) for t in trends] == [
        ("current", 6),
        ("best", 3),
        ("worst", 8),
    ]


def test_psfs_activities_are_kept_and_capped_at_five(actor_a, episode):
    services.add_psfs_activities(actor_a, episode, descriptions=["Tie shoes", "Sit through a film"])

    with pytest.raises(services.OutcomeError, match="at most 5 activities"):
        services.add_psfs_activities(actor_a, episode, descriptions=["a", "b", "c", "d"])

    assert [a.description for a in episode.psfs_activities.all()] == [
        "Tie shoes",
        "Sit through a film",
    ]


def test_responses_are_never_deleted(actor_a, episode):
    with pytest.raises(RuntimeError):
        odi(actor_a, episode, [1] * 10).delete()


def test_needling_sessions_count_as_visits_but_drafts_do_not(actor_a, patient_a):
    ready_to_needle(actor_a, patient_a)
    today = actor_a.today()
    episode = make_episode(actor_a, patient_a, started_on=today - timedelta(days=20))
    make_signed_session(actor_a, episode, performed_on=today - timedelta(days=14))
    make_signed_session(actor_a, episode, performed_on=today - timedelta(days=7))
    start_session(actor_a, episode)  # a draft opened today is not a visit yet

    assert queries.visit_dates(actor_a, episode) == [
        today - timedelta(days=14),
        today - timedelta(days=7),
    ]
