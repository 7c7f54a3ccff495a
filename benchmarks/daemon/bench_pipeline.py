"""The daemon's added time on a local request, and dry-run routing throughput.

Side by side in one run, on the embedded model with the same prompt, seed and token count:

- **engine**: ``LocalEngine.stream`` called directly in this process (SHORE alone);
- **daemon**: the same request through ``islandrun serve`` over HTTP on 127.0.0.1 (token check,
  Host guard, rate limiter, validation, detection, routing, audit append, SSE framing), streamed
  with httpx.

Runs alternate (E D D E …) so load drift hits both alike. Reported: time to first token (TTFT)
and total time, medians; the pipeline's added time is the difference of the medians. Then
``POST /api/route`` dry-runs (with detection on a short text) are timed sequentially over one
keep-alive connection: requests per second and p50/p99.

    .venv/bin/python benchmarks/daemon/bench_pipeline.py --runs 8 --write
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from islandrun.core.engines.catalog import ModelCatalog, UserModelStore
from islandrun.core.engines.config import EngineConfig
from islandrun.core.engines.discovery import DiscoveryRoots
from islandrun.core.engines.embedded import ensure_embedded_model
from islandrun.core.engines.local import LocalEngine
from islandrun.core.engines.types import ChatMessage, ChatRequest
from islandrun.core.routing.policy import Priority

PROMPT = "Write two sentences about a lighthouse keeper who finds a message in a bottle."
CONFIG = """
[engine]
n_ctx = 2048
keep_alive_s = -1
discover_huggingface = false
discover_lmstudio = false
discover_ollama = false
[server]
rate_limit_per_s = 0
"""


def _engine(home: Path) -> LocalEngine:
    config = EngineConfig.model_validate(
        {
            "n_ctx": 2048,
            "keep_alive_s": -1,
            "discover_huggingface": False,
            "discover_lmstudio": False,
            "discover_ollama": False,
        }
    )
    embedded = ensure_embedded_model(target=home / "models" / "gemma-3-270m-q4_k_m.gguf")
    catalog = ModelCatalog(
        config, store=UserModelStore(home / "models.json"), roots=DiscoveryRoots(), embedded_path=embedded
    )
    return LocalEngine(config, catalog=catalog)


async def _direct(engine: LocalEngine, tokens: int) -> tuple[float, float]:
    request = ChatRequest(
        (ChatMessage("user", PROMPT),), max_tokens=tokens, temperature=0.0, seed=7, priority=Priority.PRIMARY
    )
    started = time.perf_counter()
    first = None
    async for chunk in engine.stream(request):
        if chunk.text and first is None:
            first = time.perf_counter()
    end = time.perf_counter()
    return (first or end) - started, end - started


def _through_daemon(client: httpx.Client, tokens: int) -> tuple[float, float]:
    body = {
        "model": "default",
        "messages": [{"role": "user", "content": PROMPT}],
        "max_tokens": tokens,
        "temperature": 0.0,
        "seed": 7,
        "stream": True,
    }
    started = time.perf_counter()
    first = None
    with client.stream("POST", "/v1/chat/completions", json=body, headers={"X-IslandRun-Tier": "primary"}) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if first is None and line.startswith("data: {") and '"content":"' in line.replace(" ", ""):
                payload = json.loads(line[6:])
                if payload["choices"] and payload["choices"][0]["delta"].get("content"):
                    first = time.perf_counter()
    end = time.perf_counter()
    return (first or end) - started, end - started


def _start_daemon(home: Path) -> tuple[subprocess.Popen[bytes], httpx.Client]:
    env = dict(os.environ)
    for name, sub in (("ISLANDRUN_CONFIG_DIR", "c"), ("ISLANDRUN_DATA_DIR", "d"), ("ISLANDRUN_RUNTIME_DIR", "r")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    (home / "c" / "config.toml").write_text(CONFIG)
    islandrun = str(Path(sys.executable).with_name("islandrun"))
    proc = subprocess.Popen([islandrun, "serve", "--port", "0"], env=env, stdout=subprocess.DEVNULL)
    info = home / "r" / "daemon.json"
    deadline = time.monotonic() + 120
    while not info.exists():
        if time.monotonic() > deadline or proc.poll() is not None:
            raise SystemExit("the daemon did not start")
        time.sleep(0.1)
    port = json.loads(info.read_text())["port"]
    token = (home / "r" / "api-token").read_text().strip()
    client = httpx.Client(
        base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"}, timeout=300
    )
    return proc, client


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--tokens", type=int, default=32)
    parser.add_argument("--dry-runs", type=int, default=500)
    parser.add_argument("--write", action="store_true", help="write RESULTS.md next to this file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        proc, client = _start_daemon(home / "daemon")
        engine = _engine(home / "engine")
        loop = asyncio.new_event_loop()
        try:
            # Warm both (model load, first decode).
            loop.run_until_complete(_direct(engine, 4))
            _through_daemon(client, 4)
            direct: list[tuple[float, float]] = []
            daemon: list[tuple[float, float]] = []
            for i in range(args.runs):
                order = ("e", "d") if i % 2 == 0 else ("d", "e")
                for which in order:
                    if which == "e":
                        direct.append(loop.run_until_complete(_direct(engine, args.tokens)))
                    else:
                        daemon.append(_through_daemon(client, args.tokens))
            dry: list[float] = []
            body = {"text": "Call Dr. Jane Smith at +1 415 555 0100 about the MRI.", "tier": "secondary"}
            for _ in range(args.dry_runs):
                t0 = time.perf_counter()
                client.post("/api/route", json=body).raise_for_status()
                dry.append(time.perf_counter() - t0)
        finally:
            loop.run_until_complete(engine.aclose())
            loop.close()
            client.close()
            proc.terminate()
            proc.wait(60)

    def med(rows: list[tuple[float, float]], k: int) -> float:
        return statistics.median(r[k] for r in rows) * 1e3

    lines = [
        "# Daemon pipeline overhead and dry-run throughput",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, CPython {platform.python_version()}; "
        f"embedded model, {args.tokens} tokens, temperature 0, {args.runs} runs per path, interleaved.",
        f"Command: `.venv/bin/python benchmarks/daemon/bench_pipeline.py --runs {args.runs} --write`",
        "",
        "| path | TTFT median ms | total median ms |",
        "|---|---:|---:|",
        f"| engine direct | {med(direct, 0):.1f} | {med(direct, 1):.1f} |",
        f"| through the daemon (HTTP, stream) | {med(daemon, 0):.1f} | {med(daemon, 1):.1f} |",
        f"| **added by the daemon** | **{med(daemon, 0) - med(direct, 0):+.1f}** | "
        f"**{med(daemon, 1) - med(direct, 1):+.1f}** |",
        "",
        f"Dry-run routing (`POST /api/route` with detection on a 53-character text, sequential, one "
        f"connection): {len(dry) / sum(dry):.0f} requests/s, p50 {_pct(dry, 0.5) * 1e3:.2f} ms, "
        f"p99 {_pct(dry, 0.99) * 1e3:.2f} ms.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        (Path(__file__).with_name("RESULTS.md")).write_text(report)


if __name__ == "__main__":
    main()
