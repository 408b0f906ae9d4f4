"""The aftercare sheet's numbers and warnings agree with the check-ins."""

import pytest

from taut.clinical import adverse_events, aftercare, muscles


def test_the_sheet_uses_the_catalogues_courses():
    sheet = aftercare.plan(["gluteus_medius"])

    assert sheet.no_strenuous_activity_h == 24
    assert sheet.soreness_gone_within_days * 24 == adverse_events.SORENESS_USUAL_WINDOW_H
    assert sheet.bruise_review_after_days * 24 == adverse_events.BRUISING_SAFETY_NET_H
    assert sheet.cauda_equina_warning


@pytest.mark.parametrize("muscle", sorted(muscles.MUSCLES))
def test_the_chest_warning_follows_the_check_ins_own_test(muscle):
    assert aftercare.plan([muscle]).chest_warning is muscles.near_thorax([muscle])


@pytest.mark.parametrize(
    ("needled", "warned"),
    [
        (["rectus_abdominis"], True),
        (["quadratus_lumborum"], True),
        (["iliocostalis_thoracis"], True),
        (["gluteus_maximus", "piriformis"], False),
        (["multifidi"], True),  # a retired group counts as its members
        ([], False),
    ],
)
def test_who_is_told_to_call_an_ambulance_for_chest_symptoms(needled, warned):
    assert aftercare.plan(needled).chest_warning is warned


def test_a_chest_warned_sheet_matches_an_emergency_check_in():
    report = adverse_events.SymptomReport(adverse_events.Symptom.CHEST_PAIN)
    graded = adverse_events.assess_checkin(6, [report], needled_muscles=["rectus_abdominis"])

    assert aftercare.plan(["rectus_abdominis"]).chest_warning
    assert graded.level is adverse_events.Disposition.EMERGENCY


def test_a_bare_string_is_refused():
    with pytest.raises(TypeError):
        aftercare.plan("piriformis")
