"""Held-out leak test: IslandRun's privacy promise through a real ``islandrun serve``.

One daemon for the module, configured as a new user would: one cloud island whose trust (0.96) is
just below this device's (1.0) and high enough for restricted requests, so every request here is
routed there *sanitised*. The island is a small recording upstream written in this module: an
OpenAI-compatible HTTP server on 127.0.0.1 that keeps every request body it receives and answers by
echoing the last user message (and, when the request has tools, a tool call echoing the last
tool-call arguments it was given), streamed or not. It is a fake on purpose: a real cloud API cannot
be reached from here, and the point is what crosses the wire, not what a model makes of it.

The cases (tests/daemon/leak_cases.py) and the harmless prompts (tests/daemon/data/harmless.jsonl)
were written without looking at the detector. For every case, as a user would check it: either the
daemon refuses with a 4xx in OpenAI's error shape and nothing reaches the upstream, or it answers
200 and no planted value is in any recorded upstream body (raw bytes and every decoded string,
nested JSON included, case-insensitively), the echo comes back with every placeholder restored, the
``name`` field on the wire is not the original, and ``islandrun.sanitized`` says so. Harmless
prompts must go out unchanged (at most one in twenty may differ). Bad input (lone surrogates,
10,000-deep nesting, a 2 MB prompt) gets a 4xx in the error shape, never a 500, and nothing is sent.

At the end the module prints leak counts per field and per language (and writes them to
``$ISLANDRUN_LEAK_REPORT`` when set). Planted values are printed in failures only with
``ISLANDRUN_LEAK_VERBOSE=1``: the set stays useful as a held-out test only while nobody tunes on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from privacy.leak_rule import is_on_wire
from remote.proxy import Receive, Scope, Send, read_body, serve_lifespan

from .conftest import BASE_CONFIG, Daemon
from .leak_cases import CASES, LeakCase

HARMLESS = [json.loads(line) for line in (Path(__file__).parent / "data" / "harmless.jsonl").read_text().splitlines()]
ISLAND = "leak-cloud"
VERBOSE = os.environ.get("ISLANDRUN_LEAK_VERBOSE") == "1"
PLACEHOLDER = re.compile(r"\[[A-Za-z]+(?:_[A-Za-z]+)*_\d+\]")
CHUNK = 5  # the fake streams its echo in pieces this long, so placeholders are split across chunks


# ---------------------------------------------------------------- the recording upstream


@dataclass
class Recorded:
    path: str
    body: bytes


@dataclass
class Upstream:
    """A fake OpenAI-compatible cloud API that records what it receives and echoes it back."""

    records: list[Recorded] = field(default_factory=list, repr=False)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def chat_bodies(self) -> list[bytes]:
        return [r.body for r in self.records if r.path.endswith("/chat/completions")]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await serve_lifespan(receive, send)
            return
        body = await read_body(receive)
        self.records.append(Recorded(scope["path"], body))
        if scope["path"].endswith("/models"):
            await _send_json(send, {"object": "list", "data": [{"id": "fake-cloud", "object": "model"}]})
            return
        request = json.loads(body)
        text, calls = _echo(request)
        if not request.get("stream"):
            message: dict[str, Any] = {"role": "assistant", "content": text}
            if calls:
                message["tool_calls"] = calls
            await _send_json(send, _completion({"index": 0, "message": message, "finish_reason": _finish(calls)}))
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
        deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
        deltas += [{"content": text[i : i + CHUNK]} for i in range(0, len(text), CHUNK)]
        for index, call in enumerate(calls):
            args = call["function"]["arguments"]
            head = {"index": index, "id": call["id"], "type": "function"}
            deltas.append({"tool_calls": [{**head, "function": {"name": call["function"]["name"], "arguments": ""}}]})
            deltas += [
                {"tool_calls": [{"index": index, "function": {"arguments": args[i : i + 7]}}]}
                for i in range(0, len(args), 7)
            ]
        for delta in deltas:
            await _event(send, _chunk({"index": 0, "delta": delta, "finish_reason": None}))
        await _event(send, _chunk({"index": 0, "delta": {}, "finish_reason": _finish(calls)}))
        await send({"type": "http.response.body", "body": b"data: [DONE]\n\n", "more_body": False})


def _last_user_text(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            return _text(message.get("content"))
    return ""


def _text(content: Any) -> str:
    if isinstance(content, list):
        return "".join(p.get("text") or "" for p in content if isinstance(p, dict) and p.get("type") == "text")
    return content if isinstance(content, str) else ""


def _echo(request: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The last user text, and (with tools) a tool call repeating the last one it was given."""
    messages = request.get("messages") or []
    text = _last_user_text(messages)
    tools = request.get("tools") or []
    if not tools:
        return text, []
    for message in reversed(messages):
        if message.get("role") == "assistant" and message.get("tool_calls"):
            function = message["tool_calls"][0]["function"]
            return text, [_call(function["name"], function["arguments"])]
    return text, [_call(tools[0]["function"]["name"], json.dumps({"query": text}, ensure_ascii=False))]


def _call(name: str, arguments: str) -> dict[str, Any]:
    return {"id": "call_echo", "type": "function", "function": {"name": name, "arguments": arguments}}


def _finish(calls: list[dict[str, Any]]) -> str:
    return "tool_calls" if calls else "stop"


def _completion(choice: dict[str, Any]) -> dict[str, Any]:
    usage = {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}
    return {"id": "chatcmpl-x", "object": "chat.completion", "model": "fake-cloud", "choices": [choice], "usage": usage}


def _chunk(choice: dict[str, Any]) -> dict[str, Any]:
    return {"id": "chatcmpl-x", "object": "chat.completion.chunk", "model": "fake-cloud", "choices": [choice]}


async def _send_json(send: Send, payload: dict[str, Any]) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": json.dumps(payload).encode()})


async def _event(send: Send, payload: dict[str, Any]) -> None:
    data = f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()
    await send({"type": "http.response.body", "body": data, "more_body": True})


@pytest.fixture(scope="module")
def upstream() -> Iterator[Upstream]:
    app = Upstream()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        app.port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=app.port, log_level="critical"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield app
    server.should_exit = True
    thread.join(timeout=10)


# ---------------------------------------------------------------- the daemon, and the report


@pytest.fixture(scope="module")
def daemon(upstream: Upstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    config = BASE_CONFIG + (
        "\n[server]\nrate_limit_per_s = 0\n"
        "\n[policy.thresholds]\nburstable = 1.0      # burstable work leaves this device at once\n"
        "\n[policy.approval]\nenabled = false      # no human in the loop here\n"
        f'\n[[islands]]\nid = "{ISLAND}"\nkind = "cloud"\nendpoint = "{upstream.url}/v1"\n'
        'trust = { base = 0.96, certification = "iso27001", jurisdiction = "same-country" }  # T = P = 0.96\n'
        "expected_latency_ms = 50\n"
    )
    running = Daemon(tmp_path_factory.mktemp("leaks"), config).start()
    try:
        _wait_for_cloud_route(running)
        yield running
    finally:
        running.stop()


def _wait_for_cloud_route(daemon: Daemon) -> None:
    """The local gate for burstable work closes at the first capacity sample: wait for it."""
    body = {"sensitivity": "restricted", "tier": "burstable"}
    deadline = time.monotonic() + 60
    last: Any = None
    with daemon.client() as client:
        while time.monotonic() < deadline:
            response = client.post("/api/route", json=body)
            last = response.text
            if response.status_code == 200 and response.json().get("island") == ISLAND:
                return
            time.sleep(0.5)
    pytest.fail(f"the router never chose {ISLAND}: {last}")


@dataclass
class Outcome:
    case: LeakCase
    stream: bool
    status: int
    leaked: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list, repr=False)
    harmless: dict[str, str] = field(default_factory=dict, repr=False)  # id -> "same" | "changed" | "status N"
    bad: dict[str, int] = field(default_factory=dict, repr=False)
    started: float = field(default_factory=time.monotonic)

    def lines(self) -> list[str]:
        run = {o.case.id: o.case for o in self.outcomes}
        cases = list(run.values())
        values = [(c, f, v) for c in cases for f, v in c.values()]
        leaked = {(o.case.id, f, v) for o in self.outcomes for f, v in o.leaked}
        out = [
            "",
            "=" * 30 + " IslandRun leak test (held-out) " + "=" * 30,
            f"cases {len(cases)} of {len(CASES)} run (each sent non-streamed and streamed), planted values "
            f"{len(values)}, languages {len({c.lang for c in cases})}, fields {len({f for _, f, _ in values})}",
            f"planted values on the wire: {len(leaked)} of {len(values)}",
        ]
        for title, key in (("field", 1), ("language", 0)):
            total = Counter(c.lang if key == 0 else f for c, f, _ in values)
            lost = Counter(c.lang if key == 0 else f for c, f, v in values if (c.id, f, v) in leaked)
            out.append(f"leaks per {title}: " + ", ".join(f"{k} {lost[k]}/{total[k]}" for k in sorted(total)))
        statuses = Counter(f"{o.status}" for o in self.outcomes)
        out.append("responses by status (both modes): " + ", ".join(f"{k}×{n}" for k, n in sorted(statuses.items())))
        problems = Counter(p.split(":")[0] for o in self.outcomes for p in o.problems)
        out.append("other failures: " + (", ".join(f"{k} {n}" for k, n in sorted(problems.items())) or "none"))
        refused = sorted({f"{o.case.id}:{o.status}" for o in self.outcomes if 400 <= o.status < 500})
        out.append(f"refused with a 4xx: {', '.join(refused) or 'none'}")
        failing = sorted({o.case.id for o in self.outcomes if o.leaked or o.problems})
        out.append(f"cases failing: {len(failing)} of {len(cases)}")
        if self.harmless:
            changed = sorted(k for k, v in self.harmless.items() if v != "same")
            out.append(
                f"harmless prompts changed or refused: {len(changed)} of {len(self.harmless)} "
                f"({len(changed) / len(self.harmless):.0%}; allowed 1 in 20): {', '.join(changed) or 'none'}"
            )
        if self.bad:
            out.append("bad input statuses: " + ", ".join(f"{k} {v}" for k, v in self.bad.items()))
        out.append(f"time from the first case to the end: {time.monotonic() - self.started:.1f} s")
        return out


@pytest.fixture(scope="module")
def report(request: pytest.FixtureRequest) -> Iterator[Report]:
    collected = Report()
    yield collected
    lines = collected.lines()
    if target := os.environ.get("ISLANDRUN_LEAK_REPORT"):
        Path(target).write_text("\n".join(lines) + "\n")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    terminal = request.config.pluginmanager.getplugin("terminalreporter")
    if capture is None or terminal is None:
        print("\n".join(lines))
        return
    with capture.global_and_fixture_disabled():
        for line in lines:
            terminal.write_line(line)


# ---------------------------------------------------------------- what a user checks


def _wire_texts(raw: bytes) -> list[str]:
    """The raw body, and every string in it once decoded (nested JSON strings decoded too)."""
    texts = [raw.decode("utf-8", "replace")]
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return texts
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            texts.append(item)
            if item.lstrip()[:1] in ("{", "["):
                with contextlib.suppress(ValueError, RecursionError):
                    stack.append(json.loads(item))
        elif isinstance(item, int | float) and not isinstance(item, bool):
            texts.append(repr(item))
    return texts


def _leaks(case: LeakCase, bodies: list[bytes]) -> list[tuple[str, str]]:
    """The planted values on the wire, by the one rule every leak set uses (tests/privacy/leak_rule.py)."""
    texts = [PLACEHOLDER.sub("\x00", t).casefold() for body in bodies for t in _wire_texts(body)]
    return [(f, v) for f, v in case.values() if is_on_wire(v, texts)]


def _post(daemon: Daemon, body: dict[str, Any] | bytes, stream: bool) -> tuple[int, Any]:
    """(status, JSON body) or, for a 200 stream, (200, the list of its events)."""
    kwargs: dict[str, Any] = (
        {"content": body, "headers": {"Content-Type": "application/json"}}
        if isinstance(body, bytes)
        else {"json": body}
    )
    with daemon.client() as client:
        if not stream:
            response = client.post("/v1/chat/completions", **kwargs)
            return response.status_code, _json_or_text(response.text)
        with client.stream("POST", "/v1/chat/completions", **kwargs) as response:
            if response.status_code != 200:
                response.read()
                return response.status_code, _json_or_text(response.text)
            events = [json.loads(line[6:]) for line in response.iter_lines() if line.startswith("data: {")]
            return 200, events


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _reply(answer: Any, stream: bool) -> tuple[dict[str, Any], str, list[dict[str, Any]], list[str]]:
    """(islandrun meta, text, tool calls, errors) of a 200 answer."""
    if not stream:
        message = answer["choices"][0]["message"]
        return answer.get("islandrun") or {}, message.get("content") or "", message.get("tool_calls") or [], []
    meta: dict[str, Any] = {}
    text = ""
    calls: dict[int, dict[str, Any]] = {}
    errors = [json.dumps(e["error"]) for e in answer if "error" in e]
    for event in answer:
        meta = meta or event.get("islandrun") or {}
        for choice in event.get("choices") or []:
            delta = choice.get("delta") or {}
            text += delta.get("content") or ""
            for piece in delta.get("tool_calls") or []:
                call = calls.setdefault(piece.get("index", 0), {"function": {"name": "", "arguments": ""}})
                function = piece.get("function") or {}
                call["function"]["name"] += function.get("name") or ""
                call["function"]["arguments"] += function.get("arguments") or ""
    return meta, text, [calls[i] for i in sorted(calls)], errors


def _is_error_shape(answer: Any) -> bool:
    error = answer.get("error") if isinstance(answer, dict) else None
    return isinstance(error, dict) and isinstance(error.get("message"), str) and isinstance(error.get("type"), str)


def _expected_call(case: LeakCase) -> tuple[str, Any] | None:
    messages, tools = case.body["messages"], case.body.get("tools") or []
    if not tools:
        return None
    for message in reversed(messages):
        if message.get("role") == "assistant" and message.get("tool_calls"):
            function = message["tool_calls"][0]["function"]
            return function["name"], json.loads(function["arguments"])
    return tools[0]["function"]["name"], {"query": _last_user_text(messages)}


def _check_reply(case: LeakCase, answer: Any, stream: bool, wire: list[bytes]) -> list[str]:
    problems: list[str] = []
    meta, text, calls, errors = _reply(answer, stream)
    problems += [f"stream error: {e}" for e in errors]
    if meta.get("island") != ISLAND:
        problems.append(f"routing: served by {meta.get('island')!r}, not the cloud island")
    if not meta.get("sanitized"):
        problems.append("sanitized flag: islandrun.sanitized is not true although the request held personal data")
    original = case.body["messages"]
    user = next(m for m in reversed(original) if m.get("role") == "user")["content"]
    joins = [user] if isinstance(user, str) else [sep.join(p["text"] for p in user) for sep in ("", "\n", " ", "\n\n")]
    if text not in joins:
        left = PLACEHOLDER.findall(text)
        problems.append(f"restore: the echo did not come back as sent ({len(left)} placeholders left)")
    expected = _expected_call(case)
    if expected is not None:
        got = [(c["function"]["name"], c["function"]["arguments"]) for c in calls]
        try:
            decoded = [(name, json.loads(args)) for name, args in got]
        except ValueError:
            decoded = []
        if decoded != [expected]:
            problems.append("restore: tool call did not come back with its original name and arguments")
    names = {m["name"] for m in original if m.get("name")}
    for body in wire:
        sent = json.loads(body).get("messages") or []
        if names & {m.get("name") for m in sent}:
            problems.append("name field: a message name went out unchanged")
    return problems


def _describe(pairs: list[tuple[str, str]]) -> str:
    if VERBOSE:
        return ", ".join(f"{f}={v!r}" for f, v in pairs)
    return ", ".join(f"{f}×{n}" for f, n in Counter(f for f, _ in pairs).items())


def _short(answer: Any) -> str:
    """An error answer, its message cut (the guard's message may quote the user's text)."""
    return (
        str(answer)[:200] if VERBOSE else str(answer.get("error", {}).get("type") if isinstance(answer, dict) else "")
    )


def _request(case_body: dict[str, Any], stream: bool) -> dict[str, Any]:
    return {"model": "default", "max_tokens": 64, "stream": stream, **case_body, "islandrun": {"tier": "burstable"}}


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_planted_values_never_reach_the_cloud(
    daemon: Daemon, upstream: Upstream, report: Report, case: LeakCase, stream: bool
) -> None:
    status, answer, leaked, problems = judge(daemon, upstream, case, stream)
    outcome = Outcome(case, stream, status, leaked, problems)
    report.outcomes.append(outcome)
    assert not leaked, f"{len(leaked)} planted value(s) reached the cloud: {_describe(leaked)}"
    assert not problems, "; ".join(problems) + (f" ({_short(answer)})" if status != 200 else "")


def judge(
    daemon: Daemon, upstream: Upstream, case: LeakCase, stream: bool
) -> tuple[int, Any, list[tuple[str, str]], list[str]]:
    """Send one case and judge it as a user would: (status, answer, planted values on the wire, problems).
    The held-out sets (this one and test_leaks_second.py) share it, so they are judged alike."""
    upstream.records.clear()
    status, answer = _post(daemon, _request(case.body, stream), stream)
    wire = upstream.chat_bodies()
    leaked = _leaks(case, [r.body for r in upstream.records])
    problems: list[str] = []
    if 400 <= status < 500:
        if not _is_error_shape(answer):
            problems.append(f"error shape: {status} without an OpenAI error body")
        if wire:
            problems.append(f"refused but sent: {status}, yet {len(wire)} request(s) reached the upstream")
        if case.expect == "sanitize":
            problems.append(f"refused instead of sanitised: {status}")
    elif status == 200:
        if case.expect == "refuse":
            problems.append("not refused: content that cannot be sanitised was answered")
        if not wire:
            problems.append("routing: 200 but nothing reached the cloud island")
        problems += _check_reply(case, answer, stream, wire)
    else:
        problems.append(f"status: {status}")
    return status, answer, leaked, problems


def test_harmless_prompts_go_out_unchanged(daemon: Daemon, upstream: Upstream, report: Report) -> None:
    shown: list[str] = []
    for prompt in HARMLESS:
        upstream.records.clear()
        messages = [{"role": "user", "content": prompt["text"]}]
        status, _ = _post(daemon, _request({"messages": messages}, False), False)
        wire = upstream.chat_bodies()
        if status != 200 or len(wire) != 1:
            report.harmless[prompt["id"]] = f"status {status}"
            continue
        sent = [{"role": m.get("role"), "content": m.get("content")} for m in json.loads(wire[0])["messages"]]
        report.harmless[prompt["id"]] = "same" if sent == messages else "changed"
        if sent != messages and VERBOSE:
            shown.append(f"{prompt['id']}: {json.dumps(sent, ensure_ascii=False)}")
    changed = [k for k, v in report.harmless.items() if v != "same"]
    detail = "\n".join(shown) if VERBOSE else "(ISLANDRUN_LEAK_VERBOSE=1 shows what went out)"
    n_changed, n_total = len(changed), len(HARMLESS)
    assert n_changed * 20 <= n_total, f"{n_changed} of {n_total} changed or refused: {changed}\n{detail}"


def _deep_arguments() -> bytes:
    args = "[" * 10_000 + "]" * 10_000
    messages = [
        {"role": "user", "content": "Run the tool."},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "run", "arguments": args}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "ok"},
        {"role": "user", "content": "Again."},
    ]  # fmt: skip
    tools = [{"type": "function", "function": {"name": "run", "parameters": {"type": "object"}}}]
    return json.dumps(_request({"messages": messages, "tools": tools}, False)).encode()


def _deep_body() -> bytes:
    head = json.dumps(_request({"messages": [{"role": "user", "content": "Run the tool."}]}, False))[:-1]
    nested = '{"a":' * 10_000 + "1" + "}" * 10_000
    return (
        head + ', "tools": [{"type": "function", "function": {"name": "run", "parameters": ' + nested + "}}]}"
    ).encode()


def _lone_surrogate() -> bytes:
    request = _request({"messages": [{"role": "user", "content": "PLACEHOLDER"}]}, False)
    return json.dumps(request).replace("PLACEHOLDER", "my name is \\ud800 Ana").encode()


def _huge_prompt() -> bytes:
    sentence = "Please proofread the following paragraph about the quarterly planning meeting. "
    text = sentence * (2_000_000 // len(sentence) + 1)
    return json.dumps(_request({"messages": [{"role": "user", "content": text}]}, False)).encode()


BAD = {"lone-surrogate": _lone_surrogate, "deep-tool-arguments": _deep_arguments, "deep-body": _deep_body,
       "2mb-prompt": _huge_prompt}  # fmt: skip


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_is_a_4xx_and_sends_nothing(daemon: Daemon, upstream: Upstream, report: Report, name: str) -> None:
    upstream.records.clear()
    status, answer = _post(daemon, BAD[name](), False)
    report.bad[name] = status
    assert 400 <= status < 500, f"{name}: {status} {str(answer)[:300]}"
    assert _is_error_shape(answer), f"{name}: not the OpenAI error shape: {str(answer)[:300]}"
    assert not upstream.chat_bodies(), f"{name}: something was sent upstream"


def test_cases_are_well_formed() -> None:
    """Every planted value is really in its request, and the set covers what the brief asks."""
    for case in CASES:
        texts = [t.casefold() for t in _wire_texts(json.dumps(case.body, ensure_ascii=False).encode())]
        missing = [v for _, v in case.values() if not any(v.casefold() in t for t in texts)]
        assert not missing, f"{case.id}: planted values not in the request: {missing}"
    assert len({c.id for c in CASES}) == len(CASES)
    assert len({c.lang for c in CASES}) >= 8
    fields = {f for c in CASES for f, _ in c.values()}
    assert fields >= {"content", "parts", "name", "multi_turn", "tool_desc", "tool_param_desc", "tool_enum",
                      "tool_args", "tool_args_number", "tool_result_escaped", "stop", "extra_key", "image_url",
                      "escaped_quote"}  # fmt: skip
    assert len(HARMLESS) >= 40
    assert len({h["lang"] for h in HARMLESS}) >= 8
