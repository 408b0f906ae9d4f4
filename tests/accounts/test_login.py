import time

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from taut.accounts.middleware import LAST_SEEN_KEY
from tests.builders import PASSWORD


def log_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_staff_log_in_with_their_email(clinician_a):
    response = log_in(Client(), "CLEO@a.example", PASSWORD)

    assert response.status_code == 302


def test_repeated_failed_logins_lock_the_account(clinician_a, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, clinician_a.user.email, "wrong password")

    response = log_in(client, clinician_a.user.email, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_shows_an_error_and_no_session(clinician_a):
    client = Client()
    response = log_in(client, clinician_a.user.email, "nope")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_idle_staff_are_logged_off(as_clinician_a, clinician_a):
    as_clinician_a.get(reverse("patients:list"))
    session = as_clinician_a.session
    session[LAST_SEEN_KEY] = time.time() - 16 * 60
    session.save()

    response = as_clinician_a.get(reverse("patients:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in as_clinician_a.session


def test_the_idle_limit_is_the_clinics_setting(as_clinician_a, clinician_a):
    clinician_a.clinic.idle_timeout_minutes = 30
    clinician_a.clinic.save()
    as_clinician_a.get(reverse("patients:list"))
    session = as_clinician_a.session
    session[LAST_SEEN_KEY] = time.time() - 16 * 60
    session.save()

    assert as_clinician_a.get(reverse("patients:list")).status_code == 200


def test_activity_is_stamped_at_most_every_half_minute(as_clinician_a, time_machine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from taut.accounts.middleware import LAST_SEEN_REFRESH_SECONDS

    time_machine.move_to("2026-12-07 10:00:00+00:00", tick=False)
    as_clinician_a.get(reverse("patients:list"))
    stamped = as_clinician_a.session[LAST_SEEN_KEY]

    time_machine.shift(LAST_SEEN_REFRESH_SECONDS - 1)
    with CaptureQueriesContext(connection) as soon:
        as_clinician_a.get(reverse("patients:list"))
    time_machine.shift(1)
    as_clinician_a.get(reverse("patients:list"))

    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in soon)
    assert as_clinician_a.session[LAST_SEEN_KEY] == stamped + LAST_SEEN_REFRESH_SECONDS


def test_a_password_reset_link_is_emailed(clinician_a):
    Client().post(reverse("accounts:password_reset"), {"email": clinician_a.user.email})

    assert len(mail.outbox) == 1
    assert "/accounts/password-reset/" in mail.outbox[0].body


def test_passwords_are_hashed_with_argon2_in_production():
    from taut import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("method", ["get"])
def test_logout_needs_a_post(as_clinician_a, method):
    assert getattr(as_clinician_a, method)(reverse("accounts:logout")).status_code == 405


@override_settings(AXES_ENABLED=True)
def test_logout_ends_the_session(as_clinician_a):
    as_clinician_a.post(reverse("accounts:logout"))

    assert "_auth_user_id" not in as_clinician_a.session
