import pytest
from django.urls import reverse


def settings_data(clinic, **overrides):
    data = {
        "name": clinic.name,
        "time_zone": clinic.time_zone,
        "phone": "",
        "email": "",
        "website": "",
        "idle_timeout_minutes": 30,
        "safety_profile_review_days": 90,
        "backdate_limit_days": 7,
    }
    data.update(overrides)
    return data


def test_owners_set_the_idle_log_off_time(as_owner_a, clinic_a):
    response = as_owner_a.post(reverse("office:settings"), settings_data(clinic_a))

    clinic_a.refresh_from_db()
    assert response.status_code == 302
    assert clinic_a.idle_timeout_minutes == 30


def test_an_impossible_idle_time_is_refused_and_nothing_changes(as_owner_a, clinic_a):
    response = as_owner_a.post(
        reverse("office:settings"), settings_data(clinic_a, idle_timeout_minutes=0)
    )

    clinic_a.refresh_from_db()
    assert "idle_timeout_minutes" in response.context["form"].errors
    assert clinic_a.idle_timeout_minutes == 15


@pytest.mark.parametrize("client_name", ["as_clinician_a", "as_desk_a"])
def test_only_owners_manage_the_clinic(request, client_name, clinic_a):
    client = request.getfixturevalue(client_name)

    response = client.post(reverse("office:settings"), settings_data(clinic_a))

    clinic_a.refresh_from_db()
    assert response.status_code == 403
    assert clinic_a.idle_timeout_minutes == 15
