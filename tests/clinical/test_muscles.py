import pytest
from hypothesis import given
from hypothesis import strategies as st

from taut.clinical._citation import Evidence
from taut.clinical.errors import UnknownCode
from taut.clinical.muscles import (
    MUSCLES,
    RETIRED_MUSCLES,
    RETIRED_TRIGGER_POINTS,
    TRIGGER_POINTS,
    Hazard,
    Referral,
    Side,
    current_muscles,
    get,
    muscle_label,
    near_thorax,
    rank_muscles,
    referral_map,
    trigger_point,
    trigger_point_label,
)
from taut.clinical.regions import REGIONS, SideNotAllowedError

BUTTOCK = {"buttock_upper", "buttock_mid", "buttock_lower"}
# One iliopsoas pattern in the sources, carried by psoas major and iliacus alike.
ILIOPSOAS = {
    "thoracolumbar_band",
    "lumbar_paraspinal",
    "si_joint",
    "buttock_upper",
    "anterior_thigh",
    "groin",
}

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
    ("multifidus_lumbar", {"lumbar_midline"}, {"abdomen"}, set()),
    ("multifidus_s1", {"coccyx"}, set(), set()),
    ("rotatores", {"lumbar_midline"}, {"abdomen"}, set()),
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
    ("psoas_major", set(), set(), ILIOPSOAS),
    ("iliacus", set(), set(), ILIOPSOAS),
    ("rectus_abdominis_upper", {"mid_back_horizontal"}, set(), set()),
    ("rectus_abdominis_lower", {"low_back_horizontal", "si_joint"}, set(), set()),
    (
        "tensor_fasciae_latae",
        {"hip_anterior", "greater_trochanter", "lateral_thigh"},
        {"knee_lateral"},
        set(),
    ),
    # one pattern for semitendinosus and semimembranosus, one for biceps femoris
    ("semitendinosus", {"buttock_lower"}, {"posterior_thigh", "calf"}, set()),
    ("semimembranosus", {"buttock_lower"}, {"posterior_thigh", "calf"}, set()),
    ("biceps_femoris", {"knee_posterior"}, {"posterior_thigh"}, set()),
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
        ("iliocostalis_lumborum", 1),
        ("iliocostalis_thoracis", 1),
        ("longissimus_thoracis", 1),
        ("multifidus", 2),
        ("rotatores", 1),
        ("gluteus_maximus", 3),
        ("gluteus_medius", 3),
        ("gluteus_minimus", 2),
        ("piriformis", 2),
        ("psoas_major", 1),
        ("iliacus", 1),
        ("rectus_abdominis", 2),
        ("tensor_fasciae_latae", 1),
        ("semitendinosus", 1),
        ("semimembranosus", 1),
        ("biceps_femoris", 1),
    ],
)
def test_catalogue_holds_the_issue_muscles(muscle, trigger_points):
    assert len(get(muscle).trigger_points) == trigger_points


def test_the_catalogue_is_the_tabled_muscles():
    assert len(MUSCLES) == 17


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
        ("iliocostalis_lumborum", "thoracic_paraspinal_pleura", Hazard.PLEURA),
        ("iliocostalis_lumborum", "upper_lumbar_kidney", Hazard.KIDNEY),
        ("iliocostalis_thoracis", "thoracic_paraspinal_pleura", Hazard.PLEURA),
        ("iliocostalis_thoracis", "upper_lumbar_kidney", Hazard.KIDNEY),
        ("longissimus_thoracis", "thoracic_paraspinal_pleura", Hazard.PLEURA),
        ("longissimus_thoracis", "upper_lumbar_kidney", Hazard.KIDNEY),
        ("multifidus", "thoracolumbar_spinal_canal", Hazard.SPINAL_CANAL),
        ("multifidus", "upper_lumbar_kidney", Hazard.KIDNEY),
        ("rotatores", "thoracolumbar_spinal_canal", Hazard.SPINAL_CANAL),
        ("rotatores", "upper_lumbar_kidney", Hazard.KIDNEY),
        ("rectus_abdominis", "abdominal_peritoneum", Hazard.PERITONEUM),
        ("rectus_abdominis", "rectus_abdominis_costal_pleura", Hazard.PLEURA),
        ("piriformis", "piriformis_sciatic_nerve", Hazard.SCIATIC_NERVE),
        ("iliacus", "iliacus_femoral_nerve", Hazard.FEMORAL_NERVE),
        ("psoas_major", "psoas_peritoneum", Hazard.PERITONEUM),
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
        (["gluteus_maximus", "piriformis", "semitendinosus", "biceps_femoris"], False),
        (["psoas_major", "iliacus", "tensor_fasciae_latae"], False),
        (["quadratus_lumborum"], True),
        (["iliocostalis_lumborum"], True),
        (["iliocostalis_thoracis"], True),
        (["longissimus_thoracis"], True),
        (["multifidus"], True),
        (["rotatores"], True),
        # a retired code in an old record counts as its members
        (["iliocostalis"], True),
        (["multifidi"], True),
        (["hamstrings", "iliopsoas"], False),
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
    with pytest.raises(TypeError, match="'multifidus'"):
        near_thorax("multifidus")


@pytest.mark.parametrize(
    ("muscle", "absent"),
    [("iliacus", "psoas_peritoneum"), ("psoas_major", "iliacus_femoral_nerve")],
)
def test_iliopsoas_warnings_go_to_the_muscle_their_source_names(muscle, absent):
    assert absent not in {w.code for w in get(muscle).warnings}


@pytest.mark.parametrize(
    "muscle", ["gluteus_maximus", "semitendinosus", "semimembranosus", "biceps_femoris"]
)
def test_muscles_without_sourced_hazards_have_no_depth_warning(muscle):
    assert not get(muscle).depth_warning


@pytest.mark.parametrize(
    ("muscle", "rank"),
    [
        ("quadratus_lumborum", 1),
        ("gluteus_medius", 2),
        ("piriformis", 3),
        ("iliocostalis_lumborum", 4),  # the review's "lumbar iliocostalis"
        ("psoas_major", 5),  # the review's "psoas"
        ("iliocostalis_thoracis", 6),
        ("iliacus", 6),
        ("multifidus", 6),
        ("gluteus_maximus", 6),
        ("semitendinosus", 6),
    ],
)
def test_commonness_follows_the_2025_review(muscle, rank):
    assert get(muscle).commonness_rank == rank


def test_location_regions_are_known():
    assert all(r in REGIONS for m in MUSCLES.values() for r in m.location_regions)


# --- Retired codes ----------------------------------------------------------------------------

# One row per retired muscle code: its label and the muscles it was split into.
RETIRED_MUSCLE_TABLE = [
    ("hamstrings", "Hamstrings", ("semitendinosus", "semimembranosus", "biceps_femoris")),
    (
        "iliocostalis",
        "Iliocostalis (lumborum and lower thoracis)",
        ("iliocostalis_lumborum", "iliocostalis_thoracis"),
    ),
    ("multifidi", "Multifidi and rotatores", ("multifidus", "rotatores")),
    ("iliopsoas", "Iliopsoas", ("psoas_major", "iliacus")),
]


@pytest.mark.parametrize(("code", "label", "members"), RETIRED_MUSCLE_TABLE)
def test_retired_muscle_code_still_reads_in_words(code, label, members):
    assert muscle_label(code) == label
    assert current_muscles(code) == members
    assert RETIRED_MUSCLES[code].members == members


@pytest.mark.parametrize(("code", "label", "members"), RETIRED_MUSCLE_TABLE)
def test_retired_muscle_code_is_refused_for_new_input(code, label, members):
    with pytest.raises(UnknownCode, match=f"'{code}'"):
        get(code)
    with pytest.raises(UnknownCode, match=f"'{code}'"):
        referral_map(code)


def test_retired_muscle_table_covers_every_retired_muscle():
    assert {row[0] for row in RETIRED_MUSCLE_TABLE} == set(RETIRED_MUSCLES)


@pytest.mark.parametrize(
    ("code", "members"),
    [
        ("hamstrings_medial", ("semitendinosus", "semimembranosus")),
        ("hamstrings_lateral", ("biceps_femoris",)),
        ("multifidi_lumbar", ("multifidus_lumbar", "rotatores")),
        ("multifidi_s1", ("multifidus_s1",)),
        ("iliopsoas", ("psoas_major", "iliacus")),
    ],
)
def test_retired_trigger_point_code_still_reads_in_words(code, members):
    assert trigger_point_label(code) == RETIRED_TRIGGER_POINTS[code].label
    assert RETIRED_TRIGGER_POINTS[code].members == members
    with pytest.raises(UnknownCode, match=f"'{code}'"):
        trigger_point(code)


def test_retired_codes_are_not_current_codes():
    assert not set(RETIRED_MUSCLES) & set(MUSCLES)
    assert not set(RETIRED_TRIGGER_POINTS) & set(TRIGGER_POINTS)


def test_labels_of_current_codes():
    assert muscle_label("psoas_major") == "Psoas major"
    assert current_muscles("psoas_major") == ("psoas_major",)
    assert trigger_point_label("biceps_femoris") == trigger_point("biceps_femoris").location


@pytest.mark.parametrize("function", [muscle_label, current_muscles, trigger_point_label])
def test_label_functions_name_an_unknown_code(function):
    with pytest.raises(UnknownCode, match="'deltoid'"):
        function("deltoid")


def test_get_names_an_unknown_muscle():
    with pytest.raises(UnknownCode, match="'deltoid'"):
        get("deltoid")


def test_referral_map_keeps_each_region_in_its_strongest_tier():
    qmap = referral_map("quadratus_lumborum")

    assert set(qmap.primary) == {"iliac_crest", "greater_trochanter", "si_joint", "buttock_lower"}
    assert set(qmap.spillover) == {"groin", "lower_abdomen_lateral", "lateral_thigh"}
    assert qmap.unsplit == ()


@pytest.mark.parametrize("muscle", ["psoas_major", "iliacus"])
def test_referral_map_of_an_unsplit_pattern(muscle):
    assert set(referral_map(muscle).unsplit) == ILIOPSOAS
    assert not referral_map(muscle).primary


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
        "psoas_major",
        "iliacus",
        "longissimus_thoracis",
    ]


def test_sides_report_the_sides_of_the_explained_regions():
    ranked = {c.muscle: c for c in rank_muscles(["calf:left", "calf:right", "coccyx"])}

    assert ranked["gluteus_minimus"].sides == (Side.LEFT, Side.RIGHT)
    assert ranked["multifidus"].sides == ()


def test_unsided_reference_matches_without_a_side():
    (candidate,) = [c for c in rank_muscles(["knee_posterior"]) if c.muscle == "biceps_femoris"]
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
