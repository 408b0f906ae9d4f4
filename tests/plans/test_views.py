from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from taut.episodes.models import EpisodeStatus
from taut.plans import queries, services
from taut.plans.models import PlanReview, PlanStatus, TreatmentPlan
from tests.builders import make_episode
from tests.plans.helpers import agreed_plan, nprs
from tests.sessions.builders import make_signed_session, ready_to_needle


@pytest.fixture
def episode(actor_a, patient_a):
    return make_episode(actor_a, patient_a)


@pytest.fixture
def draft(actor_a, episode):
    return services.draft_plan(actor_a, episode, severity="moderate")


def form_data(plan, **extra):
    data = {
        "severity": plan.severity,
        "review_after_sessions": "3",
        "therapies": ["stretching", "heat_or_cold"],
        "notes": "",
        "goal-TOTAL_FORMS": "1",
        "goal-INITIAL_FORMS": "0",
        "goal-0-description": "Sit through a film",
        "goal-0-target_rating": "8",
        "muscle-TOTAL_FORMS": "1",
        "muscle-INITIAL_FORMS": "0",
        "muscle-0-muscle": "quadratus_lumborum",
        "muscle-0-side": "right",
        "action": "save",
    }
    for n, on in enumerate(plan.planned, start=1):
        data[f"date_{n}"] = on.isoformat()
    data.update(extra)
    return data


def test_anonymous_visitors_are_sent_to_log_in(client, draft):
    response = client.get(reverse("plans:episode", args=[draft.episode.public_id]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("page", ["plans:detail", "plans:edit", "plans:review"])
def test_another_clinics_staff_get_not_found(as_clinician_b, draft, page):
    assert as_clinician_b.get(reverse(page, args=[draft.public_id])).status_code == 404


def test_another_clinics_staff_cannot_start_a_plan(as_clinician_b, episode):
    response = as_clinician_b.post(reverse("plans:start", args=[episode.public_id]))

    assert response.status_code == 404
    assert not TreatmentPlan.objects.exists()


def test_front_desk_cannot_start_a_plan(as_desk_a, episode):
    response = as_desk_a.post(
        reverse("plans:start", args=[episode.public_id]), {"severity": "mild"}
    )

    assert response.status_code == 403
    assert not TreatmentPlan.objects.exists()


def test_front_desk_cannot_change_or_agree_a_plan(as_desk_a, draft):
    edit = as_desk_a.post(reverse("plans:edit", args=[draft.public_id]), form_data(draft))
    agree = as_desk_a.post(reverse("plans:agree", args=[draft.public_id]))

    assert (edit.status_code, agree.status_code) == (403, 403)
    draft.refresh_from_db()
    assert (draft.status, draft.therapies) == (PlanStatus.DRAFT, [])


def test_a_clinician_drafts_a_plan_from_the_episode_page(as_clinician_a, episode):
    response = as_clinician_a.post(
        reverse("plans:start", args=[episode.public_id]), {"severity": "severe"}
    )

    plan = TreatmentPlan.objects.get()
    assert response["Location"] == reverse("plans:edit", args=[plan.public_id])
    page = as_clinician_a.get(response["Location"])
    assert page.status_code == 200
    assert "4 sessions, weekly at first then fortnightly" in page.content.decode()


def test_the_edit_page_prefills_the_proposed_dates(as_clinician_a, draft):
    page = as_clinician_a.get(reverse("plans:edit", args=[draft.public_id]))

    assert page.context["form"].initial["date_1"] == draft.planned[0]


def test_dates_out_of_order_are_refused_naming_the_date(as_clinician_a, draft, actor_a):
    late, early = actor_a.today() + timedelta(days=14), actor_a.today() + timedelta(days=7)

    response = as_clinician_a.post(
        reverse("plans:edit", args=[draft.public_id]),
        form_data(draft, date_1=late.isoformat(), date_2=early.isoformat(), date_3="", date_4=""),
    )

    assert response.status_code == 422
    assert early.isoformat() in response.context["problems"][0]
    draft.refresh_from_db()
    assert draft.therapies == []


def test_a_clinician_saves_and_agrees_the_plan(as_clinician_a, draft):
    response = as_clinician_a.post(
        reverse("plans:edit", args=[draft.public_id]), form_data(draft, action="agree")
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.status, draft.therapies) == (PlanStatus.ACTIVE, ["stretching", "heat_or_cold"])
    assert list(draft.goals.values_list("description", "target_rating")) == [
        ("Sit through a film", 8)
    ]
    page = as_clinician_a.get(reverse("plans:episode", args=[draft.episode.public_id]))
    assert "Review after session 3" in page.content.decode()


def test_the_review_page_shows_the_recommendation_and_its_reasons(as_clinician_a, actor_a, episode):
    nprs(actor_a, episode, 6, days_ago=2)
    plan = agreed_plan(actor_a, episode)
    nprs(actor_a, episode, 6)

    page = as_clinician_a.post(
        reverse("plans:review", args=[plan.public_id]),
        {"sessions_done": "3", "action": "preview"},
    )

    assert page.status_code == 200
    assert page.context["result"].decision == "modify"
    assert "no important change in pain or function after 3 sessions" in page.content.decode()


def test_a_review_decision_to_discharge_closes_the_episode(as_clinician_a, actor_a, episode):
    nprs(actor_a, episode, 8, days_ago=2)
    plan = agreed_plan(actor_a, episode)
    nprs(actor_a, episode, 2)

    response = as_clinician_a.post(
        reverse("plans:review", args=[plan.public_id]),
        {
            "sessions_done": "3",
            "goals_met": "on",
            "decision": "discharge",
            "discharge_summary": "Pain settled.",
            "action": "decide",
        },
    )

    episode.refresh_from_db()
    assert response.status_code == 302
    assert (episode.status, episode.discharge_summary) == (
        EpisodeStatus.DISCHARGED,
        "Pain settled.",
    )


def test_a_decision_against_the_recommendation_without_a_note_is_refused(
    as_clinician_a, actor_a, episode
):
    nprs(actor_a, episode, 6, days_ago=2)
    plan = agreed_plan(actor_a, episode)
    nprs(actor_a, episode, 6)

    response = as_clinician_a.post(
        reverse("plans:review", args=[plan.public_id]),
        {"sessions_done": "3", "decision": "continue", "action": "decide"},
    )

    assert response.status_code == 422
    assert "add a note" in response.context["problems"][0]
    assert not PlanReview.objects.exists()


def test_front_desk_cannot_review(as_desk_a, actor_a, episode):
    plan = agreed_plan(actor_a, episode)

    response = as_desk_a.post(
        reverse("plans:review", args=[plan.public_id]),
        {"sessions_done": "1", "decision": "continue", "action": "decide"},
    )

    assert response.status_code == 403
    assert not PlanReview.objects.exists()


def test_the_chart_include_renders_the_summary(actor_a, episode):
    plan = agreed_plan(actor_a, episode)
    html = render_to_string(
        "plans/_chart_plan.html",
        {
            "plan_summary": queries.plan_summary(actor_a, episode, actor_a.today()),
            "episode": episode,
            "can_edit_clinical": True,
        },
    )

    assert f"Next: {plan.planned[0]:%a %Y-%m-%d}" in html
    assert "No treatment plan yet" not in html


def test_a_superseded_version_stays_readable(as_clinician_a, actor_a, episode):
    first = agreed_plan(actor_a, episode)
    agreed_plan(actor_a, episode, severity="mild")

    page = as_clinician_a.get(reverse("plans:detail", args=[first.public_id]))

    assert page.status_code == 200
    assert "Superseded by a revision" in page.content.decode()


def test_the_review_page_explains_missing_measures(as_clinician_a, actor_a, episode):
    plan = agreed_plan(actor_a, episode)

    page = as_clinician_a.get(reverse("plans:review", args=[plan.public_id]))
    refused = as_clinician_a.post(
        reverse("plans:review", args=[plan.public_id]), {"sessions_done": "3", "action": "preview"}
    )

    assert page.status_code == 200  # session 1 of the review window: no measure needed yet
    assert refused.status_code == 422
    assert "NPRS, ODI, RMDQ or PSFS" in refused.context["problems"][0]


def test_the_review_counts_the_sessions_signed_since_the_plan_was_agreed(
    as_clinician_a, actor_a, patient_a
):
    ready_to_needle(actor_a, patient_a, since_days=40)
    episode = make_episode(
        actor_a,
        patient_a,
        onset_on=actor_a.today() - timedelta(days=50),
        started_on=actor_a.today() - timedelta(days=35),
    )
    make_signed_session(actor_a, episode, performed_on=actor_a.today() - timedelta(days=30))
    plan = agreed_plan(actor_a, episode)
    make_signed_session(actor_a, episode)

    page = as_clinician_a.get(reverse("plans:review", args=[plan.public_id]))

    assert page.context["review_form"]["sessions_done"].value() == 1
    assert page.context["result"].sessions_done == 1
