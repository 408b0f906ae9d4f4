"""iCalendar (RFC 5545) text for one appointment, written by hand: standard library only.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); TEXT values have
backslashes, semicolons, commas and newlines escaped. Times are UTC ("Z"), so no VTIMEZONE is
needed. The summary names the clinic, never the patient or the treatment.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Taut//Appointments//EN"
LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str
    stamp: datetime
    cancelled: bool = False
    sequence: int = 0


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): escape \\ ; , and turn newlines into \\n."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets joined by CRLF and a space."""
    pieces: list[str] = []
    current = ""
    limit = LINE_OCTETS
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = char
            limit = LINE_OCTETS - 1  # continuation lines begin with one space
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc_stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(event: Event) -> str:
    """A VCALENDAR holding one VEVENT, as CRLF-terminated, folded text."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}@taut",
        f"DTSTAMP:{utc_stamp(event.stamp)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"LOCATION:{escape_text(event.location)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
