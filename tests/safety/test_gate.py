from datetime import timedelta

import pytest

from taut.safety import services
from taut.safety.queries import needling_gate, safety_summary
from tests.builders import actor_for
from tests.safety.builders import (
    ABSOLUTE,
    EMERGENCY,
    RELATIVE,
    URGENT,
    make_profile,
    make_safe_to_needle,
    make_screen,
)


def test_a_screened_patient_with_a_clear_profile_may_be_needled(actor_a, patient_a):
    make_safe_to_needle(actor_a, patient_a)

    gate = needling_gate(actor_a, patient_a, actor_a.today())

    assert gate.allowed
    assert gate.blocked_reasons == ()


@pytest.mark.parametrize("answers", [EMERGENCY, URGENT])
def test_an_unresolved_emergency_or_urgent_triage_blocks_needling(actor_a, patient_a, answers):
    make_screen(actor_a, patient_a, answers)
    make_profile(actor_a, patient_a)

    gate = needling_gate(actor_a, patient_a, actor_a.today())

    assert not gate.allowed
    assert "red flag" in gate.blocked_reasons[0]


def test_a_resolved_triage_no_longer_blocks(actor_a, patient_a):
    screen = make_screen(actor_a, patient_a, EMERGENCY)
    make_profile(actor_a, patient_a)
    services.resolve_triage(actor_a, screen, action="ruled_out", note="No saddle anaesthesia.")

    assert needling_gate(actor_a, patient_a, actor_a.today()).allowed


def test_a_new_emergency_screen_after_a_resolution_blocks_again(actor_a, patient_a):
    screen = make_screen(actor_a, patient_a, EMERGENCY)
    make_profile(actor_a, patient_a)
    services.resolve_triage(actor_a, screen, action="seen", note="Seen.")
    make_screen(actor_a, patient_a, EMERGENCY)

    assert not needling_gate(actor_a, patient_a, actor_a.today()).allowed


def test_a_missing_screen_blocks_needling(actor_a, patient_a):
    make_profile(actor_a, patient_a)

    gate = needling_gate(actor_a, patient_a, actor_a.today())

    assert gate.blocked_reasons == (
        "No red-flag screen is recorded: screen the patient before needling.",
    )


def test_a_screen_entered_in_error_leaves_the_patient_unscreened(actor_a, patient_a):
    make_safe_to_needle(actor_a, patient_a)
    screen = make_screen(actor_a, patient_a)
    services.mark_screen_entered_in_error(actor_a, screen, reason="Wrong patient.")

    assert safety_summary(actor_a, patient_a, actor_a.today()).screen_missing


def test_a_missing_profile_blocks_needling(actor_a, patient_a):
    make_screen(actor_a, patient_a)

    gate = needling_gate(actor_a, patient_a, actor_a.today())

    assert not gate.allowed
    assert "safety profile" in gate.blocked_reasons[0]


def test_a_profile_is_due_for_recheck_after_the_clinics_review_days(actor_a, patient_a):
    make_safe_to_needle(actor_a, patient_a)
    days = actor_a.clinic.safety_profile_review_days
    day_before = actor_a.today() + timedelta(days=days - 1)
    due_day = actor_a.today() + timedelta(days=days)

    assert needling_gate(actor_a, patient_a, day_before).allowed
    assert not safety_summary(actor_a, patient_a, day_before).profile_due
    assert safety_summary(actor_a, patient_a, due_day).profile_due
    assert "recheck" in needling_gate(actor_a, patient_a, due_day).blocked_reasons[0]


def test_the_review_period_follows_the_clinic_setting(actor_a, patient_a):
    actor_a.clinic.safety_profile_review_days = 7
    actor_a.clinic.save()

    profile = make_profile(actor_a, patient_a)

    assert profile.review_due_on == actor_a.today() + timedelta(days=7)


def test_an_absolute_contraindication_blocks_needling(actor_a, patient_a):
    make_screen(actor_a, patient_a)
    make_profile(actor_a, patient_a, **ABSOLUTE)

    gate = needling_gate(actor_a, patient_a, actor_a.today())

    assert gate.blocked_reasons == ("Absolute contraindication: Needle phobia.",)


def test_a_relative_contraindication_needs_an_override(actor_a, patient_a):
    make_screen(actor_a, patient_a)
    make_profile(actor_a, patient_a, **RELATIVE)

    gate = needling_gate(actor_a, patient_a, actor_a.today())

    assert gate.blocked_reasons == ()
    assert [item.code for item in gate.needs_override] == ["anticoagulant_or_antiplatelet"]
    assert not gate.allowed


def test_an_overridden_relative_contraindication_allows_needling(actor_a, patient_a):
    make_screen(actor_a, patient_a)
    make_profile(actor_a, patient_a, **RELATIVE)

    gate = needling_gate(
        actor_a, patient_a, actor_a.today(), overridden=["anticoagulant_or_antiplatelet"]
    )

    assert gate.allowed


def test_a_region_contraindication_applies_to_the_muscles_needled(actor_a, patient_a):
    make_screen(actor_a, patient_a)
    make_profile(actor_a, patient_a, local_infection_regions=["lumbar_paraspinal:left"])

    today = actor_a.today()
    assert needling_gate(actor_a, patient_a, today).allowed
    gate = needling_gate(actor_a, patient_a, today, muscles=["multifidi"], sides=["left"])
    assert not gate.allowed
    assert "local infection" in gate.blocked_reasons[0]


def test_consent_is_checked_only_when_the_caller_passes_it(actor_a, patient_a):
    make_safe_to_needle(actor_a, patient_a)

    gate = needling_gate(actor_a, patient_a, actor_a.today(), needling_consent=False)

    assert gate.blocked_reasons == ("Absolute contraindication: No recorded consent to needling.",)


def test_an_unknown_muscle_is_refused(actor_a, patient_a):
    make_safe_to_needle(actor_a, patient_a)

    with pytest.raises(services.SafetyError, match="biceps"):
        needling_gate(actor_a, patient_a, actor_a.today(), muscles=["biceps"], sides=["left"])


def test_front_desk_learns_that_needling_is_blocked_without_the_clinical_details(
    actor_a, desk_a, patient_a
):
    make_screen(actor_a, patient_a, EMERGENCY)
    make_profile(actor_a, patient_a, **ABSOLUTE)

    summary = safety_summary(actor_for(desk_a), patient_a, actor_a.today())

    assert summary.needling_blocked_by_triage
    assert summary.profile_blocks
    assert summary.screen is None
    assert summary.decision is None
    assert "cauda" not in " ".join(summary.gate_reasons)
    assert "phobia" not in " ".join(summary.gate_reasons)
