"""``islandrun-tray``: one tray per user; shows itself at once (*Starting…*), attaches to the
running daemon or starts one, then follows its event stream until Quit. A second launch shows
the running tray's window."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys

from desktop_notifier import DesktopNotifier, Icon
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from islandrun.core.errors import IslandRunError

from .api import ApiClient
from .chat_store import AsyncChatStore, default_chat_file
from .chat_window import ChatWindow
from .daemon_process import TrayAlreadyRunningError, TrayLock
from .devices_model import DevicesModel
from .icons import app_icon, resources_dir
from .lifecycle import DaemonLifecycle, early_client
from .notifications import ApprovalNotifier
from .offline_guard import OfflineGuard
from .pairing_notifications import PairingNotifier
from .qt_async import QEventLoop
from .single_instance import InstanceServer, ask_running_tray
from .tray import Tray
from .viewmodels import DaemonModel
from .window import PANELS, PanelsWindow

__all__ = ["TrayApp", "main"]

log = logging.getLogger("islandrun.app")


class TrayApp:
    """Everything the tray is, wired in one place; ``start`` shows it and attaches to (or starts) the daemon."""

    def __init__(self, client: ApiClient, notifications: bool = True, start_timeout: float = 180.0) -> None:
        self.client = client
        self.daemon = DaemonModel(self.client)
        self.lifecycle = DaemonLifecycle(self.daemon, start_timeout=start_timeout)
        self.window = PanelsWindow(self.client, self.daemon)
        self.offline = OfflineGuard(self.window, self.daemon)
        self.tray = Tray(self.daemon)
        self.first_start = not default_chat_file().exists()  # no conversations file yet: open on the chat
        self.chat = ChatWindow(self.client, self.daemon, AsyncChatStore())
        self.tray.chatRequested.connect(self.chat.open_chat)
        notifier = (
            DesktopNotifier(app_name="IslandRun", app_icon=Icon(path=resources_dir() / "islandrun.png"))
            if notifications
            else None
        )
        self.approvals = ApprovalNotifier(self.daemon, notifier)
        self.pairing_requests = DevicesModel(self.client)  # another device asks to pair: notification + code dialog
        self.pairings = PairingNotifier(self.pairing_requests, notifier)
        self.daemon.eventReceived.connect(self.pairing_requests.on_event)
        self.daemon.stateChanged.connect(self.pairings.on_state)
        self.tray.panelRequested.connect(self.window.open_panel)
        self.tray.approvalsRequested.connect(self.ask_pending)
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.tray.quitRequested.connect(self.quit)
        self.tray.startRequested.connect(self.lifecycle.start)
        self.tray.restartRequested.connect(self.lifecycle.restart)
        self.offline.start_button.clicked.connect(self.lifecycle.start)
        self.lifecycle.failed.connect(self._start_failed)

    def start(self) -> None:
        """Show the tray now (it says *Starting…*), then attach to or start the daemon."""
        self.daemon.set_starting(True)
        self.tray.show()
        self.lifecycle.start()
        if self.first_start:
            self.chat.open_chat()

    def open_window(self, panel: str = "") -> None:
        """A second launch (or a click) asked for the window: raise it, on ``panel`` if named."""
        if panel in PANELS:
            self.window.open_panel(panel)
        else:
            self.window.open_panel(PANELS[max(0, self.window.currentIndex())])

    def _start_failed(self, title: str, message: str) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Warning)
        else:
            box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.window)
            box.open()  # not exec(): a nested loop would stall the tray's asyncio loop

    def ask_pending(self) -> None:
        """Open the in-app question for each pending approval (from the menu)."""
        for approval in list(self.daemon.status.pending.values()):
            self.approvals.show_dialog(dict(approval))

    def quit(self) -> None:
        if not self.done.done():
            self.done.set_result(None)

    async def aclose(self) -> None:
        """Stop following the daemon; a daemon this tray started keeps running for other clients."""
        self.tray.hide()
        self.window.close()
        self.chat.hide()
        await self.chat.aclose()  # a reply still streaming is stopped; the conversations file is closed
        await self.daemon.stop()
        await self.client.aclose()


def settle_memory() -> None:
    """What start-up built (modules, Qt wrappers, the windows) lives as long as the tray: collected once, then
    moved out of the collector's generations, so a full collection no longer walks it while the chart redraws
    or a chat streams (benchmarks/tray/RESULTS.md: a full pass took up to 126 ms before)."""
    gc.collect()
    gc.freeze()


async def _run(args: argparse.Namespace, instance: InstanceServer) -> int:
    app = TrayApp(early_client(), notifications=not args.no_notifications, start_timeout=args.start_timeout)
    instance.openRequested.connect(app.open_window)
    app.start()
    settle_memory()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, app.quit)
    if args.open:
        app.window.open_panel(args.open)
    await app.done
    await app.aclose()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="islandrun-tray", description="IslandRun's tray app.")
    parser.add_argument("--open", choices=PANELS)
    parser.add_argument("--no-notifications", action="store_true", help="ask approvals in a dialog instead")
    parser.add_argument("--start-timeout", type=float, default=180.0, help="seconds to wait for a daemon it starts")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    qt_app = QApplication(sys.argv[:1])
    qt_app.setApplicationName("IslandRun")
    qt_app.setWindowIcon(app_icon())
    qt_app.setQuitOnLastWindowClosed(False)
    try:
        lock = TrayLock()
        lock.acquire()
    except TrayAlreadyRunningError as exc:
        if ask_running_tray(args.open):
            print("islandrun-tray: already running; its window is shown", file=sys.stderr)
            return 0
        print(f"islandrun-tray: {exc.message}", file=sys.stderr)
        return 1
    except IslandRunError as exc:
        print(f"islandrun-tray: {exc.message}", file=sys.stderr)
        return 1
    instance = InstanceServer()
    instance.listen()
    if not QSystemTrayIcon.isSystemTrayAvailable():
        log.warning("no system tray on this desktop: the panels window opens instead")
        args.open = args.open or "Capacity"
    loop = QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            code: int = loop.run_until_complete(_run(args, instance))
    finally:
        instance.close()
        lock.release()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
