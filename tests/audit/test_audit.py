import pytest
from django.db import connection
from django.urls import reverse

from taut.audit.models import Action, AppendOnlyError, AuditEntry
from taut.patients import queries


@pytest.fixture
def entry(actor_a, patient_a):
    return AuditEntry.objects.filter(patient=patient_a).first()


def test_an_entry_cannot_be_changed(entry):
    entry.action = Action.VIEW
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action=Action.VIEW)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database trigger is PostgreSQL's"
)
def test_the_database_refuses_to_change_entries(entry):
    from django.db import DatabaseError, transaction

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET action = 'view' WHERE id = %s", [entry.pk])


def test_viewing_a_chart_records_who_what_and_from_where(as_clinician_a, clinician_a, patient_a):
    as_clinician_a.get(reverse("chart:patient", args=[patient_a.public_id]), REMOTE_ADDR="10.1.2.3")

    entry = AuditEntry.objects.get(action=Action.VIEW)
    assert (entry.user, entry.clinic, entry.patient, entry.address) == (
        clinician_a.user,
        clinician_a.clinic,
        patient_a,
        "10.1.2.3",
    )


def test_owners_browse_their_clinics_audit_log(as_owner_a, patient_a):
    response = as_owner_a.get(reverse("audit:list"), {"record_number": patient_a.record_number})

    assert response.status_code == 200
    assert all(e.patient == patient_a for e in response.context["page"].object_list)
    assert response.context["page"].paginator.count == 1


def test_the_audit_log_holds_no_other_clinics_entries(as_owner_a, actor_b):
    from tests.builders import make_patient

    make_patient(actor_b)

    response = as_owner_a.get(reverse("audit:list"))

    entries = response.context["page"].object_list
    assert [e.object_type for e in entries] == ["audit_log"]  # only the owner's own look


@pytest.mark.parametrize("client_name", ["as_clinician_a", "as_desk_a"])
def test_only_owners_see_the_audit_log(request, client_name):
    assert request.getfixturevalue(client_name).get(reverse("audit:list")).status_code == 403


def test_the_audit_log_page_offers_no_change(as_owner_a, patient_a):
    content = as_owner_a.get(reverse("audit:list")).content.decode()

    assert 'method="post"' not in content.split("<main", 1)[1].split("</main>", 1)[0]


def test_listing_patients_is_audited(actor_a):
    queries.search_patients(actor_a, "")

    assert AuditEntry.objects.filter(action=Action.LIST, object_type="patient").count() == 1


def test_an_impossible_date_range_is_an_error_not_an_empty_log(as_owner_a, patient_a):
    response = as_owner_a.get(
        reverse("audit:list"), {"from_on": "2026-05-02", "to_on": "2026-05-01"}
    )

    assert "to_on" in response.context["form"].errors
