from pathlib import Path

import pytest

from taut.clinical import adverse_events, contraindications, muscles, red_flags, regions
from taut.clinical._bib_safety import ENTRIES
from taut.clinical._citation import Evidence
from taut.clinical.sources import SOURCES, cited_by, render_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "clinical-sources.md"
SAFETY_MODULES = (regions, muscles, red_flags, contraindications, adverse_events)
CITED = frozenset().union(*(m.SOURCES_CITED for m in SAFETY_MODULES))


def test_document_matches_the_live_rendering():
    assert DOC.read_text(encoding="utf-8") == render_markdown()


@pytest.mark.parametrize("key", sorted(CITED))
def test_cited_key_is_in_the_bibliography(key):
    assert key in SOURCES


@pytest.mark.parametrize("key", [s.key for s in ENTRIES])
def test_safety_source_is_cited_by_a_module(key):
    assert key in CITED


@pytest.mark.parametrize("source", ENTRIES, ids=lambda s: s.key)
def test_safety_source_is_complete(source):
    assert source.citation
    assert source.address
    assert source.evidence in Evidence
    if source.evidence is Evidence.LOCAL_RULE:
        assert source.note, "a local rule must explain its choice"


def test_every_catalogue_entry_names_a_source():
    assert all(r.source for r in regions.REGIONS.values())
    assert all(tp.sources for tp in muscles.TRIGGER_POINTS.values())
    assert all(w.sources for m in muscles.MUSCLES.values() for w in m.warnings)
    assert all(f.sources for f in red_flags.FLAGS.values())
    assert all(r.sources for r in red_flags.RULES)
    assert all(c.sources for c in contraindications.CONTRAINDICATIONS.values())
    assert all(e.severity_sources for e in adverse_events.ADVERSE_EVENTS.values())


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
    assert "taut.clinical.muscles" in cited_by()["taut_referral_weights"]
    assert "`taut.clinical.red_flags`" in render_markdown()
