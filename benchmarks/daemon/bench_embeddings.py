"""Embeddings throughput: ``/v1/embeddings`` through the daemon vs the bundled embedder called directly.

Side by side in one run, on the same 64-word texts, batches of 1 and of 32:

- **direct**: ``load_embedder().embed(texts)`` in this process (all-MiniLM-L6-v2 int8 on
  onnxruntime, as the collections call it);
- **daemon**: ``POST /v1/embeddings`` to ``islandrun serve`` on 127.0.0.1 over one keep-alive
  connection (token check, validation, MIST on every text, routing, the embedder, the audit row
  fsynced, JSON of the floats);
- **MIST alone**: the daemon's privacy port assessing the same texts in this process, to show what
  of the difference is detection.

Rounds alternate the order of the paths so load drift hits them alike. Reported: texts/s (all
texts over all time of that path) and the median time per request.

    .venv/bin/python benchmarks/daemon/bench_embeddings.py --rounds 20 --write
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from islandrun.core.collections.embedder import load_embedder
from islandrun.core.daemon.privacy_port import MistPrivacy
from islandrun.core.privacy.config import PrivacyConfig
from islandrun.core.privacy.payload import ChatPayload

CONFIG = """
[discovery]
enabled = false
[engine]
n_ctx = 2048
keep_alive_s = -1
discover_huggingface = false
discover_lmstudio = false
discover_ollama = false
[server]
rate_limit_per_s = 0
"""
WORDS = tuple(
    " ".join(
        (
            "the a lighthouse keeper found message bottle storm harbour night boat village sea light rock coast",
            "wind letter old young fisher wrote read carried waves shore morning evening quiet long cold distant",
            "island ship sailor map north south river bridge market bread window door garden stone road friend",
        )
    ).split()
)


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(64)) for _ in range(n)]


def _start_daemon(home: Path) -> tuple[subprocess.Popen[bytes], httpx.Client]:
    env = dict(os.environ)
    for name, sub in (("ISLANDRUN_CONFIG_DIR", "c"), ("ISLANDRUN_DATA_DIR", "d"), ("ISLANDRUN_RUNTIME_DIR", "r")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    env["ISLANDRUN_DISCOVERY"] = "off"
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
    kept = home / "d" / "api-token"
    token = (kept if kept.exists() else home / "r" / "api-token").read_text().strip()
    client = httpx.Client(
        base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"}, timeout=300
    )
    return proc, client


def _timed(work: Callable[[list[str]], object], texts: list[str]) -> float:
    started = time.perf_counter()
    work(texts)
    return time.perf_counter() - started


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="requests per path and batch size")
    parser.add_argument("--write", action="store_true", help="append the results to RESULTS.md next to this file")
    args = parser.parse_args()

    embedder, reason = load_embedder()
    if embedder is None:
        raise SystemExit(reason)
    privacy = MistPrivacy(PrivacyConfig())
    loop = asyncio.new_event_loop()
    loop.run_until_complete(privacy.warm_up())
    load_before = _load()
    times: dict[tuple[str, int], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        proc, client = _start_daemon(Path(tmp))
        try:

            def daemon(texts: list[str]) -> None:
                response = client.post("/v1/embeddings", json={"model": "default", "input": texts})
                response.raise_for_status()
                assert len(response.json()["data"]) == len(texts)

            def mist(texts: list[str]) -> None:
                payload = ChatPayload(tuple({"role": "user", "content": t} for t in texts))
                loop.run_until_complete(privacy.assess_payload(payload))

            paths: dict[str, Callable[[list[str]], object]] = {"direct": embedder.embed, "daemon": daemon, "mist": mist}
            for batch in (1, 32):
                for which in paths.values():  # warm: model load, first run, connection
                    which(_texts(batch, 0))
                for i in range(args.rounds):
                    texts = _texts(batch, 1 + i)
                    order = list(paths) if i % 2 == 0 else list(reversed(paths))
                    for name in order:
                        times.setdefault((name, batch), []).append(_timed(paths[name], texts))
        finally:
            client.close()
            proc.terminate()
            proc.wait(60)
    loop.close()

    def rate(name: str, batch: int) -> float:
        return batch * len(times[name, batch]) / sum(times[name, batch])

    def median_ms(name: str, batch: int) -> float:
        return statistics.median(times[name, batch]) * 1e3

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "",
        "## Embeddings throughput (bench_embeddings.py)",
        "",
        f"- date: {now}; machine: {platform.machine()}, {os.cpu_count()} CPUs, CPython {platform.python_version()}; "
        f"load average before: {load_before}, after: {_load()}",
        f"- command: `.venv/bin/python benchmarks/daemon/bench_embeddings.py --rounds {args.rounds} --write`",
        f"- {embedder.model_id} (bundled, onnxruntime CPU), 64-word texts, {args.rounds} requests per path and "
        "batch size, paths interleaved",
        "",
        "| batch | direct texts/s | daemon texts/s | daemon / direct | direct ms/request | daemon ms/request "
        "| MIST alone ms/request |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines.extend(
        f"| {batch} | {rate('direct', batch):.0f} | {rate('daemon', batch):.0f} | "
        f"{rate('daemon', batch) / rate('direct', batch):.2f} | {median_ms('direct', batch):.1f} | "
        f"{median_ms('daemon', batch):.1f} | {median_ms('mist', batch):.1f} |"
        for batch in (1, 32)
    )
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        with Path(__file__).with_name("RESULTS.md").open("a", encoding="utf-8") as out:
            out.write(report)


if __name__ == "__main__":
    main()
