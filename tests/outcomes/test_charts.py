"""Progress charts: golden files of the chart data, and the rules the drawing must keep.

Rewrite the golden files after an intended change with ``UPDATE_GOLDEN=1 pytest tests/outcomes``
and read the diff before committing it.
"""

import dataclasses
import json
import os
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from taut.clinical import instruments
from taut.clinical.change import classify_change
from taut.outcomes.charts import chart_data, render_legend_swatch, render_svg
from taut.outcomes.queries import Point, Trend

GOLDEN = Path(__file__).parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"
START = date(2026, 9, 1)


def trend(code, values, *, variant="", days=None):
    """A trend as outcome_summary builds it, from (scores or None) a week apart by default.

    Points stand without a saved Response: the charts never read it. A PSFS is the mean of
    three activities.
    """
    days = days or [7 * i for i in range(len(values))]
    answered = 3 if code == "psfs" else None
    points = [
        Point(
            START + timedelta(days=d),
            None if v is None else Decimal(str(v)),
            response=None,
            answered=answered,
        )
        for d, v in zip(days, values, strict=True)
    ]
    definition = instruments.get(code)
    scored = [p for p in points if p.value is not None]
    change, no_threshold = None, False
    if len(scored) > 1:
        try:
            change = classify_change(
                code, scored[0].value, scored[-1].value, psfs="mean" if code == "psfs" else None
            )
        except ValueError:
            no_threshold = True
    return Trend(
        instrument=code,
        name=definition.name,
        variant=variant,
        points=points,
        higher_is_better=definition.higher_is_better,
        minimum=int(definition.min_value),
        maximum=int(definition.max_value),
        change=change,
        no_threshold=no_threshold,
    )


def parse(svg):
    """Our own markup, so the standard parser is safe here."""
    return ET.fromstring(svg)  # noqa: S314


def sessions(count=10, every=7):
    return [START + timedelta(days=every * i) for i in range(count)]


def as_json(data):
    return json.loads(json.dumps(dataclasses.asdict(data), default=str))


CASES = {
    "odi_important_improvement": lambda: chart_data(
        trend("odi", [62, 54, 48, 40, 36, 30], days=[0, 14, 28, 42, 49, 61]),
        session_dates=sessions(9),
    ),
    "nprs_worst_small_improvement": lambda: chart_data(
        trend("nprs", [7, 8, 6, 6], variant="worst"), session_dates=sessions(4)
    ),
    "nprs_relative_threshold": lambda: chart_data(trend("nprs", [3, 2], variant="current")),
    "psfs_higher_is_better": lambda: chart_data(
        trend("psfs", ["3.4", "4.2", "6.0"], days=[0, 21, 42]), session_dates=sessions(7)
    ),
    "tsk17_with_unscorable": lambda: chart_data(
        trend("tsk17", [44, None, 41, 43]), session_dates=sessions(4)
    ),
    "startback_no_threshold": lambda: chart_data(trend("startback", [6, 3])),
    "rmdq_baseline_only": lambda: chart_data(trend("rmdq", [14]), session_dates=sessions(2)),
}


@pytest.mark.parametrize("name", CASES)
def test_chart_data_matches_its_golden_file(name):
    actual = as_json(CASES[name]())
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(path.read_text(encoding="utf-8"))


def test_the_band_of_a_lower_is_better_instrument_lies_below_the_baseline():
    data = CASES["odi_important_improvement"]()

    assert (data.band.start, data.band.end) == (Decimal(62), Decimal(52))
    # SVG y grows downwards: the band starts at the baseline line and extends below it.
    assert data.band.top == data.baseline_y
    assert data.band.height > 0


def test_the_band_of_the_psfs_lies_above_the_baseline():
    data = CASES["psfs_higher_is_better"]()

    assert (data.band.start, data.band.end) == (Decimal("3.4"), Decimal("5.4"))
    assert data.band.top + data.band.height == data.baseline_y
    assert data.direction == "Higher is better"


def test_the_band_stops_at_the_end_of_the_scale():
    data = chart_data(trend("nprs", [1, 0]))

    assert data.band.end == 0
    assert data.band.top + data.band.height == data.plot[3]


def test_the_legend_says_when_30_percent_also_counts():
    odi = {e.kind: e.label for e in CASES["odi_important_improvement"]().legend}
    tsk = {e.kind: e.label for e in CASES["tsk17_with_unscorable"]().legend}

    assert "or 30% of baseline, not drawn" in odi["band"]
    assert "30%" not in tsk["band"]


def test_unscorable_responses_are_marked_under_the_axis_and_counted():
    data = CASES["tsk17_with_unscorable"]()
    unscorable = [p for p in data.points if p.value is None]

    assert len(unscorable) == 1
    assert unscorable[0].y > data.plot[3]
    assert unscorable[0].label == "2026-09-08: not scorable"
    assert len(data.line) == 3
    assert "unscorable" in {e.kind for e in data.legend}
    assert data.description.endswith("1 response could not be scored.")


def test_an_instrument_without_a_threshold_has_no_band():
    data = CASES["startback_no_threshold"]()

    assert data.band is None
    assert data.threshold == ""
    assert "band" not in {e.kind for e in data.legend}
    assert data.description == (
        "STarT Back fell from 6 to 3 between 2026-09-01 and 2026-09-08: "
        "this instrument has no important-change threshold."
    )


@pytest.mark.parametrize(
    ("name", "description"),
    [
        (
            "odi_important_improvement",
            "ODI fell from 62 to 30 between 2026-09-01 and 2026-11-01: "
            "an important improvement (threshold 10 points).",
        ),
        (
            "nprs_worst_small_improvement",
            "NPRS (worst in the last 24 hours) fell from 7 to 6 between 2026-09-01 and "
            "2026-09-22: an improvement, but not an important one "
            "(threshold 2 points or 30% of baseline).",
        ),
        (
            "nprs_relative_threshold",
            "NPRS (now) fell from 3 to 2 between 2026-09-01 and 2026-09-08: "
            "an important improvement (threshold 30% of baseline).",
        ),
        (
            "psfs_higher_is_better",
            "PSFS rose from 3.4 to 6 between 2026-09-01 and 2026-10-13: "
            "an important improvement (threshold 2 points).",
        ),
        ("rmdq_baseline_only", "RMDQ was 14 on 2026-09-01 (baseline only)."),
    ],
)
def test_the_description_says_what_happened_in_one_sentence(name, description):
    assert CASES[name]().description == description


def test_a_worsening_is_described_as_such():
    data = chart_data(trend("rmdq", [10, 14]))

    assert data.description.endswith(
        ": worse, not an improvement (threshold 5 points or 30% of baseline)."
    )
    assert data.change == "+4 points (40% worse)"
    assert data.important is False


def test_session_dates_are_marked_in_date_order_within_the_plot():
    data = CASES["odi_important_improvement"]()
    left, _, right, _ = data.plot

    assert len(data.sessions) == 9
    assert list(data.sessions) == sorted(data.sessions)
    assert all(left <= x <= right for x in data.sessions)


def test_value_ticks_run_from_the_scale_minimum_to_its_maximum():
    tsk = [t.label for t in CASES["tsk17_with_unscorable"]().y_ticks]
    odi = [t.label for t in CASES["odi_important_improvement"]().y_ticks]

    assert tsk == ["17", "30", "40", "50", "68"]
    assert odi == ["0", "20", "40", "60", "80", "100"]


def test_date_labels_do_not_overlap():
    many = chart_data(trend("nprs", [5] * 30, days=list(range(0, 90, 3))))
    labels = [
        text
        for text in parse(render_svg(many)).iter(f"{SVG}text")
        if text.get("text-anchor") == "middle"
    ]
    centres = [float(text.get("x")) for text in labels]

    assert [text.text for text in labels] == [tick.label for tick in many.x_ticks]
    assert (labels[0].text, labels[-1].text) == ("2026-09-01", "2026-11-27")
    assert len(labels) >= 4
    assert all(b - a >= 80 for a, b in zip(centres, centres[1:], strict=False))


def test_an_episode_without_a_scorable_response_draws_no_line():
    data = chart_data(trend("odi", [None]))

    assert data.line == ()
    assert data.band is None
    assert data.description == "ODI: no scorable response yet. 1 response could not be scored."


@pytest.mark.parametrize("name", CASES)
def test_the_svg_is_well_formed_and_titled(name):
    data = CASES[name]()
    root = parse(render_svg(data))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == data.title
    assert root.find(f"{SVG}desc").text == data.description
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id


def test_the_svg_escapes_its_text():
    data = dataclasses.replace(
        CASES["odi_important_improvement"](),
        title='ODI <script>alert("x")</script>',
        key='odi"><b',
    )
    svg = render_svg(data)
    root = parse(svg)

    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == 'ODI <script>alert("x")</script>'
    assert [e for e in root.iter() if e.tag in (f"{SVG}script", f"{SVG}b")] == []


def test_the_svg_draws_the_baseline_dashed_and_the_band_hatched():
    root = parse(render_svg(CASES["odi_important_improvement"]()))

    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray") == "6 4"]
    assert len(dashed) == 1
    assert root.find(f".//{SVG}pattern") is not None
    assert any(r.get("fill", "").startswith("url(#") for r in root.iter(f"{SVG}rect"))
    assert root.get("style") is None
    assert all(e.get("style") is None for e in root.iter())


def test_each_legend_swatch_is_well_formed_and_hidden_from_screen_readers():
    for kind in ("score", "baseline", "band", "session", "unscorable"):
        root = parse(render_legend_swatch(kind))
        assert root.get("aria-hidden") == "true"


def render_progress(trends, **context):
    from django.template.loader import render_to_string

    from taut.outcomes.queries import OutcomeSummary

    return render_to_string(
        "outcomes/_progress.html", {"outcomes": OutcomeSummary(trends=trends), **context}
    )


def test_the_progress_section_leads_with_the_responder_status():
    improved = render_progress([trend("odi", [62, 30])])
    not_yet = render_progress([trend("odi", [62, 58]), trend("tsk17", [44, 30])])
    too_little = render_progress([trend("odi", [62])])

    assert "Important improvement on pain or function" in improved
    assert "No important improvement yet" in not_yet
    assert "Not enough data" in too_little


def test_each_chart_comes_with_its_scores_as_a_table():
    html = render_progress(
        [trend("odi", [62, None, 40]), trend("nprs", [7, 5], variant="worst")],
        session_dates=sessions(3),
    )

    assert html.count('role="img"') == 2
    assert "<td>2026-09-08</td><td><em>Not scorable (too few answers)</em></td>" in html
    assert "<td>2026-09-15</td><td>40</td>" in html
    assert "NPRS (worst in the last 24 hours)" in html
    assert "−22 points (35% better)" in html
    assert "style=" not in html


def test_the_same_partial_twice_on_a_page_keeps_its_ids_apart():
    first = render_progress([trend("odi", [62, 30])], chart_prefix="episode-1")
    second = render_progress([trend("odi", [62, 30])], chart_prefix="episode-2")

    assert 'id="episode-1-odi-title"' in first
    assert 'id="episode-2-odi-title"' in second
