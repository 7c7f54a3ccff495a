"""*Connect an app* → *Apps with a token of their own*: the apps listed with when their token was
made and its last four characters, *New app token…* (a name, then the token shown once with
*Copy*), and *Revoke* after a question. Behind it: ``GET/POST /api/apps``, ``DELETE
/api/apps/{name}`` (core/daemon/apps_api.py), the same apps as ``islandrun apps``.

The token exists on screen only in the dialog that made it; closing the dialog forgets it (the
daemon keeps only a digest). A refused name keeps what the user typed, with the daemon's reason
under the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from islandrun.core.errors import IslandRunError

from .api import JSON
from .events import DaemonEvent
from .forms import ask_to_confirm
from .qt_async import async_slot
from .viewmodels import PanelModel

__all__ = ["INTRO", "SHOWN_ONCE", "AppsModel", "AppsSection", "NewAppDialog", "revoke_question"]

COLUMNS = ["App", "Token made", "Token ends", ""]

INTRO = "Better than the shared token: audit rows, rate limits and approvals name the app; each is revoked alone."

SHOWN_ONCE = (
    "This token is shown only now. Paste it into the app as its API key; IslandRun keeps only a "
    "fingerprint of it and cannot show it again. Lost it? Revoke it and make a new one."
)


def revoke_question(name: str) -> str:
    return (
        f"Revoke the token of {name}?\n\nIts requests are refused from the moment this is done; the other "
        f"apps and the shared token keep working. To let {name} in again, make it a new token."
    )


def _daemon_words(message: str) -> str:
    """The daemon's reason without the request-validation prefix ("invalid request: name: …")."""
    for prefix in ("invalid request: ", "name: "):
        message = message.removeprefix(prefix)
    return message


class AppsModel(PanelModel):
    """Loads ``GET /api/apps``; ``add`` answers ``created`` (the daemon's answer, token included) or
    ``addFailed`` (its reason), ``revoke`` reports through ``saved``/``failed`` like other panels."""

    created = Signal(dict)
    addFailed = Signal(str)
    revoked = Signal(str)

    async def fetch(self) -> list[JSON]:
        return await self.client.apps()

    @async_slot(str)
    async def add(self, name: str) -> None:
        self.busyChanged.emit(True)
        try:
            answer = await self.client.add_app(name)
        except IslandRunError as exc:
            self.addFailed.emit(_daemon_words(exc.message))
            return
        finally:
            self.busyChanged.emit(False)
        self.created.emit(answer)
        await self._guard(self.fetch, self._loaded)

    def on_event(self, event: DaemonEvent) -> None:
        """A token made or revoked by another client of the API reloads the list (``islandrun apps``
        writes the file directly: its changes show the next time the panel is shown)."""
        if event.type in ("app.added", "app.revoked") and self.data is not None:
            self.refresh()

    @async_slot(str)
    async def revoke(self, name: str) -> None:
        async def work() -> str:
            await self.client.revoke_app(name)
            self.revoked.emit(name)
            return name

        await self._save(work)


class NewAppDialog(QDialog):
    """First a name (*Create*); then the token, once, with *Copy* and the note that it is shown only now."""

    def __init__(self, model: AppsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.pending: str | None = None  # the name sent, until the daemon answers
        self.setWindowTitle("New app token")
        self.setMinimumWidth(520)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. open-webui")
        self.name.setMaxLength(200)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        ask = QLabel(
            "The app's name, as the audit log, the rate limit and approval questions will show it: lowercase "
            "letters, digits, '.', '_' and '-'."
        )
        ask.setWordWrap(True)
        self.create_button = QPushButton("&Create")
        self.create_button.setDefault(True)
        self.create_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel")
        asking = QHBoxLayout()
        asking.addWidget(self.name, 1)
        asking.addWidget(self.create_button)
        asking.addWidget(self.cancel_button)

        self.token = QLineEdit()
        self.token.setReadOnly(True)
        self.token.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton("&Copy")
        showing = QHBoxLayout()
        showing.addWidget(self.token, 1)
        showing.addWidget(self.copy_button)
        self.once = QLabel(SHOWN_ONCE)
        self.once.setWordWrap(True)
        self.once.setStyleSheet("font-weight: bold;")
        self.copied = QLabel()
        self.done_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.shown = QWidget()
        shown_layout = QVBoxLayout(self.shown)
        shown_layout.setContentsMargins(0, 0, 0, 0)
        shown_layout.addLayout(showing)
        shown_layout.addWidget(self.once)
        shown_layout.addWidget(self.copied)
        shown_layout.addWidget(self.done_buttons)
        self.shown.hide()

        self.asking = QWidget()
        asking_layout = QVBoxLayout(self.asking)
        asking_layout.setContentsMargins(0, 0, 0, 0)
        asking_layout.addWidget(ask)
        asking_layout.addLayout(asking)
        asking_layout.addWidget(self.problem)
        layout = QVBoxLayout(self)
        layout.addWidget(self.asking)
        layout.addWidget(self.shown)

        self.name.textChanged.connect(self._typed)
        self.name.returnPressed.connect(self.submit)
        self.create_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_token)
        self.done_buttons.rejected.connect(self.accept)
        model.created.connect(self._created)
        model.addFailed.connect(self._refused)

    def _typed(self, text: str) -> None:
        self.create_button.setEnabled(bool(text.strip()))
        self.problem.hide()

    def submit(self) -> None:
        name = self.name.text().strip()
        if not name or self.shown.isVisible() or self.pending is not None:
            return
        self.pending = name
        self.create_button.setEnabled(False)
        self.problem.setText("Making the token…")
        self.problem.setStyleSheet("")
        self.problem.show()
        self.model.add(name)

    def _refused(self, message: str) -> None:
        if self.pending is None:
            return
        self.pending = None
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setText(f"✗ {message}")
        self.problem.show()
        self.adjustSize()
        self.create_button.setEnabled(bool(self.name.text().strip()))
        self.name.setFocus()  # what was typed stays, to be corrected

    def _created(self, answer: dict[str, Any]) -> None:
        if self.pending is None or answer.get("name") != self.pending:
            return
        self.pending = None
        self.setWindowTitle(f"Token for {answer['name']}")
        self.token.setText(str(answer["token"]))
        self.asking.hide()
        self.shown.show()
        self.adjustSize()
        if not self.isVisible():  # closed while the token was being made: it is shown all the same
            self.open()
        self.copy_button.setFocus()

    def copy_token(self) -> None:
        if self.token.text():
            QGuiApplication.clipboard().setText(self.token.text())
            self.copied.setText("✓ copied: paste it as the app's API key")

    def done(self, result: int) -> None:
        self.token.clear()  # the only copy on screen goes with the dialog
        super().done(result)


def _when(created: float) -> str:
    return dt.datetime.fromtimestamp(created).astimezone().strftime("%Y-%m-%d %H:%M") if created else "—"


class AppsSection(QGroupBox):
    def __init__(self, model: AppsModel, parent: QWidget | None = None) -> None:
        super().__init__("Apps with a token of their own", parent)
        self.model = model
        self.apps: list[dict[str, Any]] = []
        self.dialog: NewAppDialog | None = None
        self.confirm: QMessageBox | None = None
        self.revoke_buttons: dict[str, QPushButton] = {}
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(60)  # the header and a row, however tall the rest of the panel
        self.table.setMaximumHeight(150)
        self.empty = QLabel("No app has a token of its own yet: apps use the shared token above.")
        self.new_button = QPushButton("&New app token…")
        # One line beside the button: why a token per app, then what the last action did.
        self.message = QLabel(INTRO)
        self.message.setWordWrap(True)
        self.setToolTip(INTRO)
        header = QHBoxLayout()
        header.addWidget(self.message, 1)
        header.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        self.new_button.clicked.connect(self.open_new)
        model.loaded.connect(self.show_apps)
        model.failed.connect(lambda message: self.message.setText(f"✗ {message}"))
        model.created.connect(
            lambda answer: self.message.setText(f"✓ made a token for {answer['name']} (ends …{answer['hint']})")
        )
        model.revoked.connect(
            lambda name: self.message.setText(f"✓ revoked the token of {name}: its requests are refused from now on")
        )
        self.show_apps([])

    def showEvent(self, event: QShowEvent) -> None:
        """Loaded whenever the panel is shown, as the window loads every panel's data."""
        super().showEvent(event)
        self.model.refresh()

    def open_new(self) -> None:
        if self.dialog is not None and self.dialog.pending is None and not self.dialog.isVisible():
            self.dialog.deleteLater()  # a finished one; one still waiting for its token stays
        self.dialog = NewAppDialog(self.model, self)
        self.dialog.open()
        self.dialog.name.setFocus()

    def ask_revoke(self, name: str) -> None:
        def revoke() -> None:
            self.message.setText(f"Revoking the token of {name}…")
            self.model.revoke(name)

        self.confirm = ask_to_confirm(self, "Revoke app token", revoke_question(name), revoke)

    def show_apps(self, apps: list[dict[str, Any]]) -> None:
        self.apps = list(apps)
        self.revoke_buttons = {}
        self.table.setRowCount(len(self.apps))
        for row, app in enumerate(self.apps):
            name = str(app.get("name"))
            cells = [name, _when(float(app.get("created") or 0)), f"…{app.get('hint', '')}"]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            button = QPushButton("Revoke…")
            button.setToolTip(f"End the token of {name} (asks first)")
            button.clicked.connect(lambda _=False, n=name: self.ask_revoke(n))
            self.revoke_buttons[name] = button
            self.table.setCellWidget(row, len(COLUMNS) - 1, button)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(self.apps))
        self.empty.setVisible(not self.apps)
