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

    phone.goto(f"{live_server.url}/intake/l/{services.token_for(link)}/1/")
    phone.get_by_label("When did this back pain start?").fill("2026-10-01")
    phone.get_by_label("Lifting or bending").check()
    phone.locator("input[name='had_before'][value='no']").check()
    phone.locator("input[name='pain_now'][value='7']").check()
    phone.get_by_role("button", name="Next").click()
    phone.get_by_label("A persistent dull ache").check()
    phone.get_by_role("button", name="Next").click()
    for radio in phone.locator("input[type=radio][value=no], input[type=radio][value=none]").all():
        radio.check()
    phone.get_by_role("button", name="Next").click()
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
    for radio in phone.locator("input[type=radio][value='0']").all():
        radio.check()
    phone.get_by_role("button", name="Check my answers").click()
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name=re.compile("answers have been sent"))).to_be_visible()

    phone.get_by_role("link", name="Read about dry needling and consent").click()
    phone.get_by_label("Typed name").check()
    phone.get_by_label("Your full name").fill("José Núñez")
    phone.get_by_label(re.compile("I have read and understood")).check()
    phone.get_by_role("button", name="I consent").click()
    expect(phone.get_by_role("heading", name=re.compile("consent is recorded"))).to_be_visible()

    page.goto(f"{live_server.url}/chart/{patient.public_id}/")
    page.get_by_label("E-mail address").fill("cleo@a.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(re.compile("EMERGENCY RED FLAG"))).to_be_visible()
    expect(page.get_by_text("No valid consent to dry needling.")).to_have_count(0)
