from django.test import Client
from django.urls import reverse

from taut.clinics.models import Role
from tests.builders import make_member


def test_a_member_of_two_clinics_chooses_one_first(clinic_a, clinic_b):
    membership = make_member(clinic_a, "locum@x.example", Role.CLINICIAN)
    make_member(clinic_b, "locum@x.example", Role.CLINICIAN)
    client = Client()
    client.force_login(membership.user)

    response = client.get(reverse("patients:list"))

    assert response["Location"] == reverse("clinics:switch")


def test_switching_changes_what_the_user_sees(clinic_a, clinic_b, patient_a):
    membership = make_member(clinic_a, "locum@x.example", Role.CLINICIAN)
    make_member(clinic_b, "locum@x.example", Role.CLINICIAN)
    client = Client()
    client.force_login(membership.user)

    client.post(reverse("clinics:switch"), {"clinic": clinic_b.public_id})

    assert client.get(reverse("chart:patient", args=[patient_a.public_id])).status_code == 404
    client.post(reverse("clinics:switch"), {"clinic": clinic_a.public_id})
    assert client.get(reverse("chart:patient", args=[patient_a.public_id])).status_code == 200


def test_nobody_switches_into_a_clinic_they_do_not_belong_to(as_clinician_a, clinic_b):
    response = as_clinician_a.post(reverse("clinics:switch"), {"clinic": clinic_b.public_id})

    assert response.status_code == 404


def test_an_inactive_membership_gives_no_access(clinician_a, patient_a):
    clinician_a.is_active = False
    clinician_a.save()
    client = Client()
    client.force_login(clinician_a.user)

    assert client.get(reverse("chart:patient", args=[patient_a.public_id])).status_code == 302
