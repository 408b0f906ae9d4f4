"""One check of citations for the whole kernel: every key cited exists, every source is cited,
every catalogue entry and rule names a source, and the generated document is up to date."""

import importlib
import inspect
import re
from pathlib import Path

import pytest

from taut.clinical import (
    adverse_events,
    billing,
    change,
    contraindications,
    diagnoses,
    episodes,
    instruments,
    muscles,
    plans,
    red_flags,
    regions,
    sources,
)
from taut.clinical._citation import Evidence
from taut.clinical.sources import CITING_MODULES, SOURCES, cited_by, render_markdown, sources_cited

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "clinical-sources.md"
KERNEL = ROOT / "taut" / "clinical"
NOT_CITING = {"__init__", "errors", "sources"}  # no clinical content of their own
CITED = {name: sources_cited(name) for name in CITING_MODULES}
ALL_CITED = frozenset().union(*CITED.values())


def test_document_matches_the_live_rendering():
    assert DOC.read_text(encoding="utf-8") == render_markdown()


def test_every_kernel_module_with_content_is_a_citing_module():
    public = {p.stem for p in KERNEL.glob("*.py") if not p.stem.startswith("_")}
    expected = {f"taut.clinical.{name}" for name in public - NOT_CITING}
    assert set(CITING_MODULES) == expected


@pytest.mark.parametrize("name", CITING_MODULES)
def test_citing_module_exposes_a_non_empty_frozenset(name):
    keys = importlib.import_module(name).SOURCES_CITED
    assert isinstance(keys, frozenset)
    assert keys
    assert all(isinstance(k, str) for k in keys)


@pytest.mark.parametrize(
    ("name", "key"), [(n, k) for n, keys in CITED.items() for k in sorted(keys)]
)
def test_cited_key_is_in_the_bibliography(name, key):
    assert key in SOURCES, f"{name} cites unknown source {key!r}"


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_every_source_is_cited_by_a_module(key):
    assert key in ALL_CITED


@pytest.mark.parametrize("source", list(SOURCES.values()), ids=lambda s: s.key)
def test_source_is_complete(source):
    assert source.citation
    assert source.address
    assert source.evidence in Evidence
    if source.evidence is Evidence.LOCAL_RULE:
        assert source.note, "a local rule must explain its choice"


# Keys named in a module's docstrings and comments ("[``key``]" or "# key, key: ...") must be
# real sources, and part of that module's SOURCES_CITED (so the text and the data agree).
_KEY = r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+"


def _keys_named_in_text(text: str) -> set[str]:
    keys: set[str] = set()
    for group in re.findall(rf"\[((?:``{_KEY}``(?:,\s*)?)+)\]", text):
        keys.update(re.findall(rf"``({_KEY})``", group))
    for comment in re.findall(r"#\s*([^\n]*)", text):
        tokens = [t.strip() for t in comment.split(":")[0].split(",")]
        if tokens and all(re.fullmatch(_KEY, t) for t in tokens):
            keys.update(tokens)
    return keys


@pytest.mark.parametrize("name", CITING_MODULES)
def test_keys_named_in_module_text_are_cited_by_it(name):
    named = _keys_named_in_text(inspect.getsource(importlib.import_module(name)))
    assert sorted(named - CITED[name]) == []


def test_every_catalogue_entry_and_rule_names_a_source():
    assert all(r.source for r in regions.REGIONS.values())
    assert all(tp.sources for tp in muscles.TRIGGER_POINTS.values())
    assert all(w.sources for m in muscles.MUSCLES.values() for w in m.warnings)
    assert all(p.source for m in muscles.MUSCLES.values() for p in m.prevalence)
    assert all(f.sources for f in red_flags.FLAGS.values())
    assert all(r.sources for r in red_flags.RULES)
    assert all(c.sources for c in contraindications.CONTRAINDICATIONS.values())
    assert all(e.severity_sources for e in adverse_events.ADVERSE_EVENTS.values())
    assert all(
        w.sources for e in adverse_events.ADVERSE_EVENTS.values() for w in e.warning_features
    )
    assert all(r.source for e in adverse_events.ADVERSE_EVENTS.values() for r in e.rates)
    assert all(d.source for d in diagnoses.DIAGNOSES.values())
    assert all(p.source for p in diagnoses.PARENTS.values())
    assert all(r.source for r in diagnoses.EXCLUDES1_RULES)
    assert all(i.sources for i in instruments.INSTRUMENTS.values())
    assert all(m.sources for m in instruments.MEASURES.values())
    assert all(t.sources for t in change.THRESHOLDS.values())
    for module in (episodes, billing, plans):
        assert all(r.sources for r in module.RULES.values()), module.__name__


def test_unknown_module_is_an_error():
    with pytest.raises(LookupError, match="'taut.clinical.nowhere'"):
        sources_cited("taut.clinical.nowhere")


def test_listed_module_that_does_not_exist_is_an_error(monkeypatch):
    monkeypatch.setattr(sources, "CITING_MODULES", (*CITING_MODULES, "taut.clinical.nowhere"))
    with pytest.raises(ModuleNotFoundError):
        cited_by()


def test_listed_module_without_sources_cited_is_an_error(monkeypatch):
    monkeypatch.setattr(sources, "CITING_MODULES", (*CITING_MODULES, "taut.clinical.errors"))
    with pytest.raises(TypeError, match="taut.clinical.errors"):
        cited_by()


def test_rendering_lists_every_source_once():
    text = render_markdown()
    assert all(text.count(f"### `{key}`\n") == 1 for key in SOURCES)


def test_rendering_is_grouped_by_evidence_and_sorted():
    text = render_markdown()
    for evidence in Evidence:
        keys = [s.key for s in SOURCES.values() if s.evidence is evidence]
        positions = [text.index(f"### `{key}`\n") for key in sorted(keys)]
        assert positions == sorted(positions)


def test_rendering_names_the_citing_modules():
    assert "taut.clinical.muscles" in cited_by()["local_referral_weights"]
    assert "taut.clinical.plans" in cited_by()["cms_ncd_30_3_3"]
    assert "taut.clinical.episodes" in cited_by()["cms_ncd_30_3_3"]
    assert "no kernel module" not in render_markdown()


# The overview a clinical reviewer reads first must keep up with the kernel.
OVERVIEW = ROOT / "docs" / "clinical-kernel.md"


@pytest.mark.parametrize(
    "key", sorted(k for k, s in SOURCES.items() if s.evidence is Evidence.LOCAL_RULE)
)
def test_overview_lists_every_local_rule(key):
    assert f"| `{key}` |" in OVERVIEW.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "docs" / "kernel").glob("*.md")))
def test_overview_links_every_module_page(page):
    assert f"(kernel/{page})" in OVERVIEW.read_text(encoding="utf-8")
