import pytest

from taut.clinical import causes, diagnoses
from taut.clinical.errors import UnknownCode


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (["muscle_strain"], ["S39.012A"]),
        (["trigger_points", "myofascial_pain_syndrome"], ["M79.18"]),
        (["posture", "prolonged_sitting"], []),
        (
            ["spinal_stenosis", "herniated_disc"],
            ["M48.061", "M48.062", "M51.26", "M51.27", "M51.16", "M51.17"],
        ),
        (["arthritis"], ["M47.816", "M47.817"]),
        (["arthritis", "facet_joint_dysfunction"], ["M47.816", "M47.817"]),
        ([], []),
    ],
)
def test_causes_suggest_codes_in_order_without_repeats(chosen, expected):
    assert causes.suggested_codes(chosen) == expected


def test_an_unknown_cause_is_named():
    with pytest.raises(UnknownCode, match="'gremlins'"):
        causes.suggested_codes(["gremlins"])


@pytest.mark.parametrize("cause", list(causes.CAUSES.values()), ids=lambda c: c.code)
def test_every_suggested_code_is_a_billable_curated_code(cause):
    assert all(diagnoses.get(code).billable for code in cause.codes)
    assert (cause.kind is causes.CauseKind.CONTRIBUTING) == (cause.codes == ())


def test_arthritis_is_a_diagnostic_cause_from_the_clinic_pages():
    arthritis = causes.get("arthritis")

    assert arthritis.kind is causes.CauseKind.DIAGNOSTIC
    assert {"service_pages_causes", "icd10cm_fy2026"} <= set(arthritis.sources)
