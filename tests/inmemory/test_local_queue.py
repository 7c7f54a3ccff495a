"""The local engine's queue through the whole daemon, in memory: a full queue answers "busy" (503 +
Retry-After) at once, streamed or not; primary work goes first once there is room; and a client
that leaves a non-streamed request stops its generation, the audit row says ``cancelled`` and the
engine is free for the next request.

The queue is the real engine's; only the model is scripted (:class:`.fake_engine.ScriptedEngine`),
so a generation can be held for as long as the test needs instead of hoping a real model is slow
enough. (Moved here from tests/daemon/test_busy.py and test_disconnect.py; the model's own stop
within a token is tests/engines'.)
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from .conftest import BASE_CONFIG, InMemoryDaemon, Start


def _body(content: str, **extra: Any) -> dict[str, Any]:
    return {"model": "default", "messages": [{"role": "user", "content": content}], "max_tokens": 4, **extra}


async def _until(check: Any, what: str) -> None:
    for _ in range(2000):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never happened: {what}")


async def test_a_full_queue_answers_503_with_retry_after(start_daemon: Start) -> None:
    daemon = await start_daemon(BASE_CONFIG.replace("[engine]\n", "[engine]\nmax_queue = 1\n"))
    daemon.engine.hold()  # the first request keeps the only place while it "generates"
    async with daemon.client() as client:
        first = asyncio.create_task(client.post("/v1/chat/completions", json=_body("Tell a long story.")))
        await _until(daemon.engine.generating.is_set, "the first request reached the model")
        for stream in (False, True):
            busy = await client.post("/v1/chat/completions", json=_body("Hi", stream=stream))
            assert busy.status_code == 503, busy.text
            assert busy.headers["retry-after"] == "2"
            assert "busy" in busy.json()["error"]["message"]
        assert not first.done()
        daemon.engine.release()
        assert (await first).status_code == 200
        assert (await client.post("/v1/chat/completions", json=_body("Hi"))).status_code == 200  # room again
    assert len(daemon.engine.seen) == 2  # the refused ones never reached the model


async def test_primary_work_goes_first_once_there_is_room(daemon: InMemoryDaemon) -> None:
    daemon.engine.hold()

    def ask(client: httpx.AsyncClient, content: str, tier: str) -> asyncio.Task[httpx.Response]:
        headers = {"X-IslandRun-Tier": tier}
        return asyncio.create_task(client.post("/v1/chat/completions", json=_body(content), headers=headers))

    async with daemon.client() as client:
        running = ask(client, "running", "primary")
        await _until(daemon.engine.generating.is_set, "the first request reached the model")
        later = ask(client, "burstable, asked first", "burstable")
        await _until(lambda: daemon.engine.queue_depth() == 2, "the burstable request waits")
        sooner = ask(client, "primary, asked second", "primary")
        await _until(lambda: daemon.engine.queue_depth() == 3, "the primary request waits")
        daemon.engine.release()
        answers = await asyncio.gather(running, later, sooner)
    assert [a.status_code for a in answers] == [200, 200, 200]
    order = [r.messages[-1].content for r in daemon.engine.seen]
    assert order == ["running", "primary, asked second", "burstable, asked first"]


async def test_a_client_that_disconnects_cancels_its_non_streamed_generation(daemon: InMemoryDaemon) -> None:
    daemon.engine.hold()  # a generation that would never end on its own: only a cancel frees the engine
    long = _body("Write a very long story about the sea.", max_tokens=1500, islandrun={"tier": "primary"})
    async with daemon.client() as client:
        leaving = asyncio.create_task(client.post("/v1/chat/completions", json=long))
        await _until(daemon.engine.generating.is_set, "the generation started")
        leaving.cancel()  # the client gives up and goes away

        async def cancelled() -> list[dict[str, Any]]:
            rows = (await client.get("/api/audit", params={"limit": 50})).json()
            return [r for r in rows if r["outcome"] == "cancelled"]

        rows: list[dict[str, Any]] = []
        for _ in range(2000):
            if rows := await cancelled():
                break
            await asyncio.sleep(0.01)
        assert rows, "the generation went on for a client that had left"
        await _until(lambda: daemon.engine.queue_depth() == 0, "the engine is free")
        assert not daemon.engine.generating.is_set()
        daemon.engine.release()
        quick = await client.post("/v1/chat/completions", json=_body("Hi"))
    assert quick.status_code == 200
    assert [r.messages[-1].content for r in daemon.engine.seen] == ["Write a very long story about the sea.", "Hi"]
