from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from taut.assessment import services
from taut.assessment.models import Assessment, PainMark, PalpationFinding
from taut.assessment.services import AssessmentInput, Mark, Palpation
from taut.lib.records import RecordStatus
from tests.builders import actor_for, make_episode

COMPLETE = AssessmentInput(
    likely_causes=["trigger_points", "prolonged_sitting"],
    marks=[Mark("buttock_lower:left", 6, "ache"), Mark("posterior_thigh:left", 4, "")],
    palpation=[
        Palpation(
            "gluteus_minimus",
            "left",
            "active",
            "gluteus_minimus_posterior",
            True,
            True,
            True,
            Decimal("3.2"),
            "kg/cm2",
        )
    ],
    schober_cm=Decimal("19.5"),
)


@pytest.fixture
def draft(actor_a, patient_a):
    return services.start_assessment(actor_a, make_episode(actor_a, patient_a))


def test_starting_twice_returns_the_same_draft(actor_a, draft):
    assert services.start_assessment(actor_a, draft.episode) == draft


def test_a_saved_draft_stores_the_drawing_and_palpation(actor_a, draft):
    services.save_draft(actor_a, draft, COMPLETE)

    assert sorted(PainMark.objects.values_list("region", "intensity")) == [
        ("buttock_lower:left", 6),
        ("posterior_thigh:left", 4),
    ]
    assert PalpationFinding.objects.get().ppt_kpa == Decimal("313.8")  # 3.2 kg/cm² in kPa


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"marks": [Mark("elbow:left", 3)]}, "pain_drawing"),
        ({"marks": [Mark("calf", 3)]}, "pain_drawing"),
        ({"marks": [Mark("calf:left", 11)]}, "pain_drawing"),
        ({"likely_causes": ["gremlins"]}, "likely_causes"),
        ({"palpation": [Palpation("deltoid", "left", "active")]}, "palpation"),
        ({"palpation": [Palpation("piriformis", "left", "active", "ql_deep_caudal")]}, "palpation"),
        (
            {"palpation": [Palpation("piriformis", "left", "active", ppt=Decimal("-1"))]},
            "palpation",
        ),
        ({"fingertip_floor_cm": Decimal("-2")}, "fingertip_floor_cm"),
    ],
)
def test_impossible_values_are_refused_with_the_field_named_and_nothing_saved(
    actor_a, draft, change, field
):
    services.save_draft(actor_a, draft, COMPLETE)
    bad = AssessmentInput(**{**COMPLETE.__dict__, **change})

    with pytest.raises(services.AssessmentError) as caught:
        services.save_draft(actor_a, draft, bad)

    assert caught.value.field == field
    assert PainMark.objects.count() == 2


def test_signing_lists_every_missing_part_and_changes_nothing(actor_a, draft):
    services.save_draft(actor_a, draft, AssessmentInput(marks=[Mark("sacrum", None)]))

    with pytest.raises(services.AssessmentIncomplete) as caught:
        services.sign_assessment(actor_a, draft)

    assert caught.value.missing == [
        "at least one likely cause",
        "the pain intensity of Flat bone at the base of the spine",
        "palpation findings for at least one muscle",
        "a range-of-motion measure (modified Schober or fingertip-to-floor)",
    ]
    draft.refresh_from_db()
    assert draft.status == RecordStatus.DRAFT


def test_a_signed_assessment_is_locked(actor_a, draft):
    services.save_draft(actor_a, draft, COMPLETE)
    services.sign_assessment(actor_a, draft)

    with pytest.raises(services.AssessmentLocked):
        services.save_draft(actor_a, draft, AssessmentInput())

    assert PainMark.objects.count() == 2


def test_an_amendment_copies_the_content_and_supersedes_the_original_when_signed(actor_a, draft):
    services.save_draft(actor_a, draft, COMPLETE)
    services.sign_assessment(actor_a, draft)

    amendment = services.amend_assessment(actor_a, draft, reason="Side recorded wrongly")
    services.sign_assessment(actor_a, amendment)

    draft.refresh_from_db()
    assert (draft.status, amendment.version, amendment.amends) == (
        RecordStatus.AMENDED,
        2,
        draft,
    )
    assert amendment.marks.count() == 2


def test_an_amendment_needs_a_reason(actor_a, draft):
    services.save_draft(actor_a, draft, COMPLETE)
    services.sign_assessment(actor_a, draft)

    with pytest.raises(services.AssessmentError, match="reason"):
        services.amend_assessment(actor_a, draft, reason=" ")

    assert Assessment.objects.count() == 1


def test_front_desk_cannot_sign(desk_a, actor_a, draft):
    services.save_draft(actor_a, draft, COMPLETE)

    with pytest.raises(PermissionDenied):
        services.sign_assessment(actor_for(desk_a), draft)

    draft.refresh_from_db()
    assert draft.status == RecordStatus.DRAFT


def test_assessments_are_never_deleted(draft):
    with pytest.raises(RuntimeError):
        draft.delete()


def test_an_assessment_entered_in_error_withdraws_its_earlier_versions_too(actor_a, draft):
    services.save_draft(actor_a, draft, COMPLETE)
    services.sign_assessment(actor_a, draft)
    amendment = services.amend_assessment(actor_a, draft, reason="Side recorded wrongly")
    services.sign_assessment(actor_a, amendment)

    services.mark_assessment_entered_in_error(actor_a, amendment, reason="Wrong patient")

    assert set(Assessment.objects.values_list("status", flat=True)) == {
        RecordStatus.ENTERED_IN_ERROR
    }
    assert amendment.marks.count() == 2


def test_an_assessment_entered_in_error_needs_a_reason(actor_a, draft):
    with pytest.raises(services.AssessmentError, match="reason"):
        services.mark_assessment_entered_in_error(actor_a, draft, reason="")

    draft.refresh_from_db()
    assert draft.status == RecordStatus.DRAFT


def test_front_desk_cannot_mark_an_assessment_entered_in_error(desk_a, draft):
    with pytest.raises(PermissionDenied):
        services.mark_assessment_entered_in_error(actor_for(desk_a), draft, reason="Mistake")

    draft.refresh_from_db()
    assert draft.status == RecordStatus.DRAFT


def signed_with_open_amendment(actor, draft):
    services.save_draft(actor, draft, COMPLETE)
    services.sign_assessment(actor, draft)
    return services.amend_assessment(actor, draft, reason="Side recorded wrongly")


def test_an_open_amendment_is_never_taken_for_a_reassessment(actor_a, draft):
    signed_with_open_amendment(actor_a, draft)

    with pytest.raises(services.AssessmentError, match="amendment"):
        services.start_assessment(actor_a, draft.episode)

    assert Assessment.objects.count() == 2


def test_discarding_a_draft_amendment_leaves_the_signed_assessment_standing(actor_a, draft):
    amendment = signed_with_open_amendment(actor_a, draft)

    services.mark_assessment_entered_in_error(actor_a, amendment, reason="Opened by mistake")

    draft.refresh_from_db()
    assert draft.status == RecordStatus.SIGNED


def test_an_amendment_of_a_withdrawn_assessment_cannot_be_signed(actor_a, draft):
    amendment = signed_with_open_amendment(actor_a, draft)

    services.mark_assessment_entered_in_error(actor_a, draft, reason="Wrong patient")

    amendment.refresh_from_db()
    assert amendment.status == RecordStatus.ENTERED_IN_ERROR
    Assessment.objects.filter(pk=amendment.pk).update(status=RecordStatus.DRAFT)
    with pytest.raises(services.AssessmentLocked, match="no longer the signed record"):
        services.sign_assessment(actor_a, amendment)
