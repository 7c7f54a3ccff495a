"""*Devices* and *Models* end to end on the real headless desktop of test_desktop.py (Xvfb, trayer,
dunst on a private D-Bus session bus; the real `islandrun-tray` process):

- **Pairing**: two real daemons find each other over mDNS on loopback. The laptop asks to pair
  (through its API, as its own tray's *Pair…* does — that side's GUI is in test_panel_devices.py);
  on the desktop the request arrives as a dunst notification, *Enter code…* is pressed through
  `dunstctl context`, and the code read off the laptop is typed with the keyboard (xdotool) into the
  tray's dialog. Both daemons then list each other as paired and connected.
- **Models**: a daemon whose registry is the local test registry; the tray opens on *Models* with
  the cursor in the pull field, ``tiny:1b`` is typed and Return pressed; the progress bar is
  photographed part-way, and the model is listed once pulled.

Screenshots go to ``$ISLANDRUN_SCREENSHOTS`` (docs/tray/ for the README) or the test's directory.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from discovery.test_daemon_peers import group_config
from engines.registry_server import Blob, Registry, RegistryServer, tiny_gguf
from remote.conftest import free_port

from .conftest import CONFIG, Daemon
from .test_desktop import MISSING, TRAY, Desktop, _icon
from .test_desktop import desktop as desktop  # the module's desktop fixture
from .test_panel_models import RegistryDaemon

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)} (the apt packages in .ci/setup)"),
]

DATA = tiny_gguf(16 << 20)  # 16 MiB dripped in 64 KiB steps: several seconds of progress


def _geometry(desktop: Desktop, title: str) -> tuple[int, int, int, int] | None:
    """x, y, w, h of the tray's top-level window called ``title`` (the panels window is "IslandRun")."""
    for line in desktop.windows().splitlines():
        if f'"{title}": ("islandrun-tray"' in line:
            match = re.search(r"(\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+)", line)
            if match and int(match.group(1)) > 100:
                w, h, x, y = (int(v) for v in match.groups())
                return x, y, w, h
    return None


def _peer(daemon: Daemon, name: str) -> dict[str, Any] | None:
    with daemon.http() as http:
        peers = http.get("/api/peers").json()["peers"]
    return next((p for p in peers if p["name"] == name), None)


@pytest.fixture(scope="module")
def two_devices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Daemon, Daemon]]:
    laptop = Daemon(tmp_path_factory.mktemp("desk-laptop"), discovery=True)
    here = Daemon(tmp_path_factory.mktemp("desk-desktop"), discovery=True)
    laptop.start(group_config("Laptop", free_port()))
    try:
        here.start(group_config("Desktop", free_port()))
    except BaseException:
        laptop.stop()
        raise
    yield laptop, here
    for daemon in (laptop, here):
        daemon.stop()


def test_pairing_request_as_a_notification_and_the_code_typed_in_the_tray(
    desktop: Desktop,
    two_devices: tuple[Daemon, Daemon],
) -> None:
    laptop, here = two_devices
    env = {**desktop.env, **here.env, "QT_QPA_PLATFORM": "xcb"}
    tray = desktop.spawn(TRAY, "--open", "Devices", env=env)
    try:
        desktop.wait(lambda: _icon(desktop) is not None, 60, "the tray icon in trayer")
        desktop.wait(lambda: _peer(laptop, "Desktop") is not None, 30, "the laptop to see the desktop")
        desktop.run("dunstctl", "close-all")
        with laptop.http() as http:
            asked = http.post("/api/peers/pair", json={"target": "Desktop"})
        assert asked.status_code == 200, asked.text
        session, code = asked.json()["session"], asked.json()["code"]

        desktop.wait(lambda: desktop.run("dunstctl", "count", "displayed").strip() not in ("", "0"), 30, "the notice")
        time.sleep(0.5)
        desktop.shot("notification-pairing", 1280 - 460, 24, 460, 200)
        (desktop.dir / "want").write_text("Enter code…")
        inbox = ""
        for _ in range(5):  # under a loaded suite the actions can register a moment after the text shows
            (desktop.dir / "dmenu-in.txt").unlink(missing_ok=True)
            desktop.run("dunstctl", "context")
            desktop.wait(lambda: (desktop.dir / "dmenu-in.txt").exists(), 10, "dunst's action menu")
            inbox = (desktop.dir / "dmenu-in.txt").read_text()
            if "Enter code…" in inbox:
                break
            time.sleep(1.0)
        assert "Enter code…" in inbox and "Refuse" in inbox
        desktop.wait(lambda: _geometry(desktop, "IslandRun: pairing request") is not None, 30, "the code dialog")
        time.sleep(0.5)
        desktop.run("xdotool", "type", "--delay", "60", f"{code[:3]} {code[3:]}")
        time.sleep(0.3)
        where = _geometry(desktop, "IslandRun: pairing request")
        assert where is not None
        desktop.shot("dialog-pairing-code", *where)
        desktop.run("xdotool", "key", "Return")
        desktop.wait(lambda: _geometry(desktop, "IslandRun: pairing request") is None, 30, "the dialog to close")
        mine = _peer(here, "Laptop")
        assert mine is not None and mine["paired"]  # the desktop paired: the code typed was the laptop's
        # dunst keeps a notification whose action came through `dunstctl context` (a click closes it);
        # desktop-notifier forgets it once an action arrived, so the tray cannot withdraw it: close it here.
        desktop.run("dunstctl", "close-all")

        with laptop.http() as http:  # the laptop's user saw the desktop ask for that code: pair there too
            assert http.post(f"/api/peers/pairings/{session}/confirm").status_code == 200
        desktop.wait(lambda: (_peer(here, "Laptop") or {}).get("state") == "live", 30, "desktop → live")
        desktop.wait(lambda: (_peer(laptop, "Desktop") or {}).get("state") == "live", 30, "laptop → live")
        time.sleep(1.5)  # the panel reloads on the peer events
        window = _geometry(desktop, "IslandRun")
        assert window is not None
        desktop.shot("panel-devices", *window)
    finally:
        tray.terminate()
        tray.wait(30)
    assert tray.returncode == 0


@pytest.fixture(scope="module")
def registry_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RegistryDaemon, Registry]]:
    reg = Registry(ollama={"library/tiny:1b": Blob(DATA)})
    reg.delay_s = 0.03
    with RegistryServer(reg) as server:
        running = RegistryDaemon(tmp_path_factory.mktemp("desk-models"), registry_url=server.url)
        running.start(CONFIG)
        yield running, reg
        running.stop()


def test_a_model_pulled_from_the_test_registry_with_the_progress_bar(
    desktop: Desktop,
    registry_daemon: tuple[RegistryDaemon, Registry],
) -> None:
    daemon, registry = registry_daemon
    env = {**desktop.env, **daemon.env, "QT_QPA_PLATFORM": "xcb"}
    tray = desktop.spawn(TRAY, "--open", "Models", env=env)
    try:
        desktop.wait(lambda: _geometry(desktop, "IslandRun") is not None, 60, "the panels window")
        time.sleep(3.0)  # the catalogue's fit check and the local list load
        # Click into the pull field (the panel's layout at the window's 880x600: the field is 325 px down),
        # type a name and press Return, as a user would. A layout change fails below, loudly.
        x, y, _w, _h = _geometry(desktop, "IslandRun") or (0, 0, 0, 0)
        desktop.run("xdotool", "mousemove", str(x + 400), str(y + 325), "click", "1")
        time.sleep(0.5)
        desktop.run("xdotool", "type", "--delay", "60", "tiny:1b")
        desktop.run("xdotool", "key", "Return")

        def pulling() -> bool:
            with daemon.http() as http:
                running = http.get("/api/models/pulls").json()
            return bool(running) and 0 < int(running[0]["done"] or 0) < len(DATA) // 2

        desktop.wait(pulling, 30, "the pull under way")
        time.sleep(1.0)  # at least one progress event drawn
        window = _geometry(desktop, "IslandRun")
        assert window is not None
        desktop.shot("panel-models", *window)

        def pulled() -> bool:
            with daemon.http() as http:
                return "ollama:tiny:1b" in [m["id"] for m in http.get("/v1/models").json()["data"]]

        desktop.wait(pulled, 60, "the model pulled")
    finally:
        tray.terminate()
        tray.wait(30)
    assert tray.returncode == 0
    assert any("/v2/library/tiny/manifests/1b" in r for r in registry.requests)
