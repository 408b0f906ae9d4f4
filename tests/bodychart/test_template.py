"""{% body_chart %} renders marks, the accessible list and a readonly summary."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Engine, TemplateSyntaxError

from taut.bodychart import geometry
from taut.clinical.regions import View

ENGINE = Engine(
    dirs=["taut/templates"],
    libraries={
        "bodychart": "taut.bodychart.templatetags.bodychart",
        "i18n": "django.templatetags.i18n",
    },
)
TAG = (
    "{% load bodychart %}"
    "{% body_chart name=name marks=marks readonly=readonly highlight=highlight %}"
)
MARKS = {
    "calf:left": {"intensity": 7, "quality": "burning"},
    "sacrum": {"intensity": 0, "quality": None},
    "flank:right": {"intensity": None, "quality": "ache"},
}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def render(marks=None, readonly=False, highlight=None, name="pain"):
    template = ENGINE.from_string(TAG)
    context = {"name": name, "marks": marks, "readonly": readonly, "highlight": highlight}
    return template.render(Context(context))


def elements(html, tag=None, **attrs):
    parser = _Elements()
    parser.feed(html)
    return [
        a
        for t, a in parser.elements
        if (tag is None or t == tag) and all(a.get(k) == v for k, v in attrs.items())
    ]


def all_refs():
    return {s.ref for v in View for s in geometry.shapes(v)}


def test_every_shape_is_a_labelled_checkbox():
    html = render()
    regions = [a for a in elements(html, "path") if "bc-region" in a.get("class", "")]
    assert len(regions) == sum(len(geometry.shapes(v)) for v in View)
    for region in regions:
        assert region["role"] == "checkbox"
        assert region["aria-checked"] == "false"
        assert region["aria-label"]
    assert {r["data-ref"] for r in regions} == all_refs()
    # The drawing is for the pointer; keyboards and screen readers use the list of checkboxes.
    views = [v for v in elements(html, "svg") if "bc-svg" in v.get("class", "")]
    assert [v.get("aria-hidden") for v in views] == ["true", "true"]


def test_the_list_has_one_labelled_checkbox_per_region():
    html = render()
    boxes = elements(html, "input", type="checkbox")
    assert sorted(b["value"] for b in boxes) == sorted(all_refs())
    assert {b["name"] for b in boxes} == {"pain-region"}
    label_targets = {a["for"] for a in elements(html, "label")}
    for box in boxes:
        assert box["id"] in label_targets
    for select in elements(html, "select"):
        assert select["id"] in label_targets


def test_marks_are_checked_with_their_intensity_and_quality():
    html = render(marks=MARKS)
    checked = {b["value"] for b in elements(html, "input", type="checkbox") if "checked" in b}
    assert checked == set(MARKS)
    calf = [a for a in elements(html, "path", role="checkbox") if a["data-ref"] == "calf:left"]
    assert calf[0]["aria-checked"] == "true"
    assert 'class="bc-shape bc-shape--marked bc-i7" data-ref="calf:left"' in html
    assert re.search(r'data-ref="calf:left">7</text>', html)
    assert 'fill="url(#pain-q-burning)"' in html
    assert re.search(
        r'<select id="pain-intensity-calf--left" name="pain-intensity-calf:left">.*?'
        r'<option value="7" selected>7</option>',
        html,
        re.S,
    )
    assert re.search(
        r'name="pain-quality-calf:left">.*?<option value="burning" selected>', html, re.S
    )
    assert re.search(r'name="pain-intensity-sacrum">.*?<option value="0" selected>', html, re.S)


def test_a_region_in_both_views_is_marked_in_both():
    html = render(marks=MARKS)
    flank = [a for a in elements(html, "path", role="checkbox") if a["data-ref"] == "flank:right"]
    assert len(flank) == 2
    assert all(a["aria-checked"] == "true" for a in flank)
    assert html.count('class="bc-shape bc-shape--marked bc-ix" data-ref="flank:right"') == 2


def test_readonly_renders_no_inputs_and_a_text_summary():
    html = render(marks=MARKS, readonly=True)
    assert not elements(html, "input")
    assert not elements(html, "select")
    assert not elements(html, "path", role="checkbox")
    assert "tabindex" not in html
    assert "Calf, left (7 out of 10, burning)" in html
    back = elements(html, "svg", role="img")[0]
    assert back["aria-label"].startswith("Back view: ")
    assert "Calf, left" in back["aria-label"]


def test_highlight_outlines_both_sides_of_a_code_and_one_side_of_a_ref():
    html = render(highlight={"calf": "primary", "si_joint:left": "spillover"})
    assert re.search(r'class="bc-hl bc-hl--primary" d="[^"]+" data-ref="calf:left"', html)
    assert re.search(r'class="bc-hl bc-hl--primary" d="[^"]+" data-ref="calf:right"', html)
    assert re.search(r'class="bc-hl bc-hl--spillover" d="[^"]+" data-ref="si_joint:left"', html)
    assert 'data-ref="si_joint:right"' not in re.findall(r'class="bc-hl[^>]+>', html)[-1]
    assert "Spillover referral zone" in html


@pytest.mark.parametrize(
    ("marks", "highlight"),
    [
        ({"elbow:left": {}}, None),
        ({"calf": {}}, None),  # sided region without a side: not drawable
        ({"calf:left": {"intensity": 11}}, None),
        ({"calf:left": {"quality": "throbbing"}}, None),
        (None, {"calf": "hot"}),
        (None, {"elbow": "primary"}),
    ],
)
def test_bad_marks_or_highlights_are_refused(marks, highlight):
    with pytest.raises((ValueError, TemplateSyntaxError)):
        render(marks=marks, highlight=highlight)


def test_the_name_prefixes_every_field_and_id():
    html = render(marks={"coccyx": {}}, name="now")
    assert 'name="now-region" value="coccyx" checked' in html
    assert 'id="now-chart"' in html
    assert 'name="now-intensity-coccyx"' in html
    with pytest.raises(ValueError, match="name"):
        render(name="bad name")


def test_numbers_are_not_localised():
    from django.utils import translation

    with translation.override("es"):
        html = render(marks={"calf:left": {"intensity": 3}})
    assert not re.search(r' (?:x|y)="\d+,\d', html)
    assert not re.search(r' d="[^"]*\d,\d', html)


def render_treatment(highlight):
    template = ENGINE.from_string(
        '{% load bodychart %}{% body_chart name="needled" kind="treatment" highlight=highlight %}'
    )
    return template.render(Context({"highlight": highlight}))


def test_a_treatment_chart_fills_the_needled_areas_and_lists_them_without_the_pain_legend():
    html = render_treatment({"lumbar_paraspinal:left": "needled", "sacrum": "needled"})

    assert re.search(
        r'class="bc-hl bc-hl--needled" d="[^"]+" data-ref="lumbar_paraspinal:left"', html
    )
    assert "Areas needled" in html
    assert "Where the muscles needled lie" in html
    assert "Strength" not in html
    assert not elements(html, "input")
    back = elements(html, "svg", role="img")[0]["aria-label"]
    assert "Low back beside the spine, left" in back


def test_a_treatment_chart_with_nothing_needled_says_so():
    html = render_treatment({})

    assert "No needles recorded." in html
    assert "nothing needled" in html


def test_an_unknown_chart_kind_is_refused():
    with pytest.raises((ValueError, TemplateSyntaxError)):
        ENGINE.from_string('{% load bodychart %}{% body_chart kind="xray" %}').render(Context({}))


def test_a_trigger_point_map_is_not_labelled_as_pain():
    template = ENGINE.from_string(
        '{% load bodychart %}{% body_chart name="burden" marks=marks kind="trigger_points" %}'
    )
    html = template.render(Context({"marks": {"lumbar_paraspinal:left": {"intensity": 6}}}))

    assert "Where trigger points were found" in html
    assert "pain" not in html.lower().replace("bc-", "")
    assert "out of 10" not in html


def test_a_drawing_is_drawn_once_for_the_same_arguments_and_language():
    from django.utils import translation

    from taut.bodychart.templatetags.bodychart import _drawn

    _drawn.cache_clear()
    first = render(MARKS, readonly=True)
    again = render(dict(reversed(list(MARKS.items()))), readonly=True)
    other = render({"sacrum": {"intensity": 3, "quality": None}}, readonly=True)
    with translation.override("es"):
        spanish = render(MARKS, readonly=True)

    assert again == first
    assert other != first
    assert spanish.startswith("\n<div")
    assert _drawn.cache_info().hits == 1  # another language is drawn afresh, not reused
    assert _drawn.cache_info().misses == 3


def test_bad_marks_are_refused_every_time_not_remembered():
    for _ in range(2):
        with pytest.raises(ValueError, match="must be 0-10"):
            render({"calf:left": {"intensity": 11, "quality": None}})
