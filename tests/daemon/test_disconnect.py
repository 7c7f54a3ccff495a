"""A client that leaves stops the work (issue 22, item 1): a long local generation asked for
without streaming is cancelled when the client disconnects, the audit row says ``cancelled``, and
the engine is free for the next request at once. On a real socket and the real model (slow): the
daemon's side of it, on a scripted model, is tests/inmemory/test_local_queue.py."""

from __future__ import annotations

import time

import httpx
import pytest

from .conftest import Daemon


@pytest.mark.slow
def test_a_client_that_disconnects_cancels_its_non_streamed_generation(daemon: Daemon) -> None:
    body = {
        "model": "default",
        "messages": [{"role": "user", "content": "Write a very long story about the sea."}],
        "max_tokens": 1500,
        "temperature": 1.0,
        "islandrun": {"tier": "primary"},
    }
    with daemon.client() as client:
        before = {row["request_id"] for row in client.get("/api/audit", params={"limit": 50}).json()}
    try:
        with httpx.Client(base_url=daemon.url, headers={"Authorization": f"Bearer {daemon.token}"}) as leaving:
            leaving.post("/v1/chat/completions", json=body, timeout=3.0)
    except httpx.TimeoutException:
        pass  # the client gives up and goes away
    deadline = time.monotonic() + 30
    cancelled = []
    with daemon.client() as client:
        while time.monotonic() < deadline and not cancelled:
            rows = client.get("/api/audit", params={"limit": 50}).json()
            cancelled = [r for r in rows if r["request_id"] not in before and r["outcome"] == "cancelled"]
            time.sleep(0.5)
        assert cancelled, "the generation went on for a client that had left"
        started = time.monotonic()
        quick = client.post(
            "/v1/chat/completions",
            json={"model": "default", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4},
        )
        assert quick.status_code == 200
        assert time.monotonic() - started < 20  # not stuck behind 1,500 tokens for nobody
