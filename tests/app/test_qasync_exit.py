"""Regression: PySide6 6.12.0 + qasync aborted the interpreter at exit ("Fatal Python error:
none_dealloc") after a few thousand loop callbacks. The tray pins PySide6 < 6.12; this test runs
the same workload in a fresh interpreter and asserts a clean exit, so a bump that brings the
bug back fails here."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import asyncio, sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
from islandrun.app.qt_async import QEventLoop, async_slot

class Pinger(QObject):
    fired = Signal(int)

    def __init__(self):
        super().__init__()
        self.count = 0

    @async_slot(int)
    async def on_fired(self, n):
        await asyncio.sleep(0)
        self.count += 1

app = QApplication(sys.argv)
loop = QEventLoop(app)
asyncio.set_event_loop(loop)
pinger = Pinger()
pinger.fired.connect(pinger.on_fired)

async def main():
    for n in range(5000):
        pinger.fired.emit(n)
        if n % 100 == 0:
            await asyncio.sleep(0)
    while pinger.count < 5000:
        await asyncio.sleep(0.01)

with loop:
    loop.run_until_complete(main())
print("callbacks", pinger.count)
"""


def test_thousands_of_qasync_callbacks_then_a_clean_exit() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert "Fatal Python error" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert "callbacks 5000" in done.stdout


def test_the_installed_pyside6_is_below_the_broken_release() -> None:
    import PySide6

    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    assert (major, minor) < (6, 12), f"PySide6 {PySide6.__version__}: 6.12.0 + qasync crashes at exit (TESTING.md)"
