import pytest
from django.urls import reverse

from taut.safety.models import RedFlagAction, RedFlagScreen, SafetyProfile
from tests.safety.builders import EMERGENCY, all_no, make_profile, make_screen


@pytest.fixture
def screen_a(actor_a, patient_a):
    return make_screen(actor_a, patient_a, EMERGENCY)


@pytest.fixture
def profile_a(actor_a, patient_a):
    return make_profile(actor_a, patient_a)


def _urls(patient, screen, profile):
    return [
        reverse("safety:screen_create", args=[patient.public_id]),
        reverse("safety:screen_detail", args=[screen.public_id]),
        reverse("safety:red_flags", args=[patient.public_id]),
        reverse("safety:screen_entered_in_error", args=[screen.public_id]),
        reverse("safety:profile_edit", args=[patient.public_id]),
        reverse("safety:profile_detail", args=[profile.public_id]),
    ]


def test_another_clinics_staff_get_not_found_on_every_safety_page(
    as_clinician_b, patient_a, screen_a, profile_a
):
    urls = _urls(patient_a, screen_a, profile_a)
    for url in urls:
        assert as_clinician_b.get(url).status_code == 404, url
    for url in (urls[0], urls[2], urls[3], urls[4]):  # the pages that accept a POST
        data = {"note": "x", "action": "ruled_out", "reason": "x", "confirm": "1"}
        assert as_clinician_b.post(url, data).status_code == 404, url

    screen_a.refresh_from_db()
    assert screen_a.is_current
    assert not RedFlagAction.objects.exists()
    assert RedFlagScreen.objects.count() == SafetyProfile.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, patient_a, screen_a, profile_a):
    for url in _urls(patient_a, screen_a, profile_a):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("accounts:login") in response["Location"]


def test_every_page_opens_for_the_clinician(as_clinician_a, patient_a, screen_a, profile_a):
    for url in _urls(patient_a, screen_a, profile_a):
        assert as_clinician_a.get(url).status_code == 200, url


def test_the_screening_form_asks_every_question_with_follow_ups_marked(as_clinician_a, patient_a):
    content = as_clinician_a.get(
        reverse("safety:screen_create", args=[patient_a.public_id])
    ).content.decode()

    assert "Have you lost control of your bowels" in content
    assert "Answer if yes above:" in content
    assert 'style="' not in content
    assert "<script>" not in content


def test_a_clinician_records_a_screen_and_returns_to_the_chart(as_clinician_a, patient_a):
    data = dict.fromkeys(all_no(), "no") | {"CES-1": "yes"}

    response = as_clinician_a.post(
        reverse("safety:screen_create", args=[patient_a.public_id]), data
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("safety:red_flags", args=[patient_a.public_id])
    assert RedFlagScreen.objects.get().level == "emergency"


def test_the_triage_page_shows_what_the_flag_suggests_and_what_to_do(as_clinician_a, screen_a):
    content = as_clinician_a.get(
        reverse("safety:screen_detail", args=[screen_a.public_id])
    ).content.decode()

    assert "Possible cauda equina syndrome" in content
    assert "Arrange emergency assessment now" in content
    assert "Record the action taken" in content


def _finding_ids(client, patient):
    page = client.get(reverse("safety:red_flags", args=[patient.public_id]))
    return [value for value, _label in page.context["form"].fields["findings"].choices]


def test_a_clinician_records_a_referral_and_the_finding_stays_open(
    as_clinician_a, screen_a, patient_a
):
    url = reverse("safety:red_flags", args=[patient_a.public_id])
    response = as_clinician_a.post(
        url,
        {
            "findings": _finding_ids(as_clinician_a, patient_a),
            "action": "referred",
            "note": "Sent to A&E at 10:20.",
        },
    )

    assert response.status_code == 302
    assert RedFlagAction.objects.get().action == "referred"
    page = as_clinician_a.get(url).content.decode()
    assert "Needling is blocked while this is open." in page


def test_a_clearance_closes_the_finding(as_clinician_a, screen_a, patient_a):
    url = reverse("safety:red_flags", args=[patient_a.public_id])
    as_clinician_a.post(
        url,
        {
            "findings": _finding_ids(as_clinician_a, patient_a),
            "action": "seen_and_cleared",
            "note": "Seen by Dr Ruiz; MRI clear.",
        },
    )

    page = as_clinician_a.get(url)
    assert page.context["open_findings"] == []
    assert page.context["form"] is None


def test_an_action_without_a_note_shows_the_error_and_keeps_the_choice(
    as_clinician_a, screen_a, patient_a
):
    ids = _finding_ids(as_clinician_a, patient_a)
    response = as_clinician_a.post(
        reverse("safety:red_flags", args=[patient_a.public_id]),
        {"findings": ids, "action": "ruled_out", "note": ""},
    )

    assert response.status_code == 422
    assert "note" in response.context["form"].errors
    assert response.context["form"]["action"].value() == "ruled_out"
    assert not RedFlagAction.objects.exists()


def test_front_desk_cannot_record_a_screen(as_desk_a, patient_a):
    url = reverse("safety:screen_create", args=[patient_a.public_id])

    assert as_desk_a.get(url).status_code == 403
    assert as_desk_a.post(url, {"CES-1": "yes"}).status_code == 403
    assert not RedFlagScreen.objects.exists()


def test_front_desk_cannot_act_on_red_flags(as_desk_a, screen_a, patient_a):
    response = as_desk_a.post(
        reverse("safety:red_flags", args=[patient_a.public_id]),
        {"action": "ruled_out", "note": "Seen."},
    )

    assert response.status_code == 403
    assert not RedFlagAction.objects.exists()


def test_front_desk_cannot_read_the_triage_or_confirm_a_profile(as_desk_a, patient_a, screen_a):
    assert (
        as_desk_a.get(reverse("safety:screen_detail", args=[screen_a.public_id])).status_code == 403
    )
    response = as_desk_a.post(
        reverse("safety:profile_edit", args=[patient_a.public_id]), {"confirm": "1"}
    )
    assert response.status_code == 403
    assert not SafetyProfile.objects.exists()


def test_checking_a_profile_shows_the_decision_without_saving(as_clinician_a, patient_a):
    response = as_clinician_a.post(
        reverse("safety:profile_edit", args=[patient_a.public_id]),
        {"epilepsy": "none", "diabetes": "stable", "check": "1", "needle_phobia": "on"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Blocked:" in content
    assert "Needle phobia." in content
    assert "Needs override:" in content
    assert not SafetyProfile.objects.exists()


def test_confirming_a_profile_shows_the_decision(as_clinician_a, patient_a):
    response = as_clinician_a.post(
        reverse("safety:profile_edit", args=[patient_a.public_id]),
        {
            "epilepsy": "none",
            "diabetes": "none",
            "anticoagulant_or_antiplatelet": "on",
            "lymphoedema_regions": ["calf:left"],
            "confirm": "1",
        },
        follow=True,
    )

    profile = SafetyProfile.objects.get()
    assert profile.answers["lymphoedema_regions"] == ["calf:left"]
    assert "Needs override:" in response.content.decode()
    assert "Calf, left" in response.content.decode()


def test_an_unknown_region_is_refused_on_the_field(as_clinician_a, patient_a):
    response = as_clinician_a.post(
        reverse("safety:profile_edit", args=[patient_a.public_id]),
        {"epilepsy": "none", "diabetes": "none", "implant_regions": ["elbow"], "confirm": "1"},
    )

    assert "implant_regions" in response.context["form"].errors
    assert not SafetyProfile.objects.exists()


def test_the_profile_form_starts_from_the_last_answers(as_clinician_a, actor_a, patient_a):
    make_profile(actor_a, patient_a, pregnant=True)

    response = as_clinician_a.get(reverse("safety:profile_edit", args=[patient_a.public_id]))

    assert response.context["form"]["pregnant"].value() is True
