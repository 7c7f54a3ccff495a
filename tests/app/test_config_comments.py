"""A config file with comments survives every panel edit with its comments intact: each panel
that saves (Budgets, Tiers & policy, Islands & trust add and remove, the menu's Local only
switch) saves through the tray's own forms into a real daemon whose config.toml is commented."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from islandrun.app.state import TrayState

from .conftest import Daemon, panels_window, run, until

COMMENTED = """# My IslandRun settings — written by hand, please keep these notes.
# (edited with the tray too)

[engine]  # the local model
n_ctx = 2048  # enough for short chats
keep_alive_s = -1
discover_huggingface = false
discover_lmstudio = false
discover_ollama = false

[capacity]
# the CPU probe is off: this machine is shared
disabled = ["cpu"]

[budgets]
# never more than five dollars a day
daily_usd = 5.0

[policy.thresholds]
burstable = 1.0  # burstable work always wants to leave

[policy.approval]
timeout_s = 30  # half a minute to answer

# --- islands ---
[[islands]]
id = "cloudy"  # the only cloud I use
name = "Cloudy AI"
kind = "cloud"
endpoint = "http://127.0.0.1:9/v1"
price_input_per_mtok = 1.0
price_output_per_mtok = 2.0
trust.base = 0.9
"""

COMMENTS = [line.split("#", 1)[1].strip() for line in COMMENTED.splitlines() if "#" in line]


@pytest.fixture(scope="module")
def commented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    running = Daemon(tmp_path_factory.mktemp("commented-daemon")).start(COMMENTED)
    yield running
    running.stop()


def _comments_kept(path: Path) -> list[str]:
    text = path.read_text()
    return [c for c in COMMENTS if c not in text]


def test_every_panel_save_keeps_the_comments(commented: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop) -> None:
    window, client, model = panels_window(commented, qtbot)
    saved: list[str] = []

    async def budgets() -> None:
        panel = window.budgets
        window.open_panel("Budgets")
        await until(lambda: panel.daily.text() == "5", what="the budgets")
        panel.daily.setText("6.5")
        panel.monthly.setText("40")
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.message.text() == "✓ saved", what="the budgets save")
        saved.append("budgets")

    async def policy() -> None:
        panel = window.policy
        window.open_panel("Tiers & policy")
        await until(lambda: panel.timeout.text() == "30", what="the policy")
        panel.timeout.setText("40")
        panel.margin.setText("0.08")
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.message.text() == "✓ saved", what="the policy save")
        saved.append("policy")

    async def islands() -> None:
        panel = window.islands
        window.open_panel("Islands & trust")
        await until(lambda: len(panel.rows()) == 2, what="the islands")
        form = panel.open_form()
        form.id.setText("lab-box")
        form.kind.setCurrentText("edge")
        form.endpoint.setText("http://127.0.0.1:9/v1")
        form.models.setText("lab-only-model")
        panel.submit()
        await until(lambda: len(panel.rows()) == 3, what="the new island")
        saved.append("island added")
        assert "lab-box" in commented.config_file.read_text()
        assert not _comments_kept(commented.config_file)
        groups = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
        edge = next(g for g in groups if g is not None and g.text(0).startswith("Tier 2"))
        panel.tree.setCurrentItem(edge.child(0))
        panel.ask_remove()
        assert panel.confirm is not None
        qtbot.mouseClick(panel.confirm.button(panel.confirm.StandardButton.Yes), Qt.MouseButton.LeftButton)
        await until(lambda: len(panel.rows()) == 2, what="the island to go")
        saved.append("island removed")

    async def local_only() -> None:
        model.start()
        await until(lambda: model.state is TrayState.LOCAL, what="the connection")
        await until(lambda: model.local_only_supported, what="the policy catch-up")
        model.set_local_only(True)
        await until(lambda: model.state is TrayState.LOCAL_ONLY, what="local only")
        model.set_local_only(False)
        await until(lambda: model.state is TrayState.LOCAL, what="offloading again")
        await model.stop()
        saved.append("local only")

    for step in (budgets, policy, islands, local_only):
        run(qloop, step())
        missing = _comments_kept(commented.config_file)
        assert not missing, f"after {saved[-1]}: comments lost {missing}\n{commented.config_file.read_text()}"
    text = commented.config_file.read_text()
    assert "daily_usd = 6.5" in text and "monthly_usd = 40" in text
    assert "timeout_s = 40" in text and "hysteresis_margin = 0.08" in text
    assert "lab-box" not in text
    assert "local_only = false" in text
    assert text.startswith("# My IslandRun settings")
    assert saved == ["budgets", "policy", "island added", "island removed", "local only"]
    run(qloop, client.aclose())
