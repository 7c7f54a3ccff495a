"""``islandrun-tray``: one tray per user; attaches to the running daemon or starts one, then
follows its event stream until Quit."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from desktop_notifier import DesktopNotifier, Icon
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from islandrun.core.errors import IslandRunError

from .daemon_process import Attached, TrayLock, attach_or_start
from .icons import app_icon, resources_dir
from .notifications import ApprovalDialog, ApprovalNotifier
from .qt_async import QEventLoop
from .tray import Tray
from .viewmodels import DaemonModel
from .window import PANELS, PanelsWindow

__all__ = ["TrayApp", "main"]

log = logging.getLogger("islandrun.app")


class TrayApp:
    """Everything the tray is, wired in one place (the daemon connection is made beforehand)."""

    def __init__(self, attached: Attached, notifications: bool = True) -> None:
        self.attached = attached
        self.client = attached.client
        self.daemon = DaemonModel(self.client)
        self.window = PanelsWindow(self.client, self.daemon)
        self.tray = Tray(self.daemon)
        notifier = (
            DesktopNotifier(app_name="IslandRun", app_icon=Icon(path=resources_dir() / "islandrun.png"))
            if notifications
            else None
        )
        self.approvals = ApprovalNotifier(self.daemon, notifier)
        self.tray.panelRequested.connect(self.window.open_panel)
        self.tray.approvalsRequested.connect(self.ask_pending)
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.tray.quitRequested.connect(self.quit)

    def start(self) -> None:
        self.daemon.start()
        self.tray.show()

    def ask_pending(self) -> None:
        """Open the in-app question for each pending approval (from the menu)."""
        for approval in list(self.daemon.status.pending.values()):
            approval_id = str(approval["id"])
            if approval_id not in self.approvals.dialogs:
                dialog = ApprovalDialog(dict(approval))
                dialog.answered.connect(self.daemon.answer)
                dialog.destroyed.connect(lambda *_, i=approval_id: self.approvals.dialogs.pop(i, None))
                self.approvals.dialogs[approval_id] = dialog
                dialog.show()

    def quit(self) -> None:
        if not self.done.done():
            self.done.set_result(None)

    async def aclose(self) -> None:
        """Stop following the daemon; a daemon this tray started keeps running for other clients."""
        self.tray.hide()
        self.window.close()
        await self.daemon.stop()
        await self.client.aclose()


async def _run(args: argparse.Namespace) -> int:
    try:
        attached = await attach_or_start(start_timeout=args.start_timeout)
    except IslandRunError as exc:
        QMessageBox.critical(None, exc.title, exc.message)
        return 1
    app = TrayApp(attached, notifications=not args.no_notifications)
    app.start()
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
    except IslandRunError as exc:
        print(f"islandrun-tray: {exc.message}", file=sys.stderr)
        return 1
    if not QSystemTrayIcon.isSystemTrayAvailable():
        log.warning("no system tray on this desktop: the panels window opens instead")
        args.open = args.open or "Capacity"
    loop = QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            code: int = loop.run_until_complete(_run(args))
    finally:
        lock.release()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
