from django.template.loader import render_to_string

from taut.safety.queries import safety_summary
from taut.sessions.gate import patient_gate
from taut.sessions.queries import open_needle_events
from tests.builders import actor_for
from tests.safety.builders import ABSOLUTE, EMERGENCY, RELATIVE, make_profile, make_screen


def _alerts(actor, patient):
    return render_to_string(
        "safety/_chart_alerts.html",
        {
            "safety": safety_summary(actor, patient),
            "gate": patient_gate(actor, patient),
            "needle_events": open_needle_events(actor, patient),
            "patient": patient,
            "perms_taut": frozenset(p.value for p in _perms(actor)),
        },
    )


def _perms(actor):
    from taut.clinics.permissions import ROLE_PERMISSIONS

    return ROLE_PERMISSIONS[actor.membership.role]


def test_an_emergency_red_flag_is_impossible_to_miss(actor_a, patient_a):
    make_screen(actor_a, patient_a, EMERGENCY)

    html = _alerts(actor_a, patient_a)

    assert 'role="alert"' in html
    assert "EMERGENCY RED FLAG — DO NOT NEEDLE" in html
    assert "Possible cauda equina syndrome" in html
    assert "Arrange emergency assessment now" in html
    assert "Record the action taken" in html
    assert "A referral alone does not clear it" in html


def test_front_desk_sees_the_block_but_not_the_clinical_details(actor_a, desk_a, patient_a):
    make_screen(actor_a, patient_a, EMERGENCY)
    make_profile(actor_a, patient_a, **ABSOLUTE)

    html = _alerts(actor_for(desk_a), patient_a)

    assert "RED FLAG — NEEDLING IS BLOCKED" in html
    assert "A clinician must review" in html
    assert "cauda" not in html
    assert "phobia" not in html
    assert "Record the action taken" not in html
    assert "Needling is blocked for this patient today." in html


def test_missing_screen_and_profile_are_listed(actor_a, patient_a):
    html = _alerts(actor_a, patient_a)

    assert "No red-flag screen." in html
    assert "No needling safety profile." in html


def test_contraindications_are_listed_by_strength(actor_a, patient_a):
    make_screen(actor_a, patient_a)
    make_profile(actor_a, patient_a, **ABSOLUTE, **RELATIVE)

    html = _alerts(actor_a, patient_a)

    assert "Do not needle (absolute contraindication):</strong> Needle phobia." in html
    assert "Precaution, needs a documented override:</strong> Takes an anticoagulant" in html
    assert 'role="alert"' not in html
