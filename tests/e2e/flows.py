"""Steps several browser tests share: a patient's intake on their phone, and the answers a
clinician records before needling."""

import re

from playwright.sync_api import Page, expect


def intake_first_steps(phone: Page, url: str) -> None:
    """Open the intake link and answer the first three steps (about, symptoms, health)."""
    phone.goto(url)
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


def intake_finish_and_consent(phone: Page) -> None:
    """After the red-flag step: STarT Back, send, then consent to dry needling by typed name."""
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


def answer_before_needling(page: Page, *, pain: str | None, position: str = "prone") -> None:
    """The pre-treatment answers, the position and the preparation a session needs to sign
    (``pain`` None leaves the pain as it is)."""
    for name in ("new_red_flags", "medication_changes", "side_effects_since_last"):
        page.locator(f"input[name='{name}'][value='no']").check()
    if pain is not None:
        page.get_by_label("Pain now, before needling (0-10)").select_option(pain)
    page.get_by_label("Position").select_option(position)
    page.get_by_label("Skin cleaned").check()
    page.get_by_label("Single-use sterile needles").check()
