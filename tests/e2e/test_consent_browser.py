"""Real Chromium: a patient signs the dry-needling consent on the clinic tablet."""

import re

import pytest
from playwright.sync_api import Page, expect

from taut.clinics.models import Role
from taut.consent.services import ensure_default_documents
from tests.builders import PASSWORD, actor_for, make_clinic, make_member, make_patient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_drawn_signature_records_consent(live_server, page: Page):
    clinic = make_clinic("Clinic A")
    ensure_default_documents(clinic)
    patient = make_patient(actor_for(make_member(clinic, "cleo@a.example", Role.CLINICIAN, "Cleo")))
    page.goto(f"{live_server.url}/chart/{patient.public_id}/")
    page.get_by_label("E-mail address").fill("cleo@a.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("No valid consent to dry needling.")).to_be_visible()

    page.get_by_role("link", name=re.compile("Take consent: Dry needling")).click()
    page.get_by_label("Drawn signature").check()
    pad = page.locator("[data-signature-surface]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 40)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 30 + step * 15, box["y"] + 40 + (step % 3) * 12)
    page.mouse.up()
    page.get_by_label(re.compile("I have read and understood")).check()
    page.get_by_role("button", name="Record consent").click()

    expect(page.get_by_text("Consent recorded.")).to_be_visible()
    expect(page.locator("svg path").first).to_be_attached()
    page.goto(f"{live_server.url}/chart/{patient.public_id}/")
    expect(page.get_by_text("No valid consent to dry needling.")).to_have_count(0)
