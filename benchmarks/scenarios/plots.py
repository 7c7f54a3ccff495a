"""The evaluation's figures (matplotlib, Agg backend, PNG): one function per figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .metrics import Summary
from .sim import Run

__all__ = ["plot_headline", "plot_sweep", "plot_timeline"]

COLORS = {
    "islandrun": "#1f77b4",
    "cloud-only": "#d62728",
    "local-only": "#2ca02c",
    "latency-greedy": "#ff7f0e",
    "privacy-only": "#9467bd",
    "no-detection": "#8c564b",
    "no-capacity": "#e377c2",
    "no-hysteresis": "#7f7f7f",
    "no-discovery": "#bcbd22",
}
ISLAND_COLORS = {
    "local": "#1f77b4",
    "edge": "#17becf",
    "cloud": "#d62728",
    "phone": "#ff7f0e",
    "tv": "#9467bd",
    "nas": "#2ca02c",
}


def _save(fig: Figure, path: Path) -> Path:
    fig.tight_layout()
    # Fixed metadata so that the same numbers give the same bytes (no creation date).
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)
    return path


def plot_headline(summaries: Sequence[Summary], title: str, path: Path) -> Path:
    names = [s.strategy for s in summaries]
    colors = [COLORS.get(n, "#333333") for n in names]
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    axes[0].bar(names, [s.violations for s in summaries], color=colors)
    axes[0].set_title("privacy violations (requests)")
    width = 0.27
    xs = range(len(names))
    for k, (label, attr) in enumerate((("p50", "p50_s"), ("p95", "p95_s"), ("p99", "p99_s"))):
        axes[1].bar([x + (k - 1) * width for x in xs], [getattr(s, attr) for s in summaries], width, label=label)
    axes[1].set_xticks(list(xs), names)
    axes[1].set_title("latency of served requests (s)")
    axes[1].legend()
    axes[2].bar(names, [s.cost_usd for s in summaries], color=colors)
    axes[2].set_title("cloud cost for the day (USD)")
    for ax in axes:
        ax.tick_params(axis="x", rotation=60)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(title)
    return _save(fig, path)


def plot_timeline(run: Run, samples: Sequence[tuple[float, str, float, bool]], title: str, path: Path) -> Path:
    """This device's capacity and secondary gate over the day, and where each request ran."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(13, 6), sharex=True, gridspec_kw={"height_ratios": [2, 1.4]})
    local = [(t / 3600.0, c, open_) for t, island, c, open_ in samples if island == "local"]
    if local:
        hours, caps, gate = zip(*local, strict=True)
        top.plot(hours, caps, lw=0.6, color="#1f77b4", label="C (laptop, TIDE formula)")
        top.fill_between(hours, 0, [1.0 if g else 0.0 for g in gate], step="post", alpha=0.12, color="#2ca02c",
                         label="secondary gate open")  # fmt: skip
        top.axhline(0.5, color="k", ls="--", lw=0.8, label="θ secondary = 0.5 (reopens above 0.6)")
    top.set_ylabel("capacity")
    top.set_ylim(0, 1.02)
    top.legend(loc="lower left", fontsize=8)
    islands = sorted({o.island or "failed" for o in run.outcomes})
    for row, island in enumerate(islands):
        pts = [o.t / 3600.0 for o in run.outcomes if (o.island or "failed") == island]
        bottom.scatter(pts, [row] * len(pts), s=9, color=ISLAND_COLORS.get(island, "#000000"))
    bottom.set_yticks(range(len(islands)), islands)
    bottom.set_xlabel("hour of day")
    bottom.set_title("where each request ran", fontsize=10)
    fig.suptitle(title)
    return _save(fig, path)


def plot_sweep(results: Mapping[int, Sequence[Summary]], path: Path) -> Path:
    loads = sorted(results)
    strategies = [s.strategy for s in results[loads[0]]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
    for name in strategies:
        rows = [next(s for s in results[n] if s.strategy == name) for n in loads]
        color = COLORS.get(name, "#333333")
        left.plot(loads, [r.p95_s for r in rows], marker="o", label=name, color=color)
        right.plot(loads, [r.failed for r in rows], marker="o", label=name, color=color)
    left.set_title("p95 latency (s) vs daily queries")
    left.set_yscale("log")
    right.set_title("failed requests vs daily queries")
    for ax in (left, right):
        ax.set_xlabel("queries per day (healthcare mix)")
        ax.grid(alpha=0.3)
    left.legend(fontsize=8)
    return _save(fig, path)
