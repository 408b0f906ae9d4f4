"""Every source that a clinical rule, number or catalogue entry in the kernel cites.

The bibliography is kept in two topic modules and merged here; ``docs/clinical-sources.md``
is generated from ``SOURCES`` by ``render_markdown`` (a test keeps the two in step).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType

from taut.clinical._bib_measures import ENTRIES as _MEASURES
from taut.clinical._bib_safety import ENTRIES as _SAFETY
from taut.clinical._citation import Evidence, Source

__all__ = ["CITING_MODULES", "SOURCES", "Evidence", "Source", "cited_by", "render_markdown"]


def _merge(*groups: tuple[Source, ...]) -> Mapping[str, Source]:
    merged: dict[str, Source] = {}
    for group in groups:
        for source in group:
            if source.key in merged:
                raise ValueError(f"duplicate source key: {source.key!r}")
            merged[source.key] = source
    return MappingProxyType(merged)


SOURCES: Mapping[str, Source] = _merge(_SAFETY, _MEASURES)

# Kernel modules that expose ``SOURCES_CITED`` (a frozenset of keys). A module added here is
# listed under "Cited by" in the generated document; modules without the attribute are skipped.
CITING_MODULES: tuple[str, ...] = (
    "taut.clinical.regions",
    "taut.clinical.muscles",
    "taut.clinical.red_flags",
    "taut.clinical.contraindications",
    "taut.clinical.adverse_events",
    "taut.clinical.instruments",
    "taut.clinical.change",
    "taut.clinical.billing",
    "taut.clinical.plans",
    "taut.clinical.episodes",
    "taut.clinical.diagnoses",
)

_EVIDENCE_HEADINGS: tuple[tuple[Evidence, str, str], ...] = (
    (Evidence.SEEN, "✅", "Seen in an authoritative source"),
    (Evidence.SECONDARY, "⚠️", "Seen only in a secondary or lower-authority source"),
    (Evidence.LOCAL_RULE, "📐", "Local rules: Taut's own documented choices"),
)


def cited_by() -> Mapping[str, tuple[str, ...]]:
    """Map each source key to the kernel modules whose ``SOURCES_CITED`` names it.

    Modules in ``CITING_MODULES`` that do not exist yet are skipped. Raises nothing else.
    """
    citing: dict[str, list[str]] = {}
    for name in CITING_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        for key in getattr(module, "SOURCES_CITED", frozenset()):
            citing.setdefault(key, []).append(name)
    return MappingProxyType({key: tuple(names) for key, names in citing.items()})


def render_markdown() -> str:
    """Render ``docs/clinical-sources.md`` from ``SOURCES``.

    Sources are grouped by evidence (seen, secondary, local rule) and sorted by key within each
    group; each entry gives its key, citation, address, evidence mark, note and the kernel
    modules that cite it. Pure: returns the text, writes nothing. Raises nothing.
    """
    users = cited_by()
    lines = [
        "# Clinical sources",
        "",
        "Generated from `taut.clinical.sources.SOURCES` by `render_markdown()`; do not edit by",
        "hand. Regenerate with:",
        "",
        "```sh",
        '.venv/bin/python -c "from taut.clinical.sources import render_markdown as r; '
        "print(r(), end='')\" > docs/clinical-sources.md",
        "```",
        "",
        f"{len(SOURCES)} sources. Marks: "
        + "; ".join(f"{mark} {title.lower()}" for _, mark, title in _EVIDENCE_HEADINGS)
        + ".",
    ]
    for evidence, mark, title in _EVIDENCE_HEADINGS:
        group = sorted((s for s in SOURCES.values() if s.evidence is evidence), key=lambda s: s.key)
        lines += ["", f"## {mark} {title} ({len(group)})"]
        for source in group:
            modules = users.get(source.key, ())
            lines += [
                "",
                f"### `{source.key}`",
                "",
                source.citation,
                "",
                f"- Address: {source.address}",
                f"- Evidence: {mark} {source.evidence}",
                "- Cited by: "
                + (", ".join(f"`{m}`" for m in modules) if modules else "no kernel module"),
            ]
            if source.note:
                lines.append(f"- Note: {source.note}")
    return "\n".join(lines) + "\n"
