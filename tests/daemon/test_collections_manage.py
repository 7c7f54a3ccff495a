"""Managing this device's collections through a real daemon (what the tray's panel does): add a
folder, watch it index on the event feed, re-index after the folder changed, refusals with their
statuses, a folder that vanished, remove — the folder's files are never touched — and removing a
collection while it indexes stops the run."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Daemon


class Feed:
    """The daemon's event stream (``collection.*``), collected in a thread."""

    def __init__(self, daemon: Daemon) -> None:
        self.events: list[dict[str, Any]] = []
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._follow, args=(daemon,), daemon=True)
        self.thread.start()
        assert self.ready.wait(30), "the event stream did not open"

    def _follow(self, daemon: Daemon) -> None:
        with (
            daemon.unix_client() as client,
            client.stream("GET", "/api/events", params={"types": "collection."}, timeout=None) as response,
        ):
            self.ready.set()
            for line in response.iter_lines():
                if line.startswith("data:"):
                    self.events.append(json.loads(line[5:]))

    def wait(self, kind: str, name: str, after: int = 0, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events[after:]:
                if event["type"] == kind and event["data"]["name"] == name:
                    return dict(event["data"])
            time.sleep(0.05)
        raise AssertionError(f"no {kind} for {name!r}; got {self.events[after:]}")


@pytest.fixture(scope="module")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    running = Daemon(tmp_path_factory.mktemp("collections-manage")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def feed(daemon: Daemon) -> Feed:
    return Feed(daemon)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "garden.md").write_text("Tomatoes need six hours of direct sunlight and deep watering twice a week.\n")
    (folder / "bikes.txt").write_text("The bike shop on Elm Street fixes flat tyres while you wait.\n")
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 8)  # binary junk under a text name
    return folder


def _listed(daemon: Daemon, name: str) -> dict[str, Any] | None:
    with daemon.unix_client() as client:
        listing = client.get("/api/collections").json()
    return next((c for c in listing if c["name"] == name and c["island"] == "local"), None)


def test_add_indexes_in_the_background_and_reports_on_the_event_feed(
    daemon: Daemon, feed: Feed, tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    before = sorted(p.name for p in folder.iterdir())
    mark = len(feed.events)
    with daemon.unix_client() as client:
        added = client.post("/api/collections", json={"name": "notes", "folder": str(folder)})
    assert added.status_code == 202 and added.json() == {"name": "notes", "status": "indexing"}
    done = feed.wait("collection.indexed", "notes", mark)
    assert done["indexed"] == 2 and done["unchanged"] == 0 and done["problem"] == ""
    assert [s["path"] for s in done["skipped"]] == ["photo.txt"] and done["skipped"][0]["reason"]
    progress = [e["data"] for e in feed.events[mark:] if e["type"] == "collection.progress"]
    assert progress and progress[-1]["done"] == progress[-1]["total"]
    listed = _listed(daemon, "notes")
    assert listed is not None and listed["documents"] == 2 and listed["indexing"] is False
    assert str(folder) not in json.dumps(listed)  # never paths

    # The folder changes: reindex reads the changed file only and drops the vanished one.
    (folder / "garden.md").write_text("Tomatoes need eight hours of sunlight; water them at the roots.\n")
    (folder / "bikes.txt").unlink()
    mark = len(feed.events)
    with daemon.unix_client() as client:
        assert client.post("/api/collections/notes/reindex").status_code == 202
    again = feed.wait("collection.indexed", "notes", mark)
    assert (again["indexed"], again["removed"]) == (1, 1)
    after = _listed(daemon, "notes")
    assert after is not None and (after["documents"], after["chunks"]) == (1, 1)
    assert after["bytes"] == (folder / "garden.md").stat().st_size

    # Asked at once: the daemon answers from the re-indexed text.
    with daemon.unix_client() as client:
        asked = client.post(
            "/v1/chat/completions",
            json={
                "model": "default",
                "messages": [{"role": "user", "content": "How many hours of sunlight do tomatoes need?"}],
                "max_tokens": 4,
                "islandrun": {"collection": "notes"},
            },
            timeout=120,
        )
    assert asked.status_code == 200, asked.text
    assert [s["source"] for s in asked.json()["islandrun"]["sources"]] == ["garden.md"]

    # Removed: gone from the list and from routing; the folder's files are untouched.
    with daemon.unix_client() as client:
        assert client.delete("/api/collections/notes").status_code == 204
        body = {
            "model": "default",
            "messages": [{"role": "user", "content": "hi"}],
            "islandrun": {"collection": "notes"},
        }
        refused = client.post("/v1/chat/completions", json=body)
    assert _listed(daemon, "notes") is None
    assert refused.status_code == 409 and "notes" in refused.text
    assert sorted(p.name for p in folder.iterdir()) == sorted(set(before) - {"bikes.txt"})


def test_refusals_say_what_to_fix(daemon: Daemon, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with daemon.unix_client() as client:

        def add(name: str, where: str) -> tuple[int, str]:
            response = client.post("/api/collections", json={"name": name, "folder": where})
            return response.status_code, response.json()["error"]["message"] if response.status_code >= 400 else ""

        status, message = add("Bad Name", str(folder))
        assert status == 400 and "not a valid collection name" in message
        status, message = add("ok", "relative/folder")
        assert status == 400 and "absolute path" in message
        status, message = add("ok", str(tmp_path / "missing"))
        assert status == 400 and "does not exist" in message
        status, message = add("ok", "/")
        assert status == 400 and "root of the file system" in message
        status, message = add("ok", str(Path.home()))
        assert status == 400 and "home folder" in message
        assert client.post("/api/collections/nothing-here/reindex").status_code == 404
        assert client.delete("/api/collections/nothing-here").status_code == 404

        assert add("twice", str(folder)) == (202, "")
        status, message = add("twice", str(folder))
        assert status == 409 and "twice" in message  # taken (or still indexing: also 409)


def test_a_folder_that_vanished_is_reported_and_the_index_kept(daemon: Daemon, feed: Feed, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    mark = len(feed.events)
    with daemon.unix_client() as client:
        assert client.post("/api/collections", json={"name": "gone", "folder": str(folder)}).status_code == 202
    feed.wait("collection.indexed", "gone", mark)
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()
    mark = len(feed.events)
    with daemon.unix_client() as client:
        assert client.post("/api/collections/gone/reindex").status_code == 202
    failed = feed.wait("collection.failed", "gone", mark)
    assert str(folder) in failed["reason"], failed
    listed = _listed(daemon, "gone")
    assert listed is not None and listed["documents"] == 2  # nothing lost


def test_removing_a_collection_while_it_indexes_stops_the_run(daemon: Daemon, feed: Feed, tmp_path: Path) -> None:
    """A folder added by mistake: removing it does not wait for the whole index run."""
    folder = tmp_path / "big"
    folder.mkdir()
    for i in range(120):  # each file is several passages to embed: tens of seconds on 2 cores
        (folder / f"note-{i:03}.md").write_text(f"Note {i}: " + "the harbour log of a quiet day at sea. " * 80)
    mark = len(feed.events)
    with daemon.unix_client() as client:
        assert client.post("/api/collections", json={"name": "big", "folder": str(folder)}).status_code == 202
        feed.wait("collection.progress", "big", mark)
        started = time.monotonic()
        assert client.delete("/api/collections/big", timeout=60).status_code == 204
        took = time.monotonic() - started
    stopped = feed.wait("collection.failed", "big", mark)
    assert "stopped" in stopped["reason"]
    assert not [e for e in feed.events[mark:] if e["type"] == "collection.indexed" and e["data"]["name"] == "big"]
    assert _listed(daemon, "big") is None
    assert len(list(folder.iterdir())) == 120
    print(f"remove while indexing answered in {took:.2f} s")
