"""Every source that a clinical rule, number or catalogue entry in the kernel cites.

The bibliography is kept in topic modules and merged here; ``docs/clinical-sources.md``
is generated from ``SOURCES`` by ``render_markdown`` (a test keeps the two in step).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType

from taut.clinical._bib_gate import ENTRIES as _GATE
from taut.clinical._bib_measures import ENTRIES as _MEASURES
from taut.clinical._bib_neuro import ENTRIES as _NEURO
from taut.clinical._bib_safety import ENTRIES as _SAFETY
from taut.clinical._citation import Evidence, Source, SourcedRule

__all__ = [
    "CITING_MODULES",
    "SOURCES",
    "Evidence",
    "Source",
    "SourcedRule",
    "cited_by",
    "render_markdown",
    "sources_cited",
]


def _merge(*groups: tuple[Source, ...]) -> Mapping[str, Source]:
    merged: dict[str, Source] = {}
    for group in groups:
        for source in group:
            if source.key in merged:
                raise ValueError(f"duplicate source key: {source.key!r}")
            merged[source.key] = source
    return MappingProxyType(merged)


SOURCES: Mapping[str, Source] = _merge(_SAFETY, _MEASURES, _GATE, _NEURO)

# Every kernel module that cites sources. Each exposes ``SOURCES_CITED: frozenset[str]``, derived
# from its own catalogue or rules; ``cited_by`` and the generated document read them from here.
CITING_MODULES: tuple[str, ...] = (
    "taut.clinical.regions",
    "taut.clinical.muscles",
    "taut.clinical.red_flags",
    "taut.clinical.contraindications",
    "taut.clinical.adverse_events",
    "taut.clinical.episodes",
    "taut.clinical.diagnoses",
    "taut.clinical.causes",
    "taut.clinical.instruments",
    "taut.clinical.change",
    "taut.clinical.billing",
    "taut.clinical.plans",
    "taut.clinical.gate",
    "taut.clinical.needles",
    "taut.clinical.aftercare",
    "taut.clinical.schedule",
    "taut.clinical.examination",
    "taut.clinical.neuro",
)

_EVIDENCE_HEADINGS: tuple[tuple[Evidence, str, str], ...] = (
    (Evidence.SEEN, "✅", "Seen in an authoritative source"),
    (Evidence.SECONDARY, "⚠️", "Seen only in a secondary or lower-authority source"),
    (Evidence.LOCAL_RULE, "📐", "Local rules: Taut's own documented choices"),
)


def sources_cited(module_name: str) -> frozenset[str]:
    """Return the ``SOURCES_CITED`` of one module listed in ``CITING_MODULES``.

    Raises ``LookupError`` naming the module when it is not in ``CITING_MODULES``,
    ``ModuleNotFoundError`` when it cannot be imported, and ``TypeError`` naming it when it has
    no ``SOURCES_CITED`` or that is not a frozenset of strings.
    """
    if module_name not in CITING_MODULES:
        raise LookupError(f"{module_name!r} is not a citing kernel module")
    module = importlib.import_module(module_name)
    keys = getattr(module, "SOURCES_CITED", None)
    if not isinstance(keys, frozenset) or not all(isinstance(k, str) for k in keys):
        raise TypeError(f"{module_name} must expose SOURCES_CITED as a frozenset of str")
    return keys


def cited_by() -> Mapping[str, tuple[str, ...]]:
    """Map each cited source key to the kernel modules whose ``SOURCES_CITED`` names it.

    Modules appear in ``CITING_MODULES`` order. Raises as ``sources_cited`` does: a listed module
    that is missing or does not expose ``SOURCES_CITED`` is an error, never skipped.
    """
    citing: dict[str, list[str]] = {}
    for name in CITING_MODULES:
        for key in sorted(sources_cited(name)):
            citing.setdefault(key, []).append(name)
    return MappingProxyType({key: tuple(names) for key, names in citing.items()})


def render_markdown() -> str:
    """Render ``docs/clinical-sources.md`` from ``SOURCES``.

    Sources are grouped by evidence (seen, secondary, local rule) and sorted by key within each
    group; each entry gives its key, citation, address, evidence mark, note and the kernel
    modules that cite it. Pure: returns the text, writes nothing. Raises as ``cited_by`` does.
    """
    users = cited_by()
    lines = [
        "# Clinical sources",
        "",
        "Generated from `taut.clinical.sources.SOURCES` by `render_markdown()`; do not edit by",
        "hand. Regenerate with:",
        "",
        "```sh",
        '.venv/bin/python -c "from taut.clinical.sources import render_markdown; import sys; '
        'sys.stdout.write(render_markdown())" > docs/clinical-sources.md',
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
