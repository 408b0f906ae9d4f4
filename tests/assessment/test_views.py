import pytest
from django.urls import reverse

from taut.assessment import services
from taut.assessment.models import PainMark
from taut.lib.records import RecordStatus
from tests.builders import make_episode


@pytest.fixture
def draft(actor_a, patient_a):
    return services.start_assessment(actor_a, make_episode(actor_a, patient_a))


def post_data(**extra):
    data = {
        "palp-TOTAL_FORMS": "1",
        "palp-INITIAL_FORMS": "0",
        "palp-0-muscle": "quadratus_lumborum",
        "palp-0-side": "right",
        "palp-0-finding": "active",
        "palp-0-ppt_unit": "kPa",
        "pain-region": ["iliac_crest:right", "greater_trochanter:right"],
        "pain-intensity-iliac_crest:right": "7",
        "pain-quality-iliac_crest:right": "ache",
        "pain-intensity-greater_trochanter:right": "5",
        "likely_causes": ["trigger_points"],
        "fingertip_floor_cm": "22",
        "action": "sign",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    "page", ["assessment:edit", "assessment:detail", "assessment:entered_in_error"]
)
def test_another_clinics_staff_get_not_found(as_clinician_b, draft, page):
    assert as_clinician_b.get(reverse(page, args=[draft.public_id])).status_code == 404


def test_front_desk_cannot_open_an_assessment(as_desk_a, draft):
    assert as_desk_a.get(reverse("assessment:edit", args=[draft.public_id])).status_code == 403


def test_a_clinician_signs_from_the_page(as_clinician_a, draft):
    response = as_clinician_a.post(reverse("assessment:edit", args=[draft.public_id]), post_data())

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == RecordStatus.SIGNED


def test_signing_an_incomplete_assessment_lists_what_is_missing(as_clinician_a, draft):
    response = as_clinician_a.post(
        reverse("assessment:edit", args=[draft.public_id]),
        post_data(likely_causes=[], fingertip_floor_cm=""),
    )

    assert response.status_code == 422
    assert response.context["problems"] == [
        "Missing: at least one likely cause",
        "Missing: a range-of-motion measure (modified Schober or fingertip-to-floor)",
    ]
    draft.refresh_from_db()
    assert draft.status == RecordStatus.DRAFT


def test_an_intensity_of_eleven_is_refused_and_nothing_saved(as_clinician_a, draft):
    response = as_clinician_a.post(
        reverse("assessment:edit", args=[draft.public_id]),
        post_data(**{"pain-intensity-iliac_crest:right": "11", "action": "save"}),
    )

    assert response.status_code == 422
    assert "iliac_crest:right: intensity must be 0 to 10, not 11" in response.context["problems"]
    assert not PainMark.objects.exists()


def test_the_ranking_follows_the_drawing(as_clinician_a):
    response = as_clinician_a.get(
        reverse("assessment:rank"), {"pain-region": ["iliac_crest:left", "greater_trochanter:left"]}
    )

    assert response.context["candidates"][0]["c"].muscle == "quadratus_lumborum"


def test_an_unknown_region_in_the_ranking_is_named(as_clinician_a):
    response = as_clinician_a.get(reverse("assessment:rank"), {"pain-region": ["elbow:left"]})

    assert response.status_code == 400
    assert "elbow" in response.content.decode()


def test_a_signed_assessment_is_marked_entered_in_error_from_its_page(as_clinician_a, draft):
    as_clinician_a.post(reverse("assessment:edit", args=[draft.public_id]), post_data())
    url = reverse("assessment:entered_in_error", args=[draft.public_id])
    detail = reverse("assessment:detail", args=[draft.public_id])
    assert url in as_clinician_a.get(detail).content.decode()

    response = as_clinician_a.post(url, {"reason": "Wrong patient"})

    draft.refresh_from_db()
    assert (response.status_code, draft.status) == (302, "entered_in_error")
    assert "Wrong patient" in as_clinician_a.get(detail).content.decode()


def test_the_neurological_screen_is_saved_and_interpreted(as_clinician_a, actor_a, patient_a):
    from taut.assessment.services import start_assessment
    from tests.builders import make_episode

    assessment = start_assessment(actor_a, make_episode(actor_a, patient_a))
    url = reverse("assessment:edit", args=[assessment.public_id])
    data = {
        "palp-TOTAL_FORMS": "0",
        "palp-INITIAL_FORMS": "0",
        "neuro_left_slr_tested": "on",
        "neuro_left_slr_deg": "45",
        "neuro_left_strength_L5": "weak",
        "neuro_left_reflex_achilles": "normal",
        "neuro_right_slr_tested": "on",
        "action": "save",
    }

    as_clinician_a.post(url, data)

    assessment.refresh_from_db()
    assert assessment.neuro["left"]["strength"] == {"L5": "weak"}
    page = as_clinician_a.get(url).content.decode()
    assert "suggests L5 nerve-root involvement" in page


def test_an_impossible_slr_angle_is_refused_beside_it_and_nothing_saved(
    as_clinician_a, actor_a, patient_a
):
    from taut.assessment.services import start_assessment
    from tests.builders import make_episode

    assessment = start_assessment(actor_a, make_episode(actor_a, patient_a))

    response = as_clinician_a.post(
        reverse("assessment:edit", args=[assessment.public_id]),
        {
            "palp-TOTAL_FORMS": "0",
            "palp-INITIAL_FORMS": "0",
            "neuro_left_slr_deg": "400",
            "notes": "kept",
        },
    )

    assessment.refresh_from_db()
    assert "neuro_left_slr_deg" in response.context["form"].errors
    assert response.context["form"]["notes"].value() == "kept"
    assert assessment.neuro == {}
