"""Detection speed on 500-character prompts: IslandRun's detector vs Presidio + spaCy, same process, interleaved.

The prompt set is fixed and rebuilt the same way every run: corpus texts of each source are joined (one per
line) and cut at the last whitespace before 500 characters, so every prompt is 480–500 characters of real
text. Sources: pii-dev, the neutral TUNE split (NCBI-disease train sentences and WNUT-17 tweets; the REPORT
split is never read here), and the repository's own corpus and holdout. Both detectors are loaded and warmed
first; then every prompt is given to both, in alternating order, for each round.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import statistics
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

PROMPT_CHARS = 500
PROMPTS = 300


def _texts(path: Path, source_has: str | None = None) -> list[str]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        example = json.loads(line)
        if source_has is None or source_has in example["source"]:
            out.append(str(example["text"]))
    return out


def _cut(texts: Iterable[str], count: int | None) -> list[str]:
    """Consecutive prompts of at most PROMPT_CHARS characters, cut at whitespace, from the texts joined by lines."""
    joined = "\n".join(t.strip() for t in texts if t.strip())
    prompts: list[str] = []
    pos = 0
    while count is None or len(prompts) < count:
        window = joined[pos : pos + PROMPT_CHARS + 1]
        if len(window) <= PROMPT_CHARS:
            break
        cut = max(window.rfind(" "), window.rfind("\n"))
        if cut < PROMPT_CHARS * 0.9:
            cut = PROMPT_CHARS
        prompt = window[:cut].strip()
        if len(prompt) >= PROMPT_CHARS * 0.9:
            prompts.append(prompt)
        pos += cut + 1
    return prompts


def build_prompts(files: dict[str, Path]) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The fixed prompt set (PROMPTS prompts, each with a label: source and index) and how many per source."""
    own = _cut([*_texts(files["own"]), *_texts(files["holdout"])], None)
    ncbi = _cut(_texts(files["neutral-tune"], "ncbi-disease"), 80)
    wnut = _cut(_texts(files["neutral-tune"], "emerging_entities"), 50)
    dev = _cut(_texts(files["pii-dev"]), PROMPTS - len(own) - len(ncbi) - len(wnut))
    counts = {
        "pii-dev": len(dev),
        "neutral-tune NCBI": len(ncbi),
        "neutral-tune WNUT": len(wnut),
        "own+holdout": len(own),
    }
    # interleave the sources so that no detector meets one kind of text only in one stretch of the run
    groups = [(name, g) for name, g in zip(counts, [dev, ncbi, wnut, own], strict=True)]
    prompts: list[tuple[str, str]] = []
    for i in range(max(len(g) for _, g in groups)):
        prompts.extend((f"{name} #{i}", g[i]) for name, g in groups if i < len(g))
    return prompts, counts


def presidio_spacy(model: str) -> Callable[[str], Any]:
    """Presidio's AnalyzerEngine on spaCy ``model``, configured as ``tools/pii_score.py`` configures it."""
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    conf = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": model}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": {
                "PER": "PERSON",
                "PERSON": "PERSON",
                "NORP": "NRP",
                "FAC": "LOCATION",
                "LOC": "LOCATION",
                "GPE": "LOCATION",
                "LOCATION": "LOCATION",
                "ORG": "ORGANIZATION",
                "ORGANIZATION": "ORGANIZATION",
                "DATE": "DATE_TIME",
                "TIME": "DATE_TIME",
            },
            "low_confidence_score_multiplier": 0.4,
            "low_score_entity_names": [],
            "labels_to_ignore": [
                "ORGANIZATION",
                "CARDINAL",
                "EVENT",
                "LANGUAGE",
                "LAW",
                "MONEY",
                "ORDINAL",
                "PERCENT",
                "PRODUCT",
                "QUANTITY",
                "WORK_OF_ART",
            ],
        },
    }
    engine = NlpEngineProvider(nlp_configuration=conf).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
    return lambda text: analyzer.analyze(text=text, language="en")


def pct(xs: list[float], q: float) -> float:
    """Linear-interpolated percentile (the same definition as tools/pii_score.py)."""
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "n": len(ms),
        "p50": pct(ms, 0.5),
        "p90": pct(ms, 0.9),
        "p99": pct(ms, 0.99),
        "max": max(ms),
        "mean": statistics.mean(ms),
    }


def measure(files: dict[str, Path], *, rounds: int, spacy_model: str, limit: int | None = None) -> dict[str, Any]:
    from islandrun.core.privacy.detector import Detector

    labelled, counts = build_prompts(files)
    labelled_all = list(labelled)
    if limit:
        labelled = labelled[:limit]
    prompts = [text for _, text in labelled]
    t0 = time.perf_counter()
    detector = Detector()
    detector.warm_up()
    ours_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    presidio = presidio_spacy(spacy_model)
    theirs_load = time.perf_counter() - t0
    runners: dict[str, Callable[[str], Any]] = {"islandrun": detector.detect, "presidio + spaCy sm": presidio}
    for prompt in prompts[:10]:  # warm-up, not timed
        for run in runners.values():
            run(prompt)
    times: dict[str, list[float]] = {name: [] for name in runners}
    cpu_times: dict[str, list[float]] = {name: [] for name in runners}  # this process's CPU time (all threads)
    load_before = os.getloadavg()
    cpu_before = time.process_time()
    wall_before = time.perf_counter()
    names = list(runners)
    for r in range(rounds):
        gc.collect()
        for i, prompt in enumerate(prompts):
            order = names if (i + r) % 2 == 0 else names[::-1]
            for name in order:
                cpu_started = time.process_time_ns()
                started = time.perf_counter_ns()
                runners[name](prompt)
                times[name].append((time.perf_counter_ns() - started) / 1e6)
                cpu_times[name].append((time.process_time_ns() - cpu_started) / 1e6)
    wall = time.perf_counter() - wall_before
    cpu = time.process_time() - cpu_before
    result: dict[str, Any] = {
        "prompts": len(prompts),
        "set_size": len(labelled_all),
        "sources": counts,
        "chars_mean": statistics.mean(len(p) for p in prompts),
        "chars_min": min(len(p) for p in prompts),
        "chars_max": max(len(p) for p in prompts),
        "rounds": rounds,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "cpu_share": cpu / wall if wall else float("nan"),
        "load_s": {"islandrun": ours_load, "presidio + spaCy sm": theirs_load},
        "ms": {name: summary(ms) for name, ms in times.items()},
        "cpu_ms": {name: summary(ms) for name, ms in cpu_times.items()},
    }
    ours, theirs = result["ms"]["islandrun"], result["ms"]["presidio + spaCy sm"]
    slowest = sorted(range(len(times["islandrun"])), key=lambda k: -times["islandrun"][k])[:5]
    result["slowest"] = [(labelled[k % len(prompts)][0], times["islandrun"][k]) for k in slowest]
    result["ratio"] = {k: theirs[k] / ours[k] for k in ("p50", "p99", "mean")}
    return result
