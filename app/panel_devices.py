"""*Devices*: your personal island group — this computer, the devices seen on the LAN and those
paired, with *Pair…* (the 6-digit code on both screens), *Un-pair*, and pairing requests from
other devices waiting for their code. Live: the ``peer*`` events reload the list."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .devices_model import DevicesModel, device_state
from .forms import ask_to_confirm
from .pairing_dialogs import EnterCodeDialog, PairDialog

__all__ = ["COLUMNS", "DevicesPanel"]

COLUMNS = ["Device", "Id", "State", "Address", "Models", "Capacity"]
_ID = Qt.ItemDataRole.UserRole


def _address(peer: dict[str, Any]) -> str:
    addresses = peer.get("addresses") or []
    if not addresses:
        return "—"
    return f"{addresses[0]}:{peer.get('peer_port')}" + (f" (+{len(addresses) - 1})" if len(addresses) > 1 else "")


class DevicesPanel(QWidget):
    def __init__(self, model: DevicesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.me = QLabel("")
        self.me.setWordWrap(True)
        self.me.setTextFormat(Qt.TextFormat.RichText)
        self.me.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.pair_button = QPushButton("Pair…")
        self.unpair_button = QPushButton("Un-pair")
        self.requests_label = QLabel("Pairing requests")
        self.requests = QTreeWidget()
        self.requests.setHeaderLabels(["From", "Id"])
        self.requests.setRootIsDecorated(False)
        self.requests.setMaximumHeight(110)
        self.code_button = QPushButton("Enter code…")
        self.refuse_button = QPushButton("Refuse")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # device names come from the network
        self.hint = QLabel(
            "Devices running IslandRun on this network are listed here. Pairing needs the 6-digit code shown on "
            "this computer typed on the other device; paired devices run each other's work when one is busy, and "
            "nothing is sent to a device that is not paired."
        )
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        self.dialog: PairDialog | None = None
        self.code_dialogs: dict[str, EnterCodeDialog] = {}
        self.confirm: QMessageBox | None = None
        self._peers: dict[str, dict[str, Any]] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(self.pair_button)
        buttons.addWidget(self.unpair_button)
        buttons.addStretch(1)
        request_buttons = QHBoxLayout()
        request_buttons.addWidget(self.code_button)
        request_buttons.addWidget(self.refuse_button)
        request_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.me)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.requests_label)
        layout.addWidget(self.requests)
        layout.addLayout(request_buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        self._request_widgets = (self.requests_label, self.requests, self.code_button, self.refuse_button)
        for widget in self._request_widgets:
            widget.hide()
        model.loaded.connect(self.show_devices)
        model.failed.connect(self._failed)
        model.actionFailed.connect(lambda message: self.message.setText(f"✗ {message}"))
        model.unpaired.connect(lambda r: self.message.setText(f"✓ un-paired {r.get('name', '')}"))
        model.paired.connect(lambda _s, r: self.message.setText(f"✓ paired with {r.get('name', '')}"))
        model.refused.connect(lambda _s: self.message.setText("pairing request refused"))
        self.pair_button.clicked.connect(self.open_pair)
        self.unpair_button.clicked.connect(self.ask_unpair)
        self.code_button.clicked.connect(self.enter_code)
        self.refuse_button.clicked.connect(self.refuse_request)
        self.tree.currentItemChanged.connect(lambda *_: self._selection_changed())
        self._selection_changed()

    # -- selection and actions --------------------------------------------------------------

    def selected(self) -> dict[str, Any] | None:
        item = self.tree.currentItem()
        return None if item is None else self._peers.get(str(item.data(0, _ID)))

    def _selection_changed(self) -> None:
        peer = self.selected()
        self.pair_button.setEnabled(peer is not None and not peer.get("paired"))
        self.unpair_button.setEnabled(peer is not None and bool(peer.get("paired")))

    def select(self, name: str) -> bool:
        """Select a device's row by its name (as a click would); False if it is not listed."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.text(0) == name:
                self.tree.setCurrentItem(item)
                return True
        return False

    def open_pair(self) -> PairDialog | None:
        peer = self.selected()
        if peer is None or peer.get("paired"):
            return None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = PairDialog(self.model, peer, self)
        self.dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog.start()
        return self.dialog

    def ask_unpair(self) -> None:
        peer = self.selected()
        if peer is None or not peer.get("paired"):
            return
        device_id, name = str(peer["device_id"]), str(peer.get("name", ""))
        self.confirm = ask_to_confirm(
            self,
            "Un-pair device",
            f"Un-pair {name}? This computer stops sending it work and refuses its connections; "
            "pairing again needs the code on both screens.",
            lambda: self.model.unpair(device_id),
        )

    def _request(self) -> dict[str, Any] | None:
        item = self.requests.currentItem() or self.requests.topLevelItem(0)
        return None if item is None else self.model.incoming.get(str(item.data(0, _ID)))

    def enter_code(self) -> EnterCodeDialog | None:
        request = self._request()
        if request is None:
            return None
        session = str(request["session"])
        dialog = self.code_dialogs.get(session)
        if dialog is None:
            dialog = EnterCodeDialog(self.model, request, self)
            dialog.destroyed.connect(lambda *_: self.code_dialogs.pop(session, None))
            self.code_dialogs[session] = dialog
        dialog.open_here()
        return dialog

    def refuse_request(self) -> None:
        request = self._request()
        if request is not None:
            self.model.refuse(str(request["session"]))

    # -- what the model says ------------------------------------------------------------------

    def _failed(self, message: str) -> None:
        self.tree.clear()
        self._peers = {}
        self.me.setText("")
        self.message.setText(f"✗ {message}")
        self._selection_changed()

    def show_devices(self, data: dict[str, Any]) -> None:
        keep = self.selected()
        if self.message.text().startswith("✗"):
            self.message.setText("")
        problem = data.get("discovery_problem")
        discovery = "looking for devices on this network" if data.get("discovery") == "on" else "not looking"
        self.me.setText(
            f"This computer: <b>{escape(str(data.get('name', '')))}</b> ({data.get('short_id', '')}) · {discovery}"
            + (f"<br>⚠ {escape(str(problem))}" if problem else "")
        )
        self.tree.clear()
        self._peers = {}
        peers = sorted(data.get("peers", []), key=lambda p: (not p.get("paired"), str(p.get("name", "")).lower()))
        current: QTreeWidgetItem | None = None
        for peer in peers:
            device_id = str(peer["device_id"])
            self._peers[device_id] = dict(peer)
            capacity = peer.get("capacity")
            models = peer.get("models") or []
            item = QTreeWidgetItem(
                [
                    str(peer.get("name", "")),
                    str(peer.get("short_id", "")),
                    device_state(peer),
                    _address(peer),
                    str(len(models)) if peer.get("paired") else "—",
                    "—" if capacity is None else f"{float(capacity):.2f}",
                ]
            )
            item.setData(0, _ID, device_id)
            item.setToolTip(4, ", ".join(str(m) for m in models))
            self.tree.addTopLevelItem(item)
            if keep is not None and keep["device_id"] == device_id:
                current = item
        if not peers:
            empty = QTreeWidgetItem(["No other device seen yet: start IslandRun on another computer on this network."])
            empty.setFirstColumnSpanned(True)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(empty)
        if current is not None:
            self.tree.setCurrentItem(current)
        for column in range(len(COLUMNS)):
            self.tree.resizeColumnToContents(column)
        self._show_requests()
        self._selection_changed()

    def _show_requests(self) -> None:
        self.requests.clear()
        for session, request in self.model.incoming.items():
            item = QTreeWidgetItem([f"{request.get('name', '?')} asks to pair", str(request.get("short_id", ""))])
            item.setData(0, _ID, session)
            self.requests.addTopLevelItem(item)
        self.requests.resizeColumnToContents(0)
        for widget in self._request_widgets:
            widget.setVisible(bool(self.model.incoming))

    def rows(self) -> list[list[str]]:
        """Every device row as shown (for tests and screen readers)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, _ID) is not None:
                out.append([item.text(c) for c in range(len(COLUMNS))])
        return out
