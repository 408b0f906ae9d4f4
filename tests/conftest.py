"""The cast for every test: clinic A with its owner, clinician and front desk; clinic B with a
clinician who must never see anything of clinic A."""

from __future__ import annotations

import os
from typing import Any

import pytest

# The cast needs Django; the kernel's tests (tests/clinical) do not, and must also run with
# `-p no:django`. So Django and the builders are imported inside the fixtures.

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Drive Debian's Chromium: Playwright cannot download its own browser here."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _member(clinic, email, role_name, full_name):
    from taut.clinics.models import Role
    from tests.builders import make_member

    return make_member(clinic, email, Role[role_name], full_name)


@pytest.fixture
def clinic_a(db):
    from tests.builders import make_clinic

    return make_clinic("Clinic A")


@pytest.fixture
def clinic_b(db):
    from tests.builders import make_clinic

    return make_clinic("Clinic B", time_zone="America/New_York")


@pytest.fixture
def owner_a(clinic_a):
    return _member(clinic_a, "olive@a.example", "OWNER", "Olive Owner")


@pytest.fixture
def clinician_a(clinic_a):
    return _member(clinic_a, "cleo@a.example", "CLINICIAN", "Cleo Clinician")


@pytest.fixture
def desk_a(clinic_a):
    return _member(clinic_a, "dee@a.example", "FRONT_DESK", "Dee Desk")


@pytest.fixture
def clinician_b(clinic_b):
    return _member(clinic_b, "ben@b.example", "CLINICIAN", "Ben of B")


@pytest.fixture
def actor_a(clinician_a):
    from tests.builders import actor_for

    return actor_for(clinician_a)


@pytest.fixture
def actor_b(clinician_b):
    from tests.builders import actor_for

    return actor_for(clinician_b)


@pytest.fixture
def patient_a(actor_a):
    from tests.builders import make_patient

    return make_patient(actor_a)


def login(membership):
    from django.test import Client

    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def as_clinician_a(clinician_a):
    return login(clinician_a)


@pytest.fixture
def as_owner_a(owner_a):
    return login(owner_a)


@pytest.fixture
def as_desk_a(desk_a):
    return login(desk_a)


@pytest.fixture
def as_clinician_b(clinician_b):
    return login(clinician_b)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, stopped before the test database is dropped (PostgreSQL
    refuses to drop a database while the server thread still holds a connection)."""
    return live_server
