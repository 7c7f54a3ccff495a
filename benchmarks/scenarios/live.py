"""Live mode: replay a short trace against real engines and compare with the simulator.

    .venv/bin/python -m benchmarks.scenarios.live [--requests 20] [--gap 3] [--write]

* **this device** — SHORE's real ``LocalEngine`` on the embedded model (tier queue, one slot);
* **edge** and **cloud** — two ``python -m llama_cpp.server`` processes on the same model,
  reached through HORIZON's real ``RemoteDispatcher`` (sanitization on the way out included);
* **decisions** — MIST's ``assess``, ``routing.snapshot_builder.build_snapshot`` with real ``CapacityGates``
  fed once a second, WAVES' ``route`` — the same calls the simulator makes. This device's
  capacity comes from the engine's own queue and in-flight count by the same formula the
  simulator uses (the machine's psutil CPU load is other people's work here, not ours).

The trace is the first ``--requests`` requests of the healthcare scenario, re-timed to arrive
``--gap`` seconds apart on average (the clinic's day compressed so that queues form), with
``max_tokens`` 40. The islands are calibrated first (lines through two requests each of 1, 16
and 40 tokens on each island: one shared decode rate, a time to first token per island); the
simulator then replays the same trace (same
arrival times, same prompts, the completion lengths the live run produced) over islands with
those parameters. Agreement is reported as: the share of requests routed to the same island,
and the ratio of simulated to measured latency per request (median, p90) and of the p50/p95.

This mode calls the components the daemon wires, directly; ``--via-daemon`` sends the same
trace through ``islandrun serve`` instead (:mod:`.live_daemon`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from islandrun.core.capacity.formula import ProbeStatus, ProbeView, capacity_from
from islandrun.core.capacity.hysteresis import CapacityGates
from islandrun.core.capacity.probes import Reading
from islandrun.core.engines.config import EngineConfig
from islandrun.core.engines.embedded import ensure_embedded_model
from islandrun.core.engines.local import LocalEngine
from islandrun.core.engines.types import ChatMessage, ChatRequest
from islandrun.core.errors import NoEligibleIslandError
from islandrun.core.islands import Island, IslandKind, IslandRegistry, Jurisdiction, Prices, TrustSpec
from islandrun.core.privacy.assess import assess
from islandrun.core.privacy.vault import VaultStore
from islandrun.core.remote.dispatcher import RemoteDispatcher
from islandrun.core.remote.settings import RemoteTimeouts, RetryPolicy
from islandrun.core.remote.types import RemoteRequest
from islandrun.core.routing.request import RouteRequest
from islandrun.core.routing.router import route
from islandrun.core.routing.snapshot_builder import build_snapshot

from .metrics import percentile
from .scenarios import Scenario, TraceRequest, healthcare
from .sim import simulate
from .strategies import SIM_POLICY, make_strategy
from .world import IslandModel

__all__ = [
    "MAX_TOKENS",
    "LiveRecord",
    "LiveResult",
    "calibrate",
    "compare",
    "live_islands",
    "live_trace",
    "main",
    "replay",
    "simulate_live",
    "start_server",
    "stop",
    "wait_ready",
]

ROOT = Path(__file__).resolve().parents[2]
MAX_TOKENS = 40
GEN_PRESSURE = 0.85  # as in the simulator (world.IslandModel.gen_pressure)
LOCAL_MAX_QUEUE = 16
KEEP_RUNS = 4


@dataclass
class LiveRecord:
    index: int
    t: float
    priority: str
    detected: str
    island: str | None
    latency_s: float
    completion_tokens: int
    error: str = ""


@dataclass
class LiveResult:
    records: list[LiveRecord]
    calibration: dict[str, dict[str, float]]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(model: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--chat_format", "gemma",
             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "1024", "--n_threads", "1"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
    return proc, f"http://127.0.0.1:{port}"


def wait_ready(proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited: {log.read_text()[-1500:]}")
        try:
            if httpx.get(base + "/v1/models", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise RuntimeError("llama_cpp.server did not start within 180 s")


def live_islands(edge_url: str, cloud_url: str) -> list[Island]:
    base = healthcare(seed=0, n=1)
    local = base.model("local").island
    edge = replace(base.model("edge").island, endpoint=edge_url)
    cloud = Island(
        id="cloud",
        name="Cloud API (llama_cpp.server)",
        kind=IslandKind.CLOUD,
        trust_spec=TrustSpec(0.5, base.model("cloud").island.trust_spec.certification, Jurisdiction.SAME_COUNTRY),
        prices=Prices(2.50, 10.00),
        endpoint=cloud_url,
        expected_latency_ms=700.0,
    )
    return [local, edge, cloud]


def live_trace(seed: int, n: int, gap_s: float) -> tuple[list[TraceRequest], list[TraceRequest]]:
    """The replayed requests, and 25 further ones of the same scenario for calibration."""
    rng = random.Random(seed)
    whole = healthcare(seed).trace
    source, probes = whole[:n], list(whole[n : n + 25])
    out: list[TraceRequest] = []
    t = 0.0
    for r in source:
        out.append(replace(r, t=t))
        t += rng.expovariate(1.0 / gap_s)
    return out, probes


class Harness:
    """The live loop's state: in-flight counts per island and TIDE's gates."""

    def __init__(self, islands: Sequence[Island], engine: LocalEngine, dispatcher: RemoteDispatcher) -> None:
        self.islands = {i.id: i for i in islands}
        self.registry = IslandRegistry(islands)
        self.gates = CapacityGates(SIM_POLICY)
        self.engine = engine
        self.dispatcher = dispatcher
        self.inflight = 0  # local requests sent and not finished (one runs, the rest wait)

    def local_capacity(self) -> float:
        running, waiting = min(1, self.inflight), max(0, self.inflight - 1)
        views = [
            ProbeView("cpu", ProbeStatus.OK, Reading("cpu", True, max(0.05, GEN_PRESSURE * running))),
            ProbeView("engine", ProbeStatus.OK, Reading("engine", True, waiting / LOCAL_MAX_QUEUE)),
        ]
        return capacity_from(views).value

    def decide(self, r: TraceRequest, score: float) -> str | None:
        snapshot = build_snapshot(self.registry, self.gates, {"local": self.local_capacity()}, None)
        request = RouteRequest(f"r{r.index}", score, r.priority, input_tokens=r.input_tokens, output_tokens=MAX_TOKENS)
        try:
            return route(request, snapshot, SIM_POLICY).island_id
        except NoEligibleIslandError:
            return None

    async def run_one(self, r: TraceRequest, island_id: str, max_tokens: int = MAX_TOKENS) -> tuple[int, str]:
        messages = r.messages
        if island_id == "local":
            chat = ChatRequest(
                tuple(ChatMessage(m["role"], m["content"]) for m in messages),  # type: ignore[arg-type]
                max_tokens=max_tokens,
                temperature=0.0,
                seed=r.index,
                priority=r.priority,
            )
            self.inflight += 1
            try:
                result = await self.engine.chat(chat)
            finally:
                self.inflight -= 1
            return result.usage.completion_tokens, ""
        remote = await self.dispatcher.complete(
            [self.islands[island_id]],
            RemoteRequest(
                tuple(messages), max_tokens=max_tokens, temperature=0.0, seed=r.index, request_id=f"r{r.index}"
            ),
        )
        return remote.usage.completion_tokens, ""

    async def feed_gates(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.gates.update("local", self.local_capacity(), local=True)
            await asyncio.sleep(1.0)


def _timer(harness: Harness) -> Timer:
    async def timed(r: TraceRequest, island_id: str, max_tokens: int) -> tuple[float, int]:
        started = time.perf_counter()
        tokens, _ = await harness.run_one(r, island_id, max_tokens)
        return time.perf_counter() - started, tokens

    return timed


Timer = Callable[[TraceRequest, str, int], Awaitable[tuple[float, int]]]


async def calibrate(
    timed: Timer, islands: Sequence[str], probes: Sequence[TraceRequest]
) -> dict[str, dict[str, float]]:
    """Per island, after one warm-up request: requests of 1, 16 and 40 tokens (twice each, fresh
    prompts, no prompt cache), averaging each pair (the replay meets the machine's average load,
    not its best moment). Every island runs the same model with one thread, so one decode rate is fitted over all
    islands' points (``latency = TTFT_i + tokens / rate``) and each island gets its own TTFT."""
    points: dict[str, list[tuple[float, float]]] = {}
    fresh = iter(probes)
    for island_id in islands:
        await timed(next(fresh), island_id, 4)  # load the model, warm the caches
        points[island_id] = []
        for size in (1, 16, MAX_TOKENS):
            runs = [await timed(next(fresh), island_id, size) for _ in range(2)]
            for latency, tokens in runs:
                points[island_id].append((float(tokens), latency))
    means = {i: (sum(x for x, _ in p) / len(p), sum(y for _, y in p) / len(p)) for i, p in points.items()}
    sxy = sum((x - means[i][0]) * (y - means[i][1]) for i, p in points.items() for x, y in p)
    sxx = sum((x - means[i][0]) ** 2 for i, p in points.items() for x, _ in p)
    slope = min(max(sxy / sxx if sxx > 0 else 0.05, 1.0 / 500.0), 1.0)  # 1 to 500 tokens per second
    return {
        i: {"ttft_s": round(max(my - slope * mx, 0.02), 4), "decode_tps": round(1.0 / slope, 2)}
        for i, (mx, my) in means.items()
    }


async def replay(trace: Sequence[TraceRequest], probes: Sequence[TraceRequest], *, workdir: Path) -> LiveResult:
    model = ensure_embedded_model(target=workdir / "gemma-3-270m-q4_k_m.gguf")
    servers = [start_server(model, workdir / f"{name}.log") for name in ("edge", "cloud")]
    try:
        for (proc, base), name in zip(servers, ("edge", "cloud"), strict=True):
            wait_ready(proc, base, workdir / f"{name}.log")
        engine = LocalEngine(
            EngineConfig(
                n_threads=1,
                max_queue=LOCAL_MAX_QUEUE,
                discover_huggingface=False,
                discover_lmstudio=False,
                discover_ollama=False,
            )
        )
        await engine.start()
        try:
            async with httpx.AsyncClient() as http:
                dispatcher = RemoteDispatcher(
                    vaults=VaultStore(),
                    credentials=None,
                    http=http,
                    retry=RetryPolicy(attempts=1),
                    timeouts=RemoteTimeouts(first_token=120, idle=60, response=300),
                )
                harness = Harness(live_islands(servers[0][1], servers[1][1]), engine, dispatcher)
                calibration = await calibrate(_timer(harness), list(harness.islands), probes)
                records = await _replay(harness, trace)
        finally:
            await engine.aclose()
    finally:
        for proc, _ in servers:
            stop(proc)
    return LiveResult(records, calibration)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def _replay(harness: Harness, trace: Sequence[TraceRequest]) -> list[LiveRecord]:
    stop = asyncio.Event()
    feeder = asyncio.create_task(harness.feed_gates(stop))
    start = time.perf_counter()
    records: list[LiveRecord] = []

    async def one(r: TraceRequest) -> None:
        await asyncio.sleep(max(0.0, r.t - (time.perf_counter() - start)))
        arrived = time.perf_counter()
        found = await asyncio.to_thread(assess, r.messages)
        island_id = harness.decide(r, found.score)
        record = LiveRecord(r.index, r.t, r.priority.value, found.level.value, island_id, math.nan, 0)
        if island_id is None:
            record.error = "no eligible island"
        else:
            try:
                tokens, _ = await harness.run_one(r, island_id)
                record.completion_tokens = tokens
                record.latency_s = time.perf_counter() - arrived
            except Exception as exc:  # a live failure is a result, not a crash of the replay
                record.error = f"{type(exc).__name__}: {exc}"
        records.append(record)

    try:
        await asyncio.gather(*(one(r) for r in trace))
    finally:
        stop.set()
        await feeder
    return sorted(records, key=lambda rec: rec.index)


def simulate_live(trace: Sequence[TraceRequest], live: LiveResult, edge_url: str = "", cloud_url: str = "") -> Any:
    """The simulator on the same trace, islands calibrated from the live run."""
    islands = live_islands(edge_url or "http://edge", cloud_url or "http://cloud")
    models = []
    for island in islands:
        cal = live.calibration[island.id]
        models.append(
            IslandModel(
                island,
                slots=0 if island.kind is IslandKind.CLOUD else 1,
                max_queue=LOCAL_MAX_QUEUE,
                decode_tps=cal["decode_tps"],
                prefill_tps=1e9,  # inside the measured TTFT
                ttft_s=cal["ttft_s"],
                ttft_sigma=0.0,
                reports_capacity=island.kind is IslandKind.LOCAL,
                load_noise=0.0,
                busy=(),
                contention=0.0,  # no owner's load in the live runs: only their own requests
            )
        )
    tokens = {rec.index: rec.completion_tokens for rec in live.records}
    sim_trace = tuple(replace(r, output_tokens=max(1, tokens.get(r.index, MAX_TOKENS))) for r in trace)
    scenario = Scenario("live", "live replay", tuple(models), sim_trace, seed=0)
    found = [assess(r.messages) for r in sim_trace]
    return simulate(scenario, make_strategy("islandrun"), found, tick_s=1.0)


def compare(live: LiveResult, sim_run: Any) -> dict[str, Any]:
    sim = {o.index: o for o in sim_run.outcomes}
    both = [rec for rec in live.records if rec.island is not None and not rec.error and sim[rec.index].ok]
    decided = [rec for rec in live.records if rec.island is not None]  # routed, served or not
    same = sum(1 for rec in decided if sim[rec.index].island == rec.island)
    ratios = sorted(sim[rec.index].latency_s / rec.latency_s for rec in both)
    live_lat = [rec.latency_s for rec in both]
    sim_lat = [sim[rec.index].latency_s for rec in both]
    return {
        "requests": len(live.records),
        "compared": len(both),
        "decided": len(decided),
        "route_agreement": same / len(decided) if decided else math.nan,
        "latency_ratio_median": percentile(ratios, 50),
        "latency_ratio_p10": percentile(ratios, 10),
        "latency_ratio_p90": percentile(ratios, 90),
        "live_p50_s": percentile(live_lat, 50),
        "sim_p50_s": percentile(sim_lat, 50),
        "live_p95_s": percentile(live_lat, 95),
        "sim_p95_s": percentile(sim_lat, 95),
        "live_islands": {i: sum(1 for rec in decided if rec.island == i) for i in ("local", "edge", "cloud")},
        "sim_islands": {i: sum(1 for rec in decided if sim[rec.index].island == i) for i in ("local", "edge", "cloud")},
        "errors": [rec.error for rec in live.records if rec.error],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--gap", type=float, default=3.0, help="mean seconds between arrivals")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="add this run to docs/evaluation/live.json")
    parser.add_argument("--via-daemon", action="store_true", help="send the trace through `islandrun serve`")
    args = parser.parse_args(argv)
    trace, probes = live_trace(args.seed, args.requests, args.gap)
    with tempfile.TemporaryDirectory(prefix="islandrun-live-") as tmp:
        os.environ.setdefault("ISLANDRUN_DATA_DIR", str(Path(tmp) / "data"))
        os.environ.setdefault("ISLANDRUN_CONFIG_DIR", str(Path(tmp) / "config"))
        started = time.perf_counter()
        if args.via_daemon:
            from .live_daemon import replay_daemon

            live = asyncio.run(replay_daemon(trace, probes, workdir=Path(tmp)))
        else:
            live = asyncio.run(replay(trace, probes, workdir=Path(tmp)))
        elapsed = time.perf_counter() - started
    summary = compare(live, simulate_live(trace, live))
    summary |= {
        "seed": args.seed,
        "via": "daemon" if args.via_daemon else "components",
        "gap_s": args.gap,
        "max_tokens": MAX_TOKENS,
        "elapsed_s": round(elapsed, 1),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "calibration": live.calibration,
        "records": [vars(rec) for rec in live.records],
    }
    text = json.dumps(summary, indent=1, default=str)
    if args.write:
        # Keep the last few runs: live timings on a shared machine vary, and the spread is a result.
        path = ROOT / "docs" / "evaluation" / "live.json"
        runs = json.loads(path.read_text(encoding="utf-8")).get("runs", []) if path.exists() else []
        runs = [*runs, json.loads(text)][-KEEP_RUNS:]
        path.write_text(json.dumps({"runs": runs}, indent=1) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
