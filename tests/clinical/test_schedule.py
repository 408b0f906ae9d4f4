from datetime import date

import pytest

from taut.clinical.schedule import DEFAULT_RULES, Rule, due

TODAY = date(2026, 11, 21)


def codes(found):
    return [(d.instrument, d.reason) for d in found]


@pytest.mark.parametrize(
    ("_case", "visits", "collected", "discharging", "expected"),
    [
        (
            "nothing yet: every baseline",
            [],
            {},
            False,
            [
                ("nprs", "baseline"),
                ("odi", "baseline"),
                ("tsk11", "baseline"),
                ("psfs", "baseline"),
                ("startback", "baseline"),
            ],
        ),
        (
            "visit today, baseline done long ago",
            [date(2026, 11, 1), TODAY],
            {k: [date(2026, 11, 1)] for k in ("nprs", "odi", "tsk11", "psfs", "startback")},
            False,
            [("nprs", "every_visits")],
        ),
        (
            "third visit since the last ODI",
            [date(2026, 11, 1), date(2026, 11, 8), date(2026, 11, 14), TODAY],
            {k: [date(2026, 11, 1)] for k in ("nprs", "odi", "tsk11", "psfs", "startback")},
            False,
            [
                ("nprs", "every_visits"),
                ("odi", "every_visits"),
                ("tsk11", "every_visits"),
                ("psfs", "every_visits"),
            ],
        ),
        (
            "already collected today",
            [TODAY],
            {k: [TODAY] for k in ("nprs", "odi", "tsk11", "psfs", "startback")},
            False,
            [],
        ),
        (
            "discharge",
            [date(2026, 11, 1)],
            {k: [date(2026, 11, 1)] for k in ("nprs", "odi", "tsk11", "psfs", "startback")},
            True,
            [
                ("nprs", "discharge"),
                ("odi", "discharge"),
                ("tsk11", "discharge"),
                ("psfs", "discharge"),
            ],
        ),
        (
            "no visit today, nothing periodic",
            [date(2026, 11, 1)],
            {k: [date(2026, 10, 1)] for k in ("nprs", "odi", "tsk11", "psfs", "startback")},
            False,
            [],
        ),
    ],
)
def test_due(_case, visits, collected, discharging, expected):
    assert (
        codes(
            due(
                DEFAULT_RULES,
                visits=visits,
                collected=collected,
                today=TODAY,
                discharging=discharging,
            )
        )
        == expected
    )


def test_a_rule_of_every_zero_visits_is_refused():
    with pytest.raises(ValueError, match="0"):
        due([Rule("odi", every_visits=0)], visits=[], collected={"odi": [TODAY]}, today=TODAY)
