"""The iCalendar text, read back with the standard library only."""

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from taut.appointments import ics


def _unfold(text):
    return text.replace("\r\n ", "")


def _properties(text):
    return dict(line.split(":", 1) for line in _unfold(text).split("\r\n") if line)


def _event(**overrides):
    values = {
        "uid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "starts_at": datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/Madrid")),
        "ends_at": datetime(2026, 11, 23, 10, 45, tzinfo=ZoneInfo("Europe/Madrid")),
        "summary": "Appointment at Taut Demo Clinic",
        "location": "Fuengirola, Calle Mayor 1, bajo; puerta B",
        "stamp": datetime(2026, 11, 20, 9, tzinfo=UTC),
    }
    values.update(overrides)
    return ics.Event(**values)


def test_a_calendar_has_one_event_in_utc():
    text = ics.calendar(_event())
    props = _properties(text)

    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert props["UID"] == "12345678-1234-5678-1234-567812345678@taut"
    assert props["DTSTART"] == "20261123T090000Z"
    assert props["DTEND"] == "20261123T094500Z"
    assert props["DTSTAMP"] == "20261120T090000Z"
    assert props["STATUS"] == "CONFIRMED"
    assert datetime.strptime(props["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) == datetime(
        2026, 11, 23, 9, tzinfo=UTC
    )


def test_every_line_ends_in_crlf():
    text = ics.calendar(_event())

    assert "\n" not in text.replace("\r\n", "")


def test_commas_and_semicolons_are_escaped():
    props = _properties(ics.calendar(_event()))

    assert props["LOCATION"] == "Fuengirola\\, Calle Mayor 1\\, bajo\\; puerta B"


@pytest.mark.parametrize(
    ("value", "escaped"),
    [("a,b", "a\\,b"), ("a;b", "a\\;b"), ("a\\b", "a\\\\b"), ("two\nlines", "two\\nlines")],
)
def test_escape_text(value, escaped):
    assert ics.escape_text(value) == escaped


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    summary = "Cita en la Clínica de Fisioterapia Ñandú " * 4
    text = ics.calendar(_event(summary=summary))

    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert _properties(text)["SUMMARY"] == ics.escape_text(summary)


def test_a_cancelled_appointment_says_so():
    props = _properties(ics.calendar(_event(cancelled=True, sequence=1)))

    assert props["STATUS"] == "CANCELLED"
    assert props["SEQUENCE"] == "1"
