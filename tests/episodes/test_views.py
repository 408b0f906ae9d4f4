import pytest
from django.urls import reverse

from taut.episodes.models import Episode
from tests.builders import make_episode


@pytest.fixture
def episode_a(actor_a, patient_a):
    return make_episode(actor_a, patient_a, diagnosis_codes=["M79.18"])


@pytest.mark.parametrize("page", ["episodes:edit", "chart:discharge", "episodes:entered_in_error"])
def test_another_clinics_staff_get_not_found(as_clinician_b, episode_a, page):
    assert as_clinician_b.get(reverse(page, args=[episode_a.public_id])).status_code == 404


def test_a_clinician_opens_an_episode_from_the_chart(as_clinician_a, patient_a):
    response = as_clinician_a.post(
        reverse("episodes:create", args=[patient_a.public_id]),
        {"onset_on": "2026-01-02", "started_on": "2026-02-01", "primary_diagnosis": "M54.50"},
    )

    assert response.status_code == 302
    assert Episode.objects.get().diagnoses.get().code == "M54.50"


def test_conflicting_codes_are_shown_on_the_diagnosis_field(as_clinician_a, patient_a):
    response = as_clinician_a.post(
        reverse("episodes:create", args=[patient_a.public_id]),
        {
            "onset_on": "2026-01-02",
            "started_on": "2026-02-01",
            "primary_diagnosis": "M54.50",
            "second_diagnosis": "M51.360",
        },
    )

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert list(errors) == ["second_diagnosis"]
    assert errors["second_diagnosis"][0].startswith("M54.50 (")
    assert "cannot be recorded together" in errors["second_diagnosis"][0]
    assert not Episode.objects.exists()


def test_front_desk_cannot_open_episodes(as_desk_a, patient_a):
    response = as_desk_a.get(reverse("episodes:create", args=[patient_a.public_id]))

    assert response.status_code == 403


def test_front_desk_does_not_see_the_working_diagnosis(as_desk_a, episode_a, patient_a):
    response = as_desk_a.get(reverse("chart:patient", args=[patient_a.public_id]))

    assert response.status_code == 200
    assert "M79.18" not in response.content.decode()


def test_the_clinician_sees_chronicity_and_diagnosis_on_the_chart(
    as_clinician_a, episode_a, patient_a
):
    content = as_clinician_a.get(
        reverse("chart:patient", args=[patient_a.public_id])
    ).content.decode()

    assert "M79.18" in content
    assert "acute" in content


def test_the_active_episode_comes_first_on_the_chart(as_clinician_a, actor_a, patient_a):
    from datetime import timedelta

    from taut.episodes import services

    today = actor_a.today()
    old = make_episode(
        actor_a,
        patient_a,
        onset_on=today - timedelta(days=400),
        started_on=today - timedelta(days=390),
    )
    services.discharge_episode(
        actor_a,
        old,
        discharged_on=today - timedelta(days=1),
        summary="Settled.",
        reason="goals_met",
    )
    current = make_episode(
        actor_a,
        patient_a,
        onset_on=today - timedelta(days=500),
        started_on=today - timedelta(days=450),
    )

    rows = as_clinician_a.get(reverse("chart:patient", args=[patient_a.public_id])).context[
        "episode_rows"
    ]

    assert [row.obj for row in rows] == [current, old]
