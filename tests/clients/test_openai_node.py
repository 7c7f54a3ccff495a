"""The official `openai` package for Node (pinned in tests/clients/node/package-lock.json; `npm ci` there
installs it) against the daemon: each small script in node/ runs one thing as a Node user writes it and
prints what it got as one JSON line, which the test checks."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from daemon.conftest import Daemon

from .conftest import EMBED_MODEL

NODE = shutil.which("node")
SCRIPTS = Path(__file__).with_name("node")

pytestmark = [
    pytest.mark.clients,
    pytest.mark.skipif(NODE is None, reason="node is not installed (CI has node 20: `npm ci` in tests/clients/node)"),
]


def run_node(daemon: Daemon, script: str) -> dict[str, Any]:
    assert NODE is not None
    if not (SCRIPTS / "node_modules" / "openai").is_dir():
        pytest.fail("the openai Node package is not installed: run `npm ci` in tests/clients/node")
    env = {**os.environ, "ISLANDRUN_URL": daemon.url, "ISLANDRUN_TOKEN": daemon.token}
    env["ISLANDRUN_EMBED_MODEL"] = EMBED_MODEL
    done = subprocess.run(
        [NODE, script], cwd=SCRIPTS, env=env, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, f"node {script} failed:\n{done.stderr}"
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_chat(daemon: Daemon) -> None:
    result = run_node(daemon, "chat.mjs")
    assert result["role"] == "assistant"
    assert result["content"].strip()
    assert result["finish_reason"] in ("stop", "length")
    usage = result["usage"]
    assert usage["completion_tokens"] >= 1
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert result["island"] == "local"


def test_streaming_with_for_await(daemon: Daemon) -> None:
    result = run_node(daemon, "stream.mjs")
    assert result["text"].strip()
    assert result["chunks"] >= 2
    assert result["finish_reason"] in ("stop", "length")
    assert result["usage"]["completion_tokens"] >= 1


def test_tool_choice_required_gives_tool_calls(daemon: Daemon) -> None:
    result = run_node(daemon, "tools.mjs")
    for finish, calls in (
        (result["finish_reason"], result["tool_calls"]),
        (result["streamed_finish_reason"], result["streamed_tool_calls"]),
    ):
        assert finish == "tool_calls"
        assert calls, "no tool_calls"
        assert calls[0]["type"] == "function" and calls[0]["id"]
        assert calls[0]["function"]["name"] == "get_weather"
        assert isinstance(json.loads(calls[0]["function"]["arguments"]).get("city"), str)


def test_embeddings_base64_and_float(daemon: Daemon) -> None:
    result = run_node(daemon, "embeddings.mjs")
    assert [d["index"] for d in result["packed"]] == [0, 1]
    assert result["usage"]["prompt_tokens"] > 0
    for packed, plain in zip(result["packed"], result["plain"], strict=True):
        assert len(packed["embedding"]) == len(plain["embedding"]) == 384
        assert math.isclose(math.fsum(x * x for x in plain["embedding"]), 1.0, rel_tol=1e-3)
        assert all(
            math.isclose(a, b, abs_tol=1e-6) for a, b in zip(packed["embedding"], plain["embedding"], strict=True)
        )


def test_a_refused_parameter_is_a_bad_request_naming_it(daemon: Daemon) -> None:
    result = run_node(daemon, "errors.mjs")
    assert result["is_bad_request"] and result["status"] == 400
    assert "logit_bias" in result["message"]
