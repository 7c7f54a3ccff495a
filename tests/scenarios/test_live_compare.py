"""The live mode's comparison arithmetic, without servers: when the "live" records are the
simulator's own outcomes, routes agree 100 % and every latency ratio is 1. (The replay itself
needs three model servers and minutes of CPU; it is run by hand: docs/evaluation.md.)"""

from __future__ import annotations

import math

from benchmarks.scenarios.live import LiveRecord, LiveResult, compare, live_trace, simulate_live

CALIBRATION = {
    "local": {"ttft_s": 0.4, "decode_tps": 14.0},
    "edge": {"ttft_s": 0.5, "decode_tps": 14.0},
    "cloud": {"ttft_s": 0.9, "decode_tps": 14.0},
}


def test_live_trace_is_retimed_and_calibration_prompts_are_not_replayed() -> None:
    trace, probes = live_trace(seed=7, n=10, gap_s=3.0)
    assert [r.t for r in trace] == sorted(r.t for r in trace) and trace[0].t == 0.0
    assert {r.index for r in trace}.isdisjoint(r.index for r in probes)


def test_a_replay_that_matches_the_simulator_scores_full_agreement() -> None:
    trace, _ = live_trace(seed=7, n=12, gap_s=2.0)
    empty = LiveResult([LiveRecord(r.index, r.t, r.priority.value, "", "local", 1.0, 30) for r in trace], CALIBRATION)
    sim = simulate_live(trace, empty)
    mirrored = LiveResult(
        [LiveRecord(o.index, o.t, o.priority, o.detected_level.value, o.island, o.latency_s, 30) for o in sim.outcomes],
        CALIBRATION,
    )
    summary = compare(mirrored, simulate_live(trace, mirrored))
    assert summary["compared"] == 12
    assert summary["route_agreement"] == 1.0
    assert math.isclose(summary["latency_ratio_median"], 1.0) and math.isclose(summary["latency_ratio_p90"], 1.0)
    # Queues formed: the local island was busy, so some work went to the edge server.
    assert summary["sim_islands"]["edge"] > 0
