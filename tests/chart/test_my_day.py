"""My day: a clinician's patients of the day with what each needs, and yesterday's drafts."""

from datetime import date

import pytest
from django.urls import reverse

from taut.audit.models import AuditEntry
from taut.chart.queries import my_day
from tests.appointments.conftest import NOW, at
from tests.builders import make_episode, make_patient
from tests.sessions.builders import ready_to_needle, start_past

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def location_a(clinic_a):
    from taut.appointments.demo import setup_clinic_hours

    location = clinic_a.locations.create(name="Fuengirola")
    setup_clinic_hours(clinic_a)
    return location


@pytest.fixture
def book(actor_a, clinician_a, location_a):
    from taut.appointments import services
    from taut.appointments.demo import setup_availability

    setup_availability(clinician_a, location_a)

    def _book(patient, starts_at, **overrides):
        return services.book_appointment(
            actor_a,
            **{
                "patient": patient,
                "clinician": clinician_a.user,
                "location": location_a,
                "starts_at": starts_at,
                "minutes": 30,
                "kind": "needling_session",
                **overrides,
            },
        )

    return _book


def test_a_new_patient_needs_screening_profile_and_consent(actor_a, clinician_a, patient_a, book):
    make_episode(actor_a, patient_a)
    book(patient_a, at(2026, 11, 20, 12))

    day = my_day(actor_a, clinician=clinician_a.user, day=TODAY)

    (row,) = day.rows
    codes = {line.code for line in row.blocked}
    assert {"no_screen", "no_profile", "no_consent"} <= codes
    assert not row.ready
    assert day.to_resolve == 1


def test_a_patient_ready_to_needle_has_nothing_outstanding_but_what_is_due(
    actor_a, clinician_a, patient_a, book
):
    episode = make_episode(actor_a, patient_a)
    ready_to_needle(actor_a, patient_a)
    book(patient_a, at(2026, 11, 20, 12), episode=episode)

    (row,) = my_day(actor_a, clinician=clinician_a.user, day=TODAY).rows

    assert row.blocked == ()
    assert {d.instrument for d in row.due}  # the baseline questionnaires of a first visit


def test_a_patient_without_an_episode_is_told_to_open_one(actor_a, clinician_a, patient_a, book):
    book(patient_a, at(2026, 11, 20, 12), kind="assessment")

    (row,) = my_day(actor_a, clinician=clinician_a.user, day=TODAY).rows

    assert row.no_episode


def test_drafts_left_unsigned_on_earlier_days_are_listed(actor_a, clinician_a, patient_a):
    episode = make_episode(actor_a, patient_a)
    ready_to_needle(actor_a, patient_a)
    draft = start_past(actor_a, episode, 2)

    day = my_day(actor_a, clinician=clinician_a.user, day=TODAY)

    assert day.earlier_sessions == [draft]


def test_cancelled_appointments_come_last_and_ask_for_nothing(
    actor_a, clinician_a, patient_a, book
):
    from taut.appointments.services import cancel

    other = make_patient(actor_a, given_names="Ana", family_name="Otra")
    first = book(patient_a, at(2026, 11, 20, 11))
    book(other, at(2026, 11, 20, 12))
    cancel(actor_a, first, reason="Patient unwell")

    rows = my_day(actor_a, clinician=clinician_a.user, day=TODAY).rows

    assert [r.appointment.patient for r in rows] == [other, patient_a]
    assert rows[1].blocked == ()


def test_the_page_lists_the_day_and_is_audited_once(
    as_clinician_a, clinician_a, patient_a, actor_a, book
):
    make_episode(actor_a, patient_a)
    book(patient_a, at(2026, 11, 20, 12))
    before = AuditEntry.objects.filter(object_type="day").count()

    body = as_clinician_a.get(reverse("chart:my_day")).content.decode()

    assert str(patient_a) in body
    assert "Take consent" in body
    assert AuditEntry.objects.filter(object_type="day").count() == before + 1


def test_clinicians_and_owners_start_on_their_day_and_front_desk_on_patients(
    as_clinician_a, as_owner_a, as_desk_a
):
    assert as_clinician_a.get("/").url == reverse("chart:my_day")
    assert as_owner_a.get("/").url == reverse("chart:my_day")
    assert as_desk_a.get("/").url == reverse("patients:list")
    assert as_desk_a.get(reverse("chart:my_day")).status_code == 403


def test_another_clinics_clinician_cannot_be_chosen(as_clinician_a, clinician_b, clinician_a):
    response = as_clinician_a.get(
        reverse("chart:my_day"), {"clinician": str(clinician_b.user.public_id)}
    )

    assert response.context["view"].clinician == clinician_a.user


@pytest.mark.parametrize(
    "query",
    [
        {"date": "2026-02-30"},
        {"date": "x"},
        {"clinician": "nope"},
        {"date": "9999-12-31"},
        {"date": "0001-01-01"},
    ],
)
def test_bad_query_values_fall_back_to_today_and_me(as_clinician_a, clinician_a, query):
    response = as_clinician_a.get(reverse("chart:my_day"), query)

    assert response.status_code == 200
    assert response.context["view"].day == TODAY


def test_queries_do_not_grow_with_a_patients_second_appointment(
    actor_a, clinician_a, patient_a, book, django_assert_max_num_queries
):
    make_episode(actor_a, patient_a)
    book(patient_a, at(2026, 11, 20, 11))
    with django_assert_max_num_queries(40) as one:
        my_day(actor_a, clinician=clinician_a.user, day=TODAY)
    book(patient_a, at(2026, 11, 20, 15))

    with django_assert_max_num_queries(len(one.captured_queries)):
        my_day(actor_a, clinician=clinician_a.user, day=TODAY)


def test_a_further_patient_costs_no_further_query(
    actor_a, clinician_a, patient_a, book, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_episode(actor_a, patient_a)
    book(patient_a, at(2026, 11, 20, 11))
    with CaptureQueriesContext(connection) as one:
        my_day(actor_a, clinician=clinician_a.user, day=TODAY)
    other = make_patient(actor_a, given_names="Ana", family_name="Otra")
    make_episode(actor_a, other)
    book(other, at(2026, 11, 20, 12))

    with django_assert_max_num_queries(len(one.captured_queries)):
        my_day(actor_a, clinician=clinician_a.user, day=TODAY)


def test_patients_read_together_are_each_judged_on_their_own_records(
    actor_a, clinician_a, patient_a, book
):
    ready = make_patient(actor_a, given_names="Ana", family_name="Lista")
    ready_episode = make_episode(actor_a, ready)
    ready_to_needle(actor_a, ready)
    make_episode(actor_a, patient_a)
    book(patient_a, at(2026, 11, 20, 11))
    book(ready, at(2026, 11, 20, 12), episode=ready_episode)

    new, seen = my_day(actor_a, clinician=clinician_a.user, day=TODAY).rows

    assert {"no_screen", "no_profile", "no_consent"} <= {line.code for line in new.blocked}
    assert new.appointment.patient == patient_a
    assert seen.blocked == ()
    assert seen.episode == ready_episode


def test_an_appointment_is_marked_attended_when_its_session_is_signed_not_when_opened(
    actor_a, patient_a, book, time_machine
):
    from taut.sessions import services
    from tests.sessions.builders import session_input

    episode = make_episode(actor_a, patient_a)
    ready_to_needle(actor_a, patient_a)
    appointment = book(patient_a, at(2026, 11, 20, 10), episode=episode)
    time_machine.move_to(at(2026, 11, 20, 10, 5), tick=False)

    session = services.start_session(actor_a, episode, appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    services.save_session(actor_a, session, session_input())
    services.sign_session(actor_a, session)

    appointment.refresh_from_db()
    assert appointment.status == "attended"


def test_front_desk_sees_the_plans_unbooked_dates_and_the_aftercare_but_nothing_clinical(
    as_desk_a, actor_a, patient_a
):
    from taut.plans.models import PlanStatus, TreatmentPlan
    from tests.sessions.builders import make_signed_session

    episode = make_episode(actor_a, patient_a)
    ready_to_needle(actor_a, patient_a)
    session = make_signed_session(actor_a, episode)
    TreatmentPlan.objects.create(
        clinic=actor_a.clinic,
        patient=patient_a,
        episode=episode,
        status=PlanStatus.ACTIVE,
        planned_dates=["2026-11-24", "2026-12-01"],
        notes="Secret clinical note",
        created_by=actor_a.user,
    )

    body = as_desk_a.get(reverse("chart:patient", args=[patient_a.public_id])).content.decode()

    assert "dates=2026-11-24,2026-12-01" in body
    assert reverse("sessions:aftercare_pdf", args=[session.public_id]) in body
    assert "Secret clinical note" not in body
    assert "M54.50" not in body
    sheet = as_desk_a.get(reverse("sessions:aftercare", args=[session.public_id]))
    assert sheet.status_code == 200
    assert as_desk_a.get(reverse("sessions:detail", args=[session.public_id])).status_code == 403


def test_the_chart_shows_an_urgent_neurological_finding(as_clinician_a, actor_a, patient_a):
    from django.utils import timezone

    from taut.assessment.models import Assessment
    from taut.assessment.services import start_assessment

    draft = start_assessment(actor_a, make_episode(actor_a, patient_a))
    Assessment.objects.filter(pk=draft.pk).update(
        status="signed",
        signed_at=timezone.now(),
        neuro={"left": {"strength": {"L4": "weak", "S1": "weak"}}},
    )

    body = as_clinician_a.get(reverse("chart:patient", args=[patient_a.public_id])).content.decode()

    assert "Urgent:" in body
    assert "refer urgently" in body


def test_a_reassessment_without_a_screen_keeps_the_earlier_urgent_finding_on_the_chart(
    as_clinician_a, actor_a, patient_a
):
    from datetime import timedelta

    from django.utils import timezone

    from taut.assessment.models import Assessment

    episode = make_episode(actor_a, patient_a)
    Assessment.objects.create(
        clinic=actor_a.clinic,
        patient=patient_a,
        episode=episode,
        created_by=actor_a.user,
        status="signed",
        signed_at=timezone.now() - timedelta(days=3),
        neuro={"left": {"strength": {"L4": "weak", "S1": "weak"}}},
    )
    Assessment.objects.create(
        clinic=actor_a.clinic,
        patient=patient_a,
        episode=episode,
        created_by=actor_a.user,
        status="signed",
        signed_at=timezone.now(),
        version=2,
    )
    body = as_clinician_a.get(reverse("chart:patient", args=[patient_a.public_id])).content.decode()

    assert "refer urgently" in body
    assert "from the assessment of" in body


def test_a_stored_screen_that_cannot_be_read_does_not_break_the_chart(
    as_clinician_a, actor_a, patient_a
):
    from django.utils import timezone

    from taut.assessment.models import Assessment

    Assessment.objects.create(
        clinic=actor_a.clinic,
        patient=patient_a,
        episode=make_episode(actor_a, patient_a),
        created_by=actor_a.user,
        status="signed",
        signed_at=timezone.now(),
        neuro={"left": {"strength": 5}},
    )

    response = as_clinician_a.get(reverse("chart:patient", args=[patient_a.public_id]))

    assert response.status_code == 200
    assert "could not be read" in response.content.decode()


def test_signing_the_session_of_a_did_not_attend_appointment_marks_it_attended(
    actor_a, patient_a, book, time_machine
):
    from taut.appointments.services import mark_no_show
    from taut.sessions import services
    from tests.sessions.builders import session_input

    episode = make_episode(actor_a, patient_a)
    ready_to_needle(actor_a, patient_a)
    appointment = book(patient_a, at(2026, 11, 20, 10), episode=episode)
    time_machine.move_to(at(2026, 11, 20, 10, 20), tick=False)
    mark_no_show(actor_a, appointment)

    session = services.start_session(actor_a, episode, appointment=appointment)
    services.save_session(actor_a, session, session_input())
    services.sign_session(actor_a, session)

    appointment.refresh_from_db()
    assert appointment.status == "attended"


def test_the_charts_drawings_load_on_demand_for_clinicians_only(
    as_clinician_a, as_desk_a, as_clinician_b, actor_a, patient_a
):
    make_episode(actor_a, patient_a)
    url = reverse("chart:drawing", args=[patient_a.public_id, "pain"])

    fragment = as_clinician_a.get(url, HTTP_HX_REQUEST="true")

    assert fragment.status_code == 200
    assert "bc-svg" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert as_clinician_a.get(url).status_code == 200  # a full page without scripts
    assert as_desk_a.get(url).status_code == 403
    assert as_clinician_b.get(url).status_code == 404
    assert (
        as_clinician_a.get(reverse("chart:drawing", args=[patient_a.public_id, "x"])).status_code
        == 404
    )
    assert (
        as_clinician_a.get(
            reverse("chart:drawing", args=[patient_a.public_id, "needled"])
        ).status_code
        == 404
    )
