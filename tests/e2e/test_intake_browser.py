"""Real Chromium on a phone-sized screen: a patient answers the intake link and consents; the
clinician then sees the red flag the patient reported blocking needling."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from taut.clinics.models import Role
from taut.consent.services import ensure_default_documents
from taut.intake import services
from tests.builders import PASSWORD, actor_for, make_clinic, make_episode, make_member, make_patient
from tests.e2e.flows import intake_finish_and_consent, intake_first_steps

ARTIFACTS = Path("test-artifacts")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_intake_on_a_phone_then_the_chart_blocks_needling(live_server, phone: Page, page: Page):
    clinic = make_clinic("Clinic A")
    ensure_default_documents(clinic)
    actor = actor_for(make_member(clinic, "cleo@a.example", Role.CLINICIAN, "Cleo"))
    patient = make_patient(actor, language="en")
    make_episode(actor, patient)
    link = services.create_link(actor, patient, channel="remote")

    intake_first_steps(phone, f"{live_server.url}/intake/l/{services.token_for(link)}/1/")
    # Follow-up questions are hidden until the question they follow is answered yes.
    follow_ups = phone.locator("input[data-follow-up-of]")
    assert follow_ups.count() > 0
    expect(follow_ups.first).to_be_hidden()
    for radio in phone.locator("input[type=radio][value=no]:not([data-follow-up-of])").all():
        radio.check()
    phone.locator("input[name='INF-2'][value='yes']").check()
    expect(phone.locator("input[name='INF-2-SEVERE-OR-CONSTANT'][value='no']")).to_be_visible()
    phone.locator("input[name='INF-2-SEVERE-OR-CONSTANT'][value='no']").check()
    phone.locator("input[name='INF-2'][value='no']").check()
    expect(phone.locator("input[name='INF-2-SEVERE-OR-CONSTANT'][value='no']")).to_be_hidden()
    phone.locator("input[name='CES-3'][value='yes']").check()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "intake-red-flags-phone.png"), full_page=True)
    phone.get_by_role("button", name="Next").click()
    intake_finish_and_consent(phone)

    page.goto(f"{live_server.url}/chart/{patient.public_id}/")
    page.get_by_label("E-mail address").fill("cleo@a.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(re.compile("EMERGENCY RED FLAG"))).to_be_visible()
    expect(page.get_by_text("No valid consent to dry needling.")).to_have_count(0)
