"""The tier queue: pure ordering rules first, then the real engine under contention."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from islandrun.core.engines.errors import EngineBusyError
from islandrun.core.engines.local import LocalEngine
from islandrun.core.engines.queue import TierQueue
from islandrun.core.engines.types import ChatChunk
from islandrun.core.routing.policy import Priority

from .conftest import ask, make_engine

pytestmark = pytest.mark.timeout(240)

P, S, B = Priority.PRIMARY, Priority.SECONDARY, Priority.BURSTABLE


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_queue_serves_tiers_in_order_and_fifo_within_a_tier() -> None:
    queue = TierQueue(limit=10)
    await queue.acquire(P)  # the running request
    order: list[str] = []

    async def job(name: str, tier: Priority) -> None:
        async with queue.slot(tier):
            order.append(name)

    arrivals = [("b1", B), ("s1", S), ("p1", P), ("b2", B), ("p2", P), ("s2", S)]
    tasks = [asyncio.create_task(job(n, t)) for n, t in arrivals]
    await _settle()
    assert queue.depth() == 7 and queue.waiting(P) == 2 and queue.waiting(B) == 2
    queue.release()
    await asyncio.gather(*tasks)
    assert order == ["p1", "p2", "s1", "s2", "b1", "b2"]
    assert queue.depth() == 0


async def test_full_queue_answers_busy_at_once_and_queues_nothing() -> None:
    queue = TierQueue(limit=2)
    await queue.acquire(P)
    waiter = asyncio.create_task(queue.acquire(B))
    await _settle()
    with pytest.raises(EngineBusyError, match=r"busy: 2 requests .* \(limit 2\)"):
        await queue.acquire(P)
    assert queue.depth() == 2
    queue.release()
    await waiter
    queue.release()
    assert queue.depth() == 0


async def test_cancelled_waiter_leaves_without_taking_a_slot() -> None:
    queue = TierQueue(limit=5)
    await queue.acquire(P)
    gone = asyncio.create_task(queue.acquire(P))
    stays = asyncio.create_task(queue.acquire(S))
    await _settle()
    gone.cancel()
    await _settle()
    assert queue.waiting() == 1
    queue.release()
    await stays
    assert queue.depth() == 1
    queue.release()
    assert queue.depth() == 0


async def test_engine_orders_real_requests_by_tier_under_contention(engine: LocalEngine) -> None:
    """One long primary completion holds the engine; six more arrive while it runs and are
    served primary → secondary → burstable, FIFO within each tier."""
    finished: list[str] = []
    first_piece = asyncio.Event()

    async def run(name: str, tier: Priority, max_tokens: int) -> None:
        async for chunk in engine.stream(ask(f"Say something about {name}.", max_tokens=max_tokens, priority=tier)):
            if chunk.text:
                first_piece.set()
        finished.append(name)

    holder = asyncio.create_task(run("holder", P, 48))
    await asyncio.wait_for(first_piece.wait(), 120)
    arrivals = [("b1", B), ("s1", S), ("p1", P), ("b2", B), ("p2", P), ("s2", S)]
    tasks = [asyncio.create_task(run(name, tier, 3)) for name, tier in arrivals]  # arrival = creation order
    async with asyncio.timeout(30):
        while engine.queue_depth() < 7:
            await asyncio.sleep(0.005)
    assert engine.waiting(P) == 2 and engine.waiting(S) == 2 and engine.waiting(B) == 2
    assert not holder.done()
    await asyncio.gather(holder, *tasks)
    assert finished == ["holder", "p1", "p2", "s1", "s2", "b1", "b2"]
    assert engine.queue_depth() == 0


async def test_engine_says_busy_when_its_queue_is_full(embedded_gguf: Path, tmp_path: Path) -> None:
    small = make_engine(embedded_gguf, tmp_path, max_queue=2)
    try:
        started = asyncio.Event()

        async def long_one() -> None:
            async for chunk in small.stream(ask("Tell a long tale.", max_tokens=200)):
                if chunk.text:
                    started.set()

        running = asyncio.create_task(long_one())
        await asyncio.wait_for(started.wait(), 120)
        waiting = asyncio.create_task(small.chat(ask("next", max_tokens=2, priority=B)))
        await _settle()
        with pytest.raises(EngineBusyError) as caught:
            await small.chat(ask("one too many", max_tokens=2))
        assert "retry later" in caught.value.message and small.queue_depth() == 2
        running.cancel()
        waiting.cancel()
        await asyncio.gather(running, waiting, return_exceptions=True)
        assert small.queue_depth() == 0
    finally:
        await small.aclose()


async def _read(engine: LocalEngine, n: int, request_tokens: int = 300) -> tuple[list[ChatChunk], object]:
    stream = engine.stream(ask("Count from one to one hundred, in words.", max_tokens=request_tokens, seed=11))
    got: list[ChatChunk] = []
    async for chunk in stream:
        if chunk.text:
            got.append(chunk)
        if len(got) == n:
            break
    return got, stream


async def test_closing_the_stream_stops_generation_within_a_few_tokens(engine: LocalEngine) -> None:
    before = engine.stats()
    got, stream = await _read(engine, 4)
    await stream.aclose()  # type: ignore[attr-defined]
    after = engine.stats()
    assert after.cancelled == before.cancelled + 1
    generated = after.sampled_tokens - before.sampled_tokens
    # the worker may be a token or two ahead of a busy reader; ≈ 300 if it had run on
    assert len(got) <= generated <= len(got) + 6
    assert engine.queue_depth() == 0
    # the engine is immediately usable again
    result = await engine.chat(ask("hello", max_tokens=3))
    assert result.usage.completion_tokens == 3


async def test_cancelling_the_reading_task_stops_generation(engine: LocalEngine) -> None:
    """The client going away = the task reading the stream is cancelled (what the HTTP server does)."""
    before = engine.stats()
    received: list[str] = []

    async def client() -> None:
        async for chunk in engine.stream(ask("Write a very long poem.", max_tokens=300, seed=4)):
            received.append(chunk.text)  # noqa: PERF401 - the test watches it grow while streaming

    task = asyncio.create_task(client())
    while len(received) < 5:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    after = engine.stats()
    assert after.cancelled == before.cancelled + 1
    assert after.sampled_tokens - before.sampled_tokens <= len(received) + 6  # not ≈ 300
    assert engine.queue_depth() == 0


async def test_waiters_are_ordered_by_arrival_ticket_not_by_when_they_reach_the_queue() -> None:
    """The engine takes a ticket when a request arrives, then looks the model up in a thread;
    a request whose lookup finished first must not overtake one that arrived before it."""
    queue = TierQueue(limit=10)
    await queue.acquire(P)
    early, late = queue.ticket(), queue.ticket()
    order: list[str] = []

    async def job(name: str, ticket: int) -> None:
        async with queue.slot(S, ticket):
            order.append(name)

    second = asyncio.create_task(job("late", late))
    await _settle()
    first = asyncio.create_task(job("early", early))
    await _settle()
    queue.release()
    await asyncio.gather(first, second)
    assert order == ["early", "late"]


async def test_shutdown_stops_a_running_stream_and_refuses_new_work(embedded_gguf: Path, tmp_path: Path) -> None:
    from islandrun.core.engines.errors import EngineError

    engine = make_engine(embedded_gguf, tmp_path)
    stream = engine.stream(ask("Write a very long essay about the ocean.", max_tokens=400))
    chunks: list[ChatChunk] = []
    async for chunk in stream:
        chunks.append(chunk)
        if len(chunks) == 3:
            break
    closing = asyncio.create_task(engine.aclose())
    rest = [chunk async for chunk in stream]
    await asyncio.wait_for(closing, 60)
    assert rest and rest[-1].finish_reason == "cancelled"
    assert rest[-1].usage is not None and rest[-1].usage.completion_tokens < 50
    assert engine.stats().resident_models == ()
    with pytest.raises(EngineError, match="shutting down"):
        await engine.chat(ask("hi", max_tokens=2))


async def test_a_client_leaving_during_the_load_does_not_pin_the_model(embedded_gguf: Path, tmp_path: Path) -> None:
    engine = make_engine(embedded_gguf, tmp_path)
    try:
        task = asyncio.create_task(engine.chat(ask("hi", max_tokens=2)))
        await asyncio.sleep(0.05)  # the model is loading in a worker thread
        assert engine.stats().resident_models == ()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with asyncio.timeout(60):
            while not engine.pool.resident():
                await asyncio.sleep(0.05)
        await asyncio.sleep(0.1)
        (loaded,) = engine.pool.resident()
        assert loaded.in_use == 0  # released once loaded: the keep-alive can unload it
        assert await engine.unload("gemma-3-270m")
    finally:
        await engine.aclose()


async def test_cancelled_twice_the_worker_still_stops_before_the_model_is_reused(engine: LocalEngine) -> None:
    received: list[str] = []

    async def client() -> None:
        async for chunk in engine.stream(ask("Write a very long poem about rain.", max_tokens=300)):
            received.append(chunk.text)  # noqa: PERF401 - watched while streaming

    task = asyncio.create_task(client())
    while len(received) < 3:
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.sleep(0)
    task.cancel()  # e.g. a server shutting down cancels again
    with pytest.raises(asyncio.CancelledError):
        await task
    assert engine.queue_depth() == 0
    assert all(m.in_use == 0 for m in engine.pool.resident())
    result = await engine.chat(ask("hello", max_tokens=4, seed=1))
    assert result.usage.completion_tokens == 4


async def test_an_app_that_floods_waits_behind_its_own_requests() -> None:
    """App A has queued many requests; app B asks once: B is served next, not after all of A's."""
    queue = TierQueue(limit=16)
    await queue.acquire(S, app="A")  # A's request is running
    order: list[str] = []

    async def job(name: str, app: str) -> None:
        async with queue.slot(S, app=app):
            order.append(name)
            await asyncio.sleep(0)

    flood = [asyncio.create_task(job(f"a{i}", "A")) for i in range(6)]
    await _settle()
    quiet = asyncio.create_task(job("b1", "B"))
    await _settle()
    queue.release("A")
    await asyncio.gather(*flood, quiet)
    assert order[0] == "b1", order
    assert order[1:] == [f"a{i}" for i in range(6)]  # A's own requests stay first come, first served


async def test_one_app_cannot_fill_the_queue_and_a_quiet_apps_primary_work_is_served() -> None:
    queue = TierQueue(limit=8)  # one app may hold 6 places; 2 stay for the others
    await queue.acquire(S, app="flood")
    waiting = [asyncio.create_task(queue.acquire(S, app="flood")) for _ in range(5)]
    await _settle()
    assert queue.held("flood") == 6
    with pytest.raises(EngineBusyError):
        await queue.acquire(S, app="flood")  # its share is full: busy for the flooder only
    primary = asyncio.create_task(queue.acquire(P, app="quiet"))
    await _settle()
    queue.release("flood")
    await _settle()
    assert primary.done()  # the quiet app's primary request got the slot first
    for task in waiting:
        task.cancel()
    await asyncio.gather(*waiting, return_exceptions=True)
