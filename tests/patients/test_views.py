import pytest
from django.test import Client
from django.urls import reverse

from taut.audit.models import Action, AuditEntry
from taut.patients.models import Patient, RecordStatus
from tests.builders import patient_data

PAGES = ["chart:patient", "patients:edit", "patients:entered_in_error"]


def form_data(**overrides):
    return {k: str(v) for k, v in patient_data(**overrides).items()}


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_users_are_sent_to_log_in(patient_a, page):
    response = Client().get(reverse(page, args=[patient_a.public_id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("page", PAGES)
def test_another_clinics_staff_get_not_found(as_clinician_b, patient_a, page):
    assert as_clinician_b.get(reverse(page, args=[patient_a.public_id])).status_code == 404


def test_another_clinics_staff_cannot_change_a_patient(as_clinician_b, patient_a):
    response = as_clinician_b.post(
        reverse("patients:edit", args=[patient_a.public_id]), form_data(phone="999")
    )

    assert response.status_code == 404
    patient_a.refresh_from_db()
    assert patient_a.phone == "+34 600 123 456"


def test_the_list_shows_the_clinics_patients_only(as_clinician_b, patient_a):
    response = as_clinician_b.get(reverse("patients:list"))

    assert response.status_code == 200
    assert "Núñez".upper() not in response.content.decode()


def test_the_chart_shows_name_age_and_record_number(as_clinician_a, patient_a):
    response = as_clinician_a.get(reverse("chart:patient", args=[patient_a.public_id]))

    content = response.content.decode()
    assert "NÚÑEZ, José" in content
    assert patient_a.record_number in content


def test_registering_redirects_to_the_new_chart(as_desk_a):
    response = as_desk_a.post(reverse("patients:create"), form_data())

    patient = Patient.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("chart:patient", args=[patient.public_id])


def test_an_invalid_form_shows_field_errors_and_saves_nothing(as_desk_a):
    response = as_desk_a.post(
        reverse("patients:create"), form_data(family_name="", birth_date="2999-01-01")
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"family_name", "birth_date"}
    assert not Patient.objects.exists()
    assert not AuditEntry.objects.filter(action=Action.CREATE).exists()


def test_a_possible_duplicate_is_shown_before_saving(as_desk_a, patient_a):
    response = as_desk_a.post(reverse("patients:create"), form_data())

    assert response.status_code == 200
    assert response.context["duplicates"] == [patient_a]
    assert Patient.objects.count() == 1


def test_front_desk_may_not_mark_entered_in_error(as_desk_a, patient_a):
    response = as_desk_a.post(
        reverse("patients:entered_in_error", args=[patient_a.public_id]), {"reason": "x"}
    )

    assert response.status_code == 403
    patient_a.refresh_from_db()
    assert patient_a.status == RecordStatus.ACTIVE


def test_csrf_is_enforced(clinician_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician_a.user)

    response = client.post(reverse("patients:create"), form_data())

    assert response.status_code == 403
    assert not Patient.objects.exists()


def test_pages_carry_a_nonce_based_content_security_policy(as_clinician_a):
    response = as_clinician_a.get(reverse("patients:list"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "default-src 'self'" in policy


def test_the_list_fragment_and_page_are_never_confused_by_a_cache(as_clinician_a):
    response = as_clinician_a.get(reverse("patients:list"), {"q": "x"}, HTTP_HX_REQUEST="true")

    assert "HX-Request" in response["Vary"]
    assert "no-store" in response["Cache-Control"]
    assert "<html" not in response.content.decode()


@pytest.mark.parametrize("phone", ["abc", "12"])
def test_a_phone_number_must_look_like_one(as_desk_a, phone):
    response = as_desk_a.post(reverse("patients:create"), form_data(phone=phone))

    assert "phone" in response.context["form"].errors
    assert not Patient.objects.exists()
