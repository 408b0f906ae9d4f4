"""Opening hours and availability for the demo (called from the demo seed).

Writes the rows directly: the demo builds a clinic before anyone acts in it.
"""

from __future__ import annotations

from datetime import time

from django.db import transaction

from taut.appointments.models import Availability, OpeningHours
from taut.clinics.models import Clinic, Location, Membership

WEEKDAYS = range(5)
SATURDAY = 5
WEEKDAY_HOURS = (time(8), time(19))
SATURDAY_HOURS = (time(9), time(13))


def _week() -> list[tuple[int, time, time]]:
    return [(day, *WEEKDAY_HOURS) for day in WEEKDAYS] + [(SATURDAY, *SATURDAY_HOURS)]


@transaction.atomic
def setup_clinic_hours(clinic: Clinic) -> None:
    """Every location of the clinic open Monday to Friday 08:00-19:00 and Saturday 09:00-13:00."""
    for location in clinic.locations.all():
        OpeningHours.objects.filter(location=location).delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(clinic=clinic, location=location, weekday=d, opens=s, closes=e)
            for d, s, e in _week()
        )


@transaction.atomic
def setup_availability(membership: Membership, location: Location) -> None:
    """The clinician works at the location whenever it is open (the demo's simple rota)."""
    Availability.objects.filter(membership=membership, location=location).delete()
    Availability.objects.bulk_create(
        Availability(membership=membership, location=location, weekday=d, start=s, end=e)
        for d, s, e in _week()
    )
