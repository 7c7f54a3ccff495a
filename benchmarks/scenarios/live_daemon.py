"""Live mode through the real daemon: ``islandrun serve`` with the two ``llama_cpp.server``
processes configured as its edge and cloud islands, requests sent to its OpenAI-compatible API.

    .venv/bin/python -m benchmarks.scenarios.live --via-daemon [--requests 24] [--gap 3] [--write]

Here every decision is the daemon's own: its MIST (both stages if a capable local model is
configured), its TIDE on this machine's real probes (psutil: other people's load counts), its
router, its engine, and — once HORIZON is wired into the daemon — its remote dispatch. The island
that served a request comes back in the ``X-IslandRun-Island`` header. Calibration: this device
through the daemon (tier *primary* always runs here), edge and cloud directly on their servers.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from islandrun.core.engines.embedded import ensure_embedded_model
from islandrun.core.privacy.assess import assess

from .live import MAX_TOKENS, LiveRecord, LiveResult, calibrate, start_server, stop, wait_ready
from .scenarios import TraceRequest

__all__ = ["daemon_config", "replay_daemon"]

_CHOSEN = re.compile(r"island '([\w.-]+)' \(\w+\) was chosen")


def daemon_config(edge_url: str, cloud_url: str) -> str:
    """The daemon's config: the simulator's islands and policy (approval off, no budget)."""
    return f"""[policy.approval]
enabled = false

[engine]
n_threads = 1
max_queue = 16
discover_huggingface = false
discover_lmstudio = false
discover_ollama = false

[[islands]]
id = "edge"
kind = "edge"
endpoint = "{edge_url}/v1"
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
expected_latency_ms = 250

[[islands]]
id = "cloud"
kind = "cloud"
endpoint = "{cloud_url}/v1"
trust = {{ certification = "soc2", jurisdiction = "same-country" }}
price_input_per_mtok = 2.5
price_output_per_mtok = 10.0
expected_latency_ms = 700
"""


def _start_daemon(workdir: Path, config: Path) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    env = {
        **os.environ,
        "ISLANDRUN_CONFIG_DIR": str(workdir / "config"),
        "ISLANDRUN_DATA_DIR": str(workdir / "data"),
        "ISLANDRUN_RUNTIME_DIR": str(workdir / "run"),
        "PYTHONUNBUFFERED": "1",
    }
    islandrun = Path(sys.executable).with_name("islandrun")
    with (workdir / "daemon.log").open("wb") as out:
        proc = subprocess.Popen(
            [str(islandrun), "serve", "--config", str(config), "--port", "0", "--no-socket"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    return proc, env


def _daemon_address(proc: subprocess.Popen[bytes], workdir: Path) -> tuple[str, str]:
    info, token = workdir / "run" / "daemon.json", workdir / "run" / "api-token"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the daemon exited: {(workdir / 'daemon.log').read_text()[-1500:]}")
        if info.exists() and token.exists():
            port = json.loads(info.read_text())["port"]
            return f"http://127.0.0.1:{port}", token.read_text().strip()
        time.sleep(0.5)
    raise RuntimeError("the daemon did not start within 240 s")


def _body(r: TraceRequest, max_tokens: int) -> dict[str, object]:
    return {"model": "islandrun", "messages": r.messages, "max_tokens": max_tokens, "temperature": 0.0, "seed": r.index}


async def replay_daemon(trace: Sequence[TraceRequest], probes: Sequence[TraceRequest], *, workdir: Path) -> LiveResult:
    model = ensure_embedded_model(target=workdir / "gemma-3-270m-q4_k_m.gguf")
    servers = [start_server(model, workdir / f"{name}.log") for name in ("edge", "cloud")]
    daemon: subprocess.Popen[bytes] | None = None
    try:
        for (proc, base), name in zip(servers, ("edge", "cloud"), strict=True):
            wait_ready(proc, base, workdir / f"{name}.log")
        config = workdir / "islandrun.toml"
        config.write_text(daemon_config(servers[0][1], servers[1][1]), encoding="utf-8")
        daemon, _env = _start_daemon(workdir, config)
        base, token = _daemon_address(daemon, workdir)
        direct = {"edge": servers[0][1], "cloud": servers[1][1]}
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(timeout=600) as http:

            async def timed(r: TraceRequest, island_id: str, max_tokens: int) -> tuple[float, int]:
                started = time.perf_counter()
                if island_id == "local":
                    response = await http.post(
                        f"{base}/v1/chat/completions",
                        json=_body(r, max_tokens),
                        headers={**headers, "X-IslandRun-Tier": "primary"},
                    )
                else:
                    response = await http.post(f"{direct[island_id]}/v1/chat/completions", json=_body(r, max_tokens))
                response.raise_for_status()
                return time.perf_counter() - started, int(response.json()["usage"]["completion_tokens"])

            calibration = await calibrate(timed, ["local", "edge", "cloud"], probes)
            records = await _replay(http, base, headers, trace)
    finally:
        if daemon is not None:
            stop(daemon)
        for proc, _ in servers:
            stop(proc)
    return LiveResult(records, calibration)


async def _replay(
    http: httpx.AsyncClient, base: str, headers: dict[str, str], trace: Sequence[TraceRequest]
) -> list[LiveRecord]:
    start = time.perf_counter()
    records: list[LiveRecord] = []

    async def one(r: TraceRequest) -> None:
        await asyncio.sleep(max(0.0, r.t - (time.perf_counter() - start)))
        arrived = time.perf_counter()
        detected = (await asyncio.to_thread(assess, r.messages)).level.value
        record = LiveRecord(r.index, r.t, r.priority.value, detected, None, math.nan, 0)
        try:
            response = await http.post(
                f"{base}/v1/chat/completions",
                json=_body(r, MAX_TOKENS),
                headers={**headers, "X-IslandRun-Tier": r.priority.value},
            )
            record.island = response.headers.get("X-IslandRun-Island")
            if record.island is None and (chosen := _CHOSEN.search(response.text)):
                record.island = chosen.group(1)  # "island 'edge' (edge) was chosen, but ..." (503)
            if response.status_code == 200:
                record.completion_tokens = int(response.json()["usage"]["completion_tokens"])
                record.latency_s = time.perf_counter() - arrived
            else:
                record.error = f"HTTP {response.status_code}: {response.text[:300]}"
        except httpx.HTTPError as exc:
            record.error = f"{type(exc).__name__}: {exc}"
        records.append(record)

    await asyncio.gather(*(one(r) for r in trace))
    return sorted(records, key=lambda rec: rec.index)
