from datetime import date
from decimal import Decimal

from taut.outcomes.burden import Finding, burden

D1, D2 = date(2026, 10, 1), date(2026, 10, 15)


def test_findings_are_tabulated_by_muscle_side_and_date():
    result = burden(
        [
            Finding(D1, "quadratus_lumborum", "right", "active", Decimal("250.0")),
            Finding(D2, "quadratus_lumborum", "right", "latent", Decimal("320.0")),
            Finding(D2, "piriformis", "left", "none", None),
        ]
    )

    assert result.dates == [D1, D2]
    ql = result.rows[0]
    assert (ql.label, ql.side, [c.finding for c in ql.cells]) == (
        "Quadratus lumborum",
        "right",
        ["active", "latent"],
    )
    assert result.rows[1].cells[0] is None  # piriformis not examined on the first day
    assert result.counts == [(D1, 1, 0), (D2, 0, 1)]


def test_the_heat_map_shades_the_latest_muscles_by_weight():
    result = burden(
        [
            Finding(D1, "gluteus_medius", "left", "active", None),
            Finding(D2, "gluteus_medius", "left", "active", None),
            Finding(D2, "gluteus_minimus", "left", "latent", None),
            Finding(D2, "multifidi", "right", "active", None),
        ]
    )

    assert result.heat["buttock_upper:left"] == {"intensity": 3, "quality": None}  # 2 + 1
    assert result.heat["iliac_crest:left"]["intensity"] == 2
    assert result.heat["sacrum"]["intensity"] == 2  # a midline region has no side
    assert "buttock_upper:right" not in result.heat


def test_no_findings_no_heat():
    assert burden([]).heat == {}
