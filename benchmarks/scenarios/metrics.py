"""From outcomes to the numbers in the tables.

* **privacy violation** — the request's TRUE sensitivity (from how its text was generated) is
  above the privacy score P of an island that received its content (failover attempts count:
  the content left the device either way). Sanitization is not credited: it is defence in depth
  and the design never lets it lower the bar (docs/routing.md).
* **latency** — arrival to last token of served requests, nearest-rank percentiles.
* **failed** — not served: no eligible island, local queue full (503), or the island failed and
  the one failover failed too. **queued** — waited for a slot anywhere, or the router queued it
  on this device because nothing else could take it.
* **route flap** — within one stream of requests (same priority tier and detected level), the
  island changes and changes back (A → B → A) within 120 s.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from islandrun.core.sensitivity import SensitivityLevel

from .sim import Outcome, Run

__all__ = ["FLAP_WINDOW_S", "Summary", "detection_confusion", "percentile", "route_flaps", "summarize"]

FLAP_WINDOW_S = 120.0
LEVELS = (
    SensitivityLevel.PUBLIC,
    SensitivityLevel.INTERNAL,
    SensitivityLevel.CONFIDENTIAL,
    SensitivityLevel.RESTRICTED,
)


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100.0 * len(ordered)))
    return ordered[rank - 1]


def route_flaps(outcomes: Sequence[Outcome]) -> tuple[int, int]:
    """(route changes, flaps) over served requests, per (priority, detected level) stream."""
    last: dict[tuple[str, str], list[tuple[float, str]]] = {}
    changes = flaps = 0
    for o in outcomes:
        if not o.ok or o.island is None:
            continue
        stream = last.setdefault((o.priority, o.detected_level.value), [])
        if stream and stream[-1][1] != o.island:
            changes += 1
            if len(stream) >= 2 and stream[-2][1] == o.island and o.t - stream[-2][0] <= FLAP_WINDOW_S:
                flaps += 1
        stream.append((o.t, o.island))
        del stream[:-2]
    return changes, flaps


@dataclass(frozen=True)
class Summary:
    scenario: str
    strategy: str
    requests: int
    served: int
    failed: int
    queued: int
    violations: int
    violations_restricted: int  # of which the true level was restricted
    cost_usd: float
    p50_s: float
    p95_s: float
    p99_s: float
    mean_wait_s: float
    shares: dict[str, float]  # island → share of served requests
    route_changes: int
    flaps: int
    gate_flips: int
    fail_reasons: dict[str, int]


def summarize(run: Run) -> Summary:
    outs = run.outcomes
    served = [o for o in outs if o.ok]
    latencies = [o.latency_s for o in served]
    islands = Counter(o.island for o in served if o.island is not None)
    changes, flaps = route_flaps(outs)
    reasons = Counter(o.reason for o in outs if not o.ok)
    return Summary(
        scenario=run.scenario,
        strategy=run.strategy,
        requests=len(outs),
        served=len(served),
        failed=len(outs) - len(served),
        queued=sum(1 for o in outs if o.queued),
        violations=sum(1 for o in outs if o.violation),
        violations_restricted=sum(1 for o in outs if o.violation and o.true_level is SensitivityLevel.RESTRICTED),
        cost_usd=sum(o.cost_usd for o in outs),
        p50_s=percentile(latencies, 50),
        p95_s=percentile(latencies, 95),
        p99_s=percentile(latencies, 99),
        mean_wait_s=sum(o.wait_s for o in served) / len(served) if served else math.nan,
        shares={island: count / len(served) for island, count in sorted(islands.items())},
        route_changes=changes,
        flaps=flaps,
        gate_flips=run.gate_flips,
        fail_reasons=dict(reasons.most_common()),
    )


def detection_confusion(outcomes: Sequence[Outcome]) -> dict[tuple[SensitivityLevel, SensitivityLevel], int]:
    """(true level, detected level) → count."""
    counts: Counter[tuple[SensitivityLevel, SensitivityLevel]] = Counter(
        (o.true_level, o.detected_level) for o in outcomes
    )
    return {(t, d): counts.get((t, d), 0) for t in LEVELS for d in LEVELS}
