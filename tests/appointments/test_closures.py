"""Holidays, closures and time off: booking refuses their days; what was booked is shown."""

from datetime import date

import pytest
from django.urls import reverse

from taut.appointments import queries, services
from taut.appointments.models import Closure
from taut.audit.models import AuditEntry
from tests.appointments.conftest import at

FRIDAY = date(2026, 11, 27)


def close(owner_a, **overrides):
    from tests.builders import actor_for

    arguments = {"starts_on": FRIDAY, "ends_on": FRIDAY, "reason": "Public holiday", **overrides}
    return services.add_closure(actor_for(owner_a), **arguments)


@pytest.mark.parametrize(
    "scope",
    ["clinic", "location", "clinician"],
)
def test_booking_on_a_closed_day_is_refused_and_nothing_is_saved(
    book, owner_a, location_a, clinician_a, scope
):
    extra = {"location": location_a} if scope == "location" else {}
    if scope == "clinician":
        extra = {"clinician": clinician_a.user}
    close(owner_a, **extra)

    with pytest.raises(services.AppointmentError, match="closure.*Public holiday"):
        book(at(2026, 11, 27, 10))
    assert not clinician_a.user.appointments.exists()


def test_the_days_around_a_closure_and_other_locations_stay_bookable(
    book, owner_a, clinic_a, location_a
):
    other = clinic_a.locations.create(name="Elsewhere")
    close(owner_a, location=other)

    assert book(at(2026, 11, 27, 10))  # the closure is at the other location
    assert book(at(2026, 11, 26, 10))


def test_a_withdrawn_closure_opens_the_days_again(book, owner_a):
    from tests.builders import actor_for

    closure, _ = close(owner_a)
    services.withdraw_closure(actor_for(owner_a), closure)

    assert book(at(2026, 11, 27, 10))
    assert Closure.objects.filter(pk=closure.pk).exists()


def test_free_slots_skip_a_closed_day(actor_a, owner_a, clinician_a, location_a, cleo_works):
    close(owner_a, starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 24))

    slots = queries.next_free_slots(
        actor_a,
        clinician=clinician_a.user,
        location=location_a,
        after=at(2026, 11, 21, 14),
        minutes=30,
        count=1,
    )

    assert slots[0] >= at(2026, 11, 25, 0)


def test_a_closure_lists_what_is_already_booked_in_it_and_leaves_it(book, owner_a):
    booked = book(at(2026, 11, 27, 10))

    _, inside = close(owner_a)

    booked.refresh_from_db()
    assert inside == [booked]
    assert booked.is_booked
    entry = AuditEntry.objects.get(object_type="closure")
    assert entry.detail["already_booked"] == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"ends_on": date(2026, 11, 26)}, "ends_on"),
        ({"ends_on": date(2028, 1, 1)}, "ends_on"),
        ({"starts_on": date(9999, 12, 31), "ends_on": date(9999, 12, 31)}, "ends_on"),
        ({"starts_on": date(1, 1, 1), "ends_on": date(1, 1, 1)}, "starts_on"),
    ],
)
def test_an_unusable_closure_is_refused_and_nothing_saved(owner_a, overrides, field):
    with pytest.raises(services.AppointmentError) as refused:
        close(owner_a, **overrides)

    assert refused.value.field == field
    assert not Closure.objects.exists()


def test_the_page_keeps_what_was_typed_when_refused(as_owner_a, location_a):
    response = as_owner_a.post(
        reverse("appointments:closures"),
        {"starts_on": "2026-11-27", "ends_on": "2026-11-20", "reason": "Team training"},
    )

    assert "ends_on" in response.context["form"].errors
    assert 'value="Team training"' in response.content.decode()
    assert not Closure.objects.exists()


def test_the_page_saves_a_single_day_and_shows_it(as_owner_a, location_a):
    response = as_owner_a.post(
        reverse("appointments:closures"),
        {"starts_on": "2026-12-25", "reason": "Christmas Day", "location": "", "clinician": ""},
        follow=True,
    )

    closure = Closure.objects.get()
    assert closure.ends_on == date(2026, 12, 25)
    assert "Christmas Day" in response.content.decode()


@pytest.mark.parametrize("client_name", ["as_clinician_a", "as_desk_a"])
def test_only_owners_manage_closures(request, client_name, location_a):
    response = request.getfixturevalue(client_name).post(
        reverse("appointments:closures"), {"starts_on": "2026-12-25", "reason": "Christmas"}
    )

    assert response.status_code == 403
    assert not Closure.objects.exists()


def test_another_clinics_closure_is_not_found(as_owner_a, clinician_b):
    from tests.builders import actor_for, make_member

    owner_b = make_member(clinician_b.clinic, "obi@b.example", "owner")
    closure, _ = services.add_closure(
        actor_for(owner_b), starts_on=FRIDAY, ends_on=FRIDAY, reason="B's holiday"
    )

    response = as_owner_a.post(reverse("appointments:closure_withdraw", args=[closure.public_id]))

    closure.refresh_from_db()
    assert response.status_code == 404
    assert closure.withdrawn_at is None


def test_the_page_lists_what_the_new_closure_found_booked(as_owner_a, book):
    booked = book(at(2026, 11, 27, 10))

    page = as_owner_a.post(
        reverse("appointments:closures"),
        {"starts_on": "2026-11-27", "reason": "Public holiday"},
        follow=True,
    )

    assert reverse("appointments:detail", args=[booked.public_id]) in page.content.decode()
    assert "Already booked in the new closure" in page.content.decode()
