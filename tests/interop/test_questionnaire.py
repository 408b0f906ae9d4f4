import json
from pathlib import Path

import pytest

from taut.interop.questionnaire import MAX_BYTES, QuestionnaireError, parse_questionnaire

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def test_groups_are_flattened_and_display_items_skipped():
    parsed = parse_questionnaire((FIXTURES / "odi_placeholder.json").read_bytes())

    assert [i.link_id for i in parsed.items] == [f"odi-{n}" for n in range(1, 11)]
    assert parsed.items[0].text == "Placeholder section 1 wording"
    assert parsed.items[0].option_count == 6
    assert parsed.title == "Placeholder ODI wording (test fixture)"
    assert parsed.loinc_codes() == {"97908-8"}


def test_item_loinc_codes_are_read():
    parsed = parse_questionnaire(json.dumps(fixture("startback_loinc.json")))

    assert parsed.items[0].loinc_codes() == {"91340-0"}
    assert parsed.items[8].option_count == 5


def test_nested_questions_under_an_answerable_item_are_items_too():
    document = {
        "resourceType": "Questionnaire",
        "status": "active",
        "item": [
            {
                "linkId": "1",
                "type": "boolean",
                "text": "Parent",
                "item": [{"linkId": "2", "type": "string", "text": "Child"}],
            }
        ],
    }

    assert [i.link_id for i in parse_questionnaire(json.dumps(document)).items] == ["1", "2"]


def test_whitespace_is_collapsed_and_title_falls_back_to_name():
    document = {
        "resourceType": "Questionnaire",
        "status": "draft",
        "name": "  Some   name ",
        "item": [{"linkId": "1", "type": "choice", "text": "\n  Two\tlines\n  here  "}],
    }

    parsed = parse_questionnaire(json.dumps(document))

    assert parsed.title == "Some name"
    assert parsed.items[0].text == "Two lines here"
    assert parsed.items[0].option_count is None


def test_a_byte_order_mark_is_accepted():
    raw = "\ufeff" + json.dumps(fixture("odi_placeholder.json"))

    assert len(parse_questionnaire(raw.encode("utf-8")).items) == 10


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"[]", "not a FHIR Questionnaire"),
        (b'{"resourceType": "Patient"}', "resourceType is 'Patient'"),
        (b'{"item": []}', "no resourceType"),
        (b'{"resourceType": "Questionnaire"}', "not a valid FHIR Questionnaire"),
        (
            b'{"resourceType": "Questionnaire", "status": "active", "item": [{"type": "choice"}]}',
            "linkId",
        ),
        (b" " * (MAX_BYTES + 1), "larger than 1 MB"),
    ],
)
def test_what_is_not_a_questionnaire_is_refused_with_the_reason(document, expected):
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(document)

    assert expected in " ".join(caught.value.problems)
