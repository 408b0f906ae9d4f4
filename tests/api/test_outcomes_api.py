"""The outcomes API with the cast: same permissions, clinic scoping and audit as the pages."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from taut.audit.models import Action, AuditEntry
from taut.clinics.models import Role
from taut.outcomes import services
from taut.outcomes.models import Response
from tests.builders import make_member

ODI_40 = [2] * 10  # 40.0, moderate


def outcomes_url(episode):
    return f"/api/episodes/{episode.public_id}/outcomes"


def responses_url(episode):
    return f"/api/episodes/{episode.public_id}/responses"


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def submit(actor, episode, instrument, answers, days_ago=0, **kwargs):
    return services.submit_response(
        actor,
        episode,
        instrument=instrument,
        answers=answers,
        collected_on=actor.today() - timedelta(days=days_ago),
        **kwargs,
    )


# --- Who may do what ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["outcomes", "instruments", "response"])
def test_anonymous_callers_get_401(client, actor_a, episode_a, path):
    response = submit(actor_a, episode_a, "odi", ODI_40)
    url = {
        "outcomes": outcomes_url(episode_a),
        "instruments": "/api/instruments",
        "response": f"/api/responses/{response.public_id}",
    }[path]

    answer = client.get(url)

    assert answer.status_code == 401
    assert answer.json() == {"detail": "Unauthorized"}


def test_an_anonymous_submission_gets_401_and_saves_nothing(episode_a):
    answer = post(Client(enforce_csrf_checks=True), responses_url(episode_a), {
        "instrument": "odi", "answers": ODI_40,
    })  # fmt: skip

    assert answer.status_code == 401
    assert not Response.objects.exists()


def test_another_clinic_gets_404_for_the_episode_and_the_response(
    as_clinician_b, actor_a, episode_a
):
    stored = submit(actor_a, episode_a, "odi", ODI_40)

    assert as_clinician_b.get(outcomes_url(episode_a)).status_code == 404
    assert as_clinician_b.get(f"/api/responses/{stored.public_id}").status_code == 404
    refused = post(
        as_clinician_b, responses_url(episode_a), {"instrument": "odi", "answers": ODI_40}
    )
    assert refused.status_code == 404
    assert Response.objects.count() == 1


def test_front_desk_may_neither_read_scores_nor_submit(as_desk_a, actor_a, episode_a):
    stored = submit(actor_a, episode_a, "odi", ODI_40)

    assert as_desk_a.get(outcomes_url(episode_a)).status_code == 403
    assert as_desk_a.get(f"/api/responses/{stored.public_id}").status_code == 403
    refused = post(as_desk_a, responses_url(episode_a), {"instrument": "odi", "answers": ODI_40})
    assert refused.status_code == 403
    assert "may not" in refused.json()["detail"]
    assert Response.objects.count() == 1


def test_front_desk_may_list_the_instruments(as_desk_a):
    assert as_desk_a.get("/api/instruments").status_code == 200


@pytest.mark.parametrize("who", ["as_clinician_a", "as_owner_a"])
def test_clinicians_and_owners_read_and_submit(request, who, episode_a):
    client = request.getfixturevalue(who)

    created = post(client, responses_url(episode_a), {"instrument": "odi", "answers": ODI_40})
    read = client.get(outcomes_url(episode_a))

    assert created.status_code == 201
    assert read.status_code == 200
    assert read.json()["trends"][0]["latest"]["score"] == 40.0


def test_a_user_without_an_active_clinic_gets_403_saying_so(clinician_a, clinic_b, episode_a):
    make_member(clinic_b, clinician_a.user.email, Role.CLINICIAN)  # two clinics, none chosen
    client = Client()
    client.force_login(clinician_a.user)

    answer = client.get(outcomes_url(episode_a))

    assert answer.status_code == 403
    assert "No active clinic" in answer.json()["detail"]


# --- Submitting -----------------------------------------------------------------------------


def test_a_submitted_response_is_scored_stored_and_audited(as_clinician_a, episode_a):
    answer = post(as_clinician_a, responses_url(episode_a), {
        "instrument": "odi", "answers": [2] * 8 + [None, 0],
    })  # fmt: skip

    assert answer.status_code == 201
    body = answer.json()
    stored = Response.objects.get()
    assert body["id"] == str(stored.public_id)
    assert body["episode_id"] == str(episode_a.public_id)
    assert (body["instrument"], body["version"], body["score"], body["category"]) == (
        "odi",
        "2.1a",
        35.6,
        "moderate",
    )
    assert (body["answered"], body["flags"], body["unscorable_reason"]) == (
        9,
        ["items_missing"],
        "",
    )
    assert AuditEntry.objects.filter(
        action=Action.CREATE, object_type="outcome_response", object_id=stored.public_id
    ).exists()


def test_an_impossible_answer_is_422_naming_the_item_and_saves_nothing(as_clinician_a, episode_a):
    answer = post(as_clinician_a, responses_url(episode_a), {
        "instrument": "odi", "answers": [1, 1, 6, 1, 1, 1, 1, 1, 1, 1],
    })  # fmt: skip

    assert answer.status_code == 422
    assert "odi item 3" in answer.json()["detail"][0]["msg"]
    assert not Response.objects.exists()
    assert not AuditEntry.objects.filter(action=Action.CREATE, object_type="outcome_response")


@pytest.mark.parametrize(
    "body",
    [
        {"instrument": "odi", "answers": [1, 1, 1]},  # wrongly sized
        {"instrument": "odi", "answers": ["1"] * 10},  # strings are not answers
        {"instrument": "odi", "answers": [1.5] * 10},
        {"instrument": "sf36", "answers": [1]},  # unknown instrument
        {"instrument": "odi", "answers": ODI_40, "variant": "worst"},  # NPRS only
        {"instrument": "nprs", "answers": [5], "collected_on": "2999-01-01"},
        {"answers": ODI_40},
    ],
)
def test_refused_submissions_are_422_and_save_nothing(as_clinician_a, episode_a, body):
    answer = post(as_clinician_a, responses_url(episode_a), body)

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["msg"]
    assert not Response.objects.exists()


def test_malformed_json_is_400(as_clinician_a, episode_a):
    answer = as_clinician_a.post(
        responses_url(episode_a), data="{not json", content_type="application/json"
    )

    assert answer.status_code == 400
    assert not Response.objects.exists()


def test_an_unscorable_response_is_kept_and_marked(as_clinician_a, episode_a):
    answer = post(as_clinician_a, responses_url(episode_a), {
        "instrument": "odi", "answers": [1] * 7 + [None] * 3,
    })  # fmt: skip

    assert answer.status_code == 201
    assert answer.json()["score"] is None
    assert "3 sections unanswered" in answer.json()["unscorable_reason"]


def test_nprs_takes_a_variant(as_clinician_a, episode_a):
    answer = post(as_clinician_a, responses_url(episode_a), {
        "instrument": "nprs", "answers": [7], "variant": "worst",
    })  # fmt: skip

    assert (answer.status_code, answer.json()["variant"], answer.json()["category"]) == (
        201,
        "worst",
        "severe",
    )


def test_a_submission_without_the_csrf_token_is_refused(clinician_a, episode_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician_a.user)

    answer = post(client, responses_url(episode_a), {"instrument": "odi", "answers": ODI_40})

    assert answer.status_code == 403
    assert "CSRF" in answer.json()["detail"]
    assert not Response.objects.exists()


def test_a_submission_with_the_csrf_token_is_accepted(clinician_a, episode_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician_a.user)
    client.get("/patients/")  # every page renders the token (the sign-out form) and sets the cookie
    token = client.cookies["taut_csrftoken"].value

    answer = client.post(
        responses_url(episode_a),
        data=json.dumps({"instrument": "odi", "answers": ODI_40}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert answer.status_code == 201


# --- Reading --------------------------------------------------------------------------------


def test_the_summary_of_a_known_series(as_clinician_a, actor_a, episode_a):
    first = submit(actor_a, episode_a, "odi", [3] * 10, days_ago=2)  # 60.0, severe
    unscorable = submit(actor_a, episode_a, "odi", [1] * 7 + [None] * 3, days_ago=1)
    last = submit(actor_a, episode_a, "odi", ODI_40, days_ago=0)
    submit(actor_a, episode_a, "nprs", [7], days_ago=2)
    submit(actor_a, episode_a, "nprs", [5], days_ago=0)
    today = actor_a.today()

    body = as_clinician_a.get(outcomes_url(episode_a)).json()

    assert body["episode_id"] == str(episode_a.public_id)
    assert body["responder"] is True
    nprs, odi = body["trends"]
    assert (nprs["instrument"], nprs["variant"], nprs["change"]["important"]) == (
        "nprs",
        "current",
        True,
    )
    assert odi["instrument"] == "odi"
    assert odi["name"] == "Oswestry Disability Index"
    assert (odi["higher_is_better"], odi["minimum"], odi["maximum"]) == (False, 0, 100)
    assert odi["points"] == [
        {
            "collected_on": str(today - timedelta(days=2)),
            "score": 60.0,
            "category": "severe",
            "unscorable_reason": "",
            "response_id": str(first.public_id),
        },
        {
            "collected_on": str(today - timedelta(days=1)),
            "score": None,
            "category": "",
            "unscorable_reason": unscorable.unscorable_reason,
            "response_id": str(unscorable.public_id),
        },
        {
            "collected_on": str(today),
            "score": 40.0,
            "category": "moderate",
            "unscorable_reason": "",
            "response_id": str(last.public_id),
        },
    ]
    assert odi["baseline"] == odi["points"][0]
    assert odi["latest"] == odi["points"][2]
    assert odi["change"] == {
        "absolute": -20.0,
        "improvement": 20.0,
        "relative": 0.33,
        "direction": "improved",
        "important": True,
        "threshold_used": "improvement 20.0 reached 10 points (MIC 10 points or 30% (Ostelo 2008))",
    }
    assert odi["no_threshold"] is False


def test_an_episode_without_responses_has_no_trends(as_clinician_a, episode_a):
    body = as_clinician_a.get(outcomes_url(episode_a)).json()

    assert body["trends"] == []
    assert body["responder"] is None


def test_reading_a_response_is_audited(as_clinician_a, actor_a, episode_a):
    stored = submit(actor_a, episode_a, "rmdq", [True] * 6 + [False] * 18)

    answer = as_clinician_a.get(f"/api/responses/{stored.public_id}")

    assert answer.status_code == 200
    assert (answer.json()["score"], answer.json()["answers"][:7]) == (6.0, [1] * 6 + [0])
    assert AuditEntry.objects.filter(
        action=Action.VIEW, object_type="outcome_response", object_id=stored.public_id
    ).exists()


def test_reading_an_episodes_outcomes_is_audited(as_clinician_a, episode_a):
    as_clinician_a.get(outcomes_url(episode_a))

    assert AuditEntry.objects.filter(
        action=Action.VIEW, object_type="episode", object_id=episode_a.public_id
    ).exists()


def test_an_unknown_response_is_404(as_clinician_a):
    assert (
        as_clinician_a.get("/api/responses/8d7d7f7e-0000-4000-8000-000000000000").status_code == 404
    )


def test_a_malformed_id_is_422(as_clinician_a):
    assert as_clinician_a.get("/api/episodes/not-a-uuid/outcomes").status_code == 422


def test_the_instruments_carry_items_options_ranges_and_licence(as_clinician_a):
    body = as_clinician_a.get("/api/instruments").json()

    by_code = {i["code"]: i for i in body}
    assert set(by_code) == {"nprs", "odi", "rmdq", "tsk17", "tsk11", "psfs", "startback"}
    odi = by_code["odi"]
    assert (len(odi["items"]), odi["minimum"], odi["maximum"]) == (10, 0.0, 100.0)
    assert [o["value"] for o in odi["items"][0]["options"]] == [0, 1, 2, 3, 4, 5]
    assert "Keele" in by_code["startback"]["licence"]
    assert by_code["psfs"]["min_items"] == 1
