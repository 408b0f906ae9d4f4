import pytest
from hypothesis import given
from hypothesis import strategies as st

from taut.clinical._citation import Evidence
from taut.clinical.errors import UnknownCode
from taut.clinical.muscles import (
    MUSCLES,
    TRIGGER_POINTS,
    Hazard,
    Referral,
    Side,
    get,
    near_thorax,
    rank_muscles,
    referral_map,
    trigger_point,
)
from taut.clinical.regions import REGIONS, SideNotAllowedError

BUTTOCK = {"buttock_upper", "buttock_mid", "buttock_lower"}

# One row per row of the referral table (facts §1.2, round 2 §9): trigger point, essential,
# spillover, unsplit.
REFERRAL_TABLE = [
    ("ql_superficial_cranial", {"iliac_crest"}, {"groin", "lower_abdomen_lateral"}, set()),
    ("ql_superficial_caudal", {"greater_trochanter"}, {"lateral_thigh"}, set()),
    ("ql_deep_cranial", {"si_joint"}, set(), set()),
    ("ql_deep_caudal", {"buttock_lower"}, set(), set()),
    ("iliocostalis_lumborum", {"buttock_mid"}, {"lumbar_paraspinal", "abdomen"}, set()),
    (
        "iliocostalis_thoracis",
        {"thoracolumbar_band", "lumbar_paraspinal"},
        {"abdomen", "scapular"},
        set(),
    ),
    ("longissimus_thoracis", set(), set(), {"si_joint", "buttock_upper"}),
    ("multifidi_lumbar", {"lumbar_midline"}, {"abdomen"}, set()),
    ("multifidi_s1", {"coccyx"}, set(), set()),
    ("gluteus_maximus_1", {"gluteal_cleft", "sacrum", "si_joint"}, set(), set()),
    ("gluteus_maximus_2", BUTTOCK | {"buttock_lateral", "sacrum"}, set(), set()),
    ("gluteus_maximus_3", {"coccyx"}, set(), set()),
    (
        "gluteus_medius_1",
        {"iliac_crest", "si_joint", "sacrum", "lumbar_paraspinal"},
        BUTTOCK,
        set(),
    ),
    (
        "gluteus_medius_2",
        {"buttock_mid", "buttock_lateral"},
        {"posterior_thigh", "lateral_thigh"},
        set(),
    ),
    ("gluteus_medius_3", {"iliac_crest", "lumbar_paraspinal", "sacrum"}, set(), set()),
    (
        "gluteus_minimus_anterior",
        {"buttock_lateral", "lateral_thigh", "knee_lateral", "leg_lateral_peroneal", "ankle"},
        {"foot_dorsum"},
        set(),
    ),
    ("gluteus_minimus_posterior", {"buttock_lower", "posterior_thigh", "calf"}, set(), set()),
    ("piriformis_lateral", {"si_joint", "hip_posterior"} | BUTTOCK, {"posterior_thigh"}, set()),
    ("piriformis_medial", {"si_joint", "hip_posterior"} | BUTTOCK, {"posterior_thigh"}, set()),
    (
        "iliopsoas",
        set(),
        set(),
        {
            "thoracolumbar_band",
            "lumbar_paraspinal",
            "si_joint",
            "buttock_upper",
            "anterior_thigh",
            "groin",
        },
    ),
    ("rectus_abdominis_upper", {"mid_back_horizontal"}, set(), set()),
    ("rectus_abdominis_lower", {"low_back_horizontal", "si_joint"}, set(), set()),
    (
        "tensor_fasciae_latae",
        {"hip_anterior", "greater_trochanter", "lateral_thigh"},
        {"knee_lateral"},
        set(),
    ),
    ("hamstrings_medial", {"buttock_lower"}, {"posterior_thigh", "calf"}, set()),
    ("hamstrings_lateral", {"knee_posterior"}, {"posterior_thigh"}, set()),
]


@pytest.mark.parametrize(("code", "primary", "spillover", "unsplit"), REFERRAL_TABLE)
def test_trigger_point_refers_to_the_tabled_regions(code, primary, spillover, unsplit):
    tp = trigger_point(code)

    assert (set(tp.primary), set(tp.spillover), set(tp.unsplit)) == (primary, spillover, unsplit)
    assert tp.split_known is not bool(unsplit)


def test_the_table_covers_every_trigger_point():
    assert {row[0] for row in REFERRAL_TABLE} == set(TRIGGER_POINTS)


@pytest.mark.parametrize(
    ("muscle", "trigger_points"),
    [
        ("quadratus_lumborum", 4),
        ("iliocostalis", 2),
        ("longissimus_thoracis", 1),
        ("multifidi", 2),
        ("gluteus_maximus", 3),
        ("gluteus_medius", 3),
        ("gluteus_minimus", 2),
        ("piriformis", 2),
        ("iliopsoas", 1),
        ("rectus_abdominis", 2),
        ("tensor_fasciae_latae", 1),
        ("hamstrings", 2),
    ],
)
def test_catalogue_holds_the_issue_muscles(muscle, trigger_points):
    assert len(get(muscle).trigger_points) == trigger_points


def test_every_pattern_is_secondary_and_sourced():
    assert all(tp.evidence is Evidence.SECONDARY and tp.sources for tp in TRIGGER_POINTS.values())


def test_only_rectus_abdominis_refers_across_both_sides():
    both = {tp.code for tp in TRIGGER_POINTS.values() if tp.referral is Referral.BOTH_SIDES}
    assert both == {"rectus_abdominis_upper", "rectus_abdominis_lower"}


@pytest.mark.parametrize(
    ("muscle", "warning", "hazard"),
    [
        ("quadratus_lumborum", "ql_kidney", Hazard.KIDNEY),
        ("quadratus_lumborum", "ql_twelfth_rib", Hazard.PLEURA),
        ("iliocostalis", "thoracic_paraspinal_pleura", Hazard.PLEURA),
        ("iliocostalis", "upper_lumbar_kidney", Hazard.KIDNEY),
        ("longissimus_thoracis", "thoracic_paraspinal_pleura", Hazard.PLEURA),
        ("longissimus_thoracis", "upper_lumbar_kidney", Hazard.KIDNEY),
        ("multifidi", "thoracolumbar_spinal_canal", Hazard.SPINAL_CANAL),
        ("multifidi", "upper_lumbar_kidney", Hazard.KIDNEY),
        ("rectus_abdominis", "abdominal_peritoneum", Hazard.PERITONEUM),
        ("rectus_abdominis", "rectus_abdominis_costal_pleura", Hazard.PLEURA),
        ("piriformis", "piriformis_sciatic_nerve", Hazard.SCIATIC_NERVE),
        ("iliopsoas", "iliacus_femoral_nerve", Hazard.FEMORAL_NERVE),
        ("iliopsoas", "psoas_peritoneum", Hazard.PERITONEUM),
    ],
)
def test_muscle_carries_its_sourced_needling_warning(muscle, warning, hazard):
    found = {w.code: w for w in get(muscle).warnings}

    assert found[warning].hazard is hazard
    assert found[warning].sources
    assert get(muscle).depth_warning


@pytest.mark.parametrize(
    ("muscles", "near"),
    [
        ([], False),
        (["gluteus_maximus", "piriformis", "hamstrings"], False),
        (["iliopsoas", "tensor_fasciae_latae"], False),
        (["quadratus_lumborum"], True),
        (["iliocostalis"], True),
        (["longissimus_thoracis"], True),
        (["multifidi"], True),
        (["rectus_abdominis"], True),
        (["gluteus_medius", "rectus_abdominis"], True),
    ],
)
def test_near_thorax_follows_pleura_and_kidney_warnings(muscles, near):
    assert near_thorax(muscles) is near


def test_near_thorax_names_an_unknown_muscle():
    with pytest.raises(UnknownCode, match="'deltoid'"):
        near_thorax(["piriformis", "deltoid"])


def test_near_thorax_refuses_a_single_string():
    with pytest.raises(TypeError, match="'multifidi'"):
        near_thorax("multifidi")


def test_muscles_without_sourced_hazards_have_no_depth_warning():
    assert not get("gluteus_maximus").depth_warning


@pytest.mark.parametrize(
    ("muscle", "rank"),
    [
        ("quadratus_lumborum", 1),
        ("gluteus_medius", 2),
        ("piriformis", 3),
        ("iliocostalis", 4),
        ("iliopsoas", 5),
        ("gluteus_maximus", 6),
        ("hamstrings", 6),
    ],
)
def test_commonness_follows_the_2025_review(muscle, rank):
    assert get(muscle).commonness_rank == rank


def test_location_regions_are_known():
    assert all(r in REGIONS for m in MUSCLES.values() for r in m.location_regions)


def test_get_names_an_unknown_muscle():
    with pytest.raises(UnknownCode, match="'deltoid'"):
        get("deltoid")


def test_referral_map_keeps_each_region_in_its_strongest_tier():
    qmap = referral_map("quadratus_lumborum")

    assert set(qmap.primary) == {"iliac_crest", "greater_trochanter", "si_joint", "buttock_lower"}
    assert set(qmap.spillover) == {"groin", "lower_abdomen_lateral", "lateral_thigh"}
    assert qmap.unsplit == ()


def test_referral_map_of_an_unsplit_pattern():
    assert referral_map("iliopsoas").unsplit
    assert not referral_map("iliopsoas").primary


# --- rank_muscles ---------------------------------------------------------------------------


def test_empty_drawing_gives_no_candidates():
    assert rank_muscles([]) == []


def test_unknown_region_is_named():
    with pytest.raises(UnknownCode, match="'shoulder'"):
        rank_muscles(["calf", "shoulder"])


def test_side_on_a_midline_region_is_refused():
    with pytest.raises(SideNotAllowedError):
        rank_muscles(["sacrum:left"])


def test_a_single_string_is_refused():
    with pytest.raises(TypeError, match="'calf'"):
        rank_muscles("calf")


def test_primary_match_outranks_spillover_match():
    ranked = {c.muscle: c for c in rank_muscles(["lateral_thigh:left"])}

    assert ranked["tensor_fasciae_latae"].score == 1.0
    assert ranked["quadratus_lumborum"].score == 0.5
    assert ranked["quadratus_lumborum"].spillover_regions == ("lateral_thigh:left",)


def test_explaining_more_of_the_drawing_ranks_higher():
    ranked = rank_muscles(["si_joint:left", "buttock_lower:left", "greater_trochanter:left"])

    assert ranked[0].muscle == "quadratus_lumborum"
    assert ranked[0].score == 1.0
    assert ranked[0].trigger_points == (
        "ql_superficial_caudal",
        "ql_deep_cranial",
        "ql_deep_caudal",
    )


def test_ties_break_by_commonness_then_code():
    order = [c.muscle for c in rank_muscles(["si_joint"])]

    assert order == [
        "quadratus_lumborum",
        "gluteus_medius",
        "piriformis",
        "gluteus_maximus",
        "rectus_abdominis",
        "iliopsoas",
        "longissimus_thoracis",
    ]


def test_sides_report_the_sides_of_the_explained_regions():
    ranked = {c.muscle: c for c in rank_muscles(["calf:left", "calf:right", "coccyx"])}

    assert ranked["gluteus_minimus"].sides == (Side.LEFT, Side.RIGHT)
    assert ranked["multifidi"].sides == ()


def test_unsided_reference_matches_without_a_side():
    (candidate,) = [c for c in rank_muscles(["knee_posterior"]) if c.muscle == "hamstrings"]
    assert candidate.sides == ()
    assert candidate.primary_regions == ("knee_posterior",)


def test_horizontal_band_points_to_rectus_abdominis_on_both_sides():
    (top,) = rank_muscles(["low_back_horizontal"])

    assert top.muscle == "rectus_abdominis"
    assert top.refers_to_both_sides
    assert "both sides" in top.reason


def test_reason_is_one_line_naming_the_count():
    (top, *_) = rank_muscles(["coccyx", "calf:left"])
    assert "\n" not in top.reason
    assert "of 2 drawn regions" in top.reason


def test_duplicates_count_once():
    assert rank_muscles(["calf:left", "calf:left"]) == rank_muscles(["calf:left"])


REFS = [r.code for r in REGIONS.values()] + [
    f"{r.code}:{side}" for r in REGIONS.values() if r.sided for side in ("left", "right")
]
drawings = st.lists(st.sampled_from(REFS), max_size=8)


@given(drawings)
def test_scores_lie_between_zero_and_one(drawing):
    assert all(0 < c.score <= 1 for c in rank_muscles(drawing))


@given(drawings, st.sampled_from(REFS))
def test_adding_a_region_never_removes_a_candidate(drawing, extra):
    before = {c.muscle for c in rank_muscles(drawing)}
    after = {c.muscle for c in rank_muscles([*drawing, extra])}
    assert before <= after


@given(drawings, st.randoms())
def test_input_order_does_not_matter(drawing, rnd):
    shuffled = list(drawing)
    rnd.shuffle(shuffled)
    assert rank_muscles(shuffled) == rank_muscles(drawing)


@given(drawings)
def test_ranking_is_sorted_by_score(drawing):
    scores = [c.score for c in rank_muscles(drawing)]
    assert scores == sorted(scores, reverse=True)
