"""What Ollama's ``/api/tags``, ``/api/show`` and ``/api/ps`` say about the models this daemon serves.

Local GGUF files are described from the curated catalogue where the model is one of its entries, else
from the file's own GGUF header (architecture, size label, quantisation). ``digest`` is Ollama's blob
digest where the file is an Ollama blob (``sha256-…``); for other files it is a SHA-256 of the path,
size and modification time (an identity that changes when the file does, not a hash of its bytes,
which would mean reading gigabytes to list models). Remote islands' models are listed by name with
``format: "remote"`` and the island that serves them.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..engines.catalog import ModelEntry
from ..engines.curated import curated_by_name
from ..engines.errors import EngineError
from ..engines.gguf import GgufInfo, read_gguf_header
from ..islands import Island, IslandKind
from .pipeline import Pipeline

__all__ = ["Known", "iso", "known_models", "running", "show", "tag"]

_BLOB = re.compile(r"sha256-([0-9a-f]{64})")
_FOREVER = "9999-12-31T23:59:59Z"


@dataclass(frozen=True, slots=True)
class Known:
    """A model this daemon can serve: a local file (``entry``) or a remote island's model."""

    name: str
    island: Island | None  # None: the local engine
    entry: ModelEntry | None = None


def iso(when: float | None = None) -> str:
    """RFC 3339 in UTC, as Ollama's timestamps."""
    stamp = datetime.fromtimestamp(time.time() if when is None else when, tz=UTC)
    return stamp.isoformat(timespec="microseconds").replace("+00:00", "Z")


async def known_models(pipeline: Pipeline) -> list[Known]:
    models = [Known(entry.name, None, entry) for entry in await pipeline.engine.list_models()]
    seen = {m.name for m in models}
    for island in pipeline.registry.islands():
        if island.kind is IslandKind.LOCAL:
            continue
        for name in island.models:
            if name not in seen:
                seen.add(name)
                models.append(Known(name, island))
    return models


@lru_cache(maxsize=256)
def _header(path: str, _size: int, _mtime_ns: int) -> GgufInfo | None:
    try:
        return read_gguf_header(Path(path))
    except (OSError, EngineError):
        return None


def _file(entry: ModelEntry) -> tuple[GgufInfo | None, int, float]:
    try:
        stat = entry.path.stat()
    except OSError:
        return None, 0, 0.0
    return _header(str(entry.path), stat.st_size, stat.st_mtime_ns), stat.st_size, stat.st_mtime


@lru_cache(maxsize=1)
def _file_types() -> dict[int, str]:
    import llama_cpp

    names = {}
    for key in dir(llama_cpp):
        if key.startswith(("LLAMA_FTYPE_MOSTLY_", "LLAMA_FTYPE_ALL_")):
            names[int(getattr(llama_cpp, key))] = key.removeprefix("LLAMA_FTYPE_MOSTLY_").removeprefix(
                "LLAMA_FTYPE_ALL_"
            )
    return names


def _details(entry: ModelEntry, info: GgufInfo | None) -> dict[str, Any]:
    curated = curated_by_name(entry.name)
    family = curated.family.lower() if curated else (info.architecture if info else "")
    size = curated.params if curated else str(info.metadata.get("general.size_label", "")) if info else ""
    quant = curated.quant if curated else ""
    if not quant and info is not None:
        file_type = info.metadata.get("general.file_type")
        quant = _file_types().get(int(file_type), "") if isinstance(file_type, int) else ""
    return {
        "parent_model": "",
        "format": "gguf",
        "family": family,
        "families": [family] if family else None,
        "parameter_size": size,
        "quantization_level": quant,
    }


def _digest(entry: ModelEntry, size: int, mtime: float) -> str:
    blob = _BLOB.fullmatch(entry.path.name)
    if blob is not None:
        return blob[1]
    return hashlib.sha256(f"{entry.path}\0{size}\0{mtime}".encode()).hexdigest()


def _remote_details(island: Island) -> dict[str, Any]:
    return {
        "parent_model": "",
        "format": "remote",
        "family": "",
        "families": None,
        "parameter_size": "",
        "quantization_level": "",
    }


def _tag(model: Known) -> dict[str, Any]:
    if model.entry is None:
        assert model.island is not None
        return {
            "name": model.name,
            "model": model.name,
            "modified_at": iso(0),
            "size": 0,
            "digest": hashlib.sha256(f"{model.island.id}\0{model.name}".encode()).hexdigest(),
            "details": _remote_details(model.island),
            "islandrun": {"island": model.island.id, "island_kind": model.island.kind.value},
        }
    info, size, mtime = _file(model.entry)
    return {
        "name": model.name,
        "model": model.name,
        "modified_at": iso(mtime),
        "size": size,
        "digest": _digest(model.entry, size, mtime),
        "details": _details(model.entry, info),
        "islandrun": {"island": "local", "island_kind": "local", "source": model.entry.source.value},
    }


async def tag(models: list[Known]) -> list[dict[str, Any]]:
    """``/api/tags`` entries (reads GGUF headers: in a thread)."""
    return await asyncio.to_thread(lambda: [_tag(m) for m in models])


def _show(model: Known, verbose: bool) -> dict[str, Any]:
    if model.entry is None:
        assert model.island is not None
        return {
            "modelfile": f"# served by the remote island {model.island.id!r}\n",
            "parameters": "",
            "template": "",
            "details": _remote_details(model.island),
            "model_info": {},
            "capabilities": ["completion", "tools"],
            "modified_at": iso(0),
            "islandrun": {"island": model.island.id, "island_kind": model.island.kind.value},
        }
    info, _, mtime = _file(model.entry)
    metadata = dict(info.metadata) if info is not None else {}
    template = str(metadata.pop("tokenizer.chat_template", ""))
    if not verbose:  # long strings (templates, licences) only when asked, as Ollama keeps its arrays
        metadata = {k: v for k, v in metadata.items() if not (isinstance(v, str) and len(v) > 256)}
    architecture = info.architecture if info is not None else ""
    embeds = bool(info and f"{architecture}.pooling_type" in info.metadata)
    return {
        "modelfile": f"# served by IslandRun's local engine\nFROM {model.entry.path}\n",
        "parameters": "",
        "template": template,
        "details": _details(model.entry, info),
        "model_info": metadata,
        "capabilities": ["embedding"] if embeds else ["completion"],
        "modified_at": iso(mtime),
        "islandrun": {"island": "local", "island_kind": "local", "source": model.entry.source.value},
    }


async def show(model: Known, verbose: bool) -> dict[str, Any]:
    return await asyncio.to_thread(_show, model, verbose)


def running(pipeline: Pipeline) -> list[dict[str, Any]]:
    """``/api/ps``: the models the local engine holds now (chat and embedding instances)."""
    keep = pipeline.engine.settings.keep_alive_s
    now_wall, now_mono = time.time(), time.monotonic()
    out = []
    for loaded in pipeline.engine.pool.resident():
        info, _, mtime = _file(loaded.entry)
        expires = _FOREVER if keep < 0 else iso(now_wall + (loaded.last_used + keep - now_mono))
        out.append(
            {
                "name": loaded.entry.name,
                "model": loaded.entry.name,
                "size": loaded.estimated_bytes,
                "digest": _digest(loaded.entry, loaded.entry.size_bytes() or 0, mtime),
                "details": _details(loaded.entry, info),
                "expires_at": expires,
                "size_vram": loaded.estimated_bytes if loaded.n_gpu_layers != 0 else 0,
                "context_length": loaded.n_ctx,
                "islandrun": {"kind": loaded.kind, "in_use": loaded.in_use},
            }
        )
    return out
