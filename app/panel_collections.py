"""*Collections*: the document collections on this computer and on your other islands, with an
*Add folder…* form, *Reindex* and *Remove* for this computer's own, live indexing progress (the
``collection.*`` events) and each run's result."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .forms import ask_to_confirm
from .viewmodels import CollectionsModel

__all__ = [
    "COLUMNS",
    "AddCollectionForm",
    "CollectionsPanel",
    "human_size",
    "index_summary",
    "name_for_folder",
    "progress_text",
    "relative_time",
]

COLUMNS = ["Collection", "Documents", "Size", "Passages", "Last indexed", "Semantic search"]
LOCAL = "local"
_NOT_NAME = re.compile(r"[^a-z0-9._-]+")
_ISLAND = Qt.ItemDataRole.UserRole  # a collection row's island id and collection name
_NAME = Qt.ItemDataRole(Qt.ItemDataRole.UserRole + 1)


# -- what the panel shows (pure functions) ---------------------------------------------------


def name_for_folder(folder: str) -> str:
    """A valid collection name from a folder's name (1-63 of ``[a-z0-9._-]``, starting with a letter
    or digit): accents dropped, lower-cased, anything else turned into ``-``; ``""`` if nothing is left."""
    base = Path(folder.strip().rstrip("/\\")).expanduser().name
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode().lower()
    name = _NOT_NAME.sub("-", ascii_name).lstrip("._-")[:63]
    return name.rstrip("-.") or name


def human_size(size: int | None) -> str:
    if size is None:
        return "—"
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def relative_time(when: float | None, now: float | None = None) -> str:
    if when is None:
        return "never"
    seconds = (time.time() if now is None else now) - when
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86_400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86_400)
    return "yesterday" if days == 1 else f"{days} days ago"


def progress_text(step: dict[str, Any]) -> str:
    """``collection.progress`` data as one line: which collection, how far, which file."""
    name, done, total = step.get("name", "?"), int(step.get("done") or 0), int(step.get("total") or 0)
    if total <= 0:
        return f"Indexing {name}…"
    if step.get("phase") == "embedding":
        return f"Indexing {name}: embedding passages, {done} of {total}"
    path = str(step.get("path") or "")
    return f"Indexing {name}: {done} of {total} files" + (f" — {path}" if path else "")


def index_summary(report: dict[str, Any]) -> str:
    """``collection.indexed`` data as the panel's result line."""
    name = report.get("name", "?")
    if report.get("problem"):
        return f"✗ {name} was not indexed: {report['problem']}"
    skipped = report.get("skipped") or []
    passages = f" ({report['passages']} passages)" if report.get("passages") else ""
    other = f", {report['unsupported']} of other types ignored" if report.get("unsupported") else ""
    return (
        f"✓ {name}: {report.get('indexed', 0)} indexed{passages}, {report.get('unchanged', 0)} unchanged, "
        f"{report.get('removed', 0)} removed, {len(skipped)} skipped{other} "
        f"in {_seconds(float(report.get('seconds') or 0.0))}"
    )


def _key(item: QTreeWidgetItem | None) -> tuple[str, str] | None:
    """(island, collection name) of a collection row; None for a heading or no row."""
    if item is None or item.data(0, _NAME) is None:
        return None
    return str(item.data(0, _ISLAND)), str(item.data(0, _NAME))


def _seconds(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.0f} s"


def _group_title(island: str, island_name: str, islands: dict[str, dict[str, Any]]) -> str:
    if island == LOCAL:
        return "This computer"
    kind = str(islands.get(island, {}).get("kind", ""))
    what = "paired device" if kind == "peer" else f"{kind} island" if kind else "island"
    return f"{island_name} · {what}"


# -- the form ----------------------------------------------------------------------------------


class AddCollectionForm(QDialog):
    """A folder (typed, or chosen with *Browse…*) and a name that follows the folder's until edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a folder as a collection")
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("/path/to/documents")
        self.browse_button = QPushButton("Browse…")
        self.name = QLineEdit()
        self.name.setPlaceholderText("lower-case letters, digits, '.', '_', '-'")
        self.name.setMaxLength(63)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.browser: QFileDialog | None = None
        self._name_edited = False
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        note = QLabel(
            "Text, Markdown, PDF and source files are indexed on this computer; the files stay where they are "
            "and never leave it (only answers do)."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText("Add and index")
        form = QFormLayout(self)
        form.addRow("Folder", folder_row)
        form.addRow("Name", self.name)
        form.addRow(note)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self.browse)
        self.folder.textChanged.connect(self._folder_changed)
        self.name.textEdited.connect(lambda text: setattr(self, "_name_edited", bool(text)))

    def _folder_changed(self, folder: str) -> None:
        if not self._name_edited:
            self.name.setText(name_for_folder(folder))

    def browse(self) -> QFileDialog:
        """A non-blocking folder chooser (a nested event loop would stall the tray's asyncio tasks)."""
        self.browser = QFileDialog(self, "Choose a folder of documents", self.folder.text().strip() or str(Path.home()))
        self.browser.setFileMode(QFileDialog.FileMode.Directory)
        self.browser.setOption(QFileDialog.Option.ShowDirsOnly, True)
        self.browser.fileSelected.connect(self.folder.setText)
        self.browser.open()
        return self.browser

    def values(self) -> tuple[str, str] | str:
        """``(name, absolute folder)``, or why not (a message for the form)."""
        folder, name = self.folder.text().strip(), self.name.text().strip()
        if not folder:
            return "choose a folder"
        path = Path(folder).expanduser()
        if not path.is_absolute():
            return f"{folder!r} is not a full path (start it with / or ~)"
        if not name:
            return "give the collection a name"
        return name, str(path)


# -- the panel ---------------------------------------------------------------------------------


class CollectionsPanel(QWidget):
    def __init__(self, model: CollectionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setAlternatingRowColors(True)
        self.add_button = QPushButton("Add folder…")
        self.reindex_button = QPushButton("Reindex")
        self.remove_button = QPushButton("Remove")
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(110)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form: AddCollectionForm | None = None
        self.confirm: QMessageBox | None = None
        self._selected: tuple[str, str] | None = None  # (island, name) kept across reloads
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.reindex_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.details)
        layout.addWidget(self.hint)
        for widget in (self.progress_label, self.progress, self.details):
            widget.hide()
        model.loaded.connect(self.show_collections)
        model.failed.connect(self._failed)
        model.saved.connect(self._saved)
        model.progress.connect(self._progress)
        model.indexed.connect(self._indexed)
        model.indexFailed.connect(self._index_failed)
        self.add_button.clicked.connect(self.open_form)
        self.reindex_button.clicked.connect(self.reindex)
        self.remove_button.clicked.connect(self.ask_remove)
        self.tree.currentItemChanged.connect(lambda *_: self._selection_changed())
        self._selection_changed()

    # -- actions -------------------------------------------------------------------------

    def selected(self) -> str | None:
        """The name of the selected collection if it is this computer's own (the others are read-only here)."""
        key = _key(self.tree.currentItem())
        return key[1] if key is not None and key[0] == LOCAL else None

    def _selection_changed(self) -> None:
        key = _key(self.tree.currentItem())
        if key is not None:
            self._selected = key
        own = self.selected() is not None
        self.reindex_button.setEnabled(own)
        self.remove_button.setEnabled(own)
        name = "NAME" if key is None else key[1]
        self.hint.setText(
            f'Ask a collection: name it in a chat completion, "islandrun": {{"collection": "{name}"}} '
            "(or the header X-IslandRun-Collection). It is answered on the island that holds it."
        )

    def open_form(self) -> AddCollectionForm:
        self.form = AddCollectionForm(self)
        self.form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form.add_button.clicked.connect(self.submit)
        self.form.finished.connect(lambda *_: setattr(self, "form", None))
        self.form.show()
        return self.form

    def submit(self) -> None:
        if self.form is None:
            return
        values = self.form.values()
        if isinstance(values, str):
            self.form.message.setText(f"✗ {values}")
            return
        self.form.message.setText("adding…")
        self.model.add(*values)

    def reindex(self) -> None:
        name = self.selected()
        if name is not None:
            self.message.setText(f"asking the daemon to reindex {name}…")
            self.model.reindex(name)

    def ask_remove(self) -> None:
        name = self.selected()
        if name is None:
            return
        self.confirm = ask_to_confirm(
            self,
            "Remove collection",
            f"Remove the collection {name!r}? Its index is deleted; the folder and its files are not touched.",
            lambda: self.model.remove(name),
        )

    # -- what the model says ------------------------------------------------------------

    def _result(self, text: str, details: str = "") -> None:
        self.message.setText(text)
        self.message.setToolTip(details)
        self.details.setPlainText(details)
        self.details.setVisible(bool(details))

    def _failed(self, message: str) -> None:
        if self.form is not None:
            self.form.message.setText(f"✗ {message}")
        else:
            self._result(f"✗ {message}")

    def _saved(self, result: dict[str, str]) -> None:
        action, name = result["action"], result["name"]
        if action == "add" and self.form is not None:
            self.form.accept()
        if action == "remove":
            self._result(f"✓ removed {name} (its folder was not touched)")
        elif name in self.model.indexing:  # else its result is shown already
            self._result(f"{'adding' if action == 'add' else 'reindexing'} {name}: indexing in the daemon…")

    def _progress(self, _step: dict[str, Any]) -> None:
        self._show_progress()

    def _indexed(self, report: dict[str, Any]) -> None:
        skipped = report.get("skipped") or []
        details = "\n".join(f"skipped {s.get('path')}: {s.get('reason')}" for s in skipped)
        self._result(index_summary(report), details)
        self._show_progress()

    def _index_failed(self, data: dict[str, Any]) -> None:
        self._result(f"✗ indexing {data.get('name', '?')} failed: {data.get('reason', 'no reason given')}")
        self._show_progress()

    def _show_progress(self) -> None:
        running = list(self.model.indexing.values())
        self.progress.setVisible(bool(running))
        self.progress_label.setVisible(bool(running))
        if not running:
            return
        step = running[-1]
        total, done = int(step.get("total") or 0), int(step.get("done") or 0)
        self.progress.setRange(0, total)  # 0..0: busy, until the first count arrives
        self.progress.setValue(min(done, total))
        more = f" (and {len(running) - 1} more)" if len(running) > 1 else ""
        self.progress_label.setText(progress_text(step) + more)
        for item in self._items():
            key = _key(item)
            if key is not None and key[0] == LOCAL and key[1] in self.model.indexing:
                now = self.model.indexing[key[1]]
                count = f" {now.get('done')}/{now.get('total')}" if now.get("total") else ""
                item.setText(4, f"indexing…{count}")
        self.tree.resizeColumnToContents(4)

    # -- the table ------------------------------------------------------------------------

    def show_collections(self, data: dict[str, Any]) -> None:
        keep = self._selected
        self.tree.clear()
        islands: dict[str, dict[str, Any]] = data["islands"]
        collections: list[dict[str, Any]] = data["collections"]
        order = [LOCAL, *sorted({str(c["island"]) for c in collections} - {LOCAL})]
        current: QTreeWidgetItem | None = None
        for island in order:
            rows = sorted((c for c in collections if str(c["island"]) == island), key=lambda c: str(c["name"]))
            if not rows and island != LOCAL:
                continue
            island_name = str(rows[0]["island_name"]) if rows else "This computer"
            group = QTreeWidgetItem([_group_title(island, island_name, islands)])
            self.tree.addTopLevelItem(group)
            if not rows:
                empty = QTreeWidgetItem(["No collections yet: Add folder… indexes one."])
                group.addChild(empty)
                empty.setFirstColumnSpanned(True)
            for entry in rows:
                item = QTreeWidgetItem(self._cells(entry))
                item.setData(0, _ISLAND, island)
                item.setData(0, _NAME, str(entry["name"]))
                group.addChild(item)
                if keep == (island, str(entry["name"])):
                    current = item
            group.setExpanded(True)
        if current is not None:
            self.tree.setCurrentItem(current)
        self._selection_changed()
        self._show_progress()
        for column in range(len(COLUMNS)):
            self.tree.resizeColumnToContents(column)

    @staticmethod
    def _cells(entry: dict[str, Any]) -> list[str]:
        own = str(entry["island"]) == LOCAL
        indexed = own and entry.get("updated") is not None  # semantic search is not known before the first run
        documents = entry.get("documents")
        return [
            str(entry["name"]),
            "—" if documents is None else str(documents),
            human_size(entry.get("bytes")),
            str(entry.get("chunks", "—")) if own else "—",
            relative_time(entry.get("updated")) if own else "—",
            ("on" if entry.get("embeddings") else "off (full-text only)") if indexed else "—",
        ]

    def _items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is not None:
                out.extend(c for c in (group.child(i) for i in range(group.childCount())) if c is not None)
        return out

    def rows(self) -> list[list[str]]:
        """Every collection row as shown, its device's heading first (for tests and screen readers)."""
        out: list[list[str]] = []
        for item in self._items():
            if _key(item) is not None:
                parent = item.parent()
                out.append([parent.text(0) if parent is not None else "", *(item.text(i) for i in range(len(COLUMNS)))])
        return out

    def select(self, name: str, island: str = LOCAL) -> bool:
        """Select a collection's row (as a click would); False if it is not listed."""
        for item in self._items():
            if _key(item) == (island, name):
                self.tree.setCurrentItem(item)
                return True
        return False
