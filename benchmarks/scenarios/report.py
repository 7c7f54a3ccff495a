"""docs/evaluation.md from the results: tables, the claims check and the method, all generated so
that the text and the numbers cannot drift apart. The hand-written parts live in
:mod:`.report_text`."""

from __future__ import annotations

import math
import os
import platform
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import report_text
from .metrics import LEVELS, Summary, detection_confusion, percentile
from .scenarios import Scenario
from .sim import Run

if TYPE_CHECKING:
    from .run import Results

__all__ = ["render"]


def _f(value: float, digits: int = 1) -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None) -> str:
    align = align or ("l" + "r" * (len(header) - 1))
    marks = ["---" if a == "l" else "---:" for a in align]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def results_table(summaries: Sequence[Summary]) -> str:
    rows = []
    for s in summaries:
        shares = ", ".join(f"{k} {v:.0%}" for k, v in s.shares.items() if v >= 0.005)
        rows.append(
            (
                f"**{s.strategy}**" if s.strategy == "islandrun" else s.strategy,
                s.violations,
                s.violations_restricted,
                f"{s.cost_usd:.3f}",
                _f(s.p50_s),
                _f(s.p95_s),
                _f(s.p99_s),
                s.failed,
                s.queued,
                s.flaps,
                s.route_changes,
                s.gate_flips or "–",
                shares,
            )
        )
    header = ("strategy", "violations", "of which restricted", "cost $", "p50 s", "p95 s", "p99 s", "failed",
              "queued", "route flaps", "route changes", "gate flips", "where served")  # fmt: skip
    return _table(header, rows, "l" + "r" * 11 + "l")


def islands_table(scenario: Scenario) -> str:
    rows = []
    for m in scenario.islands:
        i = m.island
        price = "0" if i.prices.free else f"{i.prices.input_per_mtok:g} / {i.prices.output_per_mtok:g}"
        slots = "elastic" if m.slots == 0 else f"{m.slots} (queue {m.max_queue})"
        fails = "never" if m.mtbf_s is None else f"MTBF {m.mtbf_s / 3600:g} h, MTTR {m.mttr_s / 60:g} min"
        off = ", ".join(f"{a / 3600:g}–{b / 3600:g} h" for a, b in m.schedule_off) or "–"
        busy = len(m.busy)
        rows.append(
            (
                f"{i.name} (`{i.id}`, {i.kind.value})",
                f"{i.privacy:.2f}",
                price,
                slots,
                f"{m.decode_tps:g}",
                f"{m.ttft_s:g}",
                f"{m.rtt_ms:g}" if m.rtt_ms else "–",
                f"{m.error_rate:.0%}" if m.error_rate else "–",
                fails,
                off,
                f"{busy} periods" if busy else "–",
                "yes" if m.battery else "–",
                f"{i.latency_estimate_ms:g}",
            )
        )
    header = ("island", "P", "$ / Mtok in / out", "slots", "tok/s", "TTFT s", "RTT ms", "errors", "outages",
              "off (asleep)", "owner busy", "battery", "router's latency estimate ms")  # fmt: skip
    return _table(header, rows, "l" + "r" * 7 + "lllll")


def confusion_table(run: Run) -> str:
    counts = detection_confusion(run.outcomes)
    rows = []
    for t in LEVELS:
        total = sum(counts[(t, d)] for d in LEVELS)
        if total == 0:
            continue
        rows.append((f"true {t.value}", *(counts[(t, d)] for d in LEVELS), total))
    return _table(("", *(f"detected {d.value}" for d in LEVELS), "total"), rows)


def misses_table(run: Run, scenario: Scenario) -> str:
    """Which templates MIST under-rated, with one example text each (all texts are synthetic)."""
    under: Counter[tuple[str, str]] = Counter()
    example: dict[str, str] = {}
    for o in run.outcomes:
        if o.detected_level.score < o.true_level.score:
            prompt = scenario.trace[o.index].prompt
            under[(prompt.template, o.detected_level.value)] += 1
            example.setdefault(prompt.template, prompt.text)
    if not under:
        return "Detection under-rated no request."
    rows = []
    for (template, detected), count in under.most_common(8):
        text = example[template].replace("\n", " ")
        rows.append((f"`{template}` → {detected}", count, (text[:90] + "…") if len(text) > 90 else text))
    return _table(("under-rated template → detected as", "requests", "example"), rows, "lrl")


def spread_table(per: dict[str, list[Summary]], seeds: Sequence[int]) -> str:
    rows = []
    for name, sums in per.items():

        def cell(attr: str, digits: int, sums: list[Summary] = sums) -> str:
            vals = [getattr(s, attr) for s in sums]
            return f"{sum(vals) / len(vals):.{digits}f} [{min(vals):.{digits}f}–{max(vals):.{digits}f}]"

        rows.append((name, cell("violations", 1), cell("p95_s", 1), cell("cost_usd", 3), cell("failed", 1)))
    header = (f"strategy (seeds {seeds[0]}–{seeds[-1]})", "violations", "p95 s", "cost $", "failed")
    return _table(header, rows)


def sweep_table(sweep: dict[int, list[Summary]]) -> str:
    loads = sorted(sweep)
    names = [s.strategy for s in sweep[loads[0]]]
    rows = []
    for name in names:
        cells = []
        for load in loads:
            s = next(x for x in sweep[load] if x.strategy == name)
            cells.append(f"{_f(s.p95_s)} s · {s.violations} v · {s.failed} f")
        rows.append((name, *cells))
    return _table(("strategy", *(f"{n}/day: p95 · violations · failed" for n in loads)), rows)


def contention_table(results: Results) -> str:
    rows = []
    for (name, c), sums in sorted(results.contention.items()):
        by = {x.strategy: x for x in sums}
        cells = [f"{_f(by[s].p95_s)} / {_f(by[s].p99_s)} s · {by[s].failed} f" for s in by]
        rows.append((name, f"{c:g}" + (" (default)" if c == 0.6 else ""), *cells))
    names = [x.strategy for x in next(iter(results.contention.values()))]
    return _table(("scenario", "contention", *(f"{n}: p95 / p99 · failed" for n in names)), rows)


def decision_times(results: Results) -> tuple[str, dict[str, float], dict[str, float]]:
    """The table, and per scenario p50 and p99 of ``route`` alone (fastest of three)."""
    rows = []
    p50s: dict[str, float] = {}
    p99s: dict[str, float] = {}
    for name, runs in results.runs.items():
        run = runs["islandrun"]
        once = [t * 1000.0 for t in run.decision_times_s]
        fastest = [t * 1000.0 for t in run.route_times_s]
        if not once:
            continue
        p50s[name], p99s[name] = percentile(fastest, 50), percentile(fastest, 99)
        rows.append(
            (
                name,
                len(results.scenarios[name].islands),
                len(once),
                f"{p50s[name]:.3f}",
                f"{p99s[name]:.3f}",
                f"{percentile(once, 50):.3f}",
                f"{percentile(once, 99):.3f}",
                f"{max(once):.3f}",
            )
        )
    header = ("scenario", "islands", "decisions", "route p50 ms", "route p99 ms",
              "snapshot + route p50 ms", "p99 ms", "max ms")  # fmt: skip
    return _table(header, rows), p50s, p99s


def routing_violations(run: Run, scenario: Scenario) -> int:
    """Requests sent to an island whose P is below what MIST *detected*: the router's own fault."""
    privacy = {m.island.id: m.island.privacy for m in scenario.islands}
    return sum(1 for o in run.outcomes if any(privacy[i] + 1e-9 < o.detected_level.score for i in o.exposed_to))


def render(results: Results) -> str:
    parts: list[str] = [report_text.intro(results.seed, results.elapsed_s, platform.platform())]
    dt_table, dt_p50, dt_p99 = decision_times(results)
    parts.append(report_text.claims(results, dt_p50, dt_p99, routing_violations))
    for name, scenario in results.scenarios.items():
        main_run = results.runs[name]["islandrun"]
        parts.append(report_text.scenario_intro(name, scenario))
        parts.append("#### Islands (simulated)\n\n" + islands_table(scenario))
        parts.append(f"#### Results (seed {results.seed})\n\n" + results_table(results.summaries[name]))
        parts.append(f"![{scenario.title}]({results.plots.get(name, '')})")
        reasons = Counter()  # type: Counter[str]
        for s in results.summaries[name]:
            for why, count in s.fail_reasons.items():
                reasons[f"{s.strategy}: {why}"] += count
        if reasons:
            parts.append("Why requests failed:\n\n" + _table(("strategy: reason", "requests"), reasons.most_common()))
        parts.append(
            "#### Detection on this trace (MIST, pattern stage)\n\n"
            + confusion_table(main_run)
            + "\n\n"
            + misses_table(main_run, scenario)
        )
        if name == "personal" and "timeline" in results.plots:
            parts.append(f"![timeline]({results.plots['timeline']})")
    if results.spread:
        parts.append(
            f"### Spread over seeds\n\nMean [min–max] over {len(results.spread_seeds)} further seeds"
            " (new texts, arrivals, busy periods, outages).\n"
        )
        for name, per in results.spread.items():
            parts.append(f"**{name}**\n\n" + spread_table(per, results.spread_seeds))
    if results.contention:
        parts.append(report_text.CONTENTION_INTRO + "\n\n" + contention_table(results))
    if results.sweep:
        parts.append(report_text.SWEEP_INTRO + "\n\n" + sweep_table(results.sweep))
        parts.append(f"![load sweep]({results.plots.get('sweep', '')})")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    parts.append(report_text.DECISION_TIME_INTRO + f" Load average when the page was written: {load}.\n\n" + dt_table)
    parts.append(report_text.METHOD)
    parts.append(report_text.live_section(results.live))
    parts.append(report_text.LIMITS)
    return "\n\n".join(p.strip("\n") for p in parts) + "\n"
