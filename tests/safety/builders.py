"""Builders for safety records: explicit defaults, override what the test is about."""

from __future__ import annotations

from typing import Any

from taut.clinical.red_flags import FLAGS
from taut.clinics.actor import Actor
from taut.patients.models import Patient
from taut.safety import services
from taut.safety.models import RedFlagScreen, SafetyProfile

EMERGENCY = {"CES-1": True}  # new bladder trouble: possible cauda equina
URGENT = {"INF-1": True}  # fever: possible spinal infection
RELATIVE = {"anticoagulant_or_antiplatelet": True}
ABSOLUTE = {"needle_phobia": True}


def all_no(**yes: bool | None) -> dict[str, bool | None]:
    """Every flag answered no (follow-ups not asked), then the given answers."""
    answers: dict[str, bool | None] = dict.fromkeys(FLAGS, False)
    answers.update(yes)
    return answers


def make_screen(
    actor: Actor, patient: Patient, answers: dict[str, bool | None] | None = None
) -> RedFlagScreen:
    return services.record_red_flag_screen(actor, patient, answers=all_no(**(answers or {})))


def make_profile(actor: Actor, patient: Patient, **answers: Any) -> SafetyProfile:
    return services.confirm_safety_profile(actor, patient, answers=answers)


def make_safe_to_needle(actor: Actor, patient: Patient) -> None:
    """A complete screen with no flags and a profile with nothing to report."""
    make_screen(actor, patient)
    make_profile(actor, patient)
