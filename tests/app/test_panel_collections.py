"""The *Collections* panel, offscreen, against the real daemon (tests/app's shared `islandrun serve`):
a collection added with the CLI is listed with its counts; *Add folder…* adds and indexes a folder
while the panel follows the daemon's `collection.*` events; *Reindex*; *Remove* asks first and
leaves the folder alone; refusals show the daemon's own message; a configured island's collection
is listed under that island, read-only. Every collection and island made here is removed again."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from islandrun.app.panel_collections import human_size, name_for_folder, relative_time
from islandrun.core.collections.store import NAME_PATTERN

from .conftest import ISLANDRUN, Daemon, idle_tracker, panels_window, run, until

GARDEN = "Tomatoes need six hours of direct sunlight and deep watering twice a week.\n"
BIKES = "The bike shop on Elm Street fixes flat tyres while you wait, most days before noon.\n"
BREAD = "# Sourdough\n\nSourdough bread bakes at 240 degrees for 45 minutes.\n"


def _folder(parent: Path, name: str, junk: bool = False) -> Path:
    folder = parent / name
    folder.mkdir()
    (folder / "garden.md").write_text(GARDEN)
    (folder / "bikes.txt").write_text(BIKES)
    (folder / "bread.md").write_text(BREAD)
    if junk:
        (folder / "photo.txt").write_bytes(bytes(range(256)) * 8)  # binary under a text name: skipped
    return folder


def _listed(daemon: Daemon) -> dict[str, dict[str, Any]]:
    with daemon.http() as http:
        return {c["name"]: c for c in http.get("/api/collections").json() if c["island"] == "local"}


@pytest.fixture
def cleanup(daemon: Daemon) -> Iterator[list[str]]:
    """Names of collections a test made; removed through the API afterwards."""
    names: list[str] = []
    yield names
    with daemon.http() as http:
        for name in names:
            http.delete(f"/api/collections/{name}")  # stops a run still going; 404 when the test removed it


def test_names_from_folders_are_valid_collection_names() -> None:
    assert name_for_folder("/home/me/Team Docs") == "team-docs"
    assert name_for_folder("~/Über Notizen/") == "uber-notizen"
    assert name_for_folder("/srv/.hidden_stuff") == "hidden_stuff"
    assert name_for_folder("/srv/Handbook (2024)") == "handbook-2024"
    assert name_for_folder("/srv/報告") == ""  # nothing usable left: the user names it
    long = name_for_folder("/srv/" + "Q" * 100)
    assert long == "q" * 63
    for folder in ["/a/Team Docs", "~/Über Notizen", "/srv/.hidden_stuff", "/x/A.B-c_d", "/x/" + "Q" * 100]:
        assert re.match(NAME_PATTERN, name_for_folder(folder)), folder
    assert [human_size(n) for n in (None, 0, 900, 1536, 5 * 1024**2)] == ["—", "0 B", "900 B", "1.5 KB", "5.0 MB"]
    assert [relative_time(t, now=100_000.0) for t in (None, 99_990.0, 99_000.0, 90_000.0, 10_000.0)] == [
        "never",
        "just now",
        "16 min ago",
        "2 h ago",
        "yesterday",
    ]


def test_lists_a_collection_added_with_the_cli_with_its_counts(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path, cleanup: list[str]
) -> None:
    folder = _folder(tmp_path, "Recipes")
    cleanup.append("recipes")
    done = subprocess.run(
        [ISLANDRUN, "collections", "add", "recipes", str(folder)],
        env=daemon.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.collections

    async def scenario() -> None:
        window.open_panel("Collections")
        await until(lambda: any(r[1] == "recipes" for r in panel.rows()), what="the collection")

    run(qloop, scenario())
    listed = _listed(daemon)["recipes"]
    row = next(r for r in panel.rows() if r[1] == "recipes")
    assert row == [
        "This computer",
        "recipes",
        "3",
        human_size(listed["bytes"]),
        str(listed["chunks"]),
        "just now",
        "on",
    ]
    assert listed["bytes"] == len(GARDEN) + len(BIKES) + len(BREAD)
    assert not panel.remove_button.isEnabled() and not panel.reindex_button.isEnabled()
    assert panel.select("recipes")
    assert panel.remove_button.isEnabled() and panel.reindex_button.isEnabled()
    assert '"islandrun": {"collection": "recipes"}' in panel.hint.text()
    assert str(folder) not in str(panel.rows())  # never paths
    run(qloop, client.aclose())


def test_add_folder_indexes_it_and_the_panel_follows_progress_and_result(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path, cleanup: list[str]
) -> None:
    folder = _folder(tmp_path, "Team Docs", junk=True)
    cleanup.append("team-docs")
    window, client, events = panels_window(daemon, qtbot)
    panel = window.collections
    idle = idle_tracker(window.collections_model)
    seen: list[tuple[dict[str, Any], bool, str]] = []  # progress data, bar visible, label: after the panel's slot
    window.collections_model.progress.connect(
        lambda step: seen.append((step, panel.progress.isVisible(), panel.progress_label.text()))
    )

    async def scenario() -> None:
        events.start()
        await until(lambda: events.status.connected, what="the event stream")
        window.open_panel("Collections")
        await until(lambda: panel.tree.topLevelItemCount() > 0, what="the list")
        form = panel.open_form()
        form.folder.setText(str(folder))
        assert form.name.text() == "team-docs"  # follows the folder until edited
        qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.message.text().startswith(("✓ team-docs", "✗")), timeout=90, what="the result")
        await until(lambda: any(r[1] == "team-docs" and r[2] == "3" for r in panel.rows()), what="the new row")
        await events.stop()
        await until(idle, what="the panel's last refresh")

    run(qloop, scenario(), timeout=120)
    assert panel.form is None  # closed once the daemon accepted it
    message = panel.message.text()
    assert message.startswith("✓ team-docs: 3 indexed"), message
    assert "0 unchanged, 0 removed, 1 skipped" in message
    assert panel.details.isVisible() and "skipped photo.txt: " in panel.details.toPlainText()
    assert "photo.txt" in panel.message.toolTip()
    assert seen and all(step["name"] == "team-docs" for step, _, _ in seen)
    assert any(step["total"] > 0 for step, _, _ in seen)  # the daemon's collection.progress events
    assert all(visible and label.startswith("Indexing team-docs") for _, visible, label in seen)
    assert not panel.progress.isVisible() and window.collections_model.indexing == {}
    assert _listed(daemon)["team-docs"]["documents"] == 3
    assert sorted(p.name for p in folder.iterdir()) == ["bikes.txt", "bread.md", "garden.md", "photo.txt"]
    if os.environ.get("ISLANDRUN_SCREENSHOTS"):  # docs/tray/collections-indexed.png (offscreen rendering)
        panel.select("team-docs")
        window.resize(880, 600)
        window.grab().save(str(Path(os.environ["ISLANDRUN_SCREENSHOTS"]) / "collections-indexed.png"))
    run(qloop, client.aclose())


def test_reindex_then_remove_asks_first_and_leaves_the_folder(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path, cleanup: list[str]
) -> None:
    folder = _folder(tmp_path, "garden")
    cleanup.append("garden")
    window, client, events = panels_window(daemon, qtbot)
    panel = window.collections
    idle = idle_tracker(window.collections_model)

    async def scenario() -> None:
        events.start()
        await until(lambda: events.status.connected, what="the event stream")
        window.open_panel("Collections")
        window.collections_model.add("garden", str(folder))  # the form's call, without the form
        await until(lambda: panel.message.text().startswith("✓ garden"), timeout=90, what="the first index run")
        await until(lambda: panel.select("garden"), what="the row")
        (folder / "bikes.txt").unlink()
        qtbot.mouseClick(panel.reindex_button, Qt.MouseButton.LeftButton)
        await until(lambda: "1 removed" in panel.message.text(), timeout=90, what="the reindex result")
        assert panel.message.text().startswith("✓ garden: 0 indexed, 2 unchanged, 1 removed"), panel.message.text()
        await until(lambda: any(r[1] == "garden" and r[2] == "2" for r in panel.rows()), what="the new count")

        assert panel.select("garden")
        panel.ask_remove()
        assert panel.confirm is not None and "'garden'" in panel.confirm.text()
        qtbot.mouseClick(panel.confirm.button(panel.confirm.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        await asyncio.sleep(0.3)
        assert "garden" in _listed(daemon)
        panel.ask_remove()
        qtbot.mouseClick(panel.confirm.button(panel.confirm.StandardButton.Yes), Qt.MouseButton.LeftButton)
        await until(lambda: not any(r[1] == "garden" for r in panel.rows()), what="the row to go")
        await events.stop()
        await until(idle, what="the panel's last refresh")

    run(qloop, scenario(), timeout=180)
    assert panel.message.text() == "✓ removed garden (its folder was not touched)"
    assert "garden" not in _listed(daemon)
    assert sorted(p.name for p in folder.iterdir()) == ["bread.md", "garden.md"]
    assert not panel.remove_button.isEnabled()
    run(qloop, client.aclose())


def test_refusals_show_the_daemons_message_and_the_form_stays_open(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path, cleanup: list[str]
) -> None:
    taken = _folder(tmp_path, "taken")
    cleanup.append("taken")
    with daemon.http() as http:
        assert http.post("/api/collections", json={"name": "taken", "folder": str(taken)}).status_code == 202
    deadline = time.monotonic() + 60
    while _listed(daemon)["taken"].get("indexing", False):  # its first run ends: the list is settled
        assert time.monotonic() < deadline, "the first index run did not end"
        time.sleep(0.1)
    other = _folder(tmp_path, "other")
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.collections

    async def refused(folder: str, name: str) -> str:
        form = panel.form or panel.open_form()
        form.folder.setText(folder)
        form.name.setText(name)
        form.message.setText("")
        panel.submit()
        await until(lambda: form.message.text().startswith("✗"), what="the refusal")
        return form.message.text()

    async def scenario() -> list[str]:
        window.open_panel("Collections")
        return [
            await refused(str(other), "taken"),
            await refused(str(tmp_path / "missing"), "missing"),
            await refused(str(other), "Not Valid!"),
            await refused("relative/folder", "rel"),
        ]

    taken_msg, missing_msg, invalid_msg, relative_msg = run(qloop, scenario())
    assert "a collection named 'taken' already exists" in taken_msg
    assert "missing does not exist" in missing_msg
    assert "Not Valid!" in invalid_msg
    assert relative_msg == "✗ 'relative/folder' is not a full path (start it with / or ~)"  # the form's own check
    assert panel.form is not None  # still open, for the user to correct
    assert set(_listed(daemon)) & {"missing", "Not Valid!", "rel"} == set()
    assert "taken" in _listed(daemon)  # the first one is kept
    run(qloop, client.aclose())


def test_a_configured_islands_collection_is_listed_under_it_read_only(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.collections
    island = {
        "id": "nas-box",
        "name": "NAS box",
        "kind": "edge",
        "endpoint": "http://127.0.0.1:9/v1",
        "models": ["lab-only-model"],  # nothing asks for it: other tests' routing is unchanged
        "datasets": ["archive"],
    }

    async def scenario() -> None:
        await client.add_island(island)
        window.open_panel("Collections")
        await until(lambda: any(r[1] == "archive" for r in panel.rows()), what="the island's collection")

    try:
        run(qloop, scenario())
    finally:
        with daemon.http() as http:
            http.delete("/api/islands/nas-box")
    row = next(r for r in panel.rows() if r[1] == "archive")
    assert row == ["NAS box · edge island", "archive", "—", "—", "—", "—", "—"]
    assert panel.select("archive", island="nas-box")
    assert not panel.remove_button.isEnabled() and not panel.reindex_button.isEnabled()
    assert '"islandrun": {"collection": "archive"}' in panel.hint.text()
    run(qloop, client.aclose())
