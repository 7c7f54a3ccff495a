"""*Connect an app*: the API's addresses, the shared token (copy, show, rotate), the Unix socket,
and ready snippets (curl, openai Python and JS, Anthropic, Ollama, Open WebUI, Continue) — what a
developer needs first."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .connect_snippets import SNIPPETS, Addresses, snippet
from .forms import ask_to_confirm
from .keys_models import ConnectModel
from .panel_apps import AppsModel, AppsSection

__all__ = ["ROTATE_QUESTION", "ConnectPanel"]

ROTATE_QUESTION = (
    "Make a new shared token? The current one stops working within a second: every app using the "
    "shared token must be given the new one.\n\nApps with a token of their own (`islandrun apps add "
    "NAME`) are not affected; this tray is updated by itself."
)


def _copy(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(text)


class _CopyField(QWidget):
    """A read-only line with a *Copy* button."""

    def __init__(self, button: str = "Copy", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setReadOnly(True)
        self.copy_button = QPushButton(button)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.copy_button)
        self.copy_button.clicked.connect(lambda: _copy(self.field.text()))

    def set(self, text: str | None, missing: str) -> None:
        self.field.setText(text or "")
        self.field.setPlaceholderText(missing)
        self.copy_button.setEnabled(bool(text))


class ConnectPanel(QWidget):
    def __init__(self, model: ConnectModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.addresses: Addresses | None = None
        self.confirm: QMessageBox | None = None

        self.openai = _CopyField()
        self.anthropic = _CopyField()
        self.ollama = _CopyField()
        self.socket = _CopyField()
        self.others = QLabel()
        self.others.setWordWrap(True)
        where = QGroupBox("Addresses")
        form = QFormLayout(where)
        form.addRow("OpenAI-compatible API", self.openai)
        form.addRow("Anthropic API (/v1/messages)", self.anthropic)
        form.addRow("Ollama API", self.ollama)
        form.addRow("Unix socket (no token)", self.socket)
        form.addRow("Other listeners", self.others)

        self.token = QLineEdit()
        self.token.setReadOnly(True)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_token = QPushButton("Show")
        self.show_token.setCheckable(True)
        self.copy_token = QPushButton("&Copy token")
        self.rotate_button = QPushButton("&Rotate token…")
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.show_token)
        token_row.addWidget(self.copy_token)
        token_row.addWidget(self.rotate_button)
        token_note = QLabel(
            "Every app on this machine uses this token as its API key. Better: give each app a token of "
            "its own below, or with `islandrun apps add NAME` (revocable alone; rotating the shared token "
            "leaves those untouched)."
        )
        token_note.setWordWrap(True)
        token_note.setObjectName("hint")
        token_box = QGroupBox("API token (the API key for apps)")
        token_layout = QVBoxLayout(token_box)
        token_layout.addLayout(token_row)
        token_layout.addWidget(token_note)

        self.snippet_choice = QComboBox()
        self.snippet_choice.addItems(list(SNIPPETS))
        self.snippet = QPlainTextEdit()
        self.snippet.setReadOnly(True)
        self.snippet.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_snippet = QPushButton("Copy &snippet")
        snippet_row = QHBoxLayout()
        snippet_row.addWidget(self.snippet_choice, 1)
        snippet_row.addWidget(self.copy_snippet)
        snippets = QGroupBox("Snippets (they read the token from $ISLANDRUN_TOKEN)")
        snippets_layout = QVBoxLayout(snippets)
        snippets_layout.addLayout(snippet_row)
        snippets_layout.addWidget(self.snippet)

        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(token_box)
        self.apps = AppsSection(AppsModel(model.client, self))
        layout.addWidget(self.apps)
        layout.addWidget(snippets, 1)
        layout.addWidget(self.message)

        self.show_token.toggled.connect(self._show_token)
        self.copy_token.clicked.connect(self.copy_the_token)
        self.rotate_button.clicked.connect(self.ask_rotate)
        self.snippet_choice.currentTextChanged.connect(lambda _: self._show_snippet())
        self.copy_snippet.clicked.connect(lambda: _copy(self.snippet.toPlainText()))
        model.loaded.connect(self.show_connect)
        model.failed.connect(lambda message: self.message.setText(f"✗ {message}"))
        model.rotated.connect(self._rotated)
        self.copy_token.setEnabled(False)

    def _show_token(self, on: bool) -> None:
        self.token.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.show_token.setText("Hide" if on else "Show")

    def copy_the_token(self) -> None:
        if self.token.text():
            _copy(self.token.text())
            self.message.setText("✓ token copied: paste it as the app's API key")

    def ask_rotate(self) -> None:
        self.confirm = ask_to_confirm(self, "Rotate the API token", ROTATE_QUESTION, self.model.rotate)

    def _rotated(self, token: str) -> None:
        self.token.setText(token)
        self.message.setText(
            "✓ new token made: give it to every app that used the old one (apps with their own token keep working)"
        )

    def show_connect(self, data: dict[str, Any]) -> None:
        connect = data["connect"]
        base = connect.get("base_url")
        self.addresses = None if base is None else Addresses(str(base), connect.get("ollama_url"))
        self.openai.set(connect.get("openai_base_url"), "no TCP listener is open")
        self.anthropic.set(connect.get("anthropic_base_url"), "no TCP listener is open")
        self.ollama.set(connect.get("ollama_url"), "off: set [ollama] enabled = true in config.toml to serve it")
        self.socket.set(connect.get("socket"), "off ([server] unix_socket = false)")
        others = [item for item in connect.get("listeners", []) if item.get("url") != base]
        lines = []
        for item in others:
            hosts = ", ".join(item.get("allowed_hosts") or []) or "loopback names"
            state = f"open, answers to {hosts}" if item.get("open") else f"not open: {item.get('problem')}"
            lines.append(f"{item['url']}/v1 — {state}")
        self.others.setText("\n".join(lines) or "none (for Docker or the LAN: [server] extra_listen)")
        token = data.get("token")
        self.token.setText(token or "")
        self.token.setPlaceholderText(data.get("token_problem") or "")
        self.copy_token.setEnabled(bool(token))
        self.rotate_button.setEnabled(token is not None)
        self._show_snippet()

    def _show_snippet(self) -> None:
        if self.addresses is None:
            self.snippet.setPlainText("")
            return
        self.snippet.setPlainText(snippet(self.snippet_choice.currentText(), self.addresses))
