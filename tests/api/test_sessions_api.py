"""The sessions API with the cast: clinical permissions, clinic scoping, the safety gate at
signing (409 with every reason, nothing changed), impossible insertions (422 naming the field),
and the billing code stored at signing."""

import json

import pytest
from django.test import Client

from taut.audit.models import Action, AuditEntry
from taut.consent.services import ensure_default_documents
from taut.lib.records import RecordStatus
from taut.sessions.models import Insertion, NeedlingSession
from tests.consent.builders import make_consent
from tests.safety.builders import make_safe_to_needle

QL = {
    "muscle": "quadratus_lumborum",
    "side": "right",
    "trigger_point": "ql_superficial_caudal",
    "needle_gauge_mm": "0.30",
    "needle_length_mm": 50,
    "needle_count": 2,
    "depth_mm": 35,
    "technique": "pistoning",
    "twitch_responses": 3,
}
GMED = {
    "muscle": "gluteus_medius",
    "side": "left",
    "needle_gauge_mm": 0.3,
    "needle_length_mm": 50,
    "needle_count": 1,
    "depth_mm": 30,
    "technique": "static",
    "retention_minutes": 10,
}
ESTIM = {
    **GMED,
    "needle_count": 2,
    "estim": True,
    "estim_channel": "A",
    "estim_frequency_hz": 2,
    "estim_pulse_width_us": 250,
    "estim_intensity_ma": 2,
    "estim_minutes": 15,
}


def complete(**changes):
    body = {
        "new_red_flags": False,
        "medication_changes": False,
        "side_effects_since_last": False,
        "nprs_before": 6,
        "position": "prone",
        "skin_cleaned": True,
        "single_use_sterile_needles": True,
        "insertions": [QL, GMED],
        "needles_out": 3,
        "nprs_after": 4,
        "massage": True,
        "stretching_given": True,
        "side_effects": [{"code": "soreness"}],
    }
    body.update(changes)
    return body


def post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def sessions_url(episode):
    return f"/api/episodes/{episode.public_id}/sessions"


def sign_url(session_id):
    return f"/api/sessions/{session_id}/sign"


def withdraw_url(session_id):
    return f"/api/sessions/{session_id}/entered-in-error"


WHY = {"reason": "Recorded for the wrong patient"}


@pytest.fixture
def ready(actor_a, patient_a, episode_a):
    """Safe to needle, with needling consent (but not stimulation consent)."""
    ensure_default_documents(actor_a.clinic)
    make_safe_to_needle(actor_a, patient_a)
    make_consent(actor_a, patient_a)
    return episode_a


@pytest.fixture
def draft(actor_a, ready):
    from taut.sessions import services

    return services.start_session(actor_a, ready)


def snapshot():
    return (
        NeedlingSession.objects.count(),
        list(NeedlingSession.objects.values_list("status", flat=True)),
        Insertion.objects.count(),
    )


# --- Recording and signing ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["as_clinician_a", "as_owner_a"])
def test_a_session_is_recorded_and_signed_with_its_billing_code(request, who, ready):
    client = request.getfixturevalue(who)

    created = post(client, sessions_url(ready), complete())

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["needles_in"], body["needles_out"]) == ("draft", 3, 3)
    assert [(i["muscle"], i["side"], i["needle_count"]) for i in body["insertions"]] == [
        ("quadratus_lumborum", "right", 2),
        ("gluteus_medius", "left", 1),
    ]
    assert body["insertions"][0]["needle_gauge_mm"] == 0.3
    assert body["side_effects"] == [{"code": "soreness", "note": ""}]
    assert body["gate"]["blocked"] == []
    assert body["billing_codes"] == []

    signed = post(client, sign_url(body["id"]))

    assert signed.status_code == 200, signed.json()
    assert signed.json()["status"] == "signed"
    assert signed.json()["billing_codes"] == [{"code": "20560", "units": 1}]  # two muscles
    assert signed.json()["gate"] is None
    assert client.get(f"/api/sessions/{body['id']}").json() == signed.json()
    assert [s["id"] for s in client.get(sessions_url(ready)).json()] == [body["id"]]
    assert AuditEntry.objects.filter(
        action=Action.SIGN, object_type="needling_session", object_id=body["id"]
    ).exists()


def test_stimulation_without_its_consent_is_409_before_the_needle_and_changes_nothing(
    as_clinician_a, actor_a, patient_a, ready
):
    refused = post(
        as_clinician_a, sessions_url(ready), complete(insertions=[QL, ESTIM], needles_out=4)
    )

    assert refused.status_code == 409
    body = refused.json()
    assert set(body) == {"detail", "blocked", "codes", "incident_only"}
    assert body["codes"] == ["no_estim_consent"]
    assert snapshot() == (0, [], 0)
    assert not AuditEntry.objects.filter(object_type="needling_session").exists()

    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    created = post(
        as_clinician_a, sessions_url(ready), complete(insertions=[QL, ESTIM], needles_out=4)
    )
    assert created.status_code == 201
    assert created.json()["insertions"][1]["estim_channel"] == "A"
    signed = post(as_clinician_a, sign_url(created.json()["id"]))

    assert signed.status_code == 200
    assert signed.json()["status"] == "signed"


def test_a_needle_mismatch_blocks_signing_with_the_counts_named(as_clinician_a, ready):
    created = post(as_clinician_a, sessions_url(ready), complete(needles_out=2)).json()

    refused = post(as_clinician_a, sign_url(created["id"]))

    assert refused.status_code == 409
    assert any(
        "needles out (2) do not match needles in (3)" in r.lower()
        for r in refused.json()["blocked"]
    )
    assert NeedlingSession.objects.get().status == RecordStatus.DRAFT


def test_a_signed_session_cannot_be_signed_again(as_clinician_a, ready):
    created = post(as_clinician_a, sessions_url(ready), complete()).json()
    assert post(as_clinician_a, sign_url(created["id"])).status_code == 200

    again = post(as_clinician_a, sign_url(created["id"]))

    assert again.status_code == 409
    assert again.json()["blocked"] == []
    assert "amendment" in again.json()["detail"]


def test_posting_again_replaces_the_open_drafts_content(as_clinician_a, ready):
    first = post(as_clinician_a, sessions_url(ready), complete()).json()

    second = post(as_clinician_a, sessions_url(ready), complete(insertions=[GMED], needles_out=1))

    assert second.status_code == 200
    assert second.json()["id"] == first["id"]
    assert [i["muscle"] for i in second.json()["insertions"]] == ["gluteus_medius"]
    assert (NeedlingSession.objects.count(), Insertion.objects.count()) == (1, 1)


@pytest.mark.parametrize(
    ("insertion", "words"),
    [
        ({**QL, "depth_mm": 60}, "beyond the needle's length"),
        ({**QL, "muscle": "biceps"}, "insertion 1"),
        ({**QL, "needle_count": 0}, "at least 1"),
        ({**QL, "estim_minutes": 5}, "stimulation settings given"),
    ],
)
def test_impossible_insertions_are_422_naming_the_field_and_open_nothing(
    as_clinician_a, ready, insertion, words
):
    answer = post(as_clinician_a, sessions_url(ready), complete(insertions=[insertion]))

    assert answer.status_code == 422
    entry = answer.json()["detail"][0]
    assert entry["loc"] == ["body", "payload", "insertions"]
    assert words in entry["msg"]
    assert snapshot() == (0, [], 0)
    assert not AuditEntry.objects.filter(object_type="needling_session").exists()


def test_an_impossible_insertion_leaves_an_open_draft_as_it_was(as_clinician_a, ready):
    post(as_clinician_a, sessions_url(ready), complete())
    before = snapshot()

    answer = post(
        as_clinician_a, sessions_url(ready), complete(insertions=[{**QL, "depth_mm": 60}])
    )

    assert answer.status_code == 422
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [({"nprs_before": 11}, "nprs_before"), ({"side_effects": [{"code": "x"}]}, "side_effects")],
)
def test_other_impossible_values_are_422_naming_the_field(as_clinician_a, ready, change, field):
    answer = post(as_clinician_a, sessions_url(ready), complete(**change))

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "payload", field]
    assert not NeedlingSession.objects.exists()


@pytest.mark.parametrize(
    "insertion",
    [
        {**QL, "needle_count": -1},
        {**QL, "depth_mm": "35.25"},  # more decimals than stored
        {**QL, "muscle": "quadratus\x00lumborum"},
        {**QL, "side": "both"},
    ],
)
def test_values_the_schema_refuses_are_422(as_clinician_a, ready, insertion):
    answer = post(as_clinician_a, sessions_url(ready), complete(insertions=[insertion]))

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][:3] == ["body", "payload", "insertions"]
    assert not NeedlingSession.objects.exists()


# --- Corrections ----------------------------------------------------------------------------


def test_a_signed_session_is_amended_as_a_new_draft_version(as_clinician_a, ready):
    created = post(as_clinician_a, sessions_url(ready), complete()).json()
    post(as_clinician_a, sign_url(created["id"]))

    answer = post(as_clinician_a, f"/api/sessions/{created['id']}/amend", WHY)

    assert answer.status_code == 201
    body = answer.json()
    assert (body["status"], body["version"], body["amends_id"]) == ("draft", 2, created["id"])
    assert len(body["insertions"]) == 2


def test_a_draft_cannot_be_amended(as_clinician_a, draft):
    before = snapshot()

    answer = post(as_clinician_a, f"/api/sessions/{draft.public_id}/amend", WHY)

    assert answer.status_code == 409
    assert snapshot() == before


def test_a_signed_session_is_marked_entered_in_error_with_its_reason(as_clinician_a, ready):
    created = post(as_clinician_a, sessions_url(ready), complete()).json()
    post(as_clinician_a, sign_url(created["id"]))

    answer = post(as_clinician_a, withdraw_url(created["id"]), WHY)

    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["entered_in_error_reason"]) == (
        "entered_in_error",
        WHY["reason"],
    )
    assert post(as_clinician_a, withdraw_url(created["id"]), WHY).status_code == 409


def test_withdrawing_without_a_reason_is_422_and_changes_nothing(as_clinician_a, draft):
    before = snapshot()

    assert post(as_clinician_a, withdraw_url(draft.public_id), {"reason": ""}).status_code == 422
    assert snapshot() == before


# --- Who may do what ------------------------------------------------------------------------


def test_front_desk_gets_403_on_every_session_endpoint(as_desk_a, ready, draft):
    before = snapshot()

    assert as_desk_a.get(sessions_url(ready)).status_code == 403
    assert as_desk_a.get(f"/api/sessions/{draft.public_id}").status_code == 403
    assert post(as_desk_a, sessions_url(ready), complete()).status_code == 403
    assert post(as_desk_a, sign_url(draft.public_id)).status_code == 403
    assert post(as_desk_a, withdraw_url(draft.public_id), WHY).status_code == 403
    assert snapshot() == before


def test_another_clinic_gets_404_and_changes_nothing(as_clinician_b, ready, draft):
    before = snapshot()

    assert as_clinician_b.get(sessions_url(ready)).status_code == 404
    assert as_clinician_b.get(f"/api/sessions/{draft.public_id}").status_code == 404
    assert post(as_clinician_b, sessions_url(ready), complete()).status_code == 404
    assert post(as_clinician_b, sign_url(draft.public_id)).status_code == 404
    assert post(as_clinician_b, withdraw_url(draft.public_id), WHY).status_code == 404
    assert post(as_clinician_b, f"/api/sessions/{draft.public_id}/amend", WHY).status_code == 404
    assert snapshot() == before


def test_anonymous_callers_get_401(client, ready, draft):
    anonymous = Client(enforce_csrf_checks=True)

    assert client.get(f"/api/sessions/{draft.public_id}").status_code == 401
    assert post(anonymous, sessions_url(ready), complete()).status_code == 401
    assert post(anonymous, sign_url(draft.public_id)).status_code == 401


def test_signing_without_the_csrf_token_is_refused(clinician_a, as_clinician_a, ready):
    created = post(as_clinician_a, sessions_url(ready), complete()).json()
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician_a.user)

    answer = post(client, sign_url(created["id"]))

    assert answer.status_code == 403
    assert "CSRF" in answer.json()["detail"]
    assert NeedlingSession.objects.get().status == RecordStatus.DRAFT


def test_reading_a_session_is_audited(as_clinician_a, draft):
    as_clinician_a.get(f"/api/sessions/{draft.public_id}")

    assert AuditEntry.objects.filter(
        action=Action.VIEW, object_type="needling_session", object_id=draft.public_id
    ).exists()
