"""Collections benchmark: retrieval quality (recall@5, MRR) of FTS-only, embedding-only and hybrid
search on 50 hand-written questions over 65 CPython standard-library modules, and indexing
throughput with and without embeddings.

    .venv/bin/python -m benchmarks.collections.bench_collections [--json out.json]

The corpus is the interpreter's own stdlib sources (no download); a question counts as answered
at k when one of the top-k passages comes from its module's file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sysconfig
import tempfile
import time
from pathlib import Path

from islandrun.core.collections import CollectionsConfig, CollectionStore, SearchMode

from .questions import MODULES, OFF_TOPIC, QUESTIONS


def build_corpus(into: Path) -> int:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    into.mkdir(parents=True)
    total = 0
    for name in MODULES:
        source = stdlib / f"{name}.py"
        shutil.copyfile(source, into / f"{name}.py")
        total += source.stat().st_size
    return total


def index_run(db: Path, corpus: Path, embeddings: bool) -> tuple[CollectionStore, dict[str, float]]:
    store = CollectionStore(db, config=CollectionsConfig(embeddings=embeddings))
    if embeddings:
        started = time.perf_counter()
        assert store.embedder()[0] is not None, store.embedder()[1]
        load_s = time.perf_counter() - started
    else:
        load_s = 0.0
    store.add("stdlib", corpus)
    cpu_started = time.process_time()  # every thread of this process (onnxruntime's too): load-independent
    report = store.index("stdlib")
    cpu_s = time.process_time() - cpu_started
    assert not report.skipped and not report.problem, report
    return store, {
        "documents": len(report.indexed),
        "passages": report.chunks_added,
        "seconds": round(report.seconds, 2),
        "documents_per_s": round(report.documents_per_second, 2),
        "passages_per_s": round(report.chunks_added / report.seconds, 1),
        "cpu_seconds": round(cpu_s, 1),
        "passages_per_cpu_s": round(report.chunks_added / cpu_s, 1),
        "model_load_s": round(load_s, 2),
    }


def evaluate(store: CollectionStore, mode: SearchMode, k: int = 5) -> dict[str, float]:
    hits = 0
    reciprocal: list[float] = []
    latencies: list[float] = []
    misses: list[str] = []
    for question, module in QUESTIONS:
        started = time.perf_counter()
        passages = store.search("stdlib", question, k=k, mode=mode)
        latencies.append((time.perf_counter() - started) * 1000)
        sources = [p.source for p in passages]
        rank = next((i for i, s in enumerate(sources, start=1) if s == f"{module}.py"), None)
        hits += rank is not None
        reciprocal.append(1.0 / rank if rank else 0.0)
        if rank is None:
            misses.append(module)
    return {
        "recall@5": round(hits / len(QUESTIONS), 3),
        "mrr@5": round(statistics.fmean(reciprocal), 3),
        "median_query_ms": round(statistics.median(latencies), 1),
        "misses": misses,  # type: ignore[dict-item]
    }


def off_topic(store: CollectionStore, k: int = 5) -> dict[str, float]:
    """For questions the corpus does not answer: the share that get no embedding match at all, and
    the mean number of embedding-matched passages in the top ``k`` (hybrid)."""
    matched = [
        sum("embedding" in p.matched_by for p in store.search("stdlib", question, k=k, mode=SearchMode.HYBRID))
        for question in OFF_TOPIC
    ]
    return {
        "questions": len(OFF_TOPIC),
        "share_with_no_embedding_match": round(sum(m == 0 for m in matched) / len(OFF_TOPIC), 2),
        "mean_embedding_matches_in_top5": round(statistics.fmean(matched), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        size = build_corpus(corpus)
        _, fts_index = index_run(Path(tmp) / "fts.sqlite3", corpus, embeddings=False)
        store, hybrid_index = index_run(Path(tmp) / "hybrid.sqlite3", corpus, embeddings=True)
        store.search("stdlib", "warm up", mode=SearchMode.HYBRID)
        results = {
            "machine": f"{platform.machine()}, {platform.processor() or platform.system()}, "
            f"{os.cpu_count()} logical cores, Python {platform.python_version()}",
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "load_average_1m_at_end": round(os.getloadavg()[0], 2),
            "corpus": {"files": len(MODULES), "bytes": size, "questions": len(QUESTIONS)},
            "indexing_fts_only": fts_index,
            "indexing_with_embeddings": hybrid_index,
            "min_similarity": store.config.min_similarity,
            "retrieval": {mode.value: evaluate(store, mode) for mode in SearchMode},
            "off_topic": off_topic(store),
        }
        # The same index searched without the floor: what it costs in recall, what it keeps out.
        unfloored = CollectionStore(
            store.path, config=CollectionsConfig(min_similarity=0.0), embedder=store.embedder()[0]
        )
        results["without_floor"] = {
            "retrieval": {mode.value: evaluate(unfloored, mode) for mode in (SearchMode.HYBRID, SearchMode.EMBEDDING)},
            "off_topic": off_topic(unfloored),
        }
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
