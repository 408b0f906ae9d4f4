"""Real Chromium through Playwright: a clinician's first minutes with Taut."""

import re

import pytest
from playwright.sync_api import Page, expect

from taut.clinics.models import Role
from tests.builders import PASSWORD, actor_for, make_clinic, make_episode, make_member, make_patient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded():
    clinic = make_clinic("Clinic A")
    clinician = make_member(clinic, "cleo@a.example", Role.CLINICIAN, "Cleo Clinician")
    actor = actor_for(clinician)
    patient = make_patient(actor)
    make_patient(actor, family_name="Smith", given_names="Alice")
    make_episode(actor, patient, diagnosis_codes=["M79.18"])
    return clinician


def test_log_in_search_open_the_chart_and_log_out(live_server, page: Page, seeded):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    page.get_by_label("E-mail address").fill("cleo@a.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Patients")).to_be_visible()

    page.get_by_label("Find a patient").fill("nunez")
    row_link = page.get_by_role("link", name="NÚÑEZ, José")
    expect(row_link).to_be_visible()
    expect(page.get_by_role("link", name="SMITH, Alice")).to_have_count(0)
    row_link.click()

    expect(page.get_by_role("heading", name=re.compile("NÚÑEZ, José"))).to_be_visible()
    expect(page.get_by_text("M79.18")).to_be_visible()
    expect(page.get_by_text("No red-flag screen.")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_keyboard_alone_reaches_a_chart(live_server, page: Page, seeded):
    page.goto(live_server.url + "/accounts/login/?next=/patients/")
    page.keyboard.type("cleo@a.example")  # the e-mail field has focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Patients")).to_be_visible()

    page.keyboard.type("smith")  # the search field has focus on arrival
    expect(page.get_by_role("link", name="NÚÑEZ, José")).to_have_count(0)
    link = page.get_by_role("link", name="SMITH, Alice")
    link.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=re.compile("SMITH, Alice"))).to_be_visible()


def test_registering_with_errors_moves_focus_to_the_summary(live_server, page: Page, seeded):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail address").fill("cleo@a.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/patients/new/")
    page.get_by_role("button", name="Register patient").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("Family name"))).to_be_visible()
