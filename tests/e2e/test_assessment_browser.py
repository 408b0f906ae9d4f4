"""Real Chromium: a clinician draws the pain on the body chart and signs the assessment."""

import re

import pytest
from playwright.sync_api import Page, expect

from taut.clinics.models import Role
from tests.builders import PASSWORD, actor_for, make_clinic, make_episode, make_member, make_patient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chart_url(live_server):
    clinic = make_clinic("Clinic A")
    actor = actor_for(make_member(clinic, "cleo@a.example", Role.CLINICIAN, "Cleo Clinician"))
    patient = make_patient(actor)
    make_episode(actor, patient)
    return f"{live_server.url}/chart/{patient.public_id}/"


def log_in_and_assess(page: Page, chart_url: str) -> None:
    page.goto(chart_url)
    page.get_by_label("E-mail address").fill("cleo@a.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Assess").click()
    expect(page.get_by_role("heading", name=re.compile("Assessment, version 1"))).to_be_visible()


def candidates(page: Page):
    return page.locator("#candidates .candidate strong")


def test_drawing_with_clicks_ranks_muscles_and_signs(page: Page, chart_url):
    log_in_and_assess(page, chart_url)

    page.locator(".bc-view--back .bc-region[data-ref='buttock_lower:left']").click()
    expect(candidates(page).first).to_be_visible()
    page.locator(".bc-view--back .bc-region[data-ref='iliac_crest:left']").click()
    page.locator(".bc-view--back .bc-region[data-ref='greater_trochanter:left']").click()
    expect(candidates(page).first).to_have_text("Quadratus lumborum")

    # The three clicks each re-rank; wait until the last ranking has arrived before using it.
    page.wait_for_function("!document.querySelector('.htmx-request')")
    page.get_by_role("button", name="Show its referral pattern").first.click()
    expect(page.locator(".bc-hl--js").first).to_be_attached()

    # One tap adds the suggested muscle to palpation; "Add a row" makes room for more.
    rows_before = page.locator("table.palpation tbody tr").count()
    page.get_by_role("button", name="Add to palpation").first.click()
    filled = page.locator("select[name$='-muscle']").evaluate_all(
        "els => els.filter(e => e.value === 'quadratus_lumborum').length"
    )
    assert filled >= 1
    page.get_by_role("button", name="Add a row").click()
    expect(page.locator("table.palpation tbody tr")).to_have_count(rows_before + 1)
    expect(page.locator("#id_palp-TOTAL_FORMS")).to_have_value(str(rows_before + 1))

    for ref in ("buttock_lower:left", "iliac_crest:left", "greater_trochanter:left"):
        page.locator(f"select[name='pain-intensity-{ref}']").select_option("6")
    page.get_by_label("Myofascial trigger points").check()
    page.locator("#id_palp-0-muscle").select_option("quadratus_lumborum")
    page.locator("#id_palp-0-finding").select_option("active")
    page.get_by_label("Fingertip-to-floor distance (cm)").fill("24")
    page.get_by_role("button", name="Sign assessment").click()

    expect(page.get_by_text("Assessment signed.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Assessment, version 1"))).to_be_visible()


def test_drawing_with_the_keyboard_changes_the_suggestions(page: Page, chart_url):
    log_in_and_assess(page, chart_url)
    region = page.locator(".bc-view--back .bc-region[data-ref='calf:left']")
    # The script makes the shapes focusable once it has run; on a busy machine wait for it.
    expect(region).to_have_attribute("tabindex", "0")

    region.focus()
    page.keyboard.press("Space")

    expect(region).to_have_attribute("aria-checked", "true")
    expect(candidates(page).first).to_have_text("Gluteus minimus")
    page.keyboard.press("Space")
    expect(page.locator("#candidates .candidate")).to_have_count(0)


def test_signing_an_empty_assessment_lists_what_is_missing(page: Page, chart_url):
    log_in_and_assess(page, chart_url)

    page.get_by_role("button", name="Sign assessment").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_contain_text("Missing: a pain drawing with at least one region")
    expect(summary).to_be_focused()
