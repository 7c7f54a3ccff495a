"""Latency IslandRun's remote dispatch adds in front of an upstream, side by side with LiteLLM's proxy.

One run starts, each in its own process:
- ``upstream``: a minimal OpenAI-compatible server (uvicorn, fixed reply, no model), so the upstream
  costs the same for every target and what differs is the proxy in front of it;
- ``islandrun``: an HTTP front (uvicorn, the daemon's server stack) whose handler calls
  :meth:`RemoteDispatcher.complete` — once for a personal-group island (no sanitization) and once
  for a cloud island (the whole conversation sanitized by MIST, the egress guard over the body, the
  reply restored);
- ``daemon`` (with ``--daemon``; ``--baseline-tree`` adds a ``baseline`` daemon run from another copy of
  the code, for before/after in one sweep): the **whole** ``islandrun serve`` (token, Host guard, validation,
  the neutral job, MIST detection and sanitisation, routing, dispatch, audit rows, restore) with the
  upstream as an edge island of lower trust, asked as burstable work so it always goes there;
- ``litellm``: LiteLLM's proxy (``litellm --config``) routing the same model name to the same upstream
  (run from its own virtual environment, given with ``--litellm``).

Then the same chat request (a short conversation with a name, an e-mail address, a phone number and
a tool call) goes through each target and directly to the upstream, ``--requests`` times at each
concurrency level. Added latency = p50 (p95) through the target − p50 (p95) direct.

    .venv/bin/python benchmarks/remote/bench_overhead.py --daemon --litellm /path/to/litellm-venv/bin/litellm
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve()
MESSAGES: list[dict[str, Any]] = [
    {"role": "system", "content": "You write short, friendly replies for Jennifer Holst."},
    {"role": "user", "content": "Find the phone number of Marcus Weber, he lives in Hamburg."},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "lookup", "arguments": json.dumps({"who": "Marcus Weber"})},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": "Marcus Weber: +49 40 3355 7788, m.weber@example.org"},
    {
        "role": "user",
        "content": "Write to Marcus Weber at m.weber@example.org that Jennifer will call +49 40 3355 7788.",
    },
]
# Both fronts check a bearer token (LiteLLM refuses to start without a master key; the daemon has one too).
TOKEN = "sk-" + "5e1f" * 16
REPLY = "Dear Marcus, Jennifer will call you tomorrow morning. Best regards."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the processes --------------------------------------------------------------------------


def run_upstream(port: int) -> None:
    import uvicorn

    body = {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 0,
        "model": "bench",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": REPLY}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 90, "completion_tokens": 14, "total_tokens": 104},
    }
    payload = json.dumps(body).encode()
    base = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 0, "model": "bench"}
    words = REPLY.split(" ")
    events = [
        {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]},
        *(
            {**base, "choices": [{"index": 0, "delta": {"content": w if i == 0 else " " + w}, "finish_reason": None}]}
            for i, w in enumerate(words)
        ),
        {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
        {**base, "choices": [], "usage": body["usage"]},
    ]
    stream = b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events) + b"data: [DONE]\n\n"

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        raw, more = b"", True
        while more:
            message = await receive()
            raw += message.get("body", b"")
            more = message.get("more_body", False)
        if b'"stream": true' in raw or b'"stream":true' in raw:
            headers = [(b"content-type", b"text/event-stream")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": stream})
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": payload})

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def run_islandrun(port: int, upstream: str) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, StreamingResponse
    from starlette.routing import Route

    from islandrun.core.config import IslandConfig
    from islandrun.core.privacy.detector import default_detector
    from islandrun.core.privacy.vault import VaultStore
    from islandrun.core.remote.dispatcher import RemoteDispatcher
    from islandrun.core.remote.types import RemoteRequest

    islands = {
        # an edge island trusted as much as this device (1.0 x iso27001 x same-country): nothing is
        # sanitised on the way (a peer would need the pinned mutual-TLS channel of a real pairing)
        "plain": IslandConfig.model_validate(
            {
                "id": "edge",
                "kind": "edge",
                "endpoint": upstream,
                "trust": {"base": 1.0, "certification": "iso27001", "jurisdiction": "same-country"},
            }
        ).to_island(),
        "sanitize": IslandConfig(id="cloud", kind="cloud", endpoint=upstream).to_island(),
    }
    detector = default_detector()
    detector.warm_up()
    state: dict[str, RemoteDispatcher] = {}

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
        async with httpx.AsyncClient(limits=limits) as http:
            state["d"] = RemoteDispatcher(vaults=VaultStore(), credentials=None, http=http, detector=detector)
            yield

    async def chat(request: Request) -> JSONResponse:
        given = request.headers.get("authorization", "").removeprefix("Bearer ")
        if not secrets.compare_digest(given.encode(), TOKEN.encode()):
            return JSONResponse({"error": {"message": "bad token"}}, status_code=401)
        body = await request.json()
        island = islands[request.path_params["mode"]]
        remote = RemoteRequest(tuple(body["messages"]), model=body.get("model"), max_tokens=body.get("max_tokens", 64))
        if body.get("stream"):
            return StreamingResponse(sse(state["d"].stream([island], remote)), media_type="text/event-stream")
        result = await state["d"].complete([island], remote)
        return JSONResponse(
            {
                "id": "chatcmpl-islandrun",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": result.model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": result.text},
                        "finish_reason": result.finish_reason,
                    }
                ],
                "usage": {
                    "prompt_tokens": result.usage.prompt_tokens,
                    "completion_tokens": result.usage.completion_tokens,
                    "total_tokens": result.usage.total_tokens,
                },
            }
        )

    async def sse(chunks: AsyncIterator[Any]) -> AsyncIterator[bytes]:
        base = {"id": "chatcmpl-islandrun", "object": "chat.completion.chunk", "created": int(time.time())}
        async for chunk in chunks:
            choice = {"index": 0, "delta": {"content": chunk.text}, "finish_reason": chunk.finish_reason}
            yield b"data: " + json.dumps({**base, "model": chunk.model, "choices": [choice]}).encode() + b"\n\n"
        yield b"data: [DONE]\n\n"

    app = Starlette(routes=[Route("/{mode}/v1/chat/completions", chat, methods=["POST"])], lifespan=lifespan)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise SystemExit(f"{url} exited early:\n{err[-3000:]}")
        try:
            payload = {"model": "bench", "messages": MESSAGES, "max_tokens": 64}
            r = httpx.post(url, json=payload, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
            if r.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout:g} s")


# -- the load -------------------------------------------------------------------------------


async def first_token(client: httpx.AsyncClient, url: str, payload: dict[str, Any]) -> float:
    """Seconds until the first non-empty content delta; the rest of the stream is read and checked."""
    started = time.perf_counter()
    seen: float | None = None
    async with client.stream("POST", url, json=payload) as response:
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}: {(await response.aread())[:300]!r}")
        async for line in response.aiter_lines():
            if seen is None and line.startswith("data: {"):
                choices = json.loads(line[6:]).get("choices") or [{}]
                if (choices[0].get("delta") or {}).get("content"):
                    seen = time.perf_counter() - started
    if seen is None:
        raise SystemExit(f"{url}: the stream carried no content")
    return seen


async def measure(
    url: str, concurrency: int, requests: int, stream: bool = False, headers: dict[str, str] | None = None
) -> list[float]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = headers or {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(limits=limits, timeout=60, headers=headers) as client:

        async def worker() -> None:
            while True:
                try:
                    queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                # Every request's last turn is new (as in a conversation, the history repeats): no
                # cache anywhere may answer the whole request from a previous one.
                variant = "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(6))  # no digits: no identifier
                last = {**MESSAGES[-1], "content": f"{MESSAGES[-1]['content']} Keep the tone calm (variant {variant})."}
                payload = {"model": "bench", "messages": [*MESSAGES[:-1], last], "max_tokens": 64, "stream": stream}
                if stream:
                    latencies.append(await first_token(client, url, payload))
                    continue
                started = time.perf_counter()
                response = await client.post(url, json=payload)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}: {response.text[:300]}")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("role", nargs="?", choices=["bench", "upstream", "islandrun"], default="bench")
    parser.add_argument("--port", type=int)
    parser.add_argument("--upstream")
    parser.add_argument("--daemon", action="store_true", help="add the whole islandrun daemon as a target")
    parser.add_argument(
        "--baseline-tree",
        type=Path,
        help="with --daemon: also run the daemon from this copy of the code (a folder holding islandrun/core)",
    )
    parser.add_argument("--litellm", help="the litellm executable (from its own venv); left out = no LiteLLM column")
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument("--requests", type=int, default=400, help="requests per target and concurrency level")
    parser.add_argument("--rounds", type=int, default=2, help="repeat the whole sweep (targets interleaved)")
    parser.add_argument("--json", type=Path, help="write raw percentiles here")
    parser.add_argument("--stream", action="store_true", help="measure time to the first content token of a stream")
    args = parser.parse_args()
    if args.role == "upstream":
        run_upstream(args.port)
        return
    if args.role == "islandrun":
        run_islandrun(args.port, args.upstream)
        return

    procs: list[subprocess.Popen[bytes]] = []
    try:
        up_port, ir_port = free_port(), free_port()
        upstream = f"http://127.0.0.1:{up_port}"
        procs.append(start([sys.executable, str(HERE), "upstream", "--port", str(up_port)]))
        wait_ready(upstream + "/v1/chat/completions", procs[-1])
        procs.append(
            start([sys.executable, str(HERE), "islandrun", "--port", str(ir_port), "--upstream", upstream + "/v1"])
        )
        targets = {
            "direct": upstream + "/v1/chat/completions",
            "islandrun": f"http://127.0.0.1:{ir_port}/plain/v1/chat/completions",
            "islandrun+sanitize": f"http://127.0.0.1:{ir_port}/sanitize/v1/chat/completions",
        }
        wait_ready(targets["islandrun+sanitize"], procs[-1])
        headers: dict[str, dict[str, str]] = {}
        if args.daemon:
            sys.path.insert(0, str(HERE.parents[1] / "daemon"))
            from real_daemon import start_daemon

            home = Path(tempfile.mkdtemp())
            daemon, info, token = start_daemon(home, upstream)
            procs.append(daemon)
            targets["daemon+sanitize"] = f"http://127.0.0.1:{info['port']}/v1/chat/completions"
            headers["daemon+sanitize"] = {"Authorization": f"Bearer {token}", "X-IslandRun-Tier": "burstable"}
            if args.baseline_tree:  # the same daemon from another copy of the code, measured in the same sweep
                os.environ["PYTHONPATH"] = str(args.baseline_tree)
                try:
                    daemon, info, token = start_daemon(Path(tempfile.mkdtemp()), upstream)
                finally:
                    os.environ.pop("PYTHONPATH", None)
                procs.append(daemon)
                targets["baseline+sanitize"] = f"http://127.0.0.1:{info['port']}/v1/chat/completions"
                headers["baseline+sanitize"] = {"Authorization": f"Bearer {token}", "X-IslandRun-Tier": "burstable"}
        if args.litellm:
            ll_port = free_port()
            cfg = Path(tempfile.mkdtemp()) / "litellm.yaml"
            cfg.write_text(
                "model_list:\n"
                "  - model_name: bench\n"
                "    litellm_params:\n"
                "      model: openai/bench\n"
                f"      api_base: {upstream}/v1\n"
                "      api_key: none\n"
                "litellm_settings:\n"
                "  telemetry: false\n"
                "  drop_params: true\n"
            )
            env = {
                **os.environ,
                "LITELLM_LOCAL_MODEL_COST_MAP": "True",
                "LITELLM_LOG": "ERROR",
                "LITELLM_MASTER_KEY": TOKEN,
            }
            procs.append(
                start([args.litellm, "--config", str(cfg), "--host", "127.0.0.1", "--port", str(ll_port)], env=env)
            )
            targets["litellm"] = f"http://127.0.0.1:{ll_port}/v1/chat/completions"
            wait_ready(targets["litellm"], procs[-1], timeout=300)

        levels = [int(x) for x in args.levels.split(",")]
        for name, url in targets.items():  # warm every path (connection pools, lexicons, imports)
            asyncio.run(measure(url, 4, 100, args.stream, headers.get(name)))
        samples: dict[tuple[str, int], list[float]] = {}
        spreads: dict[tuple[str, int], list[float]] = {}
        rates: dict[tuple[str, int], list[float]] = {}
        for _ in range(args.rounds):
            for level in levels:
                for name, url in targets.items():
                    began = time.perf_counter()
                    got = asyncio.run(measure(url, level, args.requests, args.stream, headers.get(name)))
                    rates.setdefault((name, level), []).append(len(got) / (time.perf_counter() - began))
                    samples.setdefault((name, level), []).extend(got)
                    spreads.setdefault((name, level), []).append(statistics.median(got) * 1000)
        rows = []
        for level in levels:
            d50, d95 = pct(samples[("direct", level)], 0.5), pct(samples[("direct", level)], 0.95)
            for name in targets:
                p50, p95 = pct(samples[(name, level)], 0.5), pct(samples[(name, level)], 0.95)
                rounds = ", ".join(f"{m:.2f}" for m in spreads[(name, level)])
                rows.append(
                    {
                        "target": name,
                        "concurrency": level,
                        "p50_ms": round(p50, 2),
                        "p95_ms": round(p95, 2),
                        "added_p50_ms": None if name == "direct" else round(p50 - d50, 2),
                        "added_p95_ms": None if name == "direct" else round(p95 - d95, 2),
                        "p99_ms": round(pct(samples[(name, level)], 0.99), 2),
                        "added_p99_ms": None
                        if name == "direct"
                        else round(pct(samples[(name, level)], 0.99) - pct(samples[("direct", level)], 0.99), 2),
                        "round_medians_ms": rounds,
                        "requests_per_s": round(statistics.fmean(rates[(name, level)]), 1),
                    }
                )
        print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()} ({os.cpu_count()} cores)")
        what = "time to first content token (streamed)" if args.stream else "whole reply (not streamed)"
        print(f"# {what}; {args.requests} requests × {args.rounds} rounds per target and level")
        print(
            "| target | concurrency | p50 ms | p95 ms | p99 ms | added p50 ms | added p99 ms | req/s "
            "| per-round p50 ms |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            added50 = "—" if r["added_p50_ms"] is None else f"{r['added_p50_ms']:+.2f}"
            added99 = "—" if r["added_p99_ms"] is None else f"{r['added_p99_ms']:+.2f}"
            print(
                f"| {r['target']} | {r['concurrency']} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | {r['p99_ms']:.2f} "
                f"| {added50} | {added99} "
                f"| {r['requests_per_s']} | {r['round_medians_ms']} |"
            )
        if args.json:
            args.json.write_text(json.dumps(rows, indent=2))
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
