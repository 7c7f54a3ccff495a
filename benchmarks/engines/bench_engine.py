"""IslandRun's local engine vs calling ``llama_cpp.Llama`` directly, side by side in one run.

Same loaded model instance, same settings, same prompt and seed for both paths, so both
generate the same tokens. Runs are interleaved (D E E D D E …) so drift in machine load hits
both paths alike, and the KV cache is reset before every run (no prompt-prefix reuse).

- **direct**: ``llama.create_chat_completion(stream=True)`` iterated in the calling thread;
- **engine**: ``LocalEngine.stream(ChatRequest(...))`` from an asyncio task: tier queue, worker
  thread, token tap, thread → event-loop hand-off per token.

TTFT is measured from the call to the first streamed text; decode speed is the streamed pieces
after the first divided by the time between the first and the last piece (prompt excluded).
Writes a Markdown report to stdout and, with --write, to RESULTS.md beside this file.

    .venv/bin/python benchmarks/engines/bench_engine.py --runs 8 --tokens 128 --write
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from islandrun.core.engines import local as local_module
from islandrun.core.engines.catalog import ModelCatalog, UserModelStore
from islandrun.core.engines.config import EngineConfig
from islandrun.core.engines.discovery import DiscoveryRoots
from islandrun.core.engines.embedded import ensure_embedded_model
from islandrun.core.engines.local import LocalEngine
from islandrun.core.engines.settings import gpu_offload_supported
from islandrun.core.engines.types import ChatMessage, ChatRequest

PROMPT = (
    "You are a careful storyteller. Write a long, detailed story about a lighthouse keeper on a remote "
    "island who finds a message in a bottle, describing the weather, the sea, the lamp and every day of the week."
)


@dataclass(frozen=True)
class Run:
    path: str
    ttft_s: float
    pieces: int
    decode_tps: float
    cpu_ms_per_piece: float  # process CPU time (all threads) per streamed piece: robust to other load


def _summarise(path: str, started: float, times: list[float], cpu_started: float) -> Run:
    if len(times) < 1:
        raise SystemExit(f"{path}: only {len(times)} pieces streamed; use a longer prompt or more tokens")
    span = times[-1] - times[0]
    cpu_ms = (time.process_time() - cpu_started) * 1e3 / len(times)
    return Run(path, times[0] - started, len(times), (len(times) - 1) / span if span > 0 else 0.0, cpu_ms)


def run_direct(llama: Any, tokens: int, seed: int) -> Run:
    llama.reset()
    cpu = time.process_time()
    started = time.perf_counter()
    stream = llama.create_chat_completion(
        messages=[{"role": "user", "content": PROMPT}], max_tokens=tokens, seed=seed, stream=True
    )
    times = [time.perf_counter() for chunk in stream if chunk["choices"][0]["delta"].get("content")]
    return _summarise("direct", started, times, cpu)


class _Probe:
    """Benchmark-only instrumentation: wraps the engine's worker function to note when the worker
    thread starts and when it emits the first piece, so the engine's own share of TTFT
    (dispatch to the thread + hand-off of the first piece to the reader) is measured apart from
    the model's prompt processing."""

    def __init__(self) -> None:
        self.worker_started = 0.0
        self.first_emit = 0.0
        self.original = local_module.run_chat

    def __call__(self, llama: Any, request: ChatRequest, emit: Any, cancel: Any) -> Any:
        self.worker_started = time.perf_counter()
        self.first_emit = 0.0

        def timed_emit(text: str) -> None:
            if not self.first_emit:
                self.first_emit = time.perf_counter()
            emit(text)

        return self.original(llama, request, timed_emit, cancel)


PROBE = _Probe()
OVERHEADS_MS: list[float] = []


async def run_engine(engine: LocalEngine, llama: Any, tokens: int, seed: int) -> Run:
    llama.reset()
    request = ChatRequest((ChatMessage("user", PROMPT),), max_tokens=tokens, seed=seed)
    cpu = time.process_time()
    started = time.perf_counter()
    times = [time.perf_counter() async for chunk in engine.stream(request) if chunk.text]
    OVERHEADS_MS.append(((PROBE.worker_started - started) + (times[0] - PROBE.first_emit)) * 1e3)
    return _summarise("engine", started, times, cpu)


def _stats(values: list[float]) -> tuple[float, float, float, float]:
    return statistics.median(values), statistics.pstdev(values), min(values), max(values)


async def main_async(args: argparse.Namespace) -> str:
    model = ensure_embedded_model(target=Path(args.model)) if args.model else ensure_embedded_model()
    config = EngineConfig(n_ctx=args.n_ctx, n_threads=args.threads, keep_alive_s=-1.0)
    with tempfile.TemporaryDirectory() as state:
        catalog = ModelCatalog(
            config, store=UserModelStore(Path(state) / "m.json"), roots=DiscoveryRoots(), embedded_path=model
        )
        engine = LocalEngine(config, catalog=catalog)
        await engine.load()
        (loaded,) = engine.pool.resident()
        llama = loaded.llama
        gpu_layers = loaded.n_gpu_layers
        local_module.run_chat = PROBE  # type: ignore[assignment]
        # warm-up, one of each (the first decode of a process is slow)
        run_direct(llama, 16, 0)
        await run_engine(engine, llama, 16, 0)
        OVERHEADS_MS.clear()
        load_start = os.getloadavg()
        runs: list[Run] = []
        for i in range(args.runs):
            seed = 1000 + i
            order = ("direct", "engine") if i % 2 == 0 else ("engine", "direct")
            for path in order:
                if path == "direct":
                    runs.append(run_direct(llama, args.tokens, seed))
                else:
                    runs.append(await run_engine(engine, llama, args.tokens, seed))
        # TTFT on its own: many short interleaved runs (2 tokens), for a tighter estimate
        ttft_pairs: list[tuple[float, float]] = []
        for i in range(args.ttft_runs):
            seed = 5000 + i
            if i % 2 == 0:
                d = run_direct(llama, 2, seed).ttft_s
                e = (await run_engine(engine, llama, 2, seed)).ttft_s
            else:
                e = (await run_engine(engine, llama, 2, seed)).ttft_s
                d = run_direct(llama, 2, seed).ttft_s
            ttft_pairs.append((d * 1e3, e * 1e3))
        overheads = sorted(OVERHEADS_MS)
        load_end = os.getloadavg()
        settings = engine.settings
        await engine.aclose()

    direct = [r for r in runs if r.path == "direct"]
    ours = [r for r in runs if r.path == "engine"]
    pieces_equal = all(d.pieces == e.pieces for d, e in zip(direct, ours, strict=True))
    d_tps, e_tps = _stats([r.decode_tps for r in direct]), _stats([r.decode_tps for r in ours])
    d_ttft, e_ttft = _stats([r.ttft_s * 1e3 for r in direct]), _stats([r.ttft_s * 1e3 for r in ours])
    ratios = [e.decode_tps / d.decode_tps for d, e in zip(direct, ours, strict=True)]
    deltas = [(e.ttft_s - d.ttft_s) * 1e3 for d, e in zip(direct, ours, strict=True)]
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    lines = [
        "# Local engine benchmark: IslandRun engine vs llama_cpp.Llama directly",
        "",
        f"- command: `.venv/bin/python benchmarks/engines/bench_engine.py --runs {args.runs} --tokens {args.tokens}"
        f" --threads {args.threads} --ttft-runs {args.ttft_runs}`",
        f"- date (UTC): {time.strftime('%Y-%m-%d %H:%M', time.gmtime())}",
        f"- machine: {cpu}, {os.cpu_count()} logical cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}",
        f"- llama.cpp offload: {'GPU build' if gpu_offload_supported() else 'portable CPU build (no GPU)'}; "
        f"n_gpu_layers={gpu_layers}, n_threads={settings.n_threads}, n_ctx={settings.n_ctx}",
        "- model: the embedded gemma-3-270m Q4_K_M GGUF (one loaded instance shared by both paths)",
        f"- {args.runs} runs per path, interleaved, {args.tokens} max tokens, seeds 1000..{999 + args.runs}; "
        f"same token count on both paths in every pair: {pieces_equal}",
        f"- load average (1/5/15 min) at start {load_start[0]:.2f}/{load_start[1]:.2f}/{load_start[2]:.2f}, "
        f"at end {load_end[0]:.2f}/{load_end[1]:.2f}/{load_end[2]:.2f} (other work shared the CPU)",
        "",
        "| path | decode tok/s median | stdev | min | max | TTFT ms median | stdev | min | max |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| direct `Llama` | {d_tps[0]:.1f} | {d_tps[1]:.1f} | {d_tps[2]:.1f} | {d_tps[3]:.1f} "
        f"| {d_ttft[0]:.1f} | {d_ttft[1]:.1f} | {d_ttft[2]:.1f} | {d_ttft[3]:.1f} |",
        f"| IslandRun engine | {e_tps[0]:.1f} | {e_tps[1]:.1f} | {e_tps[2]:.1f} | {e_tps[3]:.1f} "
        f"| {e_ttft[0]:.1f} | {e_ttft[1]:.1f} | {e_ttft[2]:.1f} | {e_ttft[3]:.1f} |",
        "",
        f"- CPU time per streamed piece (all threads, includes the prompt): direct median "
        f"{statistics.median(r.cpu_ms_per_piece for r in direct):.2f} ms, engine median "
        f"{statistics.median(r.cpu_ms_per_piece for r in ours):.2f} ms",
        f"- engine / direct decode speed, paired runs: median {statistics.median(ratios) * 100:.1f} % "
        f"(min {min(ratios) * 100:.1f} %, max {max(ratios) * 100:.1f} %); target ≥ 97 %",
        f"- TTFT overhead (engine − direct) in those runs: median {statistics.median(deltas):+.2f} ms "
        f"(min {min(deltas):+.2f}, max {max(deltas):+.2f})",
        f"- TTFT alone, {args.ttft_runs} interleaved pairs of 2-token requests: direct median "
        f"{statistics.median(t[0] for t in ttft_pairs):.1f} ms, engine median "
        f"{statistics.median(t[1] for t in ttft_pairs):.1f} ms; overhead median "
        f"{statistics.median(t[1] - t[0] for t in ttft_pairs):+.2f} ms (stdev "
        f"{statistics.pstdev([t[1] - t[0] for t in ttft_pairs]):.2f})",
        f"- the engine's own share of TTFT, measured inside ({len(overheads)} requests): dispatch to the worker "
        f"thread + hand-off of the first piece: median {statistics.median(overheads):.3f} ms, 90th percentile "
        f"{overheads[int(0.9 * (len(overheads) - 1))]:.3f} ms, max {overheads[-1]:.3f} ms; target ≤ 5 ms",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ttft-runs", type=int, default=20)
    parser.add_argument("--n-ctx", type=int, default=2048)
    parser.add_argument("--model", help="assemble/use the embedded model at this path (default: the data dir)")
    parser.add_argument("--write", action="store_true", help="also write RESULTS.md beside this script")
    parser.add_argument("--append", action="store_true", help="append to RESULTS.md instead of replacing it")
    args = parser.parse_args()
    report = asyncio.run(main_async(args))
    print(report)
    results = Path(__file__).with_name("RESULTS.md")
    if args.append and results.exists():
        with results.open("a", encoding="utf-8") as handle:
            handle.write("\n" + report.replace("# Local engine benchmark", "## Another run", 1))
    elif args.write or args.append:
        results.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
