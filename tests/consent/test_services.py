import pytest
from django.core.exceptions import PermissionDenied

from taut.audit.models import Action, AuditEntry
from taut.consent import queries, services
from taut.consent.models import (
    Consent,
    ConsentChannel,
    ConsentDocument,
    ConsentKind,
    ConsentRecordStatus,
    DocumentStatus,
)
from taut.patients import services as patient_services
from tests.builders import actor_for, make_clinic, make_patient
from tests.consent.builders import SIGNATURE, current, make_consent

DN, ES = ConsentKind.DRY_NEEDLING, ConsentKind.ELECTRICAL_STIMULATION

pytestmark = pytest.mark.usefixtures("documents_a")


def publish_v2(owner_actor, kind=DN):
    return services.publish_document(
        owner_actor, kind=kind, title="Consent, revised", body="New text.", language="en"
    )


# --- Documents -------------------------------------------------------------------------------


def test_a_new_clinic_gets_version_1_of_both_default_documents(clinic_b):
    created = services.ensure_default_documents(clinic_b)

    assert sorted((d.kind, d.version, d.status) for d in created) == [
        (DN, 1, DocumentStatus.PUBLISHED),
        (ES, 1, DocumentStatus.PUBLISHED),
    ]
    assert "pneumothorax" in current(clinic_b, DN).body
    assert "pacemaker" in current(clinic_b, ES).body


def test_default_documents_are_published_once(clinic_a):
    assert services.ensure_default_documents(clinic_a) == []
    assert ConsentDocument.objects.filter(clinic=clinic_a).count() == 2


def test_the_default_text_names_the_clinic_and_its_phone(db):
    clinic = make_clinic("Back Room", phone="+34 900 000 000")

    services.ensure_default_documents(clinic)

    assert "Contact Back Room on +34 900 000 000 if" in current(clinic).body


def test_publishing_retires_the_previous_version(owner_a, clinic_a):
    v2 = publish_v2(actor_for(owner_a))

    versions = ConsentDocument.objects.filter(clinic=clinic_a, kind=DN).order_by("version")
    assert [(d.version, d.status) for d in versions] == [
        (1, DocumentStatus.RETIRED),
        (2, DocumentStatus.PUBLISHED),
    ]
    assert v2.published_by == owner_a.user
    assert AuditEntry.objects.filter(object_type="consent_document", user=owner_a.user).exists()


def test_republishing_the_same_text_is_refused(owner_a):
    document = current(owner_a.clinic)

    with pytest.raises(services.ConsentError) as caught:
        services.publish_document(
            actor_for(owner_a), kind=DN, title=document.title, body=document.body, language="en"
        )

    assert caught.value.field == "body"
    assert ConsentDocument.objects.filter(kind=DN).count() == 1


def test_a_clinician_cannot_publish(actor_a):
    with pytest.raises(PermissionDenied):
        publish_v2(actor_a)

    assert ConsentDocument.objects.filter(kind=DN).count() == 1


# --- Recording consent ------------------------------------------------------------------------


def test_a_drawn_signature_is_recorded_with_time_version_witness_and_who_took_it(
    actor_a, patient_a
):
    consent = make_consent(actor_a, patient_a, witness_name="  Rosa Díaz ")

    assert consent.signature_svg == SIGNATURE
    assert (consent.document.version, consent.witness_name) == (1, "Rosa Díaz")
    assert consent.taken_by == actor_a.user
    assert consent.channel == ConsentChannel.IN_CLINIC
    assert consent.signed_at is not None
    assert queries.has_valid_consent(actor_a.clinic, patient_a, kind=DN)
    entry = AuditEntry.objects.get(object_type="consent", action=Action.CREATE)
    assert (entry.patient, entry.user, entry.detail["version"]) == (patient_a, actor_a.user, 1)


def test_a_typed_name_needs_the_confirmation(actor_a, patient_a):
    with pytest.raises(services.ConsentError) as caught:
        make_consent(
            actor_a, patient_a, method="typed_name", typed_name="José Núñez", confirmed=False
        )

    assert caught.value.field == "confirmed"
    assert not Consent.objects.exists()


def test_a_typed_name_with_confirmation_is_consent(actor_a, patient_a):
    consent = make_consent(actor_a, patient_a, method="typed_name", typed_name=" José Núñez ")

    assert (consent.typed_name, consent.signature_svg, consent.confirmed) == (
        "José Núñez",
        "",
        True,
    )


def test_a_typed_name_needs_the_name(actor_a, patient_a):
    with pytest.raises(services.ConsentError) as caught:
        make_consent(actor_a, patient_a, method="typed_name", typed_name="   ")

    assert caught.value.field == "typed_name"
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "M10 10",  # a tap: nothing drawn
        "M10 10 L20 20 <script>alert(1)</script>",
        '<svg onload="alert(1)"><path d="M0 0 L10 10"/></svg>',
        'M10 10 L20 20" onmouseover="alert(1)',
        "M10 10 A5 5 0 0 1 20 20",  # arcs are not something the pad draws
        "m10 10 l20 20",  # relative commands
        "L10 10 L20 20",  # must start with a move
        "M10 10 L20",  # a point without its y
        "M10 10 L1e3 20",  # exponents
        "M10 10 L-5 20",  # outside the pad
        "M10 10 L700 20",
        "M10 10 L20 250",
        "M10 10 " + "L20 20 " * 6000,  # too long
    ],
)
def test_a_malformed_or_malicious_signature_is_refused_and_nothing_saved(actor_a, patient_a, path):
    with pytest.raises(services.ConsentError) as caught:
        make_consent(actor_a, patient_a, signature_path=path)

    assert caught.value.field == "signature_path"
    assert not Consent.objects.exists()
    assert not AuditEntry.objects.filter(object_type="consent").exists()


def test_an_old_document_version_is_refused(actor_a, owner_a, patient_a):
    old = current(actor_a.clinic)
    publish_v2(actor_for(owner_a))

    with pytest.raises(services.ConsentError) as caught:
        make_consent(actor_a, patient_a, document=old)

    assert caught.value.field == "document"
    assert "newer version" in str(caught.value)
    assert not Consent.objects.exists()


def test_another_clinics_document_is_refused(actor_a, patient_a, clinic_b):
    services.ensure_default_documents(clinic_b)
    theirs = current(clinic_b)

    with pytest.raises(services.ConsentError) as caught:
        make_consent(actor_a, patient_a, document=theirs)

    assert caught.value.field == "document"
    assert not Consent.objects.exists()


def test_front_desk_cannot_take_consent(desk_a, patient_a):
    with pytest.raises(PermissionDenied):
        make_consent(actor_for(desk_a), patient_a)

    assert not Consent.objects.exists()


def test_a_patient_entered_in_error_cannot_consent(actor_a, patient_a):
    patient_services.mark_patient_entered_in_error(actor_a, patient_a, reason="duplicate")
    patient_a.refresh_from_db()

    with pytest.raises(services.ConsentError):
        make_consent(actor_a, patient_a)

    assert not Consent.objects.exists()


# --- Versions, withdrawal, electrical stimulation ---------------------------------------------


def test_a_new_version_means_the_patient_must_consent_again(actor_a, owner_a, patient_a):
    make_consent(actor_a, patient_a)

    publish_v2(actor_for(owner_a))

    status = queries.consent_status(actor_a, patient_a).dry_needling
    assert status.state == "reconsent"
    assert status.needs_reconsent
    assert status.current_document.version == 2
    assert not queries.has_valid_consent(actor_a.clinic, patient_a, kind=DN)


def test_consenting_to_the_new_version_supersedes_the_old_consent(actor_a, owner_a, patient_a):
    first = make_consent(actor_a, patient_a)
    publish_v2(actor_for(owner_a))

    second = make_consent(actor_a, patient_a)

    first.refresh_from_db()
    assert first.status == ConsentRecordStatus.SUPERSEDED
    status = queries.consent_status(actor_a, patient_a).dry_needling
    assert (status.state, status.active, status.active.document.version) == ("signed", second, 2)
    assert queries.has_valid_consent(actor_a.clinic, patient_a, kind=DN)


def test_withdrawal_removes_valid_consent_and_keeps_the_record(actor_a, patient_a):
    consent = make_consent(actor_a, patient_a)

    services.withdraw_consent(actor_a, consent, reason="Changed her mind after reading.")

    consent.refresh_from_db()
    assert consent.status == ConsentRecordStatus.WITHDRAWN
    assert consent.withdrawn_recorded_by == actor_a.user
    assert consent.withdrawn_reason == "Changed her mind after reading."
    assert not queries.has_valid_consent(actor_a.clinic, patient_a, kind=DN)
    status = queries.consent_status(actor_a, patient_a).dry_needling
    assert (status.state, status.last_withdrawn) == ("withdrawn", consent)
    assert AuditEntry.objects.filter(
        object_type="consent", action=Action.UPDATE, detail__withdrawn=True
    ).exists()


def test_withdrawal_needs_a_reason(actor_a, patient_a):
    consent = make_consent(actor_a, patient_a)

    with pytest.raises(services.ConsentError) as caught:
        services.withdraw_consent(actor_a, consent, reason="  ")

    assert caught.value.field == "reason"
    consent.refresh_from_db()
    assert consent.is_active


def test_a_withdrawn_consent_cannot_be_withdrawn_again(actor_a, patient_a):
    consent = make_consent(actor_a, patient_a)
    services.withdraw_consent(actor_a, consent, reason="No longer wants needling.")

    with pytest.raises(services.ConsentError, match="Only an active consent"):
        services.withdraw_consent(actor_a, consent, reason="again")

    consent.refresh_from_db()
    assert consent.withdrawn_reason == "No longer wants needling."


def test_front_desk_cannot_record_a_withdrawal(actor_a, desk_a, patient_a):
    consent = make_consent(actor_a, patient_a)

    with pytest.raises(PermissionDenied):
        services.withdraw_consent(actor_for(desk_a), consent, reason="asked at the desk")

    consent.refresh_from_db()
    assert consent.is_active


def test_electrical_stimulation_needs_its_own_consent(actor_a, patient_a):
    make_consent(actor_a, patient_a, DN)

    assert queries.has_valid_consent(actor_a.clinic, patient_a, kind=DN)
    assert not queries.has_valid_consent(actor_a.clinic, patient_a, kind=ES)

    make_consent(actor_a, patient_a, ES)

    assert queries.has_valid_consent(actor_a.clinic, patient_a, kind=ES)


def test_a_new_needling_version_leaves_the_stimulation_consent_valid(actor_a, owner_a, patient_a):
    make_consent(actor_a, patient_a, DN)
    make_consent(actor_a, patient_a, ES)

    publish_v2(actor_for(owner_a), DN)

    assert not queries.has_valid_consent(actor_a.clinic, patient_a, kind=DN)
    assert queries.has_valid_consent(actor_a.clinic, patient_a, kind=ES)


def test_a_patient_without_consent_has_none(actor_a, patient_a):
    status = queries.consent_status(actor_a, patient_a)

    assert [k.state for k in status.kinds] == ["none", "none"]
    assert status.can_take


def test_consent_in_another_clinic_does_not_count(actor_a, patient_a, clinic_b):
    make_consent(actor_a, patient_a)

    assert not queries.has_valid_consent(clinic_b, patient_a, kind=DN)


def test_the_status_of_another_clinics_patient_is_not_found(actor_b, patient_a):
    from django.http import Http404

    with pytest.raises(Http404):
        queries.consent_status(actor_b, patient_a)


# --- The patient link ------------------------------------------------------------------------


def test_a_patient_can_consent_through_a_link_without_a_staff_member(actor_a, patient_a):
    consent = services.record_consent_by_patient_link(
        clinic=actor_a.clinic,
        patient=patient_a,
        document=current(actor_a.clinic, ES),
        method="typed_name",
        typed_name="José Núñez",
        confirmed=True,
        address="203.0.113.9",
    )

    assert (consent.taken_by, consent.channel) == (None, ConsentChannel.PATIENT_LINK)
    assert queries.has_valid_consent(actor_a.clinic, patient_a, kind=ES)
    entry = AuditEntry.objects.get(object_type="consent")
    assert (entry.user, entry.patient, entry.address) == (None, patient_a, "203.0.113.9")
    assert entry.detail["by"] == "patient_link"


def test_the_link_refuses_a_patient_of_another_clinic(actor_a, patient_a, clinic_b):
    services.ensure_default_documents(clinic_b)

    with pytest.raises(services.ConsentError) as caught:
        services.record_consent_by_patient_link(
            clinic=clinic_b,
            patient=patient_a,
            document=current(clinic_b),
            method="drawn_signature",
            signature_path=SIGNATURE,
            confirmed=True,
        )

    assert caught.value.field == "patient"
    assert not Consent.objects.exists()


def test_consents_and_documents_are_never_deleted(actor_a, patient_a):
    consent = make_consent(actor_a, patient_a)

    with pytest.raises(RuntimeError):
        consent.delete()
    with pytest.raises(RuntimeError):
        consent.document.delete()


def test_another_patient_is_unaffected(actor_a, patient_a):
    other = make_patient(actor_a, family_name="Other", given_names="Person")
    make_consent(actor_a, patient_a)

    assert not queries.has_valid_consent(actor_a.clinic, other, kind=DN)


def test_the_command_publishes_defaults_for_every_clinic_without_them(clinic_a, clinic_b):
    from django.core.management import call_command

    call_command("ensure_consent_documents")
    call_command("ensure_consent_documents")

    assert ConsentDocument.objects.filter(clinic=clinic_b).count() == 2
    assert ConsentDocument.objects.filter(clinic=clinic_a).count() == 2
