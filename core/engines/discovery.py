"""Finding GGUF models other apps already downloaded: Hugging Face, LM Studio, Ollama.

Nothing is copied or moved: the engine loads the files where they are, and never deletes them.

- **Hugging Face hub cache**: ``$HF_HUB_CACHE``, else ``$HF_HOME/hub``, else
  ``~/.cache/huggingface/hub``; files ``models--ORG--REPO/snapshots/REV/**.gguf``.
  Named ``hf:ORG/REPO/FILE``.
- **LM Studio**: ``~/.lmstudio/models`` and the older ``~/.cache/lm-studio/models``; files
  ``PUBLISHER/REPO/**.gguf``. Named ``lmstudio:PUBLISHER/REPO/FILE``.
- **Ollama**: ``$OLLAMA_MODELS``, else ``~/.ollama/models``; each manifest under
  ``manifests/HOST/NAMESPACE/MODEL/TAG`` names its layers; the one with media type
  ``application/vnd.ollama.image.model`` is a GGUF blob at ``blobs/sha256-DIGEST``.
  Named ``ollama:MODEL:TAG`` (``ollama:NAMESPACE/MODEL:TAG`` outside ``library``).

Only the first shard of a split model (``-00001-of-0000N``) is listed (llama.cpp loads the
rest from it); vision projectors (``mmproj``) are skipped; a file must start with the GGUF
magic to be listed. :class:`DiscoveryRoots` holds the roots so tests can point them at
temporary trees. Blocking file I/O: call from a worker thread inside the daemon.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .gguf import has_gguf_magic

__all__ = ["DiscoveredModel", "DiscoveryRoots", "discover_models"]

OLLAMA_MODEL_MEDIA_TYPE = "application/vnd.ollama.image.model"
_LATER_SHARD = re.compile(r"-(\d{5})-of-\d{5}\.gguf$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DiscoveredModel:
    name: str
    path: Path
    source: str  # "huggingface" | "lmstudio" | "ollama"


@dataclass(frozen=True, slots=True)
class DiscoveryRoots:
    huggingface: tuple[Path, ...] = ()
    lmstudio: tuple[Path, ...] = ()
    ollama: tuple[Path, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, home: Path | None = None) -> DiscoveryRoots:
        """The standard locations, honouring ``HF_HUB_CACHE``, ``HF_HOME`` and ``OLLAMA_MODELS``."""
        env = os.environ if env is None else env
        home = Path.home() if home is None else home
        if env.get("HF_HUB_CACHE"):
            hf = Path(env["HF_HUB_CACHE"]).expanduser()
        elif env.get("HF_HOME"):
            hf = Path(env["HF_HOME"]).expanduser() / "hub"
        else:
            xdg = env.get("XDG_CACHE_HOME")
            hf = (Path(xdg) if xdg else home / ".cache") / "huggingface" / "hub"
        ollama = Path(env["OLLAMA_MODELS"]).expanduser() if env.get("OLLAMA_MODELS") else home / ".ollama" / "models"
        lmstudio = (home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models")
        return cls(huggingface=(hf,), lmstudio=lmstudio, ollama=(ollama,))


def _wanted(path: Path) -> bool:
    name = path.name.lower()
    if not name.endswith(".gguf") or "mmproj" in name:
        return False
    shard = _LATER_SHARD.search(name)
    if shard is not None and int(shard.group(1)) != 1:
        return False
    return path.is_file() and has_gguf_magic(path)


def _ggufs_under(root: Path) -> Iterator[Path]:
    try:
        candidates = sorted(root.rglob("*.gguf"))
    except OSError:
        return
    yield from (path for path in candidates if _wanted(path))


def _huggingface(root: Path) -> Iterator[DiscoveredModel]:
    if not root.is_dir():
        return
    for repo_dir in sorted(root.glob("models--*")):
        parts = repo_dir.name.split("--")[1:]
        repo_id = "/".join(parts)
        seen: set[str] = set()
        # newest snapshot first, so a file present in several revisions names the newest
        snapshots = sorted((repo_dir / "snapshots").glob("*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for snapshot in snapshots:
            for path in _ggufs_under(snapshot):
                rel = path.relative_to(snapshot).as_posix()
                if rel in seen:
                    continue
                seen.add(rel)
                yield DiscoveredModel(f"hf:{repo_id}/{rel.removesuffix('.gguf')}", path, "huggingface")


def _lmstudio(root: Path) -> Iterator[DiscoveredModel]:
    if not root.is_dir():
        return
    for path in _ggufs_under(root):
        rel = path.relative_to(root).as_posix()
        yield DiscoveredModel(f"lmstudio:{rel.removesuffix('.gguf')}", path, "lmstudio")


def _ollama(root: Path) -> Iterator[DiscoveredModel]:
    manifests = root / "manifests"
    if not manifests.is_dir():
        return
    for manifest in sorted(p for p in manifests.rglob("*") if p.is_file()):
        parts = manifest.relative_to(manifests).parts  # HOST/NAMESPACE/MODEL/TAG
        if len(parts) < 3:
            continue
        try:
            layers = json.loads(manifest.read_text(encoding="utf-8")).get("layers", [])
        except (OSError, ValueError, AttributeError):
            continue
        digest = next(
            (
                layer.get("digest")
                for layer in layers
                if isinstance(layer, dict) and layer.get("mediaType") == OLLAMA_MODEL_MEDIA_TYPE
            ),
            None,
        )
        if not isinstance(digest, str) or ":" not in digest:
            continue
        blob = root / "blobs" / digest.replace(":", "-", 1)
        if not (blob.is_file() and has_gguf_magic(blob)):
            continue
        *namespace, model, tag = parts[1:]
        ns = "/".join(namespace)
        label = model if ns in ("", "library") else f"{ns}/{model}"
        if parts[0] != "registry.ollama.ai":
            label = f"{parts[0]}/{label}"
        yield DiscoveredModel(f"ollama:{label}:{tag}", blob, "ollama")


def discover_models(roots: DiscoveryRoots | None = None) -> list[DiscoveredModel]:
    """Every GGUF model found under the roots, deduplicated by file, in a stable order."""
    roots = DiscoveryRoots.from_env() if roots is None else roots
    found: list[DiscoveredModel] = []
    seen_files: set[Path] = set()
    scans = [(_huggingface, roots.huggingface), (_lmstudio, roots.lmstudio), (_ollama, roots.ollama)]
    for scan, dirs in scans:
        for root in dirs:
            for model in scan(root):
                real = model.path.resolve()
                if real in seen_files:
                    continue
                seen_files.add(real)
                found.append(model)
    return found
