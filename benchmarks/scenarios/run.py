"""One command for the whole evaluation: simulate, tabulate, plot, write docs/evaluation.md.

    .venv/bin/python -m benchmarks.scenarios.run            # everything (a few minutes on 2 cores)
    .venv/bin/python -m benchmarks.scenarios.run --quick    # main seed only, no sweep / seed spread

Deterministic for a given ``--seed``: the same tables and plots every time, except the one table
of measured decision times (wall-clock, machine-dependent), which says so.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .metrics import Summary, summarize
from .plots import plot_headline, plot_sweep, plot_timeline
from .report import render
from .scenarios import Scenario, build_scenario, healthcare
from .sim import Run, detect, simulate
from .strategies import STRATEGIES, IslandRun, make_strategy

__all__ = ["Results", "evaluate", "main"]

ROOT = Path(__file__).resolve().parents[2]
SWEEP_LOADS = (500, 1000, 2000, 4000)
SWEEP_STRATEGIES = ("islandrun", "cloud-only", "local-only", "latency-greedy", "privacy-only", "no-capacity")
CONTENTION = (0.0, 0.3, 0.6, 0.9)
CONTENTION_STRATEGIES = ("islandrun", "local-only", "privacy-only")
SPREAD_STRATEGIES = (
    "islandrun",
    "cloud-only",
    "local-only",
    "latency-greedy",
    "privacy-only",
    "no-detection",
    "islandrun-signal",
)


@dataclass
class Results:
    seed: int
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    runs: dict[str, dict[str, Run]] = field(default_factory=dict)
    summaries: dict[str, list[Summary]] = field(default_factory=dict)
    samples: dict[str, list[tuple[float, str, float, bool]]] = field(default_factory=dict)
    spread: dict[str, dict[str, list[Summary]]] = field(default_factory=dict)  # scenario → strategy → per seed
    spread_seeds: list[int] = field(default_factory=list)
    sweep: dict[int, list[Summary]] = field(default_factory=dict)
    contention: dict[tuple[str, float], list[Summary]] = field(default_factory=dict)  # (scenario, c)
    plots: dict[str, str] = field(default_factory=dict)  # name → path relative to docs/
    live: dict[str, object] | None = None  # docs/evaluation/live.json, written by the live mode
    elapsed_s: float = 0.0


Sample = tuple[float, str, float, bool]


def _run_all(
    scenario: Scenario, strategies: tuple[str, ...], *, record: bool = False
) -> tuple[dict[str, Run], list[Sample]]:
    found = detect(scenario)
    runs: dict[str, Run] = {}
    samples: list[Sample] = []
    for name in strategies:
        strategy = make_strategy(name)
        if record and isinstance(strategy, IslandRun) and name == "islandrun":
            strategy.samples = samples
        runs[name] = simulate(scenario, strategy, found, time_decisions=record and name == "islandrun")
    return runs, samples


def evaluate(seed: int, *, spread_seeds: int = 5, sweep: bool = True, log: bool = True) -> Results:
    started = time.perf_counter()
    results = Results(seed)

    def say(msg: str) -> None:
        if log:
            print(f"[{time.perf_counter() - started:6.1f} s] {msg}", file=sys.stderr, flush=True)

    for name in ("healthcare", "personal"):
        scenario = build_scenario(name, seed)
        results.scenarios[name] = scenario
        runs, samples = _run_all(scenario, STRATEGIES, record=True)
        results.runs[name] = runs
        results.samples[name] = samples
        results.summaries[name] = [summarize(runs[s]) for s in STRATEGIES]
        say(f"{name}: {len(scenario.trace)} requests × {len(STRATEGIES)} strategies")
    results.spread_seeds = [seed + k for k in range(1, spread_seeds + 1)]
    for name in ("healthcare", "personal") if spread_seeds else ():
        per: dict[str, list[Summary]] = {s: [] for s in SPREAD_STRATEGIES}
        for other in results.spread_seeds:
            runs, _ = _run_all(build_scenario(name, other), SPREAD_STRATEGIES)
            for s in SPREAD_STRATEGIES:
                per[s].append(summarize(runs[s]))
        results.spread[name] = per
        say(f"{name}: {spread_seeds} more seeds")
    if sweep:
        for name in ("healthcare", "personal"):
            base = results.scenarios[name]
            for c in CONTENTION:
                scenario = dataclasses.replace(
                    base, islands=tuple(dataclasses.replace(m, contention=c) for m in base.islands)
                )
                runs, _ = _run_all(scenario, CONTENTION_STRATEGIES)
                results.contention[(name, c)] = [summarize(runs[s]) for s in CONTENTION_STRATEGIES]
        say("contention sensitivity")
        for load in SWEEP_LOADS:
            runs, _ = _run_all(healthcare(seed, n=load), SWEEP_STRATEGIES)
            results.sweep[load] = [summarize(runs[s]) for s in SWEEP_STRATEGIES]
            say(f"sweep: {load} queries/day")
    results.elapsed_s = time.perf_counter() - started
    return results


def write_plots(results: Results, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, scenario in results.scenarios.items():
        path = plot_headline(results.summaries[name], scenario.title, folder / f"{name}.png")
        results.plots[name] = f"evaluation/{path.name}"
    path = plot_timeline(
        results.runs["personal"]["islandrun"],
        results.samples["personal"],
        "Personal group, IslandRun: the laptop's capacity, its secondary gate, and where requests ran",
        folder / "personal_timeline.png",
    )
    results.plots["timeline"] = f"evaluation/{path.name}"
    if results.sweep:
        path = plot_sweep(results.sweep, folder / "load_sweep.png")
        results.plots["sweep"] = f"evaluation/{path.name}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--seeds", type=int, default=5, help="extra seeds for the spread table (0: none)")
    parser.add_argument("--quick", action="store_true", help="main seed only: no spread, no load sweep")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "evaluation.md")
    args = parser.parse_args(argv)
    results = evaluate(args.seed, spread_seeds=0 if args.quick else args.seeds, sweep=not args.quick)
    write_plots(results, args.out.parent / "evaluation")
    live = args.out.parent / "evaluation" / "live.json"
    if live.exists():
        results.live = json.loads(live.read_text(encoding="utf-8"))
    args.out.write_text(render(results), encoding="utf-8")
    print(f"wrote {args.out} and {len(results.plots)} plots in {results.elapsed_s:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
