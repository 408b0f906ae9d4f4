"""A location of clinic A open on weekdays 08:00-19:00 and Saturday 09:00-13:00, where Cleo the
clinician works the same hours; the clock stands at Friday 2026-11-20, 10:00 in Madrid."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from taut.appointments.demo import setup_availability, setup_clinic_hours

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # Friday, 10:00 in Madrid


def at(year, month, day, hour, minute=0):
    """A wall-clock time in clinic A's zone."""
    return datetime(year, month, day, hour, minute, tzinfo=MADRID)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def location_a(clinic_a):
    location = clinic_a.locations.create(
        name="Fuengirola", address_line="Calle Mayor 1, bajo; puerta B", city="Fuengirola"
    )
    setup_clinic_hours(clinic_a)
    return location


@pytest.fixture
def cleo_works(clinician_a, location_a):
    setup_availability(clinician_a, location_a)
    return clinician_a


@pytest.fixture
def book(actor_a, patient_a, clinician_a, location_a, cleo_works):
    """Book for patient A with Cleo at the location; override what the test is about."""
    from taut.appointments import services

    def _book(starts_at, **overrides):
        arguments = {
            "patient": patient_a,
            "clinician": clinician_a.user,
            "location": location_a,
            "starts_at": starts_at,
            "minutes": 30,
            "kind": "needling_session",
        }
        actor = overrides.pop("actor", actor_a)
        arguments.update(overrides)
        return services.book_appointment(actor, **arguments)

    return _book
