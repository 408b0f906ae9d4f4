from datetime import date

import pytest
from django.http import Http404

from taut.appointments import queries, services
from taut.audit.models import Action, AuditEntry
from tests.appointments.conftest import at
from tests.builders import make_patient


def test_the_day_view_groups_by_clinician_and_hour(book, actor_a, clinician_a):
    book(at(2026, 11, 23, 10))
    book(at(2026, 11, 23, 10, 30), patient=make_patient(actor_a, family_name="Other"))
    book(at(2026, 11, 24, 10), patient=make_patient(actor_a, family_name="Tuesday"))

    day = queries.day_view(actor_a, day=date(2026, 11, 23))

    assert [row.clinician for row in day.rows] == [clinician_a.user]
    assert day.count == 2
    ten = next(r for r in day.hour_rows() if r.hour.hour == 10)
    assert len(ten.cells[0]) == 2
    assert AuditEntry.objects.filter(action=Action.LIST, object_type="appointment").exists()


def test_the_week_view_can_hide_cancelled(book, actor_a):
    cancelled = book(at(2026, 11, 23, 10))
    services.cancel(actor_a, cancelled, reason="Unwell")
    book(at(2026, 11, 27, 10))

    shown = queries.week_view(actor_a, day=date(2026, 11, 25))
    hidden = queries.week_view(actor_a, day=date(2026, 11, 25), include_cancelled=False)

    assert shown.days[0] == date(2026, 11, 23)
    assert shown.count == 2
    assert hidden.count == 1


def test_other_clinics_do_not_find_an_appointment(book, actor_b):
    appointment = book(at(2026, 11, 23, 10))

    with pytest.raises(Http404):
        queries.get_appointment(actor_b, appointment.public_id)


def test_next_free_slots_go_around_bookings(book, actor_a, clinician_a, location_a):
    book(at(2026, 11, 23, 8))

    slots = queries.next_free_slots(
        actor_a,
        clinician=clinician_a.user,
        location=location_a,
        after=at(2026, 11, 23, 7),
        minutes=30,
        count=2,
    )

    assert slots == [at(2026, 11, 23, 8, 30), at(2026, 11, 23, 8, 45)]
