"""Real Chromium: a patient completes an ODI through a link on a phone; the clinician's progress
chart changes."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from taut.clinics.models import Role
from taut.intake import services as link_services
from taut.outcomes import services
from tests.builders import PASSWORD, actor_for, make_clinic, make_episode, make_member, make_patient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_odi_through_a_patient_link_moves_the_chart(live_server, browser, page: Page):
    clinic = make_clinic("Clinic A")
    actor = actor_for(make_member(clinic, "cleo@a.example", Role.CLINICIAN, "Cleo"))
    episode = make_episode(actor, make_patient(actor))
    services.submit_response(
        actor,
        episode,
        instrument="odi",
        answers=[4] * 10,
        collected_on=actor.today() - timedelta(days=21),
    )
    link = link_services.create_questionnaire_link(actor, episode, instruments=["odi"])

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{live_server.url}/intake/q/{link_services.token_for(link)}/1/")
    expect(phone.get_by_text("1 / 10")).to_be_visible()  # one item per screen
    for number in range(1, 11):
        phone.locator(f"input[name='item_{number}'][value='1']").check()
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name=re.compile("answers have been sent"))).to_be_visible()

    page.goto(f"{live_server.url}/outcomes/episode/{episode.public_id}/")
    page.get_by_label("E-mail address").fill("cleo@a.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.locator("svg[role='img'] desc").filter(has_text="fell from 80 to 20")
    ).to_have_count(1)
    expect(
        page.get_by_text(re.compile("Important improvement on pain or function"))
    ).to_be_visible()
