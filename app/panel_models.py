"""*Models*: what is on this computer (the default, what is loaded now), *Make default*, and
pulling a model — from the curated catalogue, with this device's fit check, or by name — with a
progress bar fed by the daemon's ``model.pull.*`` events."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .forms import ask_to_confirm
from .models_model import ModelsModel, human_bytes, pull_text

__all__ = ["CATALOG_COLUMNS", "LOCAL_COLUMNS", "ModelsPanel"]

LOCAL_COLUMNS = ["Model", "Source", "Size", "Default", "Loaded now"]
CATALOG_COLUMNS = ["Catalogue", "Size", "Licence", "Fits this computer", "Expected speed"]
_NAME = Qt.ItemDataRole.UserRole
_SOURCES = {
    "embedded": "built in",
    "user": "pulled / added",
    "config": "config file",
    "huggingface": "Hugging Face cache",
    "lmstudio": "LM Studio",
    "ollama": "Ollama",
}


class ModelsPanel(QWidget):
    def __init__(self, model: ModelsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.local = QTreeWidget()
        self.local.setHeaderLabels(LOCAL_COLUMNS)
        self.local.setRootIsDecorated(False)
        self.default_button = QPushButton("Make default")
        self.default_label = QLabel("")
        self.pull_name = QLineEdit()
        self.pull_name.setPlaceholderText(
            "a catalogue name, ORG/REPO[:QUANT] from Hugging Face, or an Ollama MODEL:TAG"
        )
        self.pull_button = QPushButton("Pull")
        self.cancel_button = QPushButton("Cancel pull")
        self.progress_label = QLabel("")
        self.progress = QProgressBar()
        self.catalog = QTreeWidget()
        self.catalog.setHeaderLabels(CATALOG_COLUMNS)
        self.catalog.setRootIsDecorated(False)
        self.device = QLabel("")
        self.device.setWordWrap(True)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm: QMessageBox | None = None
        self._default: str | None = None
        local_row = QHBoxLayout()
        local_row.addWidget(self.default_button)
        local_row.addWidget(self.default_label, 1)
        pull_row = QHBoxLayout()
        pull_row.addWidget(QLabel("Pull"))
        pull_row.addWidget(self.pull_name, 1)
        pull_row.addWidget(self.pull_button)
        pull_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>On this computer</b>"))
        layout.addWidget(self.local, 2)
        layout.addLayout(local_row)
        layout.addWidget(QLabel("<b>Get a model</b> (downloaded by the daemon; a cut download resumes)"))
        layout.addLayout(pull_row)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.catalog, 2)
        layout.addWidget(self.device)
        layout.addWidget(self.message)
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.hide()
        model.loaded.connect(self.show_models)
        model.failed.connect(lambda message: self.message.setText(f"✗ {message}"))
        model.saved.connect(self._saved)
        model.progress.connect(lambda _step: self._show_progress())
        model.pulled.connect(self._pulled)
        model.pullFailed.connect(self._pull_failed)
        self.default_button.clicked.connect(self.make_default)
        self.pull_button.clicked.connect(self.pull)
        self.pull_name.returnPressed.connect(self.pull)
        self.cancel_button.clicked.connect(self.cancel)
        self.local.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.catalog.currentItemChanged.connect(self._catalog_chosen)
        self._selection_changed()

    def showEvent(self, event: QShowEvent) -> None:
        """Opening the panel puts the cursor in the pull field: typing a name and Return pulls it."""
        super().showEvent(event)
        self.pull_name.setFocus()

    # -- actions --------------------------------------------------------------------------

    def selected(self) -> str | None:
        item = self.local.currentItem()
        return None if item is None else str(item.data(0, _NAME))

    def _selection_changed(self) -> None:
        name = self.selected()
        self.default_button.setEnabled(name is not None and name != self._default)

    def _catalog_chosen(self, item: QTreeWidgetItem | None, *_: Any) -> None:
        if item is not None and item.data(0, _NAME):
            self.pull_name.setText(str(item.data(0, _NAME)))

    def make_default(self) -> None:
        name = self.selected()
        if name is not None and name != self._default:
            self.message.setText(f"making {name} the default…")
            self.model.set_default(name)

    def pull(self) -> None:
        name = self.pull_name.text().strip()
        if not name:
            self.message.setText("✗ type a model to pull, or choose one in the catalogue below")
            return
        if name in self.model.pulls:
            self.message.setText(f"{name} is being pulled already")
            return
        entry = self.model.catalog_entry(name)
        if entry is not None and not entry.get("fits_ram"):
            self.confirm = ask_to_confirm(
                self,
                "Model too big",
                f"{entry['name']} needs about {human_bytes(entry.get('needs_bytes'))} of memory, more than this "
                "computer has free now: it may not load, or load very slowly. Pull it anyway?",
                lambda: self._start(name),
            )
            return
        self._start(name)

    def _start(self, name: str) -> None:
        self.message.setText(f"asking the daemon to pull {name}…")
        self.model.pull(name)

    def cancel(self) -> None:
        for name in list(self.model.pulls):
            self.model.cancel(name)

    # -- what the model says --------------------------------------------------------------

    def _saved(self, result: dict[str, str]) -> None:
        action, name = result["action"], result["name"]
        if action == "default":
            self.message.setText(f'✓ {name} is the default now ("model": "default" means it from the next request)')
        elif action == "cancel":
            self.message.setText(f"cancelling {name}… (pulling it again resumes where it stopped)")
        elif name in self.model.pulls:
            self.message.setText(f"pulling {name} in the daemon…")

    def _pulled(self, data: dict[str, Any]) -> None:
        model = data.get("model") or data.get("name")
        seconds = float(data.get("seconds") or 0.0)
        self.message.setText(
            f"✓ pulled {model} ({human_bytes(data.get('bytes'))} in {seconds:.1f} s). "
            "Select it above and press Make default to use it for every request."
        )
        if self.pull_name.text().strip() == data.get("name"):
            self.pull_name.clear()
        self._show_progress()

    def _pull_failed(self, data: dict[str, Any]) -> None:
        self.message.setText(f"✗ {data.get('name', '?')} was not pulled: {data.get('reason', 'no reason given')}")
        self._show_progress()

    def _show_progress(self) -> None:
        running = list(self.model.pulls.values())
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.setVisible(bool(running))
        if not running:
            return
        step = running[-1]
        total = int(step.get("total") or 0)
        scale = max(1, total // 1_000_000_000 + 1)  # QProgressBar counts in int32
        self.progress.setRange(0, total // scale)  # 0..0: busy, until the size is known
        self.progress.setValue(int(step.get("done") or 0) // scale)
        more = f" (and {len(running) - 1} more)" if len(running) > 1 else ""
        self.progress_label.setText(pull_text(step) + more)

    def show_models(self, data: dict[str, Any]) -> None:
        local, catalog = data["local"], data["catalog"]
        keep = self.selected()
        self._default = str(local.get("default"))
        self.local.clear()
        current = None
        for entry in local.get("models", []):
            name = str(entry["name"])
            item = QTreeWidgetItem(
                [
                    name,
                    _SOURCES.get(str(entry.get("source")), str(entry.get("source"))),
                    human_bytes(entry.get("bytes")),
                    "★ default" if entry.get("default") else "",
                    "loaded" if entry.get("loaded") else "",
                ]
            )
            item.setData(0, _NAME, name)
            self.local.addTopLevelItem(item)
            if name == keep:
                current = item
        if current is not None:
            self.local.setCurrentItem(current)
        loaded = ", ".join(local.get("loaded") or []) or "none"
        self.default_label.setText(f'Default ("model": "default"): {self._default} · loaded now: {loaded}')
        self.catalog.clear()
        for row in catalog.get("models", []):
            speed = float(row.get("expected_cpu_tokens_per_s") or 0.0)
            item = QTreeWidgetItem(
                [
                    f"{row['name']}{'  ★ suggested' if row.get('suggested') else ''}",
                    human_bytes(row.get("size_bytes")),
                    str(row.get("licence", "")),
                    str(row.get("verdict", "")),
                    f"≈{speed:.0f} tokens/s on the CPU" if speed else "—",
                ]
            )
            item.setData(0, _NAME, str(row["name"]))
            item.setToolTip(
                0,
                f"{row.get('family', '')} {row.get('params', '')} {row.get('quant', '')}: pulls {row.get('pull', '')}",
            )
            self.catalog.addTopLevelItem(item)
        device = catalog.get("device") or {}
        if device:
            gpu = device.get("gpu_free")
            self.device.setText(
                f"This computer: {human_bytes(device.get('available_ram'))} memory free of "
                f"{human_bytes(device.get('total_ram'))}, {device.get('threads')} threads"
                + (f", {human_bytes(gpu)} free on the GPU" if gpu else ", no GPU offload")
                + ". The fit check counts the file, its context memory and a margin."
            )
        for tree, columns in ((self.local, LOCAL_COLUMNS), (self.catalog, CATALOG_COLUMNS)):
            for column in range(len(columns)):
                tree.resizeColumnToContents(column)
        self._selection_changed()
        self._show_progress()

    def local_rows(self) -> list[list[str]]:
        """The models on this computer as shown (for tests and screen readers)."""
        rows = []
        for i in range(self.local.topLevelItemCount()):
            item = self.local.topLevelItem(i)
            if item is not None:
                rows.append([item.text(c) for c in range(len(LOCAL_COLUMNS))])
        return rows

    def select(self, name: str) -> bool:
        for i in range(self.local.topLevelItemCount()):
            item = self.local.topLevelItem(i)
            if item is not None and item.data(0, _NAME) == name:
                self.local.setCurrentItem(item)
                return True
        return False
