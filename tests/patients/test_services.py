from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from taut.audit.models import Action, AuditEntry
from taut.patients import services
from taut.patients.models import Patient, RecordStatus
from tests.builders import actor_for, make_patient, patient_data


def test_registration_assigns_the_clinics_next_record_number(actor_a):
    first = make_patient(actor_a)
    second = make_patient(actor_a, family_name="Smith")

    assert (first.record_number, second.record_number) == ("T000001", "T000002")


def test_registration_is_audited_with_who_and_where(actor_a):
    patient = make_patient(actor_a)

    entry = AuditEntry.objects.get(action=Action.CREATE)
    assert (entry.user, entry.patient, entry.address) == (actor_a.user, patient, "127.0.0.1")


def test_same_name_and_birth_date_is_a_possible_duplicate_and_saves_nothing(actor_a, patient_a):
    with pytest.raises(services.PossibleDuplicate) as caught:
        services.register_patient(
            actor_a, data=patient_data(family_name="NUNEZ", given_names="jose")
        )

    assert caught.value.matches == [patient_a]
    assert Patient.objects.count() == 1


def test_a_confirmed_different_person_is_registered(actor_a, patient_a):
    services.register_patient(actor_a, data=patient_data(), confirmed_not_duplicate=True)

    assert Patient.objects.count() == 2


def test_duplicates_are_looked_for_in_the_same_clinic_only(actor_a, actor_b, patient_a):
    services.register_patient(actor_b, data=patient_data())

    assert Patient.objects.filter(clinic=actor_b.clinic).count() == 1


def test_a_record_number_in_use_is_refused(actor_a, patient_a):
    with pytest.raises(services.RecordNumberTaken, match="T000001"):
        services.register_patient(
            actor_a, data=patient_data(family_name="Other"), record_number="T000001"
        )


def test_update_audits_the_names_of_changed_fields_not_their_values(actor_a, patient_a):
    changed = services.update_patient(
        actor_a, patient_a, data={"phone": "+34 611 000 000", "city": ""}
    )

    entry = AuditEntry.objects.get(action=Action.UPDATE)
    assert changed == ["phone"]
    assert entry.detail == {"fields": ["phone"]}


def test_search_fields_follow_an_update(actor_a, patient_a):
    services.update_patient(actor_a, patient_a, data={"family_name": "Ibáñez"})

    patient_a.refresh_from_db()
    assert patient_a.search_name == "jose ibanez"


def test_marking_entered_in_error_keeps_the_record_with_reason(actor_a, patient_a):
    services.mark_patient_entered_in_error(actor_a, patient_a, reason="Duplicate of T000009")

    patient_a.refresh_from_db()
    assert patient_a.status == RecordStatus.ENTERED_IN_ERROR
    assert (patient_a.entered_in_error_reason, patient_a.entered_in_error_by) == (
        "Duplicate of T000009",
        actor_a.user,
    )


def test_entered_in_error_needs_a_reason(actor_a, patient_a):
    with pytest.raises(ValueError, match="reason"):
        services.mark_patient_entered_in_error(actor_a, patient_a, reason="  ")

    patient_a.refresh_from_db()
    assert patient_a.status == RecordStatus.ACTIVE


def test_front_desk_cannot_mark_entered_in_error(desk_a, patient_a):
    with pytest.raises(PermissionDenied):
        services.mark_patient_entered_in_error(actor_for(desk_a), patient_a, reason="oops")

    patient_a.refresh_from_db()
    assert patient_a.status == RecordStatus.ACTIVE


def test_a_record_entered_in_error_cannot_be_updated(actor_a, patient_a):
    services.mark_patient_entered_in_error(actor_a, patient_a, reason="wrong patient")

    with pytest.raises(services.RecordLocked):
        services.update_patient(actor_a, patient_a, data={"phone": "1"})


def test_patients_are_never_deleted(patient_a):
    with pytest.raises(RuntimeError, match="entered in error"):
        patient_a.delete()


def test_an_invalid_birth_date_type_saves_nothing(actor_a):
    with pytest.raises(Exception):  # noqa: B017, PT011 - the model refuses before saving
        services.register_patient(actor_a, data=patient_data(birth_date="not a date"))

    assert not Patient.objects.exists()
    assert not AuditEntry.objects.exists()


def test_age_is_whole_years(patient_a):
    assert patient_a.age_on(date(2026, 5, 30)) == 55
    assert patient_a.age_on(date(2026, 5, 31)) == 56
