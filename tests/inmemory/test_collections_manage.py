"""Managing this device's collections (what the tray's panel does), with the daemon in memory: add
a folder, watch it index on the event feed, re-index after the folder changed, refusals with their
statuses, a folder that vanished, remove — the folder's files are never touched — and removing a
collection while it indexes stops the run.

Real: the collection store (SQLite, chunking, the bundled MiniLM embedder: none of it is the chat
model), the background index jobs, the event bus and ``/api/events`` stream, routing a request
that names a collection, grounding. Scripted: only the chat model that answers the grounded
question (:mod:`.fake_engine`); what is checked is the sources the daemon found, not the words.
(Moved from tests/daemon/test_collections_manage.py.)
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import InMemoryDaemon


class Feed:
    """The daemon's event stream (``collection.*``), collected by a task of the test's loop."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    async def follow(self, daemon: InMemoryDaemon, ready: asyncio.Event) -> None:
        async with (
            daemon.unix_client(timeout=None) as client,
            client.stream("GET", "/api/events", params={"types": "collection."}) as response,
        ):
            lines = response.aiter_lines()
            assert await anext(lines) == ": connected"
            while not daemon.services.events.subscribers:  # it subscribes right after its first line
                await asyncio.sleep(0.01)
            ready.set()
            async for line in lines:
                if line.startswith("data:"):
                    self.events.append(json.loads(line[5:]))

    async def wait(self, kind: str, name: str, after: int = 0, timeout: float = 60.0) -> dict[str, Any]:
        try:
            async with asyncio.timeout(timeout):
                while True:
                    for event in self.events[after:]:
                        if event["type"] == kind and event["data"]["name"] == name:
                            return dict(event["data"])
                    await asyncio.sleep(0.02)
        except TimeoutError:
            raise AssertionError(f"no {kind} for {name!r}; got {self.events[after:]}") from None


@pytest.fixture
async def feed(daemon: InMemoryDaemon) -> AsyncIterator[Feed]:
    feed, ready = Feed(), asyncio.Event()
    task = asyncio.create_task(feed.follow(daemon, ready))
    async with asyncio.timeout(30):
        await asyncio.wait({task, asyncio.create_task(ready.wait())}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        task.result()  # the stream did not open: say why
    yield feed
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "garden.md").write_text("Tomatoes need six hours of direct sunlight and deep watering twice a week.\n")
    (folder / "bikes.txt").write_text("The bike shop on Elm Street fixes flat tyres while you wait.\n")
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 8)  # binary junk under a text name
    return folder


async def _listed(daemon: InMemoryDaemon, name: str) -> dict[str, Any] | None:
    async with daemon.unix_client() as client:
        listing = (await client.get("/api/collections")).json()
    return next((c for c in listing if c["name"] == name and c["island"] == "local"), None)


async def test_add_indexes_in_the_background_and_reports_on_the_event_feed(
    daemon: InMemoryDaemon, feed: Feed, tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    before = sorted(p.name for p in folder.iterdir())
    mark = len(feed.events)
    async with daemon.unix_client() as client:
        added = await client.post("/api/collections", json={"name": "notes", "folder": str(folder)})
    assert added.status_code == 202 and added.json() == {"name": "notes", "status": "indexing"}
    done = await feed.wait("collection.indexed", "notes", mark)
    assert done["indexed"] == 2 and done["unchanged"] == 0 and done["problem"] == ""
    assert [s["path"] for s in done["skipped"]] == ["photo.txt"] and done["skipped"][0]["reason"]
    progress = [e["data"] for e in feed.events[mark:] if e["type"] == "collection.progress"]
    assert progress and progress[-1]["done"] == progress[-1]["total"]
    listed = await _listed(daemon, "notes")
    assert listed is not None and listed["documents"] == 2 and listed["indexing"] is False
    assert listed["embeddings"], listed  # the real embedder gave every passage a vector
    assert str(folder) not in json.dumps(listed)  # never paths

    # The folder changes: reindex reads the changed file only and drops the vanished one.
    (folder / "garden.md").write_text("Tomatoes need eight hours of sunlight; water them at the roots.\n")
    (folder / "bikes.txt").unlink()
    mark = len(feed.events)
    async with daemon.unix_client() as client:
        assert (await client.post("/api/collections/notes/reindex")).status_code == 202
    again = await feed.wait("collection.indexed", "notes", mark)
    assert (again["indexed"], again["removed"]) == (1, 1)
    after = await _listed(daemon, "notes")
    assert after is not None and (after["documents"], after["chunks"]) == (1, 1)
    assert after["bytes"] == (folder / "garden.md").stat().st_size

    # Asked at once: the daemon answers from the re-indexed text (the passages went to the model).
    question = "How many hours of sunlight do tomatoes need?"
    async with daemon.unix_client() as client:
        asked = await client.post(
            "/v1/chat/completions",
            json={
                "model": "default",
                "messages": [{"role": "user", "content": question}],
                "max_tokens": 4,
                "islandrun": {"collection": "notes"},
            },
        )
    assert asked.status_code == 200, asked.text
    assert [s["source"] for s in asked.json()["islandrun"]["sources"]] == ["garden.md"]
    grounded = " ".join(m.content for m in daemon.engine.seen[-1].messages)
    assert "eight hours of sunlight" in grounded and "six hours" not in grounded

    # Removed: gone from the list and from routing; the folder's files are untouched.
    async with daemon.unix_client() as client:
        assert (await client.delete("/api/collections/notes")).status_code == 204
        body = {
            "model": "default",
            "messages": [{"role": "user", "content": "hi"}],
            "islandrun": {"collection": "notes"},
        }
        refused = await client.post("/v1/chat/completions", json=body)
    assert await _listed(daemon, "notes") is None
    assert refused.status_code == 409 and "notes" in refused.text
    assert sorted(p.name for p in folder.iterdir()) == sorted(set(before) - {"bikes.txt"})


async def test_refusals_say_what_to_fix(daemon: InMemoryDaemon, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    async with daemon.unix_client() as client:

        async def add(name: str, where: str) -> tuple[int, str]:
            response = await client.post("/api/collections", json={"name": name, "folder": where})
            return response.status_code, response.json()["error"]["message"] if response.status_code >= 400 else ""

        status, message = await add("Bad Name", str(folder))
        assert status == 400 and "not a valid collection name" in message
        status, message = await add("ok", "relative/folder")
        assert status == 400 and "absolute path" in message
        status, message = await add("ok", str(tmp_path / "missing"))
        assert status == 400 and "does not exist" in message
        status, message = await add("ok", "/")
        assert status == 400 and "root of the file system" in message
        status, message = await add("ok", str(Path.home()))
        assert status == 400 and "home folder" in message
        assert (await client.post("/api/collections/nothing-here/reindex")).status_code == 404
        assert (await client.delete("/api/collections/nothing-here")).status_code == 404

        assert await add("twice", str(folder)) == (202, "")
        status, message = await add("twice", str(folder))
        assert status == 409 and "twice" in message  # taken (or still indexing: also 409)


async def test_a_folder_that_vanished_is_reported_and_the_index_kept(
    daemon: InMemoryDaemon, feed: Feed, tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    mark = len(feed.events)
    async with daemon.unix_client() as client:
        assert (await client.post("/api/collections", json={"name": "gone", "folder": str(folder)})).status_code == 202
    await feed.wait("collection.indexed", "gone", mark)
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()
    mark = len(feed.events)
    async with daemon.unix_client() as client:
        assert (await client.post("/api/collections/gone/reindex")).status_code == 202
    failed = await feed.wait("collection.failed", "gone", mark)
    assert str(folder) in failed["reason"], failed
    listed = await _listed(daemon, "gone")
    assert listed is not None and listed["documents"] == 2  # nothing lost


async def test_removing_a_collection_while_it_indexes_stops_the_run(
    daemon: InMemoryDaemon, feed: Feed, tmp_path: Path
) -> None:
    """A folder added by mistake: removing it does not wait for the whole index run."""
    folder = tmp_path / "big"
    folder.mkdir()
    for i in range(120):  # each file is several passages to embed: tens of seconds on 2 cores
        (folder / f"note-{i:03}.md").write_text(f"Note {i}: " + "the harbour log of a quiet day at sea. " * 80)
    mark = len(feed.events)
    async with daemon.unix_client() as client:
        assert (await client.post("/api/collections", json={"name": "big", "folder": str(folder)})).status_code == 202
        await feed.wait("collection.progress", "big", mark)
        started = time.monotonic()
        assert (await client.delete("/api/collections/big", timeout=60)).status_code == 204
        took = time.monotonic() - started
    stopped = await feed.wait("collection.failed", "big", mark)
    assert "stopped" in stopped["reason"]
    assert not [e for e in feed.events[mark:] if e["type"] == "collection.indexed" and e["data"]["name"] == "big"]
    assert await _listed(daemon, "big") is None
    assert len(list(folder.iterdir())) == 120
    print(f"remove while indexing answered in {took:.2f} s")
