"""The context a collection-backed chat completion gets, and the sources it reports."""

from __future__ import annotations

from pathlib import Path

from islandrun.core.collections import CollectionStore, SearchMode, cited_sources, grounding_message


def test_passages_are_numbered_and_cited_the_same_way(fts_store: CollectionStore, docs: Path) -> None:
    fts_store.add("docs", docs)
    fts_store.index("docs")
    passages = fts_store.search("docs", "vacation days tomatoes", k=2, mode=SearchMode.FTS)
    message = grounding_message(passages, "docs")
    sources = cited_sources(passages)
    assert [s.number for s in sources] == [1, 2]
    for source, passage in zip(sources, passages, strict=True):
        assert f"[{source.number}] ({passage.source})\n{passage.text}" in message
    assert "twenty-five paid days" in message and "'docs'" in message


def test_context_stays_within_its_budget_best_first(fts_store: CollectionStore, docs: Path) -> None:
    fts_store.add("docs", docs)
    fts_store.index("docs")
    passages = fts_store.search("docs", "vacation tomatoes invoice boiler", k=4, mode=SearchMode.FTS)
    budget = len(passages[0].text) + 1
    assert [s.source for s in cited_sources(passages, budget)] == [passages[0].source]
    assert passages[1].text not in grounding_message(passages, "docs", budget)


def test_no_passage_says_so() -> None:
    assert "do not contain the answer" in grounding_message([], "docs")
    assert cited_sources([]) == []
