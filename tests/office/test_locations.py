"""Owners add, change and close locations from the pages; every change is audited."""

import pytest
from django.urls import reverse

from taut.audit.models import AuditEntry
from taut.clinics.models import Location


def data(**overrides):
    return {
        "location-name": "Eastside",
        "location-address_line": "1 High St",
        "location-city": "Springfield",
        "location-postal_code": "",
        "location-country": "",
        "location-phone": "",
        "location-is_active": "on",
        **overrides,
    }


def test_an_owner_adds_a_location(as_owner_a, clinic_a):
    response = as_owner_a.post(reverse("office:locations"), data())

    assert response.status_code == 302
    place = Location.objects.get(clinic=clinic_a, name="Eastside")
    assert AuditEntry.objects.filter(object_id=place.public_id, action="create").exists()


def test_a_duplicate_name_is_refused_next_to_the_name(as_owner_a, clinic_a):
    Location.objects.create(clinic=clinic_a, name="Eastside")

    response = as_owner_a.post(reverse("office:locations"), data(**{"location-name": "eastside"}))

    assert "name" in response.context["form"].errors
    assert response.context["form"].data["location-city"] == "Springfield"
    assert Location.objects.filter(clinic=clinic_a).count() == 1


def test_the_last_active_location_cannot_be_closed(as_owner_a, clinic_a):
    place = Location.objects.create(clinic=clinic_a, name="Only")

    response = as_owner_a.post(
        reverse("office:location_edit", args=[place.public_id]),
        data(**{"location-name": "Only", "location-is_active": ""}),
    )

    place.refresh_from_db()
    assert "is_active" in response.context["form"].errors
    assert place.is_active


def test_a_location_is_renamed_and_the_change_audited(as_owner_a, clinic_a):
    place = Location.objects.create(clinic=clinic_a, name="Old name")

    as_owner_a.post(
        reverse("office:location_edit", args=[place.public_id]),
        data(**{"location-name": "New name"}),
    )

    place.refresh_from_db()
    assert place.name == "New name"
    entry = AuditEntry.objects.get(object_id=place.public_id)
    assert entry.detail["changed"]["name"] == {"from": "Old name", "to": "New name"}


def test_another_clinics_location_is_not_found(as_owner_a, clinic_b):
    place = Location.objects.create(clinic=clinic_b, name="B's place")

    response = as_owner_a.post(
        reverse("office:location_edit", args=[place.public_id]), data(**{"location-name": "Mine"})
    )

    place.refresh_from_db()
    assert response.status_code == 404
    assert place.name == "B's place"


@pytest.mark.parametrize("client_name", ["as_clinician_a", "as_desk_a"])
def test_only_owners_manage_locations(request, client_name, clinic_a):
    response = request.getfixturevalue(client_name).post(reverse("office:locations"), data())

    assert response.status_code == 403
    assert not Location.objects.filter(name="Eastside").exists()


def test_a_settings_change_is_audited_with_before_and_after(as_owner_a, clinic_a):
    from tests.office.test_settings_page import settings_data

    as_owner_a.post(reverse("office:settings"), settings_data(clinic_a, idle_timeout_minutes=30))

    entry = AuditEntry.objects.get(object_type="clinic")
    assert entry.detail["changed"]["idle_timeout_minutes"] == {"from": "15", "to": "30"}
