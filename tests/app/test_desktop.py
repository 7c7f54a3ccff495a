"""End to end on a real headless desktop: Xvfb, trayer (a real system tray host), dunst (a real
notification server with buttons) on a private D-Bus session bus, the real `islandrun-tray`
process attached to the real daemon. The test clicks the tray icon with xdotool, drives the
menu with the keyboard, and presses the notification's buttons through `dunstctl context`
(dunst's `dmenu` setting points at a script that answers with the wanted button).

Screenshots of the tray menu, each panel and an approval notification are written to the test's
temporary directory, or to ``$ISLANDRUN_SCREENSHOTS`` when set — the ones in docs/tray/ (shown in
the README) come from ``ISLANDRUN_SCREENSHOTS=docs/tray pytest tests/app/test_desktop.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from .conftest import CONFIG, Daemon, burstable_chat

TOOLS = ["Xvfb", "trayer", "dunst", "dunstctl", "xdotool", "xwininfo", "dbus-daemon"]
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)} (the apt packages in .ci/setup)"),
]

TRAY = str(Path(sys.executable).with_name("islandrun-tray"))
# Down presses from a fresh menu to the first panel: the enabled items before the panels are
# "Chat…", "Restart daemon" and "Local only" (the status lines are disabled, approvals hidden).
FIRST_PANEL = 4

DMENU = """#!/bin/sh
cat > "{dir}/dmenu-in.txt"
grep -m1 -F "$(cat "{dir}/want")" "{dir}/dmenu-in.txt"
"""

DUNSTRC = """
[global]
    dmenu = {dir}/dmenu.sh
    width = 420
    origin = top-right
    offset = 10x40
    font = DejaVu Sans 10
    frame_width = 2
    padding = 12
    horizontal_padding = 14
    corner_radius = 6
    word_wrap = yes
    show_indicators = no
    format = "<b>%s</b>\\n%b"
[urgency_critical]
    background = "#fffaf0"
    foreground = "#1f2933"
    frame_color = "#e0a100"
    timeout = 0
"""

SHOT = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
x, y, w, h = (int(v) for v in sys.argv[2:6])
app.primaryScreen().grabWindow(0, x, y, w, h).save(sys.argv[1])
"""


@dataclass
class Desktop:
    dir: Path
    env: dict[str, str]
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def spawn(self, *argv: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = open(self.dir / f"{Path(argv[0]).name}.log", "ab")  # noqa: SIM115 - lives with the process
        proc = subprocess.Popen(list(argv), env=env or self.env, stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def run(self, *argv: str) -> str:
        return subprocess.run(list(argv), env=self.env, capture_output=True, text=True, timeout=30, check=False).stdout

    def shot(self, name: str, x: int, y: int, w: int, h: int) -> Path:
        shots = Path(os.environ.get("ISLANDRUN_SCREENSHOTS") or self.dir / "shots")
        shots.mkdir(parents=True, exist_ok=True)
        path = shots / f"{name}.png"
        subprocess.run(
            [sys.executable, "-c", SHOT, str(path), str(x), str(y), str(w), str(h)],
            env={**self.env, "QT_QPA_PLATFORM": "xcb"},
            check=True,
            timeout=60,
        )
        return path

    def wait(self, predicate, timeout: float = 30.0, what: str = "") -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.2)

    def windows(self) -> str:
        return self.run("xwininfo", "-root", "-tree")


@pytest.fixture(scope="module")
def daemon(llama_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    """This test's daemon: its cloud island is a real OpenAI-compatible server (llama_cpp.server on
    the embedded model), so *Send sanitized* really goes out and comes back."""
    config = CONFIG.replace('endpoint = "http://127.0.0.1:9/v1"', f'endpoint = "{llama_server}/v1"')
    assert config != CONFIG
    running = Daemon(tmp_path_factory.mktemp("tray-desktop-daemon")).start(config)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    home = tmp_path_factory.mktemp("desktop")
    display = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE, text=True
    )
    address = bus.stdout.readline().strip()  # type: ignore[union-attr]
    env = {**os.environ, "DISPLAY": f":{display}", "DBUS_SESSION_BUS_ADDRESS": address}
    env.pop("QT_QPA_PLATFORM", None)
    d = Desktop(home, env)
    try:
        d.spawn("Xvfb", f":{display}", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
        d.wait(lambda: Path(f"/tmp/.X11-unix/X{display}").exists(), what="Xvfb")
        d.spawn(
            "trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "120", "--height", "24"
        )
        (home / "dmenu.sh").write_text(DMENU.format(dir=home))
        (home / "dmenu.sh").chmod(0o755)
        (home / "dunstrc").write_text(DUNSTRC.format(dir=home))
        _start_dunst(d, home / "dunstrc")
        yield d
    finally:
        for proc in reversed(d.procs):
            proc.terminate()
        for proc in d.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        bus.terminate()
        bus.wait(10)


def _start_dunst(d: Desktop, config: Path, tries: int = 3) -> None:
    """dunst, up once its window exists. Under a loaded full suite it has died at start (SIGTRAP, once,
    not reproduced alone): such a start is retried, and a last failure shows dunst's own words."""
    for _ in range(tries):
        proc = d.spawn("dunst", "-config", str(config))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if "Dunst" in d.windows():
                return
            time.sleep(0.2)
        if proc.poll() is None:
            proc.terminate()
            proc.wait(10)
        d.procs.remove(proc)
    log = (d.dir / "dunst.log").read_text(errors="replace")[-2000:]
    raise AssertionError(f"dunst did not start ({tries} tries); its log ends:\n{log}")


def _icon(desktop: Desktop) -> tuple[int, int] | None:
    for line in desktop.windows().splitlines():
        if '("islandrun-tray" "IslandRun")' in line and "22x22" in line:
            x, y = re.findall(r"\+(-?\d+)\+(-?\d+)", line)[-1]
            return int(x), int(y)
    return None


def _window_geometry(desktop: Desktop, title_end: str = '"IslandRun') -> tuple[int, int, int, int]:
    """The panels window (titled "IslandRun"), or another of the tray's windows by how its title
    ends (xwininfo may print a non-ASCII title escaped)."""
    for line in desktop.windows().splitlines():
        if f'{title_end}": ("islandrun-tray" "IslandRun")' in line:
            match = re.search(r"(\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+)", line)
            if match and int(match.group(1)) > 400:
                w, h, x, y = (int(v) for v in match.groups())
                return x, y, w, h
    raise AssertionError("the panels window is not on screen")


def _menu(desktop: Desktop, icon: tuple[int, int], downs: int = 0) -> None:
    desktop.run("xdotool", "mousemove", str(icon[0] + 11), str(icon[1] + 11), "click", "3")
    time.sleep(1.0)
    if downs:
        desktop.run("xdotool", "key", "--delay", "80", *(["Down"] * downs), "Return")
        time.sleep(0.5)


def _answer(desktop: Desktop, daemon: Daemon, button: str) -> httpx.Response:
    desktop.run("dunstctl", "close-all")
    result: dict[str, httpx.Response] = {}
    worker = threading.Thread(target=lambda: result.setdefault("r", burstable_chat(daemon)))
    worker.start()
    desktop.wait(lambda: desktop.run("dunstctl", "count", "displayed").strip() not in ("", "0"), 60, "the notification")
    time.sleep(0.5)
    if button == "Deny":
        desktop.shot("notification", 1280 - 460, 24, 460, 200)
    (desktop.dir / "want").write_text(button)
    desktop.run("dunstctl", "context")
    worker.join(120)
    return result["r"]


def _chat_replies(daemon: Daemon) -> list[tuple[str, str, str]]:
    """(content, status, islandrun) of each reply in the tray's conversations file (the data dir's)."""
    path = Path(daemon.env["ISLANDRUN_DATA_DIR"]) / "chats.sqlite3"
    if not path.exists():
        return []
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT content, status, islandrun FROM messages WHERE role = 'assistant'").fetchall()
    finally:
        db.close()


def test_send_a_chat_from_the_window_and_see_the_badge(desktop: Desktop, daemon: Daemon) -> None:
    """The first start opens the chat window (no conversations file yet: it runs before the test
    below); a message typed with the keyboard streams a reply whose badge says it ran on this
    computer and nothing left this device. Screenshot: chat.png."""
    env = {**desktop.env, **daemon.env, "QT_QPA_PLATFORM": "xcb"}
    assert not _chat_replies(daemon)
    tray = desktop.spawn(TRAY, env=env)
    try:
        desktop.wait(lambda: 'Chat": ("islandrun-tray"' in desktop.windows(), 60, "the chat window")
        desktop.wait(lambda: _icon(desktop) is not None, 60, "the tray icon in trayer")
        time.sleep(2.0)  # connected: the pickers are filled
        x, y, w, h = _window_geometry(desktop, " Chat")
        desktop.run("xdotool", "mousemove", str(x + w // 2), str(y + h - 50), "click", "1")  # the message box
        time.sleep(0.5)
        desktop.run("xdotool", "type", "--delay", "40", "Say hello to Ada in one short sentence.")
        desktop.run("xdotool", "key", "Return")
        desktop.wait(lambda: any(r[1] == "ok" for r in _chat_replies(daemon)), 240, "the reply")
        time.sleep(1.0)
        desktop.shot("chat", x, y, w, h)
        ((content, status, meta),) = _chat_replies(daemon)
        assert content.strip() and status == "ok"
        record = json.loads(meta)
        assert record["island"] == "local" and record["replaced"] == {}
        with daemon.http() as http:
            rows = http.get("/api/audit", params={"limit": 5}).json()
        assert any(r["request_id"] == record["request_id"] and r["outcome"] == "ok" for r in rows)
    finally:
        tray.terminate()
        tray.wait(30)
    assert tray.returncode == 0


def test_tray_menu_panels_and_approval_notifications(desktop: Desktop, daemon: Daemon) -> None:
    env = {**desktop.env, **daemon.env, "QT_QPA_PLATFORM": "xcb"}
    tray = desktop.spawn(TRAY, env=env)
    try:
        desktop.wait(lambda: _icon(desktop) is not None, 60, "the tray icon in trayer")
        icon = _icon(desktop)
        assert icon is not None
        time.sleep(2.0)  # the first capacity sample reaches the menu
        before = desktop.windows()
        _menu(desktop, icon)
        after = desktop.windows()
        assert after != before  # the menu's popup window appeared
        desktop.shot("menu", 1280 - 420, 0, 420, 300)
        desktop.run("xdotool", "key", "Escape")
        time.sleep(0.5)

        denied = _answer(desktop, daemon, "Deny")
        assert denied.status_code == 403
        assert denied.json()["error"]["message"].startswith("the offload was not approved")
        inbox = (desktop.dir / "dmenu-in.txt").read_text()
        assert all(label in inbox for label in ("Send sanitized", "Keep local", "Deny"))

        kept = _answer(desktop, daemon, "Keep local")
        assert kept.status_code == 200, kept.text
        assert kept.json()["islandrun"]["island"] == "local"

        sent = _answer(desktop, daemon, "Send sanitized")
        # Approved: the request goes out to the cloud island (sanitized: its trust is below 1).
        assert sent.status_code == 200, sent.text
        assert sent.json()["islandrun"]["island"] == "cloudy"
        # "Say hi." holds nothing to replace: it left as it was, and the response says so truthfully
        assert sent.json()["islandrun"]["sanitized"] is False and sent.json()["islandrun"]["replaced"] == {}
        with daemon.http() as http:
            rows = http.get("/api/audit", params={"limit": 5}).json()
        assert rows[0]["island"] == "cloudy" and rows[0]["outcome"] == "ok"
        desktop.run("dunstctl", "close-all")

        # Keyboard through the menu: the panels in order from FIRST_PANEL.
        names = ["capacity", "activity", "islands", "budgets", "policy", "collections"]
        for downs, name in enumerate(names, start=FIRST_PANEL):
            _menu(desktop, icon, downs)
            time.sleep(2.5 if name == "capacity" else 1.0)
            desktop.shot(f"panel-{name}", *_window_geometry(desktop))
    finally:
        tray.terminate()
        tray.wait(30)
    assert tray.returncode == 0


CLIPBOARD = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
print(QGuiApplication.clipboard().text())
"""


def test_connect_token_with_openai_and_island_key_test_on_the_desktop(
    desktop: Desktop, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Issue 20's must-show: copy the token from *Connect an app* (its Alt+C button) and use it with
    the official openai client; enter a key in *Keys & islands* (typed into the hidden field) and test
    the connection against a local OpenAI-compatible server (llama_cpp.server with --api_key, which
    refuses any other key). The daemon reaches a real keyring (gnome-keyring on its own bus)."""
    import openai
    from remote.secret_service import llama_server_with_key, secret_service_env, secret_tool

    from islandrun.app.window import PANELS

    from .test_panel_keys import KeyedDaemon

    key = "sk-desktop-Island-Key-5mV8"
    root = tmp_path_factory.mktemp("desktop-keys")
    with secret_service_env(root / "keyring") as keyring, llama_server_with_key(root, key) as upstream:
        config = CONFIG.replace('endpoint = "http://127.0.0.1:9/v1"', f'endpoint = "{upstream}/v1"')
        daemon = KeyedDaemon(root / "daemon", extra_env=keyring).start(config)
        own = {k: v for k, v in daemon.env.items() if k.startswith("ISLANDRUN_")}
        env = {**desktop.env, **own, "QT_QPA_PLATFORM": "xcb"}  # the tray on the desktop's bus
        tray = desktop.spawn(TRAY, env=env)
        try:
            desktop.wait(lambda: _icon(desktop) is not None, 60, "the tray icon in trayer")
            icon = _icon(desktop)
            assert icon is not None
            time.sleep(1.5)

            _menu(desktop, icon, PANELS.index("Connect an app") + FIRST_PANEL)
            time.sleep(1.5)
            desktop.run("xdotool", "key", "alt+c")  # &Copy token

            def clipboard() -> str:
                return subprocess.run(
                    [sys.executable, "-c", CLIPBOARD], env=env, capture_output=True, text=True, timeout=60, check=True
                ).stdout.strip()

            desktop.wait(lambda: clipboard() != "", 20, "the token on the clipboard")
            copied = clipboard()
            assert copied == daemon.token
            with openai.OpenAI(base_url=f"{daemon.url}/v1", api_key=copied, max_retries=0) as api:
                assert [m.id for m in api.models.list()]
            desktop.shot("panel-connect", *_window_geometry(desktop))  # the token stays hidden (•••)

            _menu(desktop, icon, PANELS.index("Keys & islands") + FIRST_PANEL)
            time.sleep(1.5)
            desktop.run("xdotool", "key", "alt+s")  # &Set key… for the selected island (cloudy)
            time.sleep(1.0)
            desktop.run("xdotool", "type", "--delay", "30", key)
            desktop.run("xdotool", "key", "Return")
            desktop.wait(lambda: secret_tool(keyring, "cloudy") == key, 30, "the key in the keyring")
            time.sleep(1.0)
            desktop.run("xdotool", "key", "alt+t")  # &Test connection

            def status() -> str:
                with daemon.http() as http:
                    rows = {r["id"]: r for r in http.get("/api/keys").json()["islands"]}
                return str(rows["cloudy"]["status"])

            desktop.wait(lambda: status() == "up", 60, "the connection test")
            time.sleep(1.0)
            desktop.shot("panel-keys", *_window_geometry(desktop))
        finally:
            tray.terminate()
            tray.wait(30)
            daemon.stop()
    assert tray.returncode == 0


def test_an_approval_with_the_preview_answered_from_the_notification_remembered_then_revoked(
    desktop: Desktop, daemon: Daemon
) -> None:
    """The notification says who asks and the time left, and shows the text as it would leave (the
    placeholder, never the address); *Send & allow 1 hour* answers it from the notification, which
    then closes; the next request of the same kind leaves without a question; *Revoke* in the
    Approvals panel ends the grant. The screenshot is docs/tray/approval-preview.png."""
    email = "jane.doe.4471@example.com"
    env = {**desktop.env, **daemon.env, "QT_QPA_PLATFORM": "xcb"}
    result: dict[str, httpx.Response] = {}

    def chat(key: str, content: str) -> None:
        with daemon.http() as http:
            result[key] = http.post(
                "/v1/chat/completions",
                json={"model": "default", "max_tokens": 4, "messages": [{"role": "user", "content": content}]},
                headers={"X-IslandRun-Tier": "burstable", "X-IslandRun-Sensitivity": "internal"},
            )

    def displayed() -> str:
        return desktop.run("dunstctl", "count", "displayed").strip()

    def grants() -> list[dict[str, object]]:
        with daemon.http() as http:
            found: list[dict[str, object]] = http.get("/api/grants").json()
        return found

    tray = desktop.spawn(TRAY, "--open", "Approvals", env=env)
    try:
        desktop.wait(lambda: _icon(desktop) is not None, 60, "the tray icon in trayer")
        desktop.run("dunstctl", "close-all")
        desktop.run("dunstctl", "history-clear")
        worker = threading.Thread(target=chat, args=("first", f"Write to {email} about the invoice."))
        worker.start()
        desktop.wait(lambda: displayed() not in ("", "0"), 60, "the notification")
        time.sleep(0.5)
        desktop.shot("approval-preview", 1280 - 460, 24, 460, 270)
        (desktop.dir / "want").write_text("Send & allow 1 hour")
        desktop.run("dunstctl", "context")
        worker.join(180)
        assert result["first"].status_code == 200, result["first"].text
        assert result["first"].json()["islandrun"]["island"] == "cloudy"
        desktop.wait(lambda: displayed() == "0", 10, "the answered notification to close")
        inbox = (desktop.dir / "dmenu-in.txt").read_text()
        assert all(label in inbox for label in ("Keep local", "Send sanitized", "Send & allow 1 hour", "Deny"))
        history = json.loads(desktop.run("dunstctl", "history"))["data"][0]
        asked = [n for n in history if "Cloudy AI" in n["summary"]["data"]]
        body = asked[0]["body"]["data"]
        assert email not in body and re.search(r"\[CONTACT_\d+\]", body), body
        assert "From an app using the shared token" in body and "no answer means Deny" in body

        made = grants()
        assert len(made) == 1 and made[0]["app"] == "shared" and made[0]["island"] == "cloudy"
        chat("second", "Write to bob.smith@example.org about the invoice.")  # no question this time
        assert result["second"].status_code == 200, result["second"].text
        assert result["second"].json()["islandrun"]["island"] == "cloudy"
        assert displayed() == "0"

        time.sleep(1.0)  # the panel reloaded on grant.added
        x, y, w, h = _window_geometry(desktop)
        desktop.shot("panel-approvals", x, y, w, h)
        # Revoke is the first cell of the first row (see docs/tray/panel-approvals.png)
        desktop.run("xdotool", "mousemove", str(x + 50), str(y + 102), "click", "1")
        desktop.wait(lambda: not grants(), 10, "the grant to be revoked from the panel")
        with daemon.http() as http:
            rows = http.get("/api/audit", params={"limit": 20}).json()
        assert [r["outcome"] for r in rows if r["event"] in ("grant", "approval")][:3] == [
            "revoked",
            "remembered",
            "granted",
        ]
    finally:
        for grant in grants():
            with daemon.http() as http:
                http.delete(f"/api/grants/{grant['id']}")
        tray.terminate()
        tray.wait(30)
    assert tray.returncode == 0
