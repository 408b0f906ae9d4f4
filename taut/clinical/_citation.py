"""The shape of a bibliography entry (kept apart so the topic modules can import it)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Evidence(StrEnum):
    """How the fact was checked (the marks of the reference file)."""

    SEEN = "seen"  # seen in an authoritative source
    SECONDARY = "secondary"  # seen only in a secondary or lower-authority source
    LOCAL_RULE = "local_rule"  # no source settles it: Taut's own documented choice


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    citation: str
    address: str
    evidence: Evidence
    note: str = ""
