"""The shape of a bibliography entry and of a sourced rule (kept apart so that the topic
modules can import them without importing ``taut.clinical.sources``)."""

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


@dataclass(frozen=True, slots=True)
class SourcedRule:
    """A rule or constant that a module applies, in words, with the source keys behind it.

    Modules without a catalogue of their own (episodes, billing, plans) list their rules this
    way, so that their ``SOURCES_CITED`` is derived from data like everyone else's.
    """

    code: str
    text: str
    sources: tuple[str, ...]
