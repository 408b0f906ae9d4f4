import pytest
from django.core.exceptions import PermissionDenied

from taut.audit.models import AuditEntry
from taut.safety import services
from taut.safety.models import (
    RedFlagAction,
    RedFlagFinding,
    RedFlagScreen,
    SafetyProfile,
    ScreenStatus,
)
from taut.safety.queries import open_findings
from tests.builders import actor_for
from tests.safety.builders import EMERGENCY, URGENT, all_no, make_profile, make_screen


def test_a_screen_stores_the_kernels_level_and_findings(actor_a, patient_a):
    screen = make_screen(actor_a, patient_a, EMERGENCY)

    assert screen.level == "emergency"
    assert [f["code"] for f in screen.findings] == ["CES-1"]
    assert screen.unanswered == []
    assert screen.age_years == patient_a.age_on(actor_a.today())
    assert screen.recorded_by == actor_a.user


def test_a_screen_is_audited_with_its_level(actor_a, patient_a):
    screen = make_screen(actor_a, patient_a, URGENT)

    entry = AuditEntry.objects.get(object_type="red_flag_screen", object_id=screen.public_id)
    assert entry.action == "create"
    assert entry.detail["level"] == "urgent"


def test_missing_answers_are_listed_as_unanswered(actor_a, patient_a):
    screen = services.record_red_flag_screen(actor_a, patient_a, answers={"CES-1": False})

    assert "CES-2" in screen.unanswered
    assert screen.level is None


def test_a_new_screen_supersedes_the_current_one(actor_a, patient_a):
    first = make_screen(actor_a, patient_a, EMERGENCY)
    second = make_screen(actor_a, patient_a)

    first.refresh_from_db()
    assert first.status == ScreenStatus.SUPERSEDED
    assert second.status == ScreenStatus.CURRENT


def test_an_unknown_code_is_refused_and_nothing_is_saved(actor_a, patient_a):
    with pytest.raises(services.SafetyError, match="XYZ-9") as exc:
        services.record_red_flag_screen(actor_a, patient_a, answers={"XYZ-9": True})

    assert exc.value.field == "XYZ-9"
    assert not RedFlagScreen.objects.exists()


def test_an_answer_that_is_not_yes_no_or_none_is_refused(actor_a, patient_a):
    with pytest.raises(services.SafetyError, match="CES-1"):
        services.record_red_flag_screen(actor_a, patient_a, answers={"CES-1": "yes"})

    assert not RedFlagScreen.objects.exists()


def test_front_desk_cannot_record_a_screen(desk_a, patient_a):
    with pytest.raises(PermissionDenied):
        services.record_red_flag_screen(actor_for(desk_a), patient_a, answers=all_no())

    assert not RedFlagScreen.objects.exists()


def test_an_intake_screen_has_no_recorder_and_an_audit_entry_without_user(clinic_a, patient_a):
    screen = services.record_intake_screen(
        clinic=clinic_a, patient=patient_a, answers=all_no(**EMERGENCY)
    )

    entry = AuditEntry.objects.get(object_id=screen.public_id)
    assert screen.source == "intake"
    assert screen.recorded_by is None
    assert entry.user is None
    assert entry.detail["by"] == "patient_link"


def test_an_intake_screen_for_another_clinics_patient_is_refused(clinic_b, patient_a):
    with pytest.raises(services.SafetyError):
        services.record_intake_screen(clinic=clinic_b, patient=patient_a, answers=all_no())

    assert not RedFlagScreen.objects.exists()


def act(actor, patient, action="ruled_out", note="No saddle numbness on examination."):
    return services.record_finding_action(
        actor,
        patient,
        findings=open_findings(actor, patient),
        action=action,
        note=note,
    )


def test_a_screen_keeps_each_positive_finding_as_a_row(actor_a, patient_a):
    screen = make_screen(actor_a, patient_a, {**EMERGENCY, "MAL-1": True, "NEURO-1": True})

    codes = set(RedFlagFinding.objects.filter(screen=screen).values_list("code", flat=True))
    assert codes == {"CES-1", "MAL-1", "NEURO-1", "MAL-1+NEURO"}


def test_a_finding_stays_open_after_a_later_screen_answers_no(actor_a, patient_a):
    make_screen(actor_a, patient_a, EMERGENCY)
    make_screen(actor_a, patient_a)  # every question answered no

    assert [f.code for f in open_findings(actor_a, patient_a)] == ["CES-1"]


def test_a_clinician_clears_a_finding_with_a_note(actor_a, patient_a):
    make_screen(actor_a, patient_a, EMERGENCY)

    (action,) = act(actor_a, patient_a)

    assert action.recorded_by == actor_a.user
    assert open_findings(actor_a, patient_a) == []
    entry = AuditEntry.objects.get(object_type="red_flag_finding")
    assert (entry.action, entry.detail["action"]) == ("resolve", "ruled_out")


def test_a_referral_is_recorded_but_leaves_the_finding_open(actor_a, patient_a):
    make_screen(actor_a, patient_a, EMERGENCY)

    act(actor_a, patient_a, action="referred", note="Sent to A&E at 10:20.")

    (finding,) = open_findings(actor_a, patient_a)
    assert [a.action for a in finding.actions.all()] == ["referred"]


def test_an_action_needs_a_note(actor_a, patient_a):
    make_screen(actor_a, patient_a, URGENT)

    with pytest.raises(services.SafetyError) as exc:
        act(actor_a, patient_a, note="  ")

    assert exc.value.field == "note"
    assert not RedFlagAction.objects.exists()


def test_an_action_needs_findings(actor_a, patient_a):
    with pytest.raises(services.SafetyError) as exc:
        services.record_finding_action(
            actor_a, patient_a, findings=[], action="ruled_out", note="Nothing."
        )

    assert exc.value.field == "findings"


def test_a_cleared_finding_is_not_cleared_again(actor_a, patient_a):
    make_screen(actor_a, patient_a, EMERGENCY)
    finding = open_findings(actor_a, patient_a)[0]
    act(actor_a, patient_a)

    with pytest.raises(services.SafetyError, match="already cleared"):
        services.record_finding_action(
            actor_a, patient_a, findings=[finding], action="ruled_out", note="Again."
        )

    assert RedFlagAction.objects.count() == 1


def test_another_patients_finding_is_refused(actor_a, patient_a):
    from tests.builders import make_patient

    other = make_patient(actor_a, family_name="Otro", email="otro@example.org")
    make_screen(actor_a, other, EMERGENCY)
    theirs = open_findings(actor_a, other)

    with pytest.raises(services.SafetyError, match="not one of this patient"):
        services.record_finding_action(
            actor_a, patient_a, findings=theirs, action="ruled_out", note="Wrong chart."
        )

    assert not RedFlagAction.objects.exists()


def test_an_unknown_action_is_refused(actor_a, patient_a):
    make_screen(actor_a, patient_a, EMERGENCY)

    with pytest.raises(services.SafetyError) as exc:
        act(actor_a, patient_a, action="ignored")

    assert exc.value.field == "action"
    assert not RedFlagAction.objects.exists()


def test_front_desk_cannot_act_on_a_finding(actor_a, desk_a, patient_a):
    make_screen(actor_a, patient_a, EMERGENCY)
    findings = open_findings(actor_a, patient_a)

    with pytest.raises(PermissionDenied):
        services.record_finding_action(
            actor_for(desk_a), patient_a, findings=findings, action="ruled_out", note="Seen."
        )

    assert not RedFlagAction.objects.exists()


def test_findings_of_a_screen_entered_in_error_no_longer_count(actor_a, patient_a):
    screen = make_screen(actor_a, patient_a, EMERGENCY)

    services.mark_screen_entered_in_error(actor_a, screen, reason="Wrong patient.")

    assert open_findings(actor_a, patient_a) == []


def test_a_screen_marked_entered_in_error_is_no_longer_current(actor_a, patient_a):
    screen = make_screen(actor_a, patient_a, EMERGENCY)

    services.mark_screen_entered_in_error(actor_a, screen, reason="Wrong patient.")

    screen.refresh_from_db()
    assert screen.status == ScreenStatus.ENTERED_IN_ERROR
    assert screen.entered_in_error_by == actor_a.user


def test_entered_in_error_needs_a_reason(actor_a, patient_a):
    screen = make_screen(actor_a, patient_a)

    with pytest.raises(services.SafetyError):
        services.mark_screen_entered_in_error(actor_a, screen, reason="")

    screen.refresh_from_db()
    assert screen.is_current


def test_a_screen_is_never_deleted(actor_a, patient_a):
    screen = make_screen(actor_a, patient_a)

    with pytest.raises(RuntimeError):
        screen.delete()


def test_a_confirmed_profile_stores_answers_and_a_review_date(actor_a, patient_a):
    profile = make_profile(
        actor_a, patient_a, anticoagulant_or_antiplatelet=True, lymphoedema_regions=["calf:left"]
    )

    days = actor_a.clinic.safety_profile_review_days
    assert profile.answers["anticoagulant_or_antiplatelet"] is True
    assert profile.answers["lymphoedema_regions"] == ["calf:left"]
    assert profile.answers["epilepsy"] == "none"
    assert (profile.review_due_on - actor_a.today()).days == days
    assert AuditEntry.objects.get(object_type="safety_profile").detail["needs_override"] == [
        "anticoagulant_or_antiplatelet"
    ]


def test_a_new_profile_supersedes_the_current_one(actor_a, patient_a):
    first = make_profile(actor_a, patient_a)
    make_profile(actor_a, patient_a, pregnant=True)

    first.refresh_from_db()
    assert first.status == "superseded"
    assert SafetyProfile.objects.filter(status="current").get().answers["pregnant"] is True


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"unknown_item": True}, "unknown_item"),
        ({"pregnant": "yes"}, "pregnant"),
        ({"epilepsy": "sometimes"}, "epilepsy"),
        ({"lymphoedema_regions": ["elbow:left"]}, "lymphoedema_regions"),
        ({"local_infection_regions": ["sacrum:left"]}, "local_infection_regions"),
        ({"needling_consent": True}, "needling_consent"),
    ],
)
def test_a_bad_profile_answer_is_refused_naming_the_item(actor_a, patient_a, answers, field):
    with pytest.raises(services.SafetyError) as exc:
        services.confirm_safety_profile(actor_a, patient_a, answers=answers)

    assert exc.value.field == field
    assert not SafetyProfile.objects.exists()


def test_front_desk_cannot_confirm_a_profile(desk_a, patient_a):
    with pytest.raises(PermissionDenied):
        services.confirm_safety_profile(actor_for(desk_a), patient_a, answers={})

    assert not SafetyProfile.objects.exists()
