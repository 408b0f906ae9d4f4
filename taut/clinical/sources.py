"""Every source that a clinical rule, number or catalogue entry in the kernel cites.

The bibliography is kept in two topic modules and merged here; ``docs/clinical-sources.md``
is generated from ``SOURCES`` by ``render_markdown`` (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from taut.clinical._bib_measures import ENTRIES as _MEASURES
from taut.clinical._bib_safety import ENTRIES as _SAFETY
from taut.clinical._citation import Evidence, Source

__all__ = ["SOURCES", "Evidence", "Source", "render_markdown"]


def _merge(*groups: tuple[Source, ...]) -> Mapping[str, Source]:
    merged: dict[str, Source] = {}
    for group in groups:
        for source in group:
            if source.key in merged:
                raise ValueError(f"duplicate source key: {source.key!r}")
            merged[source.key] = source
    return MappingProxyType(merged)


SOURCES: Mapping[str, Source] = _merge(_SAFETY, _MEASURES)
