import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from taut.consent import queries, services
from taut.consent.models import Consent, ConsentDocument, ConsentKind
from tests.builders import actor_for
from tests.consent.builders import SIGNATURE, current, make_consent

pytestmark = pytest.mark.usefixtures("documents_a")

DN = ConsentKind.DRY_NEEDLING


@pytest.fixture
def consent_a(actor_a, patient_a):
    return make_consent(actor_a, patient_a)


def take_url(patient, kind=DN):
    return reverse("consent:take", args=[patient.public_id, kind])


def signing(document, **overrides):
    data = {
        "document": str(document.public_id),
        "method": "drawn_signature",
        "signature_path": SIGNATURE,
        "confirmed": "on",
        "witness_name": "",
    }
    data.update(overrides)
    return data


# --- Other clinics and roles ------------------------------------------------------------------


def test_another_clinic_gets_not_found_on_the_consent_page(as_clinician_b, patient_a):
    assert as_clinician_b.get(take_url(patient_a)).status_code == 404


@pytest.mark.parametrize("page", ["consent:detail", "consent:withdraw"])
def test_another_clinic_gets_not_found_on_a_consent(as_clinician_b, consent_a, page):
    assert as_clinician_b.get(reverse(page, args=[consent_a.public_id])).status_code == 404


def test_another_clinic_cannot_withdraw_a_consent(as_clinician_b, consent_a):
    response = as_clinician_b.post(
        reverse("consent:withdraw", args=[consent_a.public_id]), {"reason": "x"}
    )

    assert response.status_code == 404
    consent_a.refresh_from_db()
    assert consent_a.is_active


def test_another_clinic_cannot_sign_for_a_patient(as_clinician_b, patient_a, clinic_a):
    response = as_clinician_b.post(take_url(patient_a), signing(current(clinic_a)))

    assert response.status_code == 404
    assert not Consent.objects.exists()


def test_front_desk_cannot_take_consent(as_desk_a, patient_a, clinic_a):
    assert as_desk_a.get(take_url(patient_a)).status_code == 403
    assert as_desk_a.post(take_url(patient_a), signing(current(clinic_a))).status_code == 403
    assert not Consent.objects.exists()


def test_front_desk_cannot_withdraw_consent(as_desk_a, consent_a):
    response = as_desk_a.post(
        reverse("consent:withdraw", args=[consent_a.public_id]), {"reason": "asked at the desk"}
    )

    assert response.status_code == 403
    consent_a.refresh_from_db()
    assert consent_a.is_active


def test_front_desk_sees_the_consent_without_the_withdraw_form(as_desk_a, consent_a):
    response = as_desk_a.get(reverse("consent:detail", args=[consent_a.public_id]))

    assert response.status_code == 200
    assert "Record withdrawal" not in response.content.decode()


@pytest.mark.parametrize("client", ["as_clinician_a", "as_desk_a"])
def test_only_owners_manage_documents(request, client):
    client = request.getfixturevalue(client)

    assert client.get(reverse("consent:documents")).status_code == 403
    assert client.get(reverse("consent:publish", args=[DN])).status_code == 403


def test_an_unknown_kind_is_not_found(as_clinician_a, patient_a):
    assert as_clinician_a.get(take_url(patient_a, "acupressure")).status_code == 404


# --- Taking consent ---------------------------------------------------------------------------


def test_the_consent_page_shows_the_document_and_a_labelled_signing_form(as_clinician_a, patient_a):
    content = as_clinician_a.get(take_url(patient_a)).content.decode()

    assert "Consent to dry needling" in content
    assert "local twitch response" in content
    assert "Brady S, McEvoy J" in content  # the rates' source is cited
    for label in (
        '<label for="id_method_0">Drawn signature</label>',
        '<label for="id_method_1">Typed name</label>',
        '<label for="id_typed_name">',
        '<label for="id_confirmed">',
        '<label for="id_witness_name">',
    ):
        assert label in content
    assert "data-signature-clear" in content
    assert 'src="/static/taut/signature.js"' in content
    assert "style=" not in content  # CSP: no inline styles


def test_a_clinician_records_a_drawn_signature(as_clinician_a, patient_a, clinic_a, clinician_a):
    response = as_clinician_a.post(
        take_url(patient_a), signing(current(clinic_a), witness_name="Rosa Díaz")
    )

    consent = Consent.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("consent:detail", args=[consent.public_id])
    assert (consent.taken_by, consent.witness_name) == (clinician_a.user, "Rosa Díaz")


def test_a_typed_name_without_confirmation_is_shown_on_the_checkbox(
    as_clinician_a, patient_a, clinic_a
):
    response = as_clinician_a.post(
        take_url(patient_a),
        signing(current(clinic_a), method="typed_name", typed_name="José Núñez", confirmed=""),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["confirmed"]
    assert 'class="error-summary"' in response.content.decode()
    assert not Consent.objects.exists()


def test_a_bad_signature_is_shown_on_the_pad(as_clinician_a, patient_a, clinic_a):
    response = as_clinician_a.post(
        take_url(patient_a), signing(current(clinic_a), signature_path="<svg onload=x>")
    )

    content = response.content.decode()
    assert list(response.context["form"].errors) == ["signature_path"]
    assert 'href="#signature-pad"' in content
    assert "<svg onload" not in content
    assert not Consent.objects.exists()


def test_a_form_for_a_replaced_version_is_refused(as_clinician_a, owner_a, patient_a, clinic_a):
    old = current(clinic_a)
    services.publish_document(
        actor_for(owner_a), kind=DN, title="Revised", body="Revised text.", language="en"
    )

    response = as_clinician_a.post(take_url(patient_a), signing(old))

    assert response.status_code == 200
    assert "newer version" in response.content.decode()
    assert not Consent.objects.exists()


# --- The record and withdrawal ----------------------------------------------------------------


def test_the_record_shows_the_signature_time_version_and_witness(
    as_clinician_a, actor_a, patient_a
):
    consent = make_consent(actor_a, patient_a, witness_name="Rosa Díaz")

    content = as_clinician_a.get(reverse("consent:detail", args=[consent.public_id])).content
    content = content.decode()

    assert f'd="{SIGNATURE}"' in content
    assert "Rosa Díaz" in content
    assert "version 1" in content
    assert "Record withdrawal" in content


def test_a_clinician_records_a_withdrawal(as_clinician_a, consent_a, patient_a, clinic_a):
    response = as_clinician_a.post(
        reverse("consent:withdraw", args=[consent_a.public_id]), {"reason": "Does not want it."}
    )

    assert response.status_code == 302
    consent_a.refresh_from_db()
    assert consent_a.is_withdrawn
    assert not queries.has_valid_consent(clinic_a, patient_a, kind=DN)


def test_a_withdrawal_needs_a_reason(as_clinician_a, consent_a):
    response = as_clinician_a.post(
        reverse("consent:withdraw", args=[consent_a.public_id]), {"reason": ""}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["reason"]
    consent_a.refresh_from_db()
    assert consent_a.is_active


# --- Documents --------------------------------------------------------------------------------


def test_the_owner_publishes_a_new_version(as_owner_a, clinic_a):
    response = as_owner_a.post(
        reverse("consent:publish", args=[DN]),
        {"title": "Dry needling, 2027", "language": "en", "body": "## New\n\nNew text."},
    )

    assert response.status_code == 302
    assert current(clinic_a).version == 2
    assert ConsentDocument.objects.filter(clinic=clinic_a, kind=DN).count() == 2


def test_the_publish_form_starts_from_the_current_text(as_owner_a):
    response = as_owner_a.get(reverse("consent:publish", args=[DN]))

    assert response.context["form"].initial["title"] == "Consent to dry needling"


def test_the_owner_sees_every_version(as_owner_a, owner_a):
    services.publish_document(
        actor_for(owner_a), kind=DN, title="Revised", body="Revised text.", language="en"
    )

    content = as_owner_a.get(reverse("consent:documents")).content.decode()

    assert "Revised" in content
    assert "Retired" in content


# --- The chart include ------------------------------------------------------------------------


def render_status(actor, patient):
    from django.template.loader import render_to_string

    return render_to_string(
        "consent/_chart_status.html", {"consent": queries.consent_status(actor, patient)}
    )


def test_the_chart_include_says_no_consent_with_links_for_the_clinician(actor_a, patient_a):
    html = render_status(actor_a, patient_a)

    assert html.count("No consent") == 2
    assert take_url(patient_a) in html


def test_the_chart_include_offers_no_links_to_front_desk(desk_a, patient_a):
    html = render_status(actor_for(desk_a), patient_a)

    assert "No consent" in html
    assert take_url(patient_a) not in html


def test_the_chart_include_shows_signed_new_version_and_withdrawn(actor_a, owner_a, patient_a):
    make_consent(actor_a, patient_a, ConsentKind.ELECTRICAL_STIMULATION)
    consent = make_consent(actor_a, patient_a)
    today = f"{localtime(consent.signed_at):%Y-%m-%d}"
    assert f"Signed v1 on {today}" in render_status(actor_a, patient_a)

    services.publish_document(
        actor_for(owner_a), kind=DN, title="Revised", body="Revised text.", language="en"
    )
    assert "New version: consent again" in render_status(actor_a, patient_a)

    services.withdraw_consent(actor_a, consent, reason="no")
    assert "Withdrawn on" in render_status(actor_a, patient_a)


def test_every_missing_part_of_the_signing_is_listed_at_once(as_clinician_a, patient_a, clinic_a):
    response = as_clinician_a.post(
        take_url(patient_a),
        signing(current(clinic_a), method="typed_name", typed_name="", confirmed=""),
    )

    assert list(response.context["form"].errors) == ["typed_name", "confirmed"]
    assert not Consent.objects.exists()


def test_a_typed_name_that_is_not_the_patients_is_refused_next_to_it(
    as_clinician_a, patient_a, clinic_a
):
    response = as_clinician_a.post(
        take_url(patient_a),
        signing(current(clinic_a), method="typed_name", typed_name="Alice Smith", confirmed="on"),
    )

    assert "typed_name" in response.context["form"].errors
    assert 'value="Alice Smith"' in response.content.decode()
    assert not Consent.objects.exists()


def test_the_patients_own_link_speaks_to_them(patient_a, clinic_a):
    from django.test import Client

    from taut.consent.links import consent_link_token
    from taut.consent.services import ensure_default_documents

    ensure_default_documents(clinic_a)
    url = reverse("consent:link", args=[consent_link_token(patient_a, "dry_needling")])

    page = Client().get(url).content.decode()
    refused = Client().post(
        url,
        signing(current(clinic_a), method="typed_name", typed_name="Alice Smith", confirmed="on"),
    )

    assert "Your full name" in page
    assert "Patient&#x27;s full name" not in page
    assert "the name the clinic has for you" in refused.content.decode()
