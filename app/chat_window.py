"""The chat window: conversations kept on this device, a transcript that streams with Stop, the
model and collection pickers, and on every reply a badge saying where it ran and what left this
device — click it for the router's explanation.

The window only draws: :class:`~islandrun.app.chat_model.ChatModel` talks to the daemon (as any
app does) and to the conversations file, off the Qt thread.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .api import JSON, ApiClient
from .chat_model import ChatModel, badge_text
from .chat_store import AsyncChatStore, Conversation, Message
from .events import DaemonEvent
from .icons import app_icon
from .viewmodels import DaemonModel

__all__ = ["ChatWindow", "ExplanationDialog", "MessageView"]

_EMPTY = "Ask anything. Every reply says where it ran and what left this device."
_ID = Qt.ItemDataRole.UserRole


class MessageView(QFrame):
    """One turn: who, the text, and for a reply its badge (a button: click for the explanation)."""

    def __init__(self, message: Message, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_id = message.id
        self.role = message.role
        self.setFrameShape(QFrame.Shape.StyledPanel)
        mine = message.role == "user"
        self.setStyleSheet("MessageView { background: %s; border-radius: 6px; }" % ("#eef4fb" if mine else "#ffffff"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        self.who = QLabel("You" if mine else "IslandRun")
        self.who.setStyleSheet("font-weight: bold; color: #52606d;")
        layout.addWidget(self.who)
        self.badge = QPushButton()
        self.badge.setFlat(True)
        self.badge.setCursor(Qt.CursorShape.PointingHandCursor)
        self.badge.setStyleSheet(
            "QPushButton { text-align: left; color: #1f6f43; background: #e8f5ec; border: 1px solid #b7dfc4;"
            " border-radius: 9px; padding: 2px 8px; }"
        )
        self.badge.setToolTip("Why it ran there: the router's explanation")
        self.badge.hide()
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # a model's output is never markup
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #7b8794; font-size: 11px;")
        self.note.hide()
        layout.addWidget(self.note)
        self.update_from(message, {})

    def update_from(self, message: Message, islands: dict[str, JSON]) -> None:
        self.text.setText(message.content if message.content or message.status != "streaming" else "…")
        if message.role == "assistant":
            model = message.islandrun.get("model")
            self.who.setText(f"IslandRun · {model}" if model else "IslandRun")
            badge = badge_text(message.islandrun, islands)
            if badge:
                self.badge.setText(f"{badge}  ·  why?")
                self.badge.show()
        notes = []
        if message.status == "stopped":
            notes.append("■ Stopped: the daemon was told to stop generating.")
        elif message.status == "unanswered":
            notes.append("Not answered (this message is not sent again as history).")
        sources = message.islandrun.get("sources")
        if isinstance(sources, list) and sources:
            notes.append("Sources: " + ", ".join(f"[{s.get('number', '?')}] {s.get('source', '?')}" for s in sources))
        if message.islandrun.get("notice"):
            notes.append(str(message.islandrun["notice"]))
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        color = "#b42318" if message.status == "error" else "#7b8794" if message.status == "unanswered" else "#1f2933"
        self.text.setStyleSheet(f"color: {color};")


class ExplanationDialog(QDialog):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(620, 320)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(font)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)


class ChatWindow(QWidget):
    def __init__(
        self, client: ApiClient, daemon: DaemonModel, store: AsyncChatStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("IslandRun — Chat")
        self.setWindowIcon(app_icon())
        self.resize(900, 620)
        self.model = ChatModel(client, store, self)
        self.views: dict[int, MessageView] = {}
        self.explanation: ExplanationDialog | None = None
        self._loaded = False
        self._stick = True

        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        self.new_button = QPushButton("New chat")
        side.addWidget(self.new_button)
        self.conversations = QListWidget()
        self.conversations.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conversations.setTextElideMode(Qt.TextElideMode.ElideRight)
        side.addWidget(self.conversations)
        self.delete_button = QPushButton("Delete conversation")
        self.delete_button.setEnabled(False)
        side.addWidget(self.delete_button)

        right = QWidget()
        main = QVBoxLayout(right)
        main.setContentsMargins(0, 0, 0, 0)
        pickers = QHBoxLayout()
        pickers.addWidget(QLabel("Model"))
        self.model_picker = QComboBox()
        self.model_picker.setMinimumWidth(220)
        pickers.addWidget(self.model_picker)
        pickers.addSpacing(12)
        pickers.addWidget(QLabel("Ask"))
        self.collection_picker = QComboBox()
        self.collection_picker.setMinimumWidth(200)
        self.collection_picker.addItem("just the model (no collection)", None)
        pickers.addWidget(self.collection_picker)
        pickers.addStretch(1)
        main.addLayout(pickers)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        self.transcript = QVBoxLayout(holder)
        self.transcript.setSpacing(8)
        self.empty = QLabel(_EMPTY)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #7b8794;")
        self.transcript.addWidget(self.empty)
        self.transcript.addStretch(1)
        self.scroll_area.setWidget(holder)
        main.addWidget(self.scroll_area, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b42318;")
        self.status.hide()
        main.addWidget(self.status)
        row = QHBoxLayout()
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText("Message (Enter sends, Shift+Enter for a new line)")
        self.input.setMaximumHeight(72)
        self.input.installEventFilter(self)
        row.addWidget(self.input, 1)
        self.send_button = QPushButton("Send")
        self.send_button.setMinimumWidth(80)
        row.addWidget(self.send_button)
        main.addLayout(row)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([220, 680])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.new_button.clicked.connect(self._new)
        self.delete_button.clicked.connect(self._delete)
        self.conversations.currentItemChanged.connect(self._picked)
        self.send_button.clicked.connect(self._send_or_stop)
        bar = self.scroll_area.verticalScrollBar()
        bar.valueChanged.connect(lambda value: setattr(self, "_stick", value >= bar.maximum() - 8))
        bar.rangeChanged.connect(lambda _lo, hi: bar.setValue(hi) if self._stick else None)
        m = self.model
        m.conversationsChanged.connect(self._list)
        m.conversationOpened.connect(self._show_conversation)
        m.messageAdded.connect(self._add)
        m.messageChanged.connect(self._changed)
        m.busyChanged.connect(self._busy)
        m.accepted.connect(self._accepted)
        m.refused.connect(self._refused)
        m.modelsLoaded.connect(self._models)
        m.collectionsLoaded.connect(self._collections)
        m.explanationReady.connect(self._explain)
        m.failed.connect(self._failed)
        m.pickersLoaded.connect(self._pickers_loaded)
        daemon.eventReceived.connect(m.on_event)
        daemon.eventReceived.connect(self._event)
        daemon.stateChanged.connect(self._daemon_state)

    # -- opening and closing ---------------------------------------------------------------

    def open_chat(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.model.load()
        else:
            self.model.load()  # models and collections may have changed meanwhile
        self.show()
        self.raise_()
        self.activateWindow()
        self.input.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hide()  # the tray keeps running; a streaming reply goes on
        event.ignore()

    async def aclose(self) -> None:
        await self.model.aclose()
        await self.model.store.aclose()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                if not self.model.busy:
                    self._send_or_stop()
                return True
        return super().eventFilter(watched, event)

    # -- actions ---------------------------------------------------------------------------

    def _send_or_stop(self) -> None:
        if self.model.busy:
            self.model.stop()
            return
        collection = self.collection_picker.currentData()
        model = self.model_picker.currentText() or "default"
        if self.model.send(self.input.toPlainText(), model, collection if isinstance(collection, str) else None):
            self.input.setReadOnly(True)  # until the daemon takes it: then the input is cleared
            self.status.hide()

    def _new(self) -> None:
        self.conversations.blockSignals(True)
        self.conversations.clearSelection()
        self.conversations.setCurrentRow(-1)
        self.conversations.blockSignals(False)
        self.model.new_conversation()

    def _delete(self) -> None:
        item = self.conversations.currentItem()
        if item is not None:
            self.model.delete(str(item.data(_ID)))

    def _picked(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.delete_button.setEnabled(item is not None)
        if item is None or self.model.busy:
            return
        current = self.model.conversation
        if current is None or current.id != item.data(_ID):
            self.model.open(str(item.data(_ID)))

    # -- what the model says ---------------------------------------------------------------

    def _list(self, conversations: list[Conversation]) -> None:
        self.conversations.blockSignals(True)
        self.conversations.clear()
        current = self.model.conversation
        for conversation in conversations:
            item = QListWidgetItem(conversation.title or "(untitled)")
            item.setToolTip(conversation.title)
            item.setData(_ID, conversation.id)
            self.conversations.addItem(item)
            if current is not None and conversation.id == current.id:
                self.conversations.setCurrentItem(item)
        self.conversations.blockSignals(False)
        self.delete_button.setEnabled(self.conversations.currentItem() is not None)

    def _show_conversation(self, conversation: Conversation | None, messages: list[Message]) -> None:
        for view in self.views.values():
            self.transcript.removeWidget(view)
            view.deleteLater()
        self.views.clear()
        self._stick = True
        for message in messages:
            self._add(message)
        self.empty.setVisible(not messages)
        if conversation is not None:
            self._select_model(conversation.model)
            index = self.collection_picker.findData(conversation.collection)
            self.collection_picker.setCurrentIndex(max(index, 0))
        self._list_select(conversation)

    def _list_select(self, conversation: Conversation | None) -> None:
        self.conversations.blockSignals(True)
        self.conversations.setCurrentRow(-1)
        for i in range(self.conversations.count()):
            item = self.conversations.item(i)
            if conversation is not None and item.data(_ID) == conversation.id:
                self.conversations.setCurrentItem(item)
        self.conversations.blockSignals(False)
        self.delete_button.setEnabled(self.conversations.currentItem() is not None)

    def _add(self, message: Message) -> None:
        self.empty.hide()
        view = MessageView(message)
        view.update_from(message, self.model.islands)
        view.badge.clicked.connect(lambda _=False, i=message.id: self.model.explain(i))
        self.views[message.id] = view
        self.transcript.insertWidget(self.transcript.count() - 1, view)  # above the stretch

    def _changed(self, message: Message) -> None:
        view = self.views.get(message.id)
        if view is not None:
            view.update_from(message, self.model.islands)

    def _busy(self, busy: bool) -> None:
        self.send_button.setText("Stop" if busy else "Send")
        for widget in (
            self.conversations,
            self.new_button,
            self.delete_button,
            self.model_picker,
            self.collection_picker,
        ):
            widget.setEnabled(not busy)  # one reply at a time, in the conversation it belongs to
        if not busy:
            self.delete_button.setEnabled(self.conversations.currentItem() is not None)
        if not busy:
            self.input.setReadOnly(False)

    def _accepted(self) -> None:
        self.input.clear()
        self.input.setReadOnly(False)

    def _refused(self, message: str) -> None:
        self.input.setReadOnly(False)  # the typed text is still there: edit it and send again
        self.status.setText(f"{message} Your message is still in the box below.")
        self.status.show()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.status.show()

    def _daemon_state(self, state: str) -> None:
        if self._loaded and state not in ("error", "starting"):  # (re)connected: the pickers may be new
            self._reload_pickers()

    def _event(self, event: DaemonEvent) -> None:
        if self._loaded and event.type in ("collection.indexed", "config", "peer.paired", "peer.unpaired"):
            self._reload_pickers()

    def _reload_pickers(self) -> None:
        # Only while the tray's asyncio loop runs: a signal delivered while it is stopped (the app
        # shutting down, a test between its steps) would start HTTP work with no loop to finish it.
        if _loop_running():
            self.model.reload_pickers()

    def _pickers_loaded(self) -> None:
        if self.status.text().startswith("Models and collections cannot be listed"):
            self.status.hide()

    def _models(self, models: list[str], wanted: str) -> None:
        current = self.model_picker.currentText()
        self.model_picker.clear()
        self.model_picker.addItems(models)
        self._select_model(current if current in models else wanted)

    def _select_model(self, name: str) -> None:
        index = self.model_picker.findText(name)
        if index >= 0:
            self.model_picker.setCurrentIndex(index)

    def _collections(self, collections: list[JSON]) -> None:
        current = self.collection_picker.currentData()
        self.collection_picker.clear()
        self.collection_picker.addItem("just the model (no collection)", None)
        for entry in collections:
            where = entry.get("island_name") or entry.get("island")
            self.collection_picker.addItem(f"collection {entry['name']} (on {where})", str(entry["name"]))
        self.collection_picker.setCurrentIndex(max(self.collection_picker.findData(current), 0))
        for message in self.model.messages:  # the islands are known now: badges name their tiers
            self._changed(message)

    def _explain(self, title: str, text: str) -> None:
        if self.explanation is not None:
            self.explanation.close()
        self.explanation = ExplanationDialog(title, text, self)
        self.explanation.show()


def _loop_running() -> bool:
    try:
        return asyncio.get_event_loop().is_running()
    except RuntimeError:
        return False
