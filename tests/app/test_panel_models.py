"""*Models*, offscreen, against a real daemon whose model registry is the local test registry
(tests/engines/registry_server.py stands in for registry.ollama.ai and huggingface.co, which
cannot be reached here): the installed models and the default, the catalogue with this
computer's fit check, a pull with its progress bar, a failed pull in words, and *Make default*
saved to the config file and applied at once."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from engines.registry_server import Blob, Registry, RegistryServer, tiny_gguf
from PySide6.QtCore import Qt

from .conftest import CONFIG, Daemon, panels_window, run, until

DATA = tiny_gguf(6 << 20)  # 6 MiB, dripped in 64 KiB steps: the bar moves for about 2 s


@dataclass
class RegistryDaemon(Daemon):
    """The tray tests' daemon, pulling from a local registry (ISLANDRUN_OLLAMA_REGISTRY, HF_ENDPOINT)."""

    registry_url: str = ""

    @property
    def env(self) -> dict[str, str]:
        return {**super().env, "ISLANDRUN_OLLAMA_REGISTRY": self.registry_url, "HF_ENDPOINT": self.registry_url}


@pytest.fixture(scope="module")
def registry() -> Iterator[tuple[Registry, str]]:
    reg = Registry(ollama={"library/tiny:1b": Blob(DATA)})
    reg.delay_s = 0.02
    with RegistryServer(reg) as server:
        yield reg, server.url


@pytest.fixture(scope="module")
def models_daemon(registry: tuple[Registry, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryDaemon]:
    running = RegistryDaemon(tmp_path_factory.mktemp("tray-models-daemon"), registry_url=registry[1])
    running.start(CONFIG)
    yield running
    running.stop()


def test_models_panel_pulls_from_the_registry_with_progress_and_sets_the_default(
    models_daemon: RegistryDaemon, qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    window, client, daemon_model = panels_window(models_daemon, qtbot)
    panel, model = window.models_panel, window.models_model
    seen: list[tuple[int, int, str]] = []  # (bar value, bar maximum, label) at each progress event
    # the panel's own slot ran first (connected when it was built): this is what it shows
    model.progress.connect(
        lambda _s: seen.append((panel.progress.value(), panel.progress.maximum(), panel.progress_label.text()))
    )
    window.show()

    async def scenario() -> None:
        daemon_model.start()
        window.open_panel("Models")
        await until(lambda: panel.local_rows() and panel.catalog.topLevelItemCount() >= 8, what="the models")
        before = {r[0] for r in panel.local_rows()}
        assert "tiny:1b" not in before
        # A catalogue row fills the pull field; its fit check is in words.
        verdicts = {panel.catalog.topLevelItem(i).text(3) for i in range(panel.catalog.topLevelItemCount())}
        assert verdicts <= {"fits", "fits, slow", "too big for free memory", "fits on the GPU"}
        panel.catalog.setCurrentItem(panel.catalog.topLevelItem(0))
        assert panel.catalog.topLevelItem(0).text(0).startswith(panel.pull_name.text())
        assert panel.pull_name.text()
        assert panel.device.text().startswith("This computer: ")

        panel.pull_name.setText("tiny:1b")
        qtbot.mouseClick(panel.pull_button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.progress.isVisible() and panel.progress.maximum() > 0, what="the progress bar")
        await until(lambda: 0 < panel.progress.value() < panel.progress.maximum(), what="a bar part-way")
        shots = Path(os.environ.get("ISLANDRUN_SCREENSHOTS") or tmp_path)
        assert window.grab().save(str(shots / "panel-models-pulling-offscreen.png"))
        await until(lambda: panel.message.text().startswith("✓ pulled"), timeout=60, what="the pull's end")
        await until(lambda: "ollama:tiny:1b" in {r[0] for r in panel.local_rows()}, what="the new model listed")

    run(qloop, scenario(), timeout=120)
    assert not panel.progress.isVisible()
    assert "ollama:tiny:1b" in panel.message.text() and "6.0 MB" in panel.message.text()
    partway = [s for s in seen if 0 < s[0] < s[1]]
    assert partway, seen
    assert all(s[1] == len(DATA) for s in partway)  # the bar counts bytes
    assert any(" of 6.0 MB (" in s[2] for s in seen)  # "Pulling tiny:1b: 2.3 MB of 6.0 MB (38 %), 2.9 MB/s"
    with models_daemon.http() as http:
        ids = [m["id"] for m in http.get("/v1/models").json()["data"]]
    assert "ollama:tiny:1b" in ids  # routable at once, no restart

    async def make_default() -> None:
        assert panel.select("ollama:tiny:1b")
        assert panel.default_button.isEnabled()
        qtbot.mouseClick(panel.default_button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.message.text().startswith("✓ ollama:tiny:1b is the default"), what="the default")
        await until(lambda: "★ default" in {r[0]: r[3] for r in panel.local_rows()}["ollama:tiny:1b"])

    run(qloop, make_default())
    text = models_daemon.config_file.read_text()
    assert 'default_model = "ollama:tiny:1b"' in text
    assert "[[islands]]" in text and 'id = "cloudy"' in text  # the rest of the file is as it was
    with models_daemon.http() as http:
        assert http.get("/api/models/local").json()["default"] == "ollama:tiny:1b"
    assert not panel.default_button.isEnabled()  # it is the default already
    run(qloop, daemon_model.stop())
    run(qloop, client.aclose())


def test_a_failed_pull_and_an_unknown_default_are_said_in_words(
    models_daemon: RegistryDaemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, daemon_model = panels_window(models_daemon, qtbot)
    panel = window.models_panel
    failures: list[str] = []
    loaded: list[object] = []
    window.models_model.loaded.connect(loaded.append)

    async def scenario() -> None:
        daemon_model.start()
        window.open_panel("Models")
        await until(lambda: bool(panel.local_rows()), what="the models")
        panel.pull_name.setText("nosuch:1b")
        qtbot.keyClick(panel.pull_name, Qt.Key.Key_Return)
        loads = len(loaded)
        await until(lambda: panel.message.text().startswith("✗ nosuch:1b was not pulled"), what="the failure")
        failures.append(panel.message.text())
        await until(lambda: len(loaded) > loads, what="the reload after the failure")  # nothing left in flight
        panel.pull_name.setText("")
        qtbot.mouseClick(panel.pull_button, Qt.MouseButton.LeftButton)
        assert panel.message.text() == "✗ type a model to pull, or choose one in the catalogue below"

    run(qloop, scenario())
    print(failures[0])
    assert "404" in failures[0] or "not found" in failures[0].lower()
    assert "Traceback" not in failures[0]
    with models_daemon.http() as http:
        refused = http.put("/api/models/default", json={"name": "no-such-model"})
    assert refused.status_code == 404
    assert refused.json()["error"]["message"].startswith("no local model is called 'no-such-model'")
    run(qloop, daemon_model.stop())
    run(qloop, client.aclose())
