"""`islandrun doctor` against real running things: an IslandRun daemon on its port and socket
("ok, running", not a failure), and a real desktop session (D-Bus session bus, dunst as the
notification server, Xvfb with trayer as the XEmbed tray, gnome-keyring as the Secret Service)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from daemon.conftest import Daemon

from islandrun.core.doctor import Check, CheckResult, DoctorContext, Status, run_checks

from .test_doctor_cli import findings

DESKTOP_TOOLS = ("dbus-run-session", "Xvfb", "trayer", "dunst", "gnome-keyring-daemon")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    daemon = Daemon(tmp_path_factory.mktemp("doctor-daemon")).start()
    yield daemon
    daemon.stop()


def test_a_running_daemon_is_ok_running_on_port_and_socket(running: Daemon) -> None:
    config = running.home / "config" / "config.toml"
    config.write_text(config.read_text() + f"\n[server]\nport = {running.port}\n")
    code, checks = findings(running.home, "--only", "port", "--only", "socket", env=running.env)
    assert code == 0
    assert checks["port"]["status"] == "ok"
    assert checks["port"]["summary"].startswith("ok, running: IslandRun")
    assert f"127.0.0.1:{running.port}" in checks["port"]["summary"]
    assert checks["socket"]["summary"].startswith("ok, running: IslandRun")


@pytest.mark.skipif(any(shutil.which(t) is None for t in DESKTOP_TOOLS), reason="desktop tools not installed")
def test_in_a_real_desktop_session_keyring_notifications_and_tray_are_ok(isolated_dirs: Path, tmp_path: Path) -> None:
    display = f":{90 + os.getpid() % 500}"
    script = f"""
Xvfb {display} -screen 0 640x480x24 -nolisten tcp >/dev/null 2>&1 & X=$!
export DISPLAY={display}
for i in $(seq 50); do [ -e /tmp/.X11-unix/X{display[1:]} ] && break; sleep 0.1; done
trayer --edge top >/dev/null 2>&1 & T=$!
dunst >/dev/null 2>&1 & D=$!
echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
for i in $(seq 50); do dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
  org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q true && break
  sleep 0.1
done
sleep 1
"{Path(sys.executable).with_name("islandrun")}" doctor --json --only keyring --only notifications --only tray \
  > "{tmp_path / "out.json"}"
kill $T $D $X
"""
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(["dbus-run-session", "--", "sh", "-c", script], env=env, timeout=90, capture_output=True)

    checks = {item["check"]: item for item in json.loads((tmp_path / "out.json").read_text())["checks"]}
    assert checks["keyring"]["summary"] == "OS keyring: keyring.backends.SecretService.Keyring"
    assert checks["notifications"]["summary"].startswith("dunst ")
    assert checks["tray"]["summary"] == f"an XEmbed system tray runs on X display {display}"
    assert all(item["status"] == "ok" for item in checks.values())


def test_a_hanging_check_is_cut_off_and_reported() -> None:
    blocker = threading.Event()

    def hangs(_context: DoctorContext) -> CheckResult:
        blocker.wait()
        return CheckResult("hang", Status.OK, "never")

    def answers(_context: DoctorContext) -> CheckResult:
        return CheckResult("quick", Status.OK, "fine")

    started = time.monotonic()
    results = run_checks([Check("hang", "Hangs", hangs), Check("quick", "Quick", answers)], DoctorContext.load(), 0.5)
    blocker.set()
    assert time.monotonic() - started < 2.0
    assert results[0].status is Status.WARN
    assert "no answer within 0.5 s" in results[0].summary
    assert results[1].summary == "fine"


def test_checks_run_one_at_a_time() -> None:
    """Checks load native libraries that corrupted the heap now and then when loaded side by side."""
    active, most = [0], [0]
    lock = threading.Lock()

    def check(_: DoctorContext) -> CheckResult:
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1
        return CheckResult("c", Status.OK, "fine")

    results = run_checks([Check(f"c{i}", f"C{i}", check) for i in range(5)], DoctorContext.load(), 5.0)
    assert [r.summary for r in results] == ["fine"] * 5
    assert most[0] == 1
