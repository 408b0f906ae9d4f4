"""The plans API with the cast: clinical permissions, clinic scoping, the kernel's proposal,
agreeing, and refusals that save nothing."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from taut.audit.models import Action, AuditEntry
from taut.plans.models import PlanStatus, TreatmentPlan
from tests.plans.helpers import nprs, signed_assessment


def post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def plan_url(episode):
    return f"/api/episodes/{episode.public_id}/plan"


def plans_url(episode):
    return f"/api/episodes/{episode.public_id}/plans"


def agree_url(plan_id):
    return f"/api/plans/{plan_id}/agree"


@pytest.fixture
def draft(actor_a, episode_a):
    from taut.plans import services

    return services.draft_plan(actor_a, episode_a, severity="moderate")


# --- Who may do what ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["as_clinician_a", "as_owner_a"])
def test_clinicians_and_owners_draft_read_and_agree(request, who, actor_a, episode_a):
    client = request.getfixturevalue(who)
    nprs(actor_a, episode_a, 7)
    signed_assessment(actor_a, episode_a)

    created = post(client, plans_url(episode_a))

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["severity"], body["version"]) == ("draft", "severe", 1)
    assert body["planned_dates"] == body["proposed_dates"]
    assert len(body["planned_dates"]) == 4  # severe and acute: the kernel proposes 4
    assert body["proposal_reasons"]
    assert {(m["muscle"], m["side"]) for m in body["muscles"]} == {
        ("quadratus_lumborum", "right"),
        ("gluteus_medius", "left"),
    }
    assert client.get(plan_url(episode_a)).json() == body

    agreed = post(client, agree_url(body["id"]))

    assert agreed.status_code == 200
    assert agreed.json()["status"] == "active"
    assert agreed.json()["agreed_on"] == str(actor_a.today())
    assert agreed.json()["next_review"]["after_session"] == 3


def test_front_desk_gets_403_and_changes_nothing(as_desk_a, episode_a, draft):
    assert as_desk_a.get(plan_url(episode_a)).status_code == 403
    assert post(as_desk_a, plans_url(episode_a), {"severity": "mild"}).status_code == 403
    assert post(as_desk_a, agree_url(draft.public_id)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    assert TreatmentPlan.objects.count() == 1


def test_another_clinic_gets_404_for_the_episode_and_the_plan(as_clinician_b, episode_a, draft):
    assert as_clinician_b.get(plan_url(episode_a)).status_code == 404
    assert post(as_clinician_b, plans_url(episode_a), {"severity": "mild"}).status_code == 404
    assert post(as_clinician_b, agree_url(draft.public_id)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    assert TreatmentPlan.objects.count() == 1


def test_anonymous_callers_get_401(client, episode_a, draft):
    assert client.get(plan_url(episode_a)).status_code == 401
    anonymous = Client(enforce_csrf_checks=True)
    assert post(anonymous, agree_url(draft.public_id)).status_code == 401
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_agreeing_without_the_csrf_token_is_refused(clinician_a, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician_a.user)

    answer = post(client, agree_url(draft.public_id))

    assert answer.status_code == 403
    assert "CSRF" in answer.json()["detail"]
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


# --- Drafting and agreeing ------------------------------------------------------------------


def test_an_episode_without_a_plan_is_404(as_clinician_a, episode_a):
    answer = as_clinician_a.get(plan_url(episode_a))

    assert answer.status_code == 404
    assert "has no treatment plan" in answer.json()["detail"]


def test_without_an_nprs_the_severity_is_asked_for_and_nothing_saved(as_clinician_a, episode_a):
    answer = post(as_clinician_a, plans_url(episode_a))

    assert answer.status_code == 422
    entry = answer.json()["detail"][0]
    assert entry["loc"] == ["body", "payload", "severity"]
    assert "choose the pain severity" in entry["msg"]
    assert not TreatmentPlan.objects.exists()


def test_the_severity_and_conditions_given_shape_the_proposal(as_clinician_a, episode_a):
    answer = post(
        as_clinician_a,
        plans_url(episode_a),
        {"severity": "mild", "conditions": ["disc_or_joint_disease"]},
    )

    assert answer.status_code == 201
    body = answer.json()
    assert (body["severity"], body["conditions"]) == ("mild", ["disc_or_joint_disease"])
    assert AuditEntry.objects.filter(
        action=Action.CREATE, object_type="treatment_plan", object_id=body["id"]
    ).exists()


def test_an_open_draft_is_returned_unchanged_with_200(as_clinician_a, episode_a, draft):
    answer = post(as_clinician_a, plans_url(episode_a), {"severity": "severe"})

    assert answer.status_code == 200
    assert (answer.json()["id"], answer.json()["severity"]) == (str(draft.public_id), "moderate")
    assert TreatmentPlan.objects.count() == 1


@pytest.mark.parametrize(
    "body", [{"severity": "agony"}, {"conditions": ["bad_luck"]}, {"start_on": "not a date"}]
)
def test_values_outside_the_catalogue_are_422_and_save_nothing(as_clinician_a, episode_a, body):
    answer = post(as_clinician_a, plans_url(episode_a), body)

    assert answer.status_code == 422
    assert not TreatmentPlan.objects.exists()


def test_an_agreed_plan_cannot_be_agreed_again(as_clinician_a, draft):
    assert post(as_clinician_a, agree_url(draft.public_id)).status_code == 200
    before = AuditEntry.objects.filter(action=Action.SIGN).count()

    answer = post(as_clinician_a, agree_url(draft.public_id))

    assert answer.status_code == 409
    assert "revise it" in answer.json()["detail"]
    assert AuditEntry.objects.filter(action=Action.SIGN).count() == before


def test_a_plan_cannot_be_agreed_in_the_future(as_clinician_a, actor_a, draft):
    tomorrow = actor_a.today() + timedelta(days=1)

    answer = post(as_clinician_a, agree_url(draft.public_id), {"agreed_on": tomorrow.isoformat()})

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "payload", "agreed_on"]
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_agreeing_takes_no_body(as_clinician_a, draft):
    answer = as_clinician_a.post(agree_url(draft.public_id), content_type="application/json")

    assert answer.status_code == 200
