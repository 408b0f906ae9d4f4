import pytest
from django.urls import reverse

from taut.lib.records import RecordStatus
from taut.outcomes import services
from taut.outcomes.models import Response
from tests.builders import make_episode


@pytest.fixture
def episode(actor_a, patient_a):
    return make_episode(actor_a, patient_a)


def odi_post(**extra):
    data = {f"item_{n}": "2" for n in range(1, 11)} | {"collected_on": "2026-11-01"}
    data.update(extra)
    return data


def test_a_clinician_records_an_odi(as_clinician_a, episode):
    response = as_clinician_a.post(
        reverse("outcomes:record", args=[episode.public_id, "odi"]), odi_post()
    )

    assert response.status_code == 302
    assert str(Response.objects.get().score_value) == "40.0"


def test_an_out_of_range_answer_is_refused_and_nothing_saved(as_clinician_a, episode):
    response = as_clinician_a.post(
        reverse("outcomes:record", args=[episode.public_id, "odi"]), odi_post(item_4="9")
    )

    assert response.status_code == 200
    assert "item_4" in response.context["form"].errors
    assert not Response.objects.exists()


def test_another_clinic_gets_not_found(as_clinician_b, actor_a, episode):
    saved = services.submit_response(actor_a, episode, instrument="nprs", answers=[5])

    assert (
        as_clinician_b.get(reverse("outcomes:record", args=[episode.public_id, "odi"])).status_code
        == 404
    )
    assert (
        as_clinician_b.get(reverse("outcomes:response", args=[saved.public_id])).status_code == 404
    )


def test_front_desk_cannot_record(as_desk_a, episode):
    response = as_desk_a.post(
        reverse("outcomes:record", args=[episode.public_id, "odi"]), odi_post()
    )

    assert response.status_code == 403
    assert not Response.objects.exists()


def test_psfs_asks_for_the_activities_first(as_clinician_a, episode):
    url = reverse("outcomes:record", args=[episode.public_id, "psfs"])
    as_clinician_a.post(url, {"activity_1": "Tie shoes", "activity_2": "Drive an hour"})

    response = as_clinician_a.post(
        url, {"item_1": "3", "item_2": "5", "collected_on": "2026-11-01"}
    )

    assert response.status_code == 302
    assert str(Response.objects.get().score_value) == "4.0"


def test_an_amendment_from_the_page_recalculates_the_score(as_clinician_a, actor_a, episode):
    saved = services.submit_response(actor_a, episode, instrument="odi", answers=[2] * 10)

    as_clinician_a.post(
        reverse("outcomes:response", args=[saved.public_id]),
        odi_post(collected_on=str(saved.collected_on))
        | {f"item_{n}": "1" for n in range(1, 11)}
        | {"reason": "misread"},
    )

    saved.refresh_from_db()
    assert saved.status == RecordStatus.AMENDED
    assert str(Response.objects.get(status=RecordStatus.SIGNED).score_value) == "20.0"


def test_the_due_list_shows_baselines_not_yet_collected(as_clinician_a, episode):
    rows = as_clinician_a.get(reverse("outcomes:due")).context["rows"]

    assert [(e, [d.instrument for d in due]) for e, due in rows] == [
        (episode, ["nprs", "odi", "tsk11", "psfs", "startback"])
    ]


def test_front_desk_does_not_see_the_due_list(as_desk_a):
    assert as_desk_a.get(reverse("outcomes:due")).status_code == 403


def test_the_episode_page_shows_progress_and_trigger_point_burden(as_clinician_a, actor_a, episode):
    from decimal import Decimal

    from taut.assessment import services as assessment_services
    from taut.assessment.services import AssessmentInput, Mark, Palpation

    draft = assessment_services.start_assessment(actor_a, episode)
    assessment_services.save_draft(
        actor_a,
        draft,
        AssessmentInput(
            likely_causes=["trigger_points"],
            marks=[Mark("iliac_crest:right", 6)],
            palpation=[Palpation("quadratus_lumborum", "right", "active", ppt=Decimal("250"))],
            fingertip_floor_cm=Decimal("20"),
        ),
    )
    assessment_services.sign_assessment(actor_a, draft)
    services.submit_response(actor_a, episode, instrument="nprs", answers=[6])

    response = as_clinician_a.get(reverse("outcomes:episode", args=[episode.public_id]))

    assert response.status_code == 200
    assert [r.label for r in response.context["burden"].rows] == ["Quadratus lumborum"]
    assert "Trigger points and clinician measures" in response.content.decode()
    assert response.context["burden"].measures[0][2] == Decimal("20")
