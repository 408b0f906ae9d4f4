"""The appointments API with the cast: front desk books, clinics are kept apart, double-booking
is a 409 naming the clash, and a refusal books nothing."""

import json

import pytest
from django.test import Client

from taut.appointments.demo import setup_availability, setup_clinic_hours
from taut.appointments.models import Appointment
from taut.audit.models import Action, AuditEntry
from tests.appointments.conftest import NOW
from tests.builders import make_patient


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)  # Friday 2026-11-20, 10:00 in Madrid


@pytest.fixture
def location_a(clinic_a):
    location = clinic_a.locations.create(name="Fuengirola", city="Fuengirola")
    setup_clinic_hours(clinic_a)
    return location


@pytest.fixture
def cleo_works(clinician_a, location_a):
    setup_availability(clinician_a, location_a)
    return clinician_a


@pytest.fixture
def booking(patient_a, cleo_works, location_a):
    """A valid body for Monday 2026-11-23 10:00 Madrid; override what the test is about."""

    def _booking(**overrides):
        body = {
            "patient_id": str(patient_a.public_id),
            "clinician_id": str(cleo_works.user.public_id),
            "location_id": str(location_a.public_id),
            "starts_at": "2026-11-23T10:00:00+01:00",
            "minutes": 30,
            "kind": "needling_session",
        }
        body.update(overrides)
        return body

    return _booking


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def book(client, body):
    return post(client, "/api/appointments", body)


# --- Who may do what ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["as_desk_a", "as_clinician_a", "as_owner_a"])
def test_front_desk_clinicians_and_owners_book_and_read(request, who, booking, patient_a):
    client = request.getfixturevalue(who)

    created = book(client, booking())

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["starts_at"], body["ends_at"], body["minutes"]) == (
        "2026-11-23T09:00:00Z",
        "2026-11-23T09:30:00Z",
        30,
    )
    assert (body["status"], body["kind"], body["clinician"]) == (
        "booked",
        "needling_session",
        "Cleo Clinician",
    )
    assert body["patient_record_number"] == patient_a.record_number
    assert client.get(f"/api/appointments/{body['id']}").json() == body
    assert client.get(f"/api/patients/{patient_a.public_id}/appointments").json() == [body]


def test_a_booking_is_audited_and_so_is_reading_it(as_desk_a, booking):
    created = book(as_desk_a, booking()).json()

    as_desk_a.get(f"/api/appointments/{created['id']}")

    for action in (Action.CREATE, Action.VIEW):
        assert AuditEntry.objects.filter(
            action=action, object_type="appointment", object_id=created["id"]
        ).exists()


def test_anonymous_callers_get_401_and_book_nothing(client, booking, patient_a, actor_a):
    assert client.get(f"/api/patients/{patient_a.public_id}/appointments").status_code == 401
    assert book(Client(enforce_csrf_checks=True), booking()).status_code == 401
    assert not Appointment.objects.exists()


def test_a_booking_without_the_csrf_token_is_refused(desk_a, booking):
    client = Client(enforce_csrf_checks=True)
    client.force_login(desk_a.user)

    answer = book(client, booking())

    assert answer.status_code == 403
    assert "CSRF" in answer.json()["detail"]
    assert not Appointment.objects.exists()


def test_another_clinic_gets_404_for_every_id_and_books_nothing(
    as_clinician_b, as_desk_a, booking, patient_a
):
    created = book(as_desk_a, booking()).json()

    assert as_clinician_b.get(f"/api/appointments/{created['id']}").status_code == 404
    assert (
        as_clinician_b.get(f"/api/patients/{patient_a.public_id}/appointments").status_code == 404
    )
    later = booking(starts_at="2026-11-24T10:00:00+01:00")
    assert book(as_clinician_b, later).status_code == 404
    series = {**later, "starts_ats": [later.pop("starts_at")]}
    assert post(as_clinician_b, "/api/appointments/series", series).status_code == 404
    assert Appointment.objects.count() == 1


def test_an_unknown_appointment_is_404_and_a_malformed_id_422(as_desk_a):
    assert (
        as_desk_a.get("/api/appointments/8d7d7f7e-0000-4000-8000-000000000000").status_code == 404
    )
    assert as_desk_a.get("/api/appointments/not-an-id").status_code == 422


# --- Conflicts and refusals -----------------------------------------------------------------


def test_double_booking_is_409_with_the_clash_and_books_nothing(
    as_desk_a, actor_a, booking, patient_a
):
    first = book(as_desk_a, booking()).json()
    other = make_patient(actor_a, family_name="Other", record_number="R-2")

    answer = book(
        as_desk_a,
        booking(patient_id=str(other.public_id), starts_at="2026-11-23T10:15:00+01:00"),
    )

    assert answer.status_code == 409
    body = answer.json()
    assert "Cleo Clinician is already booked" in body["detail"]
    assert body["position"] == 0
    assert body["conflicts"] == [
        {
            "id": first["id"],
            "starts_at": "2026-11-23T09:00:00Z",
            "ends_at": "2026-11-23T09:30:00Z",
            "clinician": "Cleo Clinician",
            "patient_record_number": patient_a.record_number,
            "location": "Fuengirola",
        }
    ]
    assert Appointment.objects.count() == 1


def test_a_series_is_booked_together(as_desk_a, booking):
    body = booking()
    body["starts_ats"] = [body.pop("starts_at"), "2026-11-30T10:00:00+01:00"]

    answer = post(as_desk_a, "/api/appointments/series", body)

    assert answer.status_code == 201
    booked = answer.json()
    assert [a["starts_at"] for a in booked] == ["2026-11-23T09:00:00Z", "2026-11-30T09:00:00Z"]
    assert booked[0]["series_id"]
    assert booked[0]["series_id"] == booked[1]["series_id"]


def test_a_series_with_one_clash_books_none_and_names_the_start(as_desk_a, booking):
    book(as_desk_a, booking(starts_at="2026-11-30T10:00:00+01:00"))
    body = booking()
    body["starts_ats"] = [body.pop("starts_at"), "2026-11-30T10:00:00+01:00"]

    answer = post(as_desk_a, "/api/appointments/series", body)

    assert answer.status_code == 409
    assert answer.json()["position"] == 1
    assert len(answer.json()["conflicts"]) == 1
    assert Appointment.objects.count() == 1


def test_a_series_start_outside_the_hours_is_422_naming_its_position(as_desk_a, booking):
    body = booking()
    body["starts_ats"] = [body.pop("starts_at"), "2026-11-29T10:00:00+01:00"]  # a Sunday

    answer = post(as_desk_a, "/api/appointments/series", body)

    assert answer.status_code == 422
    entry = answer.json()["detail"][0]
    assert entry["loc"] == ["body", "payload", "starts_ats", 1]
    assert "opening hours" in entry["msg"]
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"starts_at": "2026-11-23T20:00:00+01:00"}, "starts_at", "opening hours"),
        ({"starts_at": "2026-11-19T10:00:00+01:00"}, "starts_at", "already passed"),
        ({"minutes": 1}, "minutes", "at least"),
        ({"clinician_id": "8d7d7f7e-0000-4000-8000-000000000000"}, "clinician_id", "clinician"),
        ({"location_id": "8d7d7f7e-0000-4000-8000-000000000000"}, "location_id", "location"),
        ({"episode_id": "8d7d7f7e-0000-4000-8000-000000000000"}, "episode_id", "episode"),
    ],
)
def test_refused_bookings_are_422_naming_the_field(as_desk_a, booking, change, field, words):
    answer = book(as_desk_a, booking(**change))

    assert answer.status_code == 422
    entry = answer.json()["detail"][0]
    assert entry["loc"] == ["body", "payload", field]
    assert words in entry["msg"]
    assert not Appointment.objects.exists()


def test_a_start_without_its_offset_is_422(as_desk_a, booking):
    answer = book(as_desk_a, booking(starts_at="2026-11-23T10:00:00"))

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] == "starts_at"
    assert not Appointment.objects.exists()


def test_front_desk_may_book_for_the_patients_episode(as_desk_a, booking, episode_a):
    answer = book(as_desk_a, booking(episode_id=str(episode_a.public_id)))

    assert answer.status_code == 201
    assert answer.json()["episode_id"] == str(episode_a.public_id)
