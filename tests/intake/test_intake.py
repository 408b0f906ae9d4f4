from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.clinical.red_flags import FLAGS
from taut.intake import services
from taut.intake.models import Intake, IntakeLink, LinkStatus
from taut.safety.models import RedFlagScreen

ABOUT = {
    "onset_on": "2026-09-01",
    "how_started": "lifting_bending",
    "had_before": "no",
    "pain_now": "6",
}
SYMPTOMS = {"symptoms": ["dull_ache", "radiating"], "aggravating": ["sitting"]}
HEALTH = {
    "needle_phobia": "no",
    "anticoagulant_or_antiplatelet": "yes",
    "bleeding_disorder": "no",
    "immunosuppressed": "no",
    "pregnant": "no",
    "implanted_cardiac_device": "no",
    "cardiac_condition": "no",
    "metal_allergy": "no",
    "latex_allergy": "no",
    "diabetes": "none",
    "epilepsy": "none",
    "lymphoedema_legs": ["left"],
    "health_notes": "",
}
FLAGS_NO = dict.fromkeys(FLAGS, "no")
STARTBACK = {f"item_{n}": "1" for n in range(1, 9)} | {"item_9": "4"}
PAGES = [ABOUT, SYMPTOMS, HEALTH, FLAGS_NO, STARTBACK]


@pytest.fixture
def link(actor_a, patient_a):
    return services.create_link(actor_a, patient_a, channel="remote")


def step_url(link, step):
    return reverse("intake:step", args=[services.token_for(link), step])


def answer_all(client, link, pages=PAGES):
    for number, data in enumerate(pages, start=1):
        response = client.post(step_url(link, number), data)
        assert response.status_code == 302, response.context["form"].errors
    return client.post(reverse("intake:review", args=[services.token_for(link)]))


def test_a_patient_answers_every_step_and_the_record_lands_in_one_go(link, patient_a):
    response = answer_all(Client(), link)

    intake = Intake.objects.get()
    assert response["Location"].startswith(reverse("intake:done"))
    assert (intake.patient, intake.pain_now, intake.startback_risk) == (patient_a, 6, "high")
    assert intake.health["anticoagulant_or_antiplatelet"] is True
    assert "calf:left" in intake.health["lymphoedema_regions"]
    assert RedFlagScreen.objects.get(patient=patient_a).source == "intake"
    link.refresh_from_db()
    assert link.status == LinkStatus.SUBMITTED


def test_an_emergency_red_flag_from_intake_reaches_the_screen(link, patient_a):
    answer_all(Client(), link, [ABOUT, SYMPTOMS, HEALTH, FLAGS_NO | {"CES-3": "yes"}, STARTBACK])

    assert RedFlagScreen.objects.get(patient=patient_a).level == "emergency"


def test_a_half_finished_link_resumes_with_the_saved_answers(link):
    client = Client()
    client.post(step_url(link, 1), ABOUT)

    form = client.get(step_url(link, 1)).context["form"]

    assert form["pain_now"].value() == "6"


def test_a_used_link_says_so_and_saves_nothing(link):
    answer_all(Client(), link)
    entries = AuditEntry.objects.count()

    response = Client().post(step_url(link, 1), ABOUT)

    assert response.status_code == 410
    assert "already been sent" in response.content.decode()
    assert AuditEntry.objects.count() == entries
    assert Intake.objects.count() == 1


def test_an_expired_link_says_so_and_saves_nothing(link):
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Client().post(step_url(link, 1), ABOUT)

    assert response.status_code == 410
    link.refresh_from_db()
    assert link.draft == {}


def test_a_tampered_token_is_not_found():
    assert Client().get(reverse("intake:step", args=["not-a-token", 1])).status_code == 404


def test_an_impossible_answer_is_refused_with_the_question_named(link):
    response = Client().post(step_url(link, 1), ABOUT | {"pain_now": "11"})

    assert response.status_code == 200
    assert "pain_now" in response.context["form"].errors
    link.refresh_from_db()
    assert link.draft == {}


def test_submitting_before_every_step_is_answered_goes_back_to_the_missing_step(link):
    client = Client()
    client.post(step_url(link, 1), ABOUT)

    response = client.post(reverse("intake:review", args=[services.token_for(link)]))

    assert response["Location"] == step_url(link, 2)
    assert not Intake.objects.exists()


def test_another_clinic_cannot_create_a_link_for_the_patient(as_clinician_b, patient_a):
    response = as_clinician_b.post(
        reverse("intake:start", args=[patient_a.public_id]), {"channel": "remote"}
    )

    assert response.status_code == 404
    assert not IntakeLink.objects.exists()


def test_handing_over_the_tablet_logs_the_staff_member_out(as_desk_a, patient_a):
    response = as_desk_a.post(
        reverse("intake:start", args=[patient_a.public_id]), {"channel": "tablet"}
    )

    assert "/intake/l/" in response["Location"]
    assert "_auth_user_id" not in as_desk_a.session


def test_the_safety_profile_form_starts_from_the_intake_answers(link, as_clinician_a, patient_a):
    answer_all(Client(), link)

    response = as_clinician_a.get(reverse("safety:profile_edit", args=[patient_a.public_id]))

    assert response.context["form"].initial["anticoagulant_or_antiplatelet"] is True
    assert "intake answers" in response.content.decode()


def test_after_intake_the_patient_can_consent_through_the_link(link, patient_a):
    from taut.consent.models import Consent
    from taut.consent.queries import current_document
    from taut.consent.services import ensure_default_documents

    ensure_default_documents(patient_a.clinic)
    client = Client()
    done = client.get(answer_all(client, link)["Location"])
    consent_url = reverse("consent:link", args=[done.context["consent_token"]])
    document = current_document(patient_a.clinic, kind="dry_needling", language=patient_a.language)

    response = client.post(
        consent_url,
        {
            "document": document.public_id,
            "method": "typed_name",
            "typed_name": "José Núñez",
            "confirmed": "on",
        },
    )

    consent = Consent.objects.get()
    assert (consent.patient, consent.taken_by, consent.channel) == (patient_a, None, "patient_link")
    assert "consent is recorded" in response.content.decode()
    assert client.get(consent_url).status_code == 410


def test_a_tampered_consent_link_is_not_found():
    assert Client().get(reverse("consent:link", args=["nope"])).status_code == 404


def test_error_summary_links_reach_the_first_option_of_a_question(link):
    content = Client().post(step_url(link, 1), {}).content.decode()

    assert 'href="#id_how_started_0"' in content
    assert 'id="id_how_started_0"' in content


def test_a_questionnaire_link_collects_several_and_scores_them(actor_a, patient_a):
    from taut.outcomes.models import Response
    from tests.builders import make_episode

    episode = make_episode(actor_a, patient_a)
    qlink = services.create_questionnaire_link(actor_a, episode, instruments=["nprs", "odi"])
    token = services.token_for(qlink)
    client = Client()

    client.post(reverse("intake:questionnaire", args=[token, 1]), {"item_1": "6"})
    done = client.post(
        reverse("intake:questionnaire", args=[token, 2]), {f"item_{n}": "2" for n in range(1, 11)}
    )

    assert "answers have been sent" in done.content.decode()
    assert sorted(Response.objects.values_list("instrument", "channel")) == [
        ("nprs", "patient_link"),
        ("odi", "patient_link"),
    ]
    again = client.post(reverse("intake:questionnaire", args=[token, 1]), {"item_1": "3"})
    assert again.status_code == 410
    assert Response.objects.count() == 2


def test_a_patient_names_their_own_psfs_activities_then_rates_them(actor_a, patient_a):
    from taut.outcomes.models import Response
    from tests.builders import make_episode

    episode = make_episode(actor_a, patient_a)
    qlink = services.create_questionnaire_link(actor_a, episode, instruments=["psfs"])
    url = reverse("intake:questionnaire", args=[services.token_for(qlink), 1])
    client = Client()

    asked = client.get(url)
    assert "Your own activities" in asked.content.decode()
    client.post(url, {"activity_1": "Sitting through a film", "activity_2": "Gardening"})
    rating = client.get(url).content.decode()
    assert "Sitting through a film" in rating
    done = client.post(url, {"item_1": "3", "item_2": "5"})

    assert "answers have been sent" in done.content.decode()
    assert list(episode.psfs_activities.values_list("description", flat=True)) == [
        "Sitting through a film",
        "Gardening",
    ]
    assert Response.objects.get().score_value == 4
    assert AuditEntry.objects.filter(object_type="psfs_activities", user=None).exists()


def test_naming_no_activity_is_refused_next_to_the_first_and_saves_nothing(actor_a, patient_a):
    from tests.builders import make_episode

    episode = make_episode(actor_a, patient_a)
    qlink = services.create_questionnaire_link(actor_a, episode, instruments=["psfs"])
    url = reverse("intake:questionnaire", args=[services.token_for(qlink), 1])

    response = Client().post(url, {"activity_1": "  ", "activity_2": "Gardening"})

    assert "activity_1" in response.context["form"].errors
    assert not episode.psfs_activities.exists()


def test_an_intake_for_an_open_episode_becomes_its_baseline_and_is_not_asked_again(
    actor_a, patient_a, link
):
    from taut.outcomes.models import Response
    from taut.outcomes.queries import due_instruments
    from tests.builders import make_episode

    episode = make_episode(actor_a, patient_a)
    answer_all(Client(), link)

    taken = {r.instrument: r.score_value for r in Response.objects.filter(episode=episode)}
    assert taken == {"nprs": 6, "startback": Intake.objects.get().startback_total}
    due = {d.instrument for d in due_instruments(actor_a, episode)}
    assert "nprs" not in due
    assert "startback" not in due


def test_an_intake_answered_before_the_episode_is_taken_in_one_tap_and_only_once(
    actor_a, patient_a, link, as_clinician_a
):
    from taut.outcomes.models import Response
    from tests.builders import make_episode

    answer_all(Client(), link)
    episode = make_episode(actor_a, patient_a)
    chart = as_clinician_a.get(reverse("chart:patient", args=[patient_a.public_id]))
    assert "as this episode's baseline" in chart.content.decode()

    as_clinician_a.post(reverse("intake:adopt", args=[episode.public_id]))
    as_clinician_a.post(reverse("intake:adopt", args=[episode.public_id]))

    assert Response.objects.filter(episode=episode).count() == 2
    assert (
        AuditEntry.objects.filter(object_type="outcome_response", detail__from="intake").count()
        == 2
    )


def test_another_clinic_cannot_take_the_intake(actor_a, patient_a, link, as_clinician_b):
    from tests.builders import make_episode

    answer_all(Client(), link)
    episode = make_episode(actor_a, patient_a)

    response = as_clinician_b.post(reverse("intake:adopt", args=[episode.public_id]))

    assert response.status_code == 404
    assert Intake.objects.get().baseline_episode is None


def test_an_intake_from_an_earlier_course_of_care_is_not_offered(actor_a, patient_a, link):
    from datetime import timedelta

    from taut.episodes.services import discharge_episode
    from tests.builders import make_episode

    answer_all(Client(), link)
    Intake.objects.update(submitted_at=timezone.now() - timedelta(days=60))
    old = make_episode(
        actor_a,
        patient_a,
        onset_on=actor_a.today() - timedelta(days=90),
        started_on=actor_a.today() - timedelta(days=80),
    )
    discharge_episode(
        actor_a,
        old,
        discharged_on=actor_a.today() - timedelta(days=30),
        summary="Settled.",
        reason="goals_met",
    )
    episode = make_episode(actor_a, patient_a)

    from taut.intake.queries import adoptable_intake

    assert adoptable_intake(actor_a, episode) is None


def test_an_intake_does_not_add_a_second_baseline_on_a_day_the_clinic_recorded_one(
    actor_a, patient_a, link
):
    from taut.outcomes.models import Response
    from taut.outcomes.services import submit_response
    from tests.builders import make_episode

    episode = make_episode(actor_a, patient_a)
    submit_response(actor_a, episode, instrument="nprs", answers=[3], collected_on=actor_a.today())

    answer_all(Client(), link)

    assert list(
        Response.objects.filter(episode=episode, instrument="nprs").values_list(
            "score_value", flat=True
        )
    ) == [3]
    assert Response.objects.filter(episode=episode, instrument="startback").count() == 1
