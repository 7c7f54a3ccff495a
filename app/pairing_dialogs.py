"""The two pairing dialogs (docs/discovery.md has the protocol):

- :class:`PairDialog`, on the device where the user pressed *Pair…*: asks the daemon to pair,
  shows the 6-digit code, and pairs on this side when the user says the other device asks for the
  same code.
- :class:`EnterCodeDialog`, on the device that was asked: the user types the code that the *other*
  device shows. This device's own copy of the code is deliberately not displayed here: typing a
  code read off the other screen is what proves the two screens agree (passkey entry); a code shown
  next to its own input field would be copied, not compared.

Neither blocks the event loop (``show()``, never ``exec()``); what the user typed is kept when the
daemon refuses it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from .devices_model import DevicesModel, check_code, spaced_code

__all__ = ["EnterCodeDialog", "PairDialog"]


def _who(request: dict[str, Any]) -> str:
    short = request.get("short_id")
    return f"{request.get('name', 'A device')}" + (f" ({short})" if short else "")


class PairDialog(QDialog):
    """*Pair…* with one device: asking → the code → paired on this side (or why not)."""

    def __init__(self, model: DevicesModel, device: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.device_id = str(device["device_id"])
        self.name = str(device.get("name") or device.get("short_id") or "the device")
        self.session: str | None = None
        self.finished_pairing = False
        self.setWindowTitle(f"Pair with {self.name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.intro = QLabel(f"Asking {self.name} to pair…")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)  # device names come from the network
        self.code = QLabel("")
        font = QFont(self.code.font())
        font.setPointSize(max(font.pointSize(), 10) * 2)
        font.setBold(True)
        self.code.setFont(font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox()
        self.pair_button = QPushButton("Pair")
        self.pair_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel")
        self.buttons.addButton(self.pair_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.code, self.message, self.buttons):
            layout.addWidget(widget)
        self.code.hide()
        self.resize(440, 220)
        self.pair_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self._cancel)
        model.pairingStarted.connect(self._started)
        model.pairingFailed.connect(self._failed)
        model.paired.connect(self._paired)

    def start(self) -> None:
        self.show()
        self.model.pair(self.device_id)

    def _started(self, session: dict[str, Any]) -> None:
        if self.session is not None or str(session.get("device_id")) != self.device_id:
            return
        self.session = str(session["session"])
        self.intro.setText(
            f"{self.name} now asks for a code to pair with this computer. Type this code there, then press "
            f"Pair here — only if {self.name} really shows a request from this computer:"
        )
        self.code.setText(spaced_code(str(session.get("code") or "")))
        self.code.show()
        self.pair_button.setEnabled(True)
        self.pair_button.setDefault(True)

    def _failed(self, key: str, message: str) -> None:
        if key in (self.device_id, self.session):
            self.message.setText(f"✗ {message}")

    def _paired(self, session: str, result: dict[str, Any]) -> None:
        if session != self.session:
            return
        self.finished_pairing = True
        self.pair_button.hide()
        self.cancel_button.setText("Close")
        self.message.setText(
            f"✓ Paired with {result.get('name', self.name)} on this computer. "
            f"Once the code is typed on {self.name}, it is listed as connected."
        )

    def _confirm(self) -> None:
        if self.session is not None and not self.finished_pairing:
            self.message.setText("pairing…")
            self.model.confirm(self.session)

    def _cancel(self) -> None:
        if self.session is not None and not self.finished_pairing:
            self.model.refuse(self.session)  # the other device's request then fails there too
        self.close()


class EnterCodeDialog(QDialog):
    """Another device asks to pair: type the code it shows, or refuse."""

    def __init__(self, model: DevicesModel, request: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.session = str(request["session"])
        self.who = _who(request)
        self.setWindowTitle("IslandRun: pairing request")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.NonModal)
        name = escape(str(request.get("name", "that device")))
        intro = QLabel(
            f"<b>{escape(self.who)}</b> asks to pair with this computer. Paired devices run each other's "
            "requests and see each other's models and collection names.<br><br>"
            f"Type the 6-digit code that {name} shows. "
            "If it shows no code, or you did not start this, refuse."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.code = QLineEdit()
        self.code.setPlaceholderText("123 456")
        self.code.setMaxLength(11)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox()
        self.pair_button = QPushButton("Pair")
        self.refuse_button = QPushButton("Refuse")
        self.later_button = QPushButton("Later")
        self.buttons.addButton(self.pair_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.refuse_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.pair_button.setDefault(True)
        layout = QVBoxLayout(self)
        for widget in (intro, self.code, self.message, self.buttons):
            layout.addWidget(widget)
        self.resize(460, 230)
        self.pair_button.clicked.connect(self.submit)
        self.code.returnPressed.connect(self.submit)
        self.refuse_button.clicked.connect(self._refuse)
        self.later_button.clicked.connect(self.close)
        model.pairingFailed.connect(self._failed)
        model.paired.connect(self._paired)
        model.pairingGone.connect(self._gone)

    def open_here(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.code.setFocus()

    def submit(self) -> None:
        if check_code(self.code.text()) is None:
            self.message.setText(f"✗ type the 6 digits that {self.who} shows (for example 123 456)")
            return
        self.message.setText("pairing…")
        self.model.accept(self.session, self.code.text())

    def _failed(self, session: str, message: str) -> None:
        if session == self.session:
            self.message.setText(f"✗ {message}")  # the typed code stays, to correct it

    def _paired(self, session: str, _result: dict[str, Any]) -> None:
        if session == self.session:
            self.close()

    def _gone(self, session: str) -> None:
        if session == self.session and self.isVisible():
            self.close()

    def _refuse(self) -> None:
        self.model.refuse(self.session)
        self.close()
