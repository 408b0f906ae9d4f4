import pytest

from taut.clinical import contraindications as contra
from taut.clinical.contraindications import (
    CONTRAINDICATIONS,
    CannotOverrideError,
    DiabetesStatus,
    EpilepsyStatus,
    NeedlingProfile,
    Scope,
    Site,
    Strength,
    check_needling,
)
from taut.clinical.errors import UnknownCode
from taut.clinical.regions import RegionRefError

CONSENTED = {"needling_consent": True, "estim_consent": True}


def decide(
    profile_fields=None,
    *,
    muscles=("gluteus_maximus",),
    sides=("left",),
    estim=False,
    shared=False,
    **call,
):
    """check_needling for every muscle on every side. With ``estim`` each site is wired on its
    own channel, or all on one with ``shared``."""
    profile = NeedlingProfile(**{**CONSENTED, **(profile_fields or {})})

    def channel(m, s):
        return "" if not estim else ("A" if shared else f"{m}-{s}")

    sites = [Site(m, s, channel(m, s)) for m in muscles for s in sides]
    return check_needling(profile, sites=sites, **call)


def wired(*sites, channel="A"):
    return [Site(muscle, side, channel) for muscle, side in sites]


def test_consented_patient_with_nothing_reported_is_allowed():
    decision = decide()
    assert decision.allowed
    assert (decision.blocked, decision.needs_override, decision.warnings) == ((), (), ())


# One row per row of the contraindication tables (facts §3.1, §3.2): profile, call, code.
ABSOLUTE_TABLE = [
    ({"needle_phobia": True}, {}, "needle_phobia"),
    ({"unwilling": True}, {}, "patient_unwilling"),
    ({"cannot_consent": True}, {}, "cannot_consent"),
    ({"needling_consent": False}, {}, "no_consent"),
    ({"acute_medical_emergency": True}, {}, "acute_medical_emergency"),
    ({"lymphoedema_regions": {"buttock_mid:left"}}, {}, "lymphoedema"),
    ({"local_infection_regions": {"buttock_upper"}}, {}, "local_infection"),
    ({"other_reason_not_to_needle": "acute flare of gout"}, {}, "clinician_judgement"),
    ({"unstable_cardiac_condition": True}, {}, "unstable_cardiac_condition"),
    ({"epilepsy": EpilepsyStatus.UNCONTROLLED}, {}, "uncontrolled_epilepsy"),
    ({"implanted_cardiac_device": True}, {"estim": True}, "estim_cardiac_device"),
    ({"epilepsy": "uncontrolled"}, {"estim": True}, "estim_uncontrolled_epilepsy"),
    ({"estim_consent": False}, {"estim": True}, "no_estim_consent"),
    (
        {},
        {
            "muscles": ["iliocostalis_thoracis"],
            "sides": ["left", "right"],
            "estim": True,
            "shared": True,
        },
        "estim_chest_circuit",
    ),
]

RELATIVE_TABLE = [
    ({"anticoagulant_or_antiplatelet": True}, {}, "anticoagulant_or_antiplatelet"),
    ({"bleeding_disorder": True}, {}, "bleeding_disorder"),
    ({"immunosuppressed": True}, {}, "immunosuppression"),
    ({"vascular_disease": True}, {}, "vascular_disease"),
    ({"diabetes": DiabetesStatus.UNSTABLE}, {}, "diabetes"),
    ({"pregnant": True}, {}, "pregnancy"),
    ({"child": True}, {}, "child"),
    ({"frail": True}, {}, "frail"),
    ({"epilepsy": EpilepsyStatus.CONTROLLED}, {}, "controlled_epilepsy"),
    ({"psychological_concern": True}, {}, "psychological_concern"),
    ({"metal_allergy": True}, {}, "metal_allergy"),
    ({"latex_allergy": True}, {}, "latex_allergy"),
    ({"long_term_steroids": True}, {}, "long_term_steroids"),
    ({"cardiac_condition": True}, {}, "cardiac_condition"),
    ({"recent_radiotherapy": True}, {}, "recent_radiotherapy"),
    ({"peripheral_neuropathy": True}, {}, "peripheral_neuropathy"),
    ({"recurrent_infections": True}, {}, "recurrent_infections"),
    ({"chronic_oedema": True}, {}, "chronic_oedema"),
    ({"hepatitis_b_or_c": True}, {}, "hepatitis_b_or_c"),
    ({"skin_condition_regions": {"buttock_lower:left"}}, {}, "skin_condition_at_site"),
    ({"implant_regions": {"buttock_upper"}}, {}, "implant_at_site"),
    ({"pregnant": True}, {"estim": True}, "estim_pregnancy"),
    (
        {"metal_implant_regions": {"buttock_mid:left"}},
        {"estim": True},
        "estim_metal_implant_at_site",
    ),
    (
        {},
        {"muscles": ["multifidus"], "sides": ["left", "right"], "estim": True, "shared": True},
        "estim_across_spinal_cord",
    ),
]


def test_tables_cover_every_row():
    tabled = {row[2] for row in ABSOLUTE_TABLE + RELATIVE_TABLE}
    assert tabled == set(CONTRAINDICATIONS)


@pytest.mark.parametrize(("profile", "call", "code"), ABSOLUTE_TABLE)
def test_absolute_contraindication_blocks(profile, call, code):
    decision = decide(profile, **call)

    assert code in [item.code for item in decision.blocked]
    assert CONTRAINDICATIONS[code].strength is Strength.ABSOLUTE
    assert not decision.allowed


@pytest.mark.parametrize(("profile", "call", "code"), RELATIVE_TABLE)
def test_relative_contraindication_needs_an_override(profile, call, code):
    decision = decide(profile, **call)

    assert code in [item.code for item in decision.needs_override]
    assert decision.blocked == ()
    assert not decision.allowed


@pytest.mark.parametrize(("profile", "call", "code"), RELATIVE_TABLE)
def test_override_clears_a_relative_contraindication(profile, call, code):
    others = [row[2] for row in RELATIVE_TABLE if row[2] != code]
    decision = decide(profile, **call, overridden=[code, *others])

    assert code in [item.code for item in decision.overridden]
    assert decision.needs_override == ()
    assert decision.allowed


def test_every_row_is_sourced():
    assert all(row.sources for row in CONTRAINDICATIONS.values())


def test_estim_rows_are_scoped_to_estim():
    assert {c for c, r in CONTRAINDICATIONS.items() if r.scope is Scope.ESTIM} == {
        "estim_cardiac_device",
        "estim_uncontrolled_epilepsy",
        "no_estim_consent",
        "estim_pregnancy",
        "estim_metal_implant_at_site",
        "estim_chest_circuit",
        "estim_across_spinal_cord",
    }


def test_cardiac_device_does_not_block_needling_without_estim():
    assert decide({"implanted_cardiac_device": True}).allowed


def test_blank_profile_is_blocked_for_want_of_consent():
    decision = check_needling(NeedlingProfile(), sites=[Site("gluteus_maximus", "left")])
    assert [item.code for item in decision.blocked] == ["no_consent"]


def test_lymphoedema_blocks_the_whole_leg_on_that_side():
    decision = decide(
        {"lymphoedema_regions": {"calf:left"}}, muscles=["semitendinosus"], sides=["left"]
    )
    assert [item.code for item in decision.blocked] == ["lymphoedema"]
    assert "calf:left" in decision.blocked[0].text


def test_lymphoedema_on_the_other_side_does_not_block():
    decision = decide(
        {"lymphoedema_regions": {"calf:right"}}, muscles=["semitendinosus"], sides=["left"]
    )
    assert decision.allowed


def test_unsided_region_counts_for_both_sides():
    decision = decide(
        {"local_infection_regions": {"posterior_thigh"}},
        muscles=["semitendinosus"],
        sides=["right"],
    )
    assert [item.code for item in decision.blocked] == ["local_infection"]


def test_infection_elsewhere_does_not_block():
    assert decide({"local_infection_regions": {"calf:left"}}).allowed


@pytest.mark.parametrize(
    ("muscle", "warnings"),
    [
        ("quadratus_lumborum", {"ql_kidney", "ql_twelfth_rib"}),
        ("multifidus", {"thoracolumbar_spinal_canal", "upper_lumbar_kidney"}),
        ("rotatores", {"thoracolumbar_spinal_canal", "upper_lumbar_kidney"}),
        ("iliocostalis_lumborum", {"thoracic_paraspinal_pleura", "upper_lumbar_kidney"}),
        ("iliocostalis_thoracis", {"thoracic_paraspinal_pleura", "upper_lumbar_kidney"}),
        ("psoas_major", {"psoas_peritoneum"}),
        ("iliacus", {"iliacus_femoral_nerve"}),
        ("biceps_femoris", set()),
        ("rectus_abdominis", {"rectus_abdominis_costal_pleura", "abdominal_peritoneum"}),
        ("piriformis", {"piriformis_sciatic_nerve"}),
        ("tensor_fasciae_latae", set()),
    ],
)
def test_muscle_depth_warnings_are_reported(muscle, warnings):
    decision = decide(muscles=[muscle])

    assert {item.code for item in decision.warnings} == warnings
    assert decision.allowed


def test_shared_warning_is_listed_once_naming_each_muscle():
    decision = decide(muscles=["iliocostalis_lumborum", "multifidus"], sides=["left"])
    (kidney,) = [i for i in decision.warnings if i.code == "upper_lumbar_kidney"]
    assert kidney.text.startswith("Iliocostalis lumborum, Multifidus:")


def test_a_channel_within_one_muscle_is_allowed():
    decision = decide(estim=True)
    assert decision.allowed
    assert decision.warnings == ()


def test_a_channel_across_the_spine_needs_an_override():
    sites = wired(("multifidus", "left"), ("multifidus", "right"))
    decision = check_needling(NeedlingProfile(**CONSENTED), sites=sites)

    assert [item.code for item in decision.needs_override] == ["estim_across_spinal_cord"]
    assert "Channel A: multifidus left, multifidus right." in decision.needs_override[0].text


def test_two_channels_one_each_side_of_the_spine_need_nothing():
    sites = [Site("multifidus", "left", "A"), Site("multifidus", "right", "B")]
    assert check_needling(NeedlingProfile(**CONSENTED), sites=sites).allowed


@pytest.mark.parametrize(
    ("sites", "crosses"),
    [
        (wired(("iliocostalis_thoracis", "left"), ("iliocostalis_thoracis", "right")), True),
        (wired(("iliocostalis_lumborum", "left"), ("iliocostalis_lumborum", "right")), False),
        (wired(("longissimus_thoracis", "left"), ("quadratus_lumborum", "right")), True),
        (wired(("rectus_abdominis", "left"), ("iliocostalis_thoracis", "left")), True),
        (wired(("iliocostalis_thoracis", "left"), ("quadratus_lumborum", "left")), False),
        (wired(("gluteus_medius", "left"), ("gluteus_medius", "right")), False),
        (wired(("rectus_abdominis", "left"), ("quadratus_lumborum", "left")), False),
    ],
)
def test_a_channel_across_the_chest_is_absolute(sites, crosses):
    decision = check_needling(NeedlingProfile(**CONSENTED), sites=sites)
    assert ("estim_chest_circuit" in {item.code for item in decision.blocked}) is crosses


def test_stimulation_without_channels_is_not_stimulation():
    decision = check_needling(
        NeedlingProfile(needling_consent=True), sites=[Site("piriformis", "left")]
    )
    assert decision.allowed


@pytest.mark.parametrize("retired", ["hamstrings", "iliocostalis", "multifidi", "iliopsoas"])
def test_retired_muscle_codes_are_refused_for_new_needling(retired):
    with pytest.raises(UnknownCode, match=f"'{retired}'"):
        decide(muscles=[retired])


def test_overriding_an_absolute_code_is_refused():
    with pytest.raises(CannotOverrideError, match="'needle_phobia'"):
        decide(overridden=["needle_phobia"])


def test_unknown_override_is_named():
    with pytest.raises(UnknownCode, match="'courage'"):
        decide(overridden=["courage"])


def test_override_that_does_not_apply_is_reported():
    assert decide(overridden=["pregnancy"]).unused_overrides == ("pregnancy",)


def test_no_muscles_checks_the_patient_only():
    assert decide({"pregnant": True}, muscles=[], sides=[]).needs_override[0].code == "pregnancy"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"lymphoedema_regions": {"elbow"}}, UnknownCode),
        ({"implant_regions": {"sacrum:left"}}, RegionRefError),
        ({"lymphoedema_regions": "calf"}, TypeError),
        ({"epilepsy": "sometimes"}, UnknownCode),
        ({"pregnant": "no"}, TypeError),
    ],
)
def test_invalid_profile_is_refused(fields, error):
    with pytest.raises(error):
        NeedlingProfile(**fields)


def test_bare_string_arguments_are_refused():
    with pytest.raises(TypeError, match="sites"):
        check_needling(NeedlingProfile(), sites="piriformis")


def test_a_site_must_be_a_site():
    with pytest.raises(TypeError, match="Site"):
        check_needling(NeedlingProfile(), sites=[("piriformis", "left")])


@pytest.mark.parametrize(
    ("muscle", "side", "error"),
    [("deltoid", "left", "'deltoid'"), ("piriformis", "middle", "'middle'")],
)
def test_a_site_names_a_known_muscle_and_side(muscle, side, error):
    with pytest.raises(UnknownCode, match=error):
        Site(muscle, side)


@pytest.mark.parametrize(
    ("affected", "muscle", "blocked"),
    [
        ("calf:left", "gluteus_maximus", True),
        ("calf:left", "piriformis", True),
        ("calf:left", "gluteus_medius", True),
        ("posterior_thigh:left", "iliacus", True),
        ("groin:left", "biceps_femoris", True),
        ("buttock_mid:left", "tensor_fasciae_latae", True),
        ("calf:right", "gluteus_maximus", False),
        ("calf:left", "quadratus_lumborum", False),
        ("calf:left", "multifidus", False),
    ],
)
def test_lymphoedema_of_a_leg_covers_its_buttock_hip_and_groin(affected, muscle, blocked):
    decision = decide({"lymphoedema_regions": {affected}}, muscles=[muscle], sides=["left"])
    assert ("lymphoedema" in {item.code for item in decision.blocked}) is blocked


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("anticoagulant_or_antiplatelet", "Takes an anticoagulant or antiplatelet medicine"),
        ("pregnancy", "Pregnancy"),
        ("latex_allergy", "Allergy to latex"),
    ],
)
def test_a_label_is_the_condition_without_its_guidance(code, label):
    assert CONTRAINDICATIONS[code].label == label


def test_every_row_has_a_short_nonempty_label():
    assert all(0 < len(row.label) <= 100 for row in CONTRAINDICATIONS.values())


def test_the_absolute_items_are_profile_fields_that_block():
    from dataclasses import fields

    names = {f.name for f in fields(NeedlingProfile)}
    assert set(contra.ABSOLUTE_ITEMS) <= names
    blocked_by = {
        "cannot_consent": True,
        "unwilling": True,
        "needle_phobia": True,
        "acute_medical_emergency": True,
        "unstable_cardiac_condition": True,
        "implanted_cardiac_device": True,
        "epilepsy": "uncontrolled",
        "other_reason_not_to_needle": "acute gout",
    }
    for name in contra.ABSOLUTE_ITEMS:
        profile = NeedlingProfile(**CONSENTED, **{name: blocked_by[name]})
        decision = check_needling(profile, sites=[Site("gluteus_medius", "left", "A")])
        assert decision.blocked, name
