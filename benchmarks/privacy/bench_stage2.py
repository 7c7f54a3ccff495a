"""MIST stage 2 (the local-model classifier) on labelled prompts patterns cannot read.

    .venv/bin/python benchmarks/privacy/bench_stage2.py                  # every local model, print only
    .venv/bin/python benchmarks/privacy/bench_stage2.py --force --free --write  # + refused, + free text

For each local model (the catalogue's: the embedded ones and any pulled), the classifier is built
the way the daemon builds it (``build_classifier`` with ``privacy_port.engine_completer`` over the
real llama.cpp ``LocalEngine``), and every prompt of ``stage2_prompts.jsonl`` goes through:

- the pattern stage alone (``assess_async`` without a classifier) — the level stage 2 starts from;
- the model's own label (``ModelClassifier.classify``): agreement with the reference labels, and
  Cohen's kappa (agreement beyond chance: 0 is chance, 1 perfect);
- both stages as the daemon runs them (``assess_async`` with the classifier): how often the final
  level is above the pattern level (raised), how often the model's label was below it (it would
  have lowered: the final level must then still be the pattern level, which is checked), failures
  and timeouts (counted as restricted), and the time stage 2 adds per request (p50/p95).

``--force`` also measures models ``build_classifier`` refuses (the embedded base model), with the
same completer; ``--free`` also measures the old free-text answer (8 tokens, no grammar).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from islandrun.core.daemon.privacy_port import engine_completer, judge_candidates
from islandrun.core.engines.config import EngineConfig
from islandrun.core.engines.local import LocalEngine
from islandrun.core.engines.types import ChatMessage, ChatRequest
from islandrun.core.privacy.assess import assess_async
from islandrun.core.privacy.classifier import MIN_KAPPA, Complete, ModelClassifier, build_classifier
from islandrun.core.privacy.config import PrivacyConfig
from islandrun.core.privacy.detector import detector_from_config
from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.routing.policy import Priority
from islandrun.core.sensitivity import SensitivityLevel

HERE = Path(__file__).resolve().parent
PROMPTS = HERE / "stage2_prompts.jsonl"
REPORT = HERE / "STAGE2.md"
NOTES = "<!-- written by hand below this line; bench_stage2.py --write keeps it -->"
LEVELS = list(SensitivityLevel)
RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class Prompt:
    id: str
    lang: str
    level: SensitivityLevel
    topic: str
    text: str


@dataclass(slots=True)
class Run:
    model: str
    mode: str  # "label" (the daemon's grammar-constrained answer) or "free" (the old free text)
    state: str  # build_classifier's note
    rows: list[dict[str, object]] = field(default_factory=list)


def load_prompts(path: Path = PROMPTS) -> list[Prompt]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [Prompt(r["id"], r["lang"], SensitivityLevel(r["level"]), r["topic"], r["text"]) for r in rows]


def kappa(reference: Sequence[SensitivityLevel], predicted: Sequence[SensitivityLevel]) -> float:
    """Cohen's kappa: (observed agreement − chance agreement) / (1 − chance agreement)."""
    n = len(reference)
    observed = sum(a is b for a, b in zip(reference, predicted, strict=True)) / n
    ref, pred = Counter(reference), Counter(predicted)
    chance = sum(ref[level] * pred[level] for level in LEVELS) / (n * n)
    return 0.0 if chance >= 1.0 else (observed - chance) / (1.0 - chance)


CompleteFor = Callable[[str], Complete]


def free_completer(engine: LocalEngine) -> CompleteFor:
    """The answer as free text, as the daemon asked before the grammar (8 tokens, greedy)."""

    def complete_for(model: str) -> Complete:
        async def complete(prompt: str) -> str:
            request = ChatRequest(
                (ChatMessage("user", prompt),), model=model, max_tokens=8, temperature=0.0, seed=0,
                priority=Priority.PRIMARY,
            )  # fmt: skip
            return (await engine.chat(request)).text

        return complete

    return complete_for


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def recording(complete: Complete, answers: list[str]) -> Complete:
    """``complete`` that keeps each raw answer (to show what a model said when it gave no label)."""

    async def wrapped(prompt: str) -> str:
        answer = await complete(prompt)
        answers.append(answer)
        return answer

    return wrapped


def _label_of(reason: str) -> SensitivityLevel:
    """The model's level from the reason assess_async recorded ("classifier says X"; else restricted)."""
    said = reason.removeprefix("classifier says ").strip()
    return SensitivityLevel(said) if said in {level.value for level in LEVELS} else SensitivityLevel.RESTRICTED


async def measure(run: Run, classifier: ModelClassifier, prompts: Sequence[Prompt], answers: list[str]) -> None:
    """Both stages as the daemon runs them, first (that is the time measured); the model's own label
    where the patterns already said restricted (stage 2 is skipped there) comes from a separate call."""
    detector = detector_from_config(PrivacyConfig())
    await asyncio.to_thread(detector.warm_up)
    await classifier.classify("warm-up: load the model")  # the load is not counted
    for prompt in prompts:
        payload = ChatPayload(({"role": "user", "content": prompt.text},))
        started = time.perf_counter()
        pattern = await assess_async(payload, detector, None)
        pattern_s = time.perf_counter() - started
        answers.clear()
        started = time.perf_counter()
        both = await assess_async(payload, detector, classifier)
        both_s = time.perf_counter() - started
        ran = pattern.level is not SensitivityLevel.RESTRICTED
        if ran:
            reason = next(r for r in both.reasons if r.startswith("classifier"))
            model_level, model_s = _label_of(reason), max(0.0, both_s - pattern_s)
        else:
            started = time.perf_counter()
            model_level, reason = await classifier.classify(prompt.text)
            model_s = time.perf_counter() - started
        raw = answers[-1] if answers else ""
        run.rows.append(
            {
                "id": prompt.id,
                "lang": prompt.lang,
                "reference": prompt.level.value,
                "pattern": pattern.level.value,
                "model": model_level.value,
                "final": both.level.value,
                "reason": reason,
                "answer": raw,
                "ran": ran,
                "model_s": round(model_s, 4),
                "added_s": round(max(0.0, both_s - pattern_s), 4) if ran else 0.0,
            }
        )
        print(f"  {prompt.id} ref={prompt.level.value:12} pattern={pattern.level.value:12} "
              f"model={model_level.value:12} final={both.level.value:12} {model_s:5.2f}s  {reason}  {raw!r}",
              flush=True)  # fmt: skip


def summarise(run: Run) -> dict[str, object]:
    rows = run.rows
    if not rows:
        return {"model": run.model, "mode": run.mode, "state": run.state, "prompts": 0}
    ref = [SensitivityLevel(str(r["reference"])) for r in rows]
    model = [SensitivityLevel(str(r["model"])) for r in rows]
    pattern = [SensitivityLevel(str(r["pattern"])) for r in rows]
    final = [SensitivityLevel(str(r["final"])) for r in rows]
    n = len(rows)
    ran = [r for r in rows if r["ran"]]
    lowered_final = sum(RANK[f] < RANK[p] for f, p in zip(final, pattern, strict=True))
    assert lowered_final == 0, f"{run.model}: the final level fell below the pattern level"
    added = [float(str(r["added_s"])) for r in ran]
    model_times = [float(str(r["model_s"])) for r in rows]
    return {
        "model": run.model,
        "mode": run.mode,
        "state": run.state,
        "prompts": n,
        "model_agreement": sum(a is b for a, b in zip(ref, model, strict=True)) / n,
        "model_kappa": kappa(ref, model),
        "model_labels": dict(Counter(m.value for m in model)),
        "pattern_agreement": sum(a is b for a, b in zip(ref, pattern, strict=True)) / n,
        "final_agreement": sum(a is b for a, b in zip(ref, final, strict=True)) / n,
        "pattern_below_reference": sum(RANK[p] < RANK[r] for p, r in zip(pattern, ref, strict=True)) / n,
        "final_below_reference": sum(RANK[f] < RANK[r] for f, r in zip(final, ref, strict=True)) / n,
        "final_above_reference": sum(RANK[f] > RANK[r] for f, r in zip(final, ref, strict=True)) / n,
        "ran": len(ran),
        "raised": sum(RANK[f] > RANK[p] for f, p in zip(final, pattern, strict=True)),
        "would_lower": sum(RANK[m] < RANK[p] for m, p in zip(model, pattern, strict=True)),
        "lowered": lowered_final,
        "failed": sum(("timed out" in str(r["reason"])) or ("failed" in str(r["reason"])) for r in rows),
        "no_label": sum("no label" in str(r["reason"]) for r in rows),
        "added_p50_s": _percentile(added, 0.5),
        "added_p95_s": _percentile(added, 0.95),
        "model_p50_s": statistics.median(model_times),
        "model_p95_s": _percentile(model_times, 0.95),
    }


def _cpu_name() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text("utf-8")
    except OSError:
        return platform.machine()
    return next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "CPU")


def _pct(value: object) -> str:
    return f"{float(str(value)):.0%}"


def report(summaries: Sequence[dict[str, object]], runs: Sequence[Run], command: str, machine: str) -> str:
    head = [
        "# MIST stage 2: the local-model classifier, measured",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine}  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  ",
        f"Prompts: `{PROMPTS.name}`, {len(runs[0].rows) if runs else 0} prompts labelled by hand "
        f"({', '.join(f'{k} {v}' for k, v in sorted(Counter(p.level.value for p in load_prompts()).items()))}), "
        "in 7 languages. Reference labels are one person's judgement.",
        "",
        f"| model | answer | stage 2 by name | model = label | kappa (bar {MIN_KAPPA:g}) | labels it gave | "
        "patterns = label | "
        "both = label | below label: patterns → both | raised | would lower | failed / no label | "
        "added p50 / p95 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        if not s.get("prompts"):
            head.append(f"| {s['model']} | {s['mode']} | {s['state']} | – | – | – | – | – | – | – | – | – | – |")
            continue
        given = s["model_labels"]
        assert isinstance(given, dict)
        labels = ", ".join(f"{k} {v}" for k, v in sorted(given.items()))
        head.append(
            f"| {s['model']} | {s['mode']} | {s['state']} | {_pct(s['model_agreement'])} | "
            f"{float(str(s['model_kappa'])):.2f} | {labels} | {_pct(s['pattern_agreement'])} | "
            f"{_pct(s['final_agreement'])} | {_pct(s['pattern_below_reference'])} → "
            f"{_pct(s['final_below_reference'])} | {s['raised']} of {s['ran']} run | {s['would_lower']} "
            f"(lowered: {s['lowered']}) | {s['failed']} / {s['no_label']} | "
            f"{float(str(s['added_p50_s'])) * 1000:.0f} / {float(str(s['added_p95_s'])) * 1000:.0f} ms |"
        )
    return "\n".join(head) + "\n"


async def main_async(args: argparse.Namespace) -> int:
    load_before = os.getloadavg()[0]
    prompts = load_prompts()[: args.limit] if args.limit else load_prompts()
    engine = LocalEngine(EngineConfig())
    await engine.start()
    runs: list[Run] = []
    try:
        candidates = await asyncio.to_thread(judge_candidates, engine.catalog)
        names = args.models or [c.name for c in candidates]
        for name in names:
            modes = [("label", engine_completer(engine))] + ([("free", free_completer(engine))] if args.free else [])
            for mode, complete_for in modes:
                answers: list[str] = []

                def recorded(
                    model: str, complete_for: CompleteFor = complete_for, answers: list[str] = answers
                ) -> Complete:
                    return recording(complete_for(model), answers)

                classifier, state = build_classifier(name, recorded, args.timeout)
                if classifier is None and args.force:
                    classifier = ModelClassifier(recorded(name), args.timeout)
                    state = (
                        "refused by name (" + state.removeprefix("model classifier off: ") + "); measured with --force"
                    )
                # by name: on, or why build_classifier refuses it (its note on the bar reads MEASURED,
                # which is what this run measures, so it is left out here)
                run = Run(name, mode, "on" if state.startswith("model classifier on") else state)
                runs.append(run)
                print(f"{name} [{mode}]: {run.state}", flush=True)
                if classifier is not None:
                    await measure(run, classifier, prompts, answers)
            await asyncio.to_thread(engine.pool.unload_all)  # one model resident at a time
    finally:
        await engine.aclose()
    summaries = [summarise(run) for run in runs]
    print(json.dumps(summaries, indent=2))
    machine = (
        f"{_cpu_name()}, {os.cpu_count()} CPU threads (shared with other work), "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, llama.cpp CPU build; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    command = " ".join([".venv/bin/python benchmarks/privacy/bench_stage2.py", *sys.argv[1:]])
    text = report(summaries, runs, command, machine)
    print(text)
    if args.write:
        details = json.dumps({run.model + "/" + run.mode: run.rows for run in runs}, indent=1, ensure_ascii=False)
        old = REPORT.read_text("utf-8") if REPORT.exists() else ""
        notes = old[old.index(NOTES) :] if NOTES in old else f"\n{NOTES}\n"
        REPORT.write_text(text + notes, "utf-8")
        (HERE / "stage2_rows.json").write_text(details + "\n", "utf-8")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", nargs="*", help="catalogue names (default: every local model)")
    ap.add_argument("--force", action="store_true", help="also measure models build_classifier refuses")
    ap.add_argument("--free", action="store_true", help="also measure the free-text answer (no grammar)")
    ap.add_argument("--timeout", type=float, default=PrivacyConfig().classifier_timeout_s)
    ap.add_argument("--limit", type=int, default=0, help="only the first N prompts")
    ap.add_argument("--write", action="store_true", help="write STAGE2.md and stage2_rows.json")
    return asyncio.run(main_async(ap.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
