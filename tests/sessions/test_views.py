from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from taut.consent.services import ensure_default_documents
from taut.lib.records import RecordStatus
from taut.sessions import services
from taut.sessions.models import NeedlingSession, SafetyIncident
from tests.builders import make_episode
from tests.consent.builders import make_consent
from tests.safety.builders import make_safe_to_needle
from tests.sessions.builders import session_input


def _draft(actor, patient):
    ensure_default_documents(actor.clinic)
    make_safe_to_needle(actor, patient)
    make_consent(actor, patient)
    return services.start_session(actor, make_episode(actor, patient))


@pytest.fixture
def draft(actor_a, patient_a):
    return _draft(actor_a, patient_a)


def post(**extra):
    data = {
        "modality": "dry_needling",
        "new_red_flags": "no",
        "medication_changes": "no",
        "side_effects_since_last": "no",
        "nprs_before": "6",
        "position": "prone",
        "skin_cleaned": "on",
        "single_use_sterile_needles": "on",
        "needles_out": "2",
        "nprs_after": "4",
        "ins-TOTAL_FORMS": "1",
        "ins-INITIAL_FORMS": "0",
        "ins-0-muscle": "quadratus_lumborum",
        "ins-0-side": "right",
        "ins-0-needle_gauge_mm": "0.30",
        "ins-0-needle_length_mm": "50",
        "ins-0-needle_count": "2",
        "ins-0-depth_mm": "35",
        "ins-0-technique": "pistoning",
        "ins-0-twitch_responses": "2",
        "ins-0-retention_minutes": "0",
        "action": "sign",
    }
    data.update(extra)
    return data


def reasons(response):
    """Every reason a refused page shows: the record's own, and the gate's with their steps."""
    return [*response.context["problems"], *(line.text for line in response.context["refused"])]


def test_a_clinician_signs_a_session_from_the_page(as_clinician_a, draft):
    response = as_clinician_a.post(reverse("sessions:edit", args=[draft.public_id]), post())

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.status, draft.billing_codes) == (RecordStatus.SIGNED, [["20560", 1]])


def test_a_mismatch_refuses_signing_with_the_reason_shown(as_clinician_a, draft):
    response = as_clinician_a.post(
        reverse("sessions:edit", args=[draft.public_id]), post(needles_out="1")
    )

    assert response.status_code == 422
    assert any("do not match" in p for p in reasons(response))
    assert NeedlingSession.objects.get().status == RecordStatus.DRAFT


def test_depth_beyond_the_needle_is_refused_with_the_insertion_named(as_clinician_a, draft):
    response = as_clinician_a.post(
        reverse("sessions:edit", args=[draft.public_id]), post(**{"ins-0-depth_mm": "60"})
    )

    assert any("insertion 1" in p and "beyond" in p for p in response.context["problems"])
    assert "beyond" in response.context["formset"][0].non_field_errors()[0]  # beside its row
    assert response.context["formset"][0]["depth_mm"].value() == "60"
    assert not draft.insertions.exists()


def test_a_post_without_the_rows_bookkeeping_is_refused_with_a_message(as_clinician_a, draft):
    data = {k: v for k, v in post().items() if not k.startswith("ins-")}

    response = as_clinician_a.post(reverse("sessions:edit", args=[draft.public_id]), data)

    assert response.status_code == 422
    assert response.context["problems"]
    draft.refresh_from_db()
    assert (draft.status, draft.nprs_before) == (RecordStatus.DRAFT, None)


def test_a_stimulation_time_with_no_stimulated_insertion_is_refused_and_kept(
    as_clinician_a, actor_a, patient_a, time_machine
):
    time_machine.move_to(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), tick=False)  # 10:00 there
    session = _draft(actor_a, patient_a)
    time_machine.move_to(datetime(2026, 12, 3, 11, 0, tzinfo=UTC), tick=False)

    response = as_clinician_a.post(
        reverse("sessions:edit", args=[session.public_id]),
        post(stimulated_at="10:15", needled_at="10:30", action="save"),
    )

    assert response.status_code == 422
    assert "no insertion is stimulated" in response.context["form"].errors["stimulated_at"][0]
    assert response.context["form"]["stimulated_at"].value() == "10:15"
    assert not session.insertions.exists()


@pytest.mark.parametrize("page", ["sessions:edit", "sessions:detail", "sessions:aftercare"])
def test_another_clinic_gets_not_found(as_clinician_b, draft, page):
    assert as_clinician_b.get(reverse(page, args=[draft.public_id])).status_code == 404


def test_front_desk_cannot_open_the_record(as_desk_a, draft):
    assert as_desk_a.get(reverse("sessions:edit", args=[draft.public_id])).status_code == 403


def test_the_aftercare_sheet_names_the_muscles_and_the_chest_warning(as_clinician_a, draft):
    as_clinician_a.post(reverse("sessions:edit", args=[draft.public_id]), post())

    content = as_clinician_a.get(
        reverse("sessions:aftercare", args=[draft.public_id])
    ).content.decode()

    assert "Quadratus lumborum" in content
    assert "Chest pain or shortness of breath" in content
    assert "24 hours" in content


def test_the_aftercare_pdf_is_a_pdf(as_clinician_a, draft):
    as_clinician_a.post(reverse("sessions:edit", args=[draft.public_id]), post())

    response = as_clinician_a.get(reverse("sessions:aftercare_pdf", args=[draft.public_id]))

    if response.status_code == 503:
        pytest.skip("Pango is not installed on this machine")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_muscle_warnings_appear_where_the_insertion_is_entered(as_clinician_a):
    response = as_clinician_a.get(
        reverse("sessions:warnings"), {"ins-0-muscle": "quadratus_lumborum"}
    )

    assert "kidney" in response.content.decode().lower()


def test_the_signed_record_names_muscles_trigger_points_and_side_effects_in_words(
    as_clinician_a, draft
):
    as_clinician_a.post(
        reverse("sessions:edit", args=[draft.public_id]),
        post(**{"ins-0-trigger_point": "ql_deep_cranial", "side_effects": ["soreness"]}),
    )

    page = as_clinician_a.get(reverse("sessions:detail", args=[draft.public_id])).content.decode()

    assert "Quadratus lumborum, right" in page
    assert "level with the L3 transverse process" in page
    assert "Post-needling soreness" in page
    assert "ql_deep_cranial" not in page
    assert 'bc-hl--needled" d=' in page  # where the needles went, on the body chart


def test_a_session_is_marked_entered_in_error_from_its_page(as_clinician_a, draft):
    as_clinician_a.post(reverse("sessions:edit", args=[draft.public_id]), post())
    url = reverse("sessions:entered_in_error", args=[draft.public_id])
    assert (
        url
        in as_clinician_a.get(reverse("sessions:detail", args=[draft.public_id])).content.decode()
    )

    response = as_clinician_a.post(url, {"reason": "Wrong patient"})

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.status, draft.entered_in_error_reason) == ("entered_in_error", "Wrong patient")
    page = as_clinician_a.get(reverse("sessions:detail", args=[draft.public_id])).content.decode()
    assert "Entered in error:" in page


def test_marking_without_a_reason_is_refused_on_the_form(as_clinician_a, draft):
    url = reverse("sessions:entered_in_error", args=[draft.public_id])

    response = as_clinician_a.post(url, {"reason": ""})

    draft.refresh_from_db()
    assert response.status_code == 422
    assert draft.status == RecordStatus.DRAFT


def test_front_desk_cannot_open_the_entered_in_error_page(as_desk_a, draft):
    url = reverse("sessions:entered_in_error", args=[draft.public_id])

    assert as_desk_a.post(url, {"reason": "Mistake"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == RecordStatus.DRAFT


def test_a_pain_score_of_zero_shows_as_zero_on_the_chart(as_clinician_a, draft):
    as_clinician_a.post(reverse("sessions:edit", args=[draft.public_id]), post(nprs_after="0"))

    page = as_clinician_a.get(reverse("chart:patient", args=[draft.patient.public_id]))

    assert "6 → 0" in page.content.decode()
    assert "<code>20560</code> × 1" in page.content.decode()


def test_a_session_entered_in_error_has_no_aftercare_sheet(actor_a, as_clinician_a, draft):
    services.mark_session_entered_in_error(actor_a, draft, reason="Opened twice")

    page = as_clinician_a.get(reverse("sessions:detail", args=[draft.public_id])).content.decode()

    assert "never signed" in page
    assert reverse("sessions:aftercare", args=[draft.public_id]) not in page
    assert (
        as_clinician_a.get(reverse("sessions:aftercare", args=[draft.public_id])).status_code == 404
    )


def test_the_mismatch_form_has_its_own_labelled_fields(as_clinician_a, actor_a, draft):
    services.save_session(actor_a, draft, session_input(needles_out=None))
    page = as_clinician_a.get(reverse("sessions:edit", args=[draft.public_id])).content.decode()

    assert page.count('id="id_needles_out"') == 1
    assert 'for="id_mismatch-needles_out"' in page

    as_clinician_a.post(
        reverse("sessions:mismatch", args=[draft.public_id]),
        {
            "mismatch-needles_out": "0",
            "mismatch-action": "Searched the couch",
            "mismatch-outcome": "open",
        },
    )
    assert draft.mismatches.get().action == "Searched the couch"


# --- The gate on the page --------------------------------------------------------------------


def test_the_page_says_needling_is_blocked_and_takes_no_insertions(
    as_clinician_a, actor_a, patient_a, draft
):
    from tests.safety.builders import EMERGENCY, make_screen

    make_screen(actor_a, patient_a, EMERGENCY)

    page = as_clinician_a.get(reverse("sessions:edit", args=[draft.public_id]))
    content = page.content.decode()

    assert page.context["needling_locked"]
    assert "Do not needle. Needling is blocked until:" in content
    assert "Record that the patient was seen and cleared" in content
    assert '<select name="ins-0-muscle"' not in content  # the insertion rows are not offered
    assert "Record it as a safety incident" in content


def test_a_blocked_post_keeps_what_was_typed_and_saves_nothing(
    as_clinician_a, actor_a, patient_a, draft
):
    from tests.safety.builders import EMERGENCY, make_screen

    make_screen(actor_a, patient_a, EMERGENCY)

    response = as_clinician_a.post(
        reverse("sessions:edit", args=[draft.public_id]), post(notes="Typed before the refusal")
    )

    assert response.status_code == 422
    assert any("Emergency red flag open" in p for p in reasons(response))
    assert response.context["form"]["notes"].value() == "Typed before the refusal"
    assert not response.context["needling_locked"]  # the rows typed stay on the page
    assert response.context["formset"][0]["muscle"].value() == "quadratus_lumborum"
    assert response.context["offer_incident"]
    assert not draft.insertions.exists()


def test_an_incident_is_recorded_from_the_page_and_signed_as_one(
    as_clinician_a, actor_a, patient_a
):
    from taut.sessions.models import SafetyIncident

    ensure_default_documents(actor_a.clinic)
    make_safe_to_needle(actor_a, patient_a)  # no consent
    session = services.start_session(actor_a, make_episode(actor_a, patient_a))
    url = reverse("sessions:edit", args=[session.public_id])

    refused = as_clinician_a.post(url, post(action="save", notes="Typed first"))
    assert refused.context["offer_incident"]
    recorded = as_clinician_a.post(
        url,
        post(
            action="record_incident",
            notes="Typed first",
            incident_explanation="Needled before the form was signed.",
        ),
    )
    assert recorded.status_code == 302
    assert session.insertions.count() == 1  # the rows typed were taken with the incident
    signed = as_clinician_a.post(url, post(action="sign_incident"))

    assert signed.status_code == 302
    assert SafetyIncident.objects.get().session == session
    detail = as_clinician_a.get(reverse("sessions:detail", args=[session.public_id]))
    assert "Recorded as a safety incident:" in detail.content.decode()


def test_the_owner_sees_an_incident_draft_that_was_withdrawn(as_owner_a, actor_a, patient_a):
    ensure_default_documents(actor_a.clinic)
    make_safe_to_needle(actor_a, patient_a)  # no consent
    session = services.start_session(actor_a, make_episode(actor_a, patient_a))
    services.save_session(
        actor_a, session, session_input(incident_explanation="Needled before the form.")
    )
    services.mark_session_entered_in_error(actor_a, session, reason="Opened twice")

    page = as_owner_a.get(reverse("sessions:incidents")).content.decode()

    assert "Withdrawn unsigned: Opened twice" in page
    assert "No consent to dry needling" in page


def test_the_incident_list_is_for_owners_of_the_clinic(
    as_owner_a, as_clinician_a, as_clinician_b, actor_a, patient_a
):
    from taut.sessions.models import SafetyIncident

    ensure_default_documents(actor_a.clinic)
    make_safe_to_needle(actor_a, patient_a)
    session = services.start_session(actor_a, make_episode(actor_a, patient_a))
    services.begin_incident_record(actor_a, session, explanation="No consent first.")
    as_owner_a.post(
        reverse("sessions:edit", args=[session.public_id]), post(action="sign_incident")
    )
    incident = SafetyIncident.objects.get()
    url = reverse("sessions:incident", args=[incident.public_id])

    assert "No consent first." in as_owner_a.get(reverse("sessions:incidents")).content.decode()
    assert as_clinician_a.get(reverse("sessions:incidents")).status_code == 403
    assert as_clinician_b.get(url).status_code == 403  # a clinician anywhere may not review
    refused = as_owner_a.post(url, {"review_note": ""})
    reviewed = as_owner_a.post(url, {"review_note": "Consent checklist added to the room."})

    assert refused.status_code == 422
    assert reviewed.status_code == 302
    incident.refresh_from_db()
    assert incident.review_note == "Consent checklist added to the room."


def test_another_clinics_owner_gets_not_found_for_an_incident(client, actor_a, patient_a):
    from taut.clinics.models import Role
    from taut.sessions.models import SafetyIncident
    from tests.builders import make_clinic, make_member

    ensure_default_documents(actor_a.clinic)
    make_safe_to_needle(actor_a, patient_a)
    session = services.start_session(actor_a, make_episode(actor_a, patient_a))
    services.begin_incident_record(actor_a, session, explanation="No consent first.")
    from tests.sessions.builders import session_input

    services.save_session(actor_a, session, session_input())
    services.sign_session(actor_a, session, as_incident=True)
    other = make_member(make_clinic("Other"), "boss@other.example", Role.OWNER)
    client.force_login(other.user)

    url = reverse("sessions:incident", args=[SafetyIncident.objects.get().public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"review_note": "x"}).status_code == 404
    assert SafetyIncident.objects.get().review_note == ""


def test_a_past_visit_is_opened_with_its_time_and_reason(as_clinician_a, actor_a, patient_a):
    from datetime import timedelta

    ensure_default_documents(actor_a.clinic)
    today = actor_a.today()
    episode = make_episode(
        actor_a,
        patient_a,
        onset_on=today - timedelta(days=60),
        started_on=today - timedelta(days=40),
    )
    url = reverse("sessions:start_past", args=[episode.public_id])
    day = (today - timedelta(days=12)).isoformat()

    missing = as_clinician_a.post(url, {"performed_on": day, "needled_at": "10:30"})
    opened = as_clinician_a.post(
        url, {"performed_on": day, "needled_at": "10:30", "backdating_reason": "Paper notes."}
    )

    assert missing.status_code == 422
    assert "backdating_reason" in missing.context["form"].errors
    assert opened.status_code == 302
    session = NeedlingSession.objects.get()
    assert (session.performed_on.isoformat(), session.backdating_reason) == (day, "Paper notes.")


@pytest.mark.parametrize(
    "field",
    [
        "ins-0-needle_count",
        "ins-0-twitch_responses",
        "ins-0-retention_minutes",
        "ins-0-estim_pulse_width_us",
        "ins-0-estim_minutes",
        "needles_out",
    ],
)
def test_a_huge_number_is_refused_on_the_page_and_saves_nothing(as_clinician_a, draft, field):
    response = as_clinician_a.post(
        reverse("sessions:edit", args=[draft.public_id]), post(**{field: "99999999999999999999"})
    )

    assert response.status_code == 422
    assert not draft.insertions.exists()


def test_a_stimulated_unit_without_its_needles_is_refused_beside_the_units(as_clinician_a, draft):
    response = as_clinician_a.post(
        reverse("sessions:edit", args=[draft.public_id]),
        post(modality="acupuncture", face_to_face_minutes="15", estim_units=["1"], action="save"),
    )

    assert response.status_code == 422
    assert "stimulated needles" in response.context["form"].errors["estim_units"][0]
    assert response.context["form"]["estim_units"].value() == ["1"]
    assert not draft.insertions.exists()


# --- Needle events on the page ---------------------------------------------------------------


def mismatch(client, session, **fields):
    data = {"mismatch-needles_out": "0", "mismatch-action": "Searched.", "mismatch-outcome": "open"}
    data.update({f"mismatch-{k}": v for k, v in fields.items()})
    return client.post(reverse("sessions:mismatch", args=[session.public_id]), data)


def test_a_refused_mismatch_keeps_what_was_typed_beside_its_field(as_clinician_a, actor_a, draft):
    services.save_session(actor_a, draft, session_input(needles_out=None))

    response = mismatch(as_clinician_a, draft, needles_out="1", action="Counted twice")

    form = response.context["mismatch_form"]
    assert response.status_code == 422
    assert "no mismatch" in form.errors["needles_out"][0]
    assert form["action"].value() == "Counted twice"
    assert not draft.mismatches.exists()


def test_a_needle_event_is_resolved_then_found_later_from_the_page(as_clinician_a, actor_a, draft):
    services.save_session(actor_a, draft, session_input(needles_out=0))
    mismatch(as_clinician_a, draft)
    event = draft.mismatches.get()
    resolve = reverse("sessions:resolve_mismatch", args=[draft.public_id, event.public_id])
    prefix = f"resolve-{event.public_id}"

    refused = as_clinician_a.post(resolve, {f"{prefix}-needles_accounted": "5"})
    assert refused.status_code == 422
    bound = next(row.form for row in refused.context["events"] if row.event == event)
    assert bound.errors["resolution_note"]

    as_clinician_a.post(
        resolve,
        {f"{prefix}-needles_accounted": "0", f"{prefix}-resolution_note": "Not found; told."},
    )
    page = as_clinician_a.get(reverse("sessions:edit", args=[draft.public_id])).content.decode()
    assert "needle never found" in page
    as_clinician_a.post(
        reverse("sessions:needle_found", args=[draft.public_id, event.public_id]),
        {f"found-{event.public_id}-found_note": "In the couch cover next morning."},
    )
    event.refresh_from_db()
    assert event.found_note == "In the couch cover next morning."


def test_another_clinic_cannot_resolve_a_needle_event_from_the_page(as_clinician_b, actor_a, draft):
    services.save_session(actor_a, draft, session_input(needles_out=0))
    event = services.record_needle_mismatch(actor_a, draft, needles_out=0, action="Searched.")
    prefix = f"resolve-{event.public_id}"

    response = as_clinician_b.post(
        reverse("sessions:resolve_mismatch", args=[draft.public_id, event.public_id]),
        {f"{prefix}-needles_accounted": "1", f"{prefix}-resolution_note": "Found."},
    )

    assert response.status_code == 404
    event.refresh_from_db()
    assert not event.resolved


def test_signing_as_an_incident_what_passes_the_gate_says_it_signed_a_session(
    as_clinician_a, actor_a, draft
):
    services.begin_incident_record(actor_a, draft, explanation="I thought consent was missing.")

    response = as_clinician_a.post(
        reverse("sessions:edit", args=[draft.public_id]),
        post(action="sign_incident"),
        follow=True,
    )

    assert "signed as a session" in response.content.decode()
    assert not SafetyIncident.objects.exists()


def test_recording_an_incident_without_saying_what_happened_is_refused_beside_the_field(
    as_clinician_a, actor_a, patient_a
):
    ensure_default_documents(actor_a.clinic)
    make_safe_to_needle(actor_a, patient_a)  # no consent
    session = services.start_session(actor_a, make_episode(actor_a, patient_a))

    response = as_clinician_a.post(
        reverse("sessions:edit", args=[session.public_id]),
        post(action="record_incident", notes="Kept", incident_explanation="  "),
    )

    assert response.status_code == 422
    assert response.context["form"].errors["incident_explanation"]
    assert response.context["form"]["notes"].value() == "Kept"
    session.refresh_from_db()
    assert (session.incident_explanation, session.insertions.count()) == ("", 0)


def test_a_refused_signing_after_a_good_save_says_it_was_saved(as_clinician_a, draft):
    response = as_clinician_a.post(
        reverse("sessions:edit", args=[draft.public_id]), post(needles_out="1")
    )

    assert response.status_code == 422
    assert "Saved, but not signed yet" in response.content.decode()
    assert draft.insertions.count() == 1


def test_a_follow_up_draft_starts_from_the_last_sessions_sites_and_settings(
    as_clinician_a, actor_a, patient_a
):
    from taut.sessions import services as session_services
    from tests.builders import make_episode
    from tests.sessions.builders import make_signed_session, ready_to_needle

    episode = make_episode(actor_a, patient_a, started_on=actor_a.today() - timedelta(days=10))
    ready_to_needle(actor_a, patient_a)
    make_signed_session(actor_a, episode, performed_on=actor_a.today() - timedelta(days=7))
    draft = session_services.start_session(actor_a, episode)

    response = as_clinician_a.get(reverse("sessions:edit", args=[draft.public_id]))

    row = response.context["formset"].forms[0]
    assert (row["muscle"].value(), row["side"].value()) == ("multifidus", "left")
    assert row["twitch_responses"].value() in (0, None)
    assert "Started from the session of" in response.content.decode()
    assert not draft.insertions.exists()  # a suggestion until saved


def test_a_refused_signing_puts_each_missing_answer_beside_its_field(
    as_clinician_a, actor_a, patient_a
):
    from taut.sessions import services as session_services
    from tests.sessions.builders import ready_to_needle

    episode = make_episode(actor_a, patient_a)
    ready_to_needle(actor_a, patient_a)
    draft = session_services.start_session(actor_a, episode)

    response = as_clinician_a.post(
        reverse("sessions:edit", args=[draft.public_id]),
        {
            "modality": "dry_needling",
            "notes": "typed",
            "action": "sign",
            "ins-TOTAL_FORMS": "0",
            "ins-INITIAL_FORMS": "0",
        },
    )

    form = response.context["form"]
    assert response.status_code == 422
    assert {"new_red_flags", "nprs_before", "position", "skin_cleaned"} <= set(form.errors)
    assert form["notes"].value() == "typed"
    assert "(needed to sign)" in response.content.decode()


def test_suggested_rows_leave_out_stimulation_without_consent_to_it(actor_a, patient_a):
    from decimal import Decimal

    from taut.lib import records
    from taut.sessions import queries
    from taut.sessions import services as session_services
    from taut.sessions.models import Insertion
    from tests.builders import make_episode
    from tests.sessions.builders import ready_to_needle, session_input, start_past

    episode = make_episode(actor_a, patient_a, started_on=actor_a.today() - timedelta(days=10))
    ready_to_needle(actor_a, patient_a)
    past = start_past(actor_a, episode, 7)
    session_services.save_session(actor_a, past, session_input())
    Insertion.objects.filter(session=past).update(
        estim=True,
        estim_channel="A",
        estim_frequency_hz=Decimal("2"),
        estim_pulse_width_us=250,
        estim_intensity_ma=Decimal("2"),
        estim_minutes=10,
    )
    past.save(update_fields=list(records.sign(past, actor_a.user)))  # signed as it stood then
    draft = session_services.start_session(actor_a, episode)

    (row,) = queries.suggested_rows(draft).rows

    assert row["muscle"] == "multifidus"
    assert row["estim"] is False
    assert row["estim_minutes"] is None
