"""Real Chromium: the owner invites a clinician, who sets a password from the e-mailed link and
lands on "My day"; then a follow-up visit opened from My day starts from the last session's
sites, offers only the chosen muscle's trigger points, is refused at signing with every input
kept, and is signed, which marks the appointment attended. Screenshots at three sizes."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from taut.appointments import services as appointment_services
from taut.appointments.demo import setup_availability, setup_clinic_hours
from taut.appointments.models import Appointment
from taut.clinics.models import Membership, Role
from tests.builders import (
    PASSWORD,
    actor_for,
    make_clinic,
    make_episode,
    make_member,
    make_patient,
    sent_mail,
)
from tests.e2e.flows import answer_before_needling
from tests.sessions.builders import make_signed_session, ready_to_needle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path("test-artifacts")
SIZES = ((1366, 900, "desktop"), (820, 1180, "tablet"), (390, 844, "phone"))


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height, size in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def log_in(page: Page, url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(url)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_an_invited_clinician_signs_in_runs_a_follow_up_from_my_day(live_server, page: Page):
    clinic = make_clinic("Clinic A")
    location = clinic.locations.create(name="Main room")
    setup_clinic_hours(clinic)
    owner = make_member(clinic, "olive@a.example", Role.OWNER, "Olive Owner")

    log_in(page, f"{live_server.url}/office/staff/", "olive@a.example")
    page.get_by_label("Full name").fill("Nia Newton")
    page.get_by_label("E-mail address").fill("nia@a.example")
    page.get_by_label("Role", exact=True).select_option("clinician")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("An invitation went to nia@a.example")).to_be_visible()
    shoot(page, "staff")
    link = re.search(r"https?://\S+/office/invitation/\S+/", sent_mail()[-1].body).group(0)
    page.get_by_role("button", name="Log out").click()

    page.goto(link)
    expect(page.get_by_role("heading", name="Join Clinic A")).to_be_visible()
    page.get_by_label("New password", exact=True).fill("lumbar-multifidus-2026")
    page.get_by_label("New password confirmation").fill("lumbar-multifidus-2026")
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("heading", name=re.compile("My day"))).to_be_visible()
    expect(page.get_by_text("No appointments on this day.")).to_be_visible()

    # Nia's first follow-up: a patient needled last week, booked with her today.
    nia = Membership.objects.get(user__email="nia@a.example")
    setup_availability(nia, location)
    actor = actor_for(owner)
    patient = make_patient(actor)
    episode = make_episode(actor, patient, started_on=actor.today() - timedelta(days=10))
    ready_to_needle(actor, patient)
    make_signed_session(actor, episode, performed_on=actor.today() - timedelta(days=7))
    from django.utils import timezone

    start = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=5)
    appointment = Appointment.objects.create(
        clinic=clinic,
        location=location,
        patient=patient,
        episode=episode,
        clinician=nia.user,
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        kind="needling_session",
        created_by=owner.user,
    )
    assert appointment_services  # booked directly: the clock may be outside opening hours

    page.reload()
    expect(page.get_by_role("link", name=re.compile("Núñez", re.IGNORECASE))).to_be_visible()
    shoot(page, "my-day")
    page.get_by_role("button", name="Open the session").click()

    expect(page.get_by_text(re.compile("Started from the session of"))).to_be_visible()
    expect(page.locator("#id_ins-0-muscle")).to_have_value("multifidus")
    visible_groups = page.locator("#id_ins-0-trigger_point optgroup:not([hidden])")
    expect(visible_groups).to_have_count(1)
    expect(visible_groups).to_have_attribute("label", re.compile("ultifidus"))
    page.get_by_label("Pain now, before needling (0-10)").select_option("5")
    page.locator("#id_notes").fill("Less pain sitting; same sites today.")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="My day").click()  # leaving with unsaved typing asks first
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    page.remove_listener("dialog", stay)
    expect(page.locator("#id_notes")).to_have_value("Less pain sitting; same sites today.")
    page.get_by_role("button", name="Sign session").click()  # the pre-treatment answers are missing

    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("Pain now, before needling (0-10)")).to_have_value("5")
    expect(page.locator("#id_notes")).to_have_value("Less pain sitting; same sites today.")
    expect(page.locator("#id_ins-0-muscle")).to_have_value("multifidus")
    shoot(page, "session-refused")

    answer_before_needling(page, pain=None)
    page.get_by_label("Needles out (counted)").fill("1")
    page.get_by_role("button", name="Sign session").click()
    expect(page.get_by_text("Session signed.")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.status == "attended"
