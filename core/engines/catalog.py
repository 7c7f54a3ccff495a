"""Which local models exist: the embedded default, the user's GGUF files, models found on disk.

Names, in the order they win when two would collide:

1. the embedded models: ``smollm2-135m-instruct`` (the default, when its package is installed)
   and ``gemma-3-270m`` (a base model, the fallback; always present: assembled on first use);
2. files and folders listed in ``[engine] model_paths`` (named by file stem);
3. files added with ``islandrun models add`` (kept in ``<data dir>/models.json``, not in the
   config file: it is state, written atomically);
4. models other apps already downloaded (:mod:`.discovery`): ``hf:…``, ``lmstudio:…``,
   ``ollama:…``, each source switchable in ``[engine]``.

Nothing here loads a model; blocking file I/O, so the daemon calls it from a worker thread.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..paths import data_dir
from .config import EngineConfig
from .discovery import DiscoveryRoots, discover_models
from .embedded import (
    EMBEDDED_CHAT_FORMAT,
    EMBEDDED_MODEL_NAME,
    EMBEDDED_NAMES,
    INSTRUCT_MODEL_NAME,
    embedded_model_path,
    instruct_model_source,
)
from .errors import ModelNotFoundError, ModelStoreError
from .gguf import read_gguf_header

__all__ = [
    "ModelCatalog",
    "ModelEntry",
    "ModelSource",
    "UserModelStore",
    "known_chat_formats",
    "models_state_file",
]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,127}$")
_DISCOVERY_TTL_S = 30.0


class ModelSource(StrEnum):
    EMBEDDED = "embedded"
    CONFIG = "config"
    USER = "user"
    HUGGINGFACE = "huggingface"
    LMSTUDIO = "lmstudio"
    OLLAMA = "ollama"


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """A model the engine can load. ``chat_format=None``: the file's own chat template."""

    name: str
    path: Path
    source: ModelSource
    chat_format: str | None = None

    def size_bytes(self) -> int | None:
        try:
            return self.path.stat().st_size
        except OSError:
            return None


def models_state_file() -> Path:
    return data_dir() / "models.json"


def known_chat_formats() -> list[str]:
    """The chat format names this llama-cpp-python build knows (``gemma``, ``chatml``, ...)."""
    from llama_cpp import llama_chat_format

    return sorted(llama_chat_format.LlamaChatCompletionHandlerRegistry._chat_handlers)


def _check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ModelStoreError(
            f"{name!r} is not a usable model name: use letters, digits and . _ : / + - (at most 128 characters)"
        )
    return name


class UserModelStore:
    """The models a user added by path: ``{"version": 1, "models": [{name, path, chat_format}]}``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = models_state_file() if path is None else path

    def load(self) -> list[ModelEntry]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ModelStoreError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        try:
            data: Any = json.loads(raw)
            items = data["models"]
            return [
                ModelEntry(str(item["name"]), Path(item["path"]), ModelSource.USER, item.get("chat_format"))
                for item in items
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelStoreError(
                f"{self.path} is damaged ({exc}); fix or delete it (only the list of added models is lost)"
            ) from None

    def _save(self, entries: list[ModelEntry]) -> None:
        payload = {
            "version": 1,
            "models": [{"name": e.name, "path": str(e.path), "chat_format": e.chat_format} for e in entries],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".models-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, indent=2)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise ModelStoreError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def add(self, path: Path, name: str | None = None, chat_format: str | None = None) -> ModelEntry:
        """Check the file is a sound GGUF model and remember it. Raises InvalidModelError if not."""
        path = path.expanduser().resolve()
        read_gguf_header(path)
        if chat_format is not None and chat_format not in known_chat_formats():
            raise ModelStoreError(f"unknown chat format {chat_format!r}; known: {', '.join(known_chat_formats())}")
        entry = ModelEntry(_check_name(name or path.stem), path, ModelSource.USER, chat_format)
        if entry.name in EMBEDDED_NAMES:
            raise ModelStoreError(f"the name {entry.name!r} belongs to the embedded model; pick another with --name")
        entries = self.load()
        if any(e.name == entry.name for e in entries):
            raise ModelStoreError(f"a model called {entry.name!r} was already added; remove it first or use --name")
        self._save([*entries, entry])
        return entry

    def remove(self, name: str) -> ModelEntry:
        """Forget an added model (the file itself is never deleted)."""
        entries = self.load()
        keep = [e for e in entries if e.name != name]
        if len(keep) == len(entries):
            added = ", ".join(e.name for e in entries) or "none"
            raise ModelStoreError(
                f"no model called {name!r} was added with `islandrun models add` (added: {added}); "
                "models found in other apps' folders are not listed here and cannot be removed"
            )
        self._save(keep)
        return next(e for e in entries if e.name == name)


class ModelCatalog:
    """Every model the engine knows, with stable, unique names (the first source wins)."""

    def __init__(
        self,
        config: EngineConfig | None = None,
        *,
        store: UserModelStore | None = None,
        roots: DiscoveryRoots | None = None,
        embedded_path: Path | None = None,
        instruct: bool = True,
    ) -> None:
        self.config = EngineConfig() if config is None else config
        self.store = UserModelStore() if store is None else store
        self._roots = roots
        self._embedded_path = embedded_path
        self._discovered: tuple[float, list[ModelEntry]] | None = None
        self._instruct: ModelEntry | None = None
        if instruct:
            try:
                self._instruct = ModelEntry(INSTRUCT_MODEL_NAME, instruct_model_source(), ModelSource.EMBEDDED)
            except ModelStoreError:  # its package is missing: the base model is the default
                self._instruct = None

    @property
    def embedded(self) -> ModelEntry:
        """The embedded base model (Gemma 3 270M), the fallback default."""
        path = self._embedded_path if self._embedded_path is not None else embedded_model_path()
        return ModelEntry(EMBEDDED_MODEL_NAME, path, ModelSource.EMBEDDED, EMBEDDED_CHAT_FORMAT)

    @property
    def instruct(self) -> ModelEntry | None:
        """The embedded instruction-tuned model (SmolLM2-135M-Instruct), when installed."""
        return self._instruct

    def embedded_entry(self, name: str) -> ModelEntry | None:
        """The embedded model called ``name`` (no I/O), else None."""
        if name == EMBEDDED_MODEL_NAME:
            return self.embedded
        if name == INSTRUCT_MODEL_NAME:
            return self._instruct
        return None

    def default_name(self) -> str:
        """``[engine] default_model``, else the embedded instruct model, else the embedded base model."""
        if self.config.default_model:
            return self.config.default_model
        return INSTRUCT_MODEL_NAME if self._instruct is not None else EMBEDDED_MODEL_NAME

    def _configured(self) -> list[ModelEntry]:
        found: list[ModelEntry] = []
        for raw in self.config.model_paths:
            path = Path(raw).expanduser()
            files = sorted(path.rglob("*.gguf")) if path.is_dir() else [path]
            found.extend(ModelEntry(f.stem, f, ModelSource.CONFIG) for f in files if "mmproj" not in f.name.lower())
        return found

    def _discovered_entries(self) -> list[ModelEntry]:
        now = time.monotonic()
        if self._discovered is not None and now - self._discovered[0] < _DISCOVERY_TTL_S:
            return self._discovered[1]
        base = DiscoveryRoots.from_env() if self._roots is None else self._roots
        roots = DiscoveryRoots(
            huggingface=base.huggingface if self.config.discover_huggingface else (),
            lmstudio=base.lmstudio if self.config.discover_lmstudio else (),
            ollama=base.ollama if self.config.discover_ollama else (),
        )
        entries = [ModelEntry(m.name, m.path, ModelSource(m.source)) for m in discover_models(roots)]
        self._discovered = (now, entries)
        return entries

    def refresh(self) -> None:
        """Forget the cached scan of other apps' folders (it is kept for 30 s)."""
        self._discovered = None

    def entries(self) -> list[ModelEntry]:
        out: dict[str, ModelEntry] = {}
        embedded = [e for e in (self._instruct, self.embedded) if e is not None]
        for entry in [*embedded, *self._configured(), *self.store.load(), *self._discovered_entries()]:
            out.setdefault(entry.name, entry)
        return list(out.values())

    def resolve(self, name: str | None) -> ModelEntry:
        """The entry called ``name`` (``None``: the default model); ModelNotFoundError otherwise."""
        wanted = self.default_name() if name is None else name
        embedded = self.embedded_entry(wanted)
        if embedded is not None:
            return embedded
        entries = self.entries()
        for entry in entries:
            if entry.name == wanted:
                return entry
        raise ModelNotFoundError(wanted, [e.name for e in entries])
