"""``models pull``: download a GGUF from a registry, resumably, checked, atomically.

- **Resumable**: bytes go to ``<models>/.partial/<sha256>.part`` (a hidden folder, a name that is
  not ``*.gguf``: nothing half-written ever looks like a model). A later pull of the same file
  asks for the rest with an HTTP ``Range`` request; a connection cut mid-way is resumed the same
  way, up to :data:`RETRIES` times, before the pull gives up (the part file stays for next time).
  A server that ignores ``Range`` (200 instead of 206) gets the file from the start.
- **Checked**: the SHA-256 the registry publishes (:mod:`.registries`) is computed over the whole
  file; a mismatch deletes the part file and fails. The size is checked too.
- **Atomic**: the checked part file is fsynced and renamed onto ``<models>/<file>.gguf``.
- **Disk space** is checked before the first byte (the remaining bytes must fit); a disk that
  fills anyway (``ENOSPC``) deletes the part file, so a failed pull does not keep the disk full.
- **Cancellable**: a ``threading.Event`` checked between chunks (the daemon); in the CLI, Ctrl-C
  raises ``KeyboardInterrupt`` in the same loop. Either way the part file stays, to resume.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from .catalog import ModelEntry, UserModelStore
from .curated import curated_by_name
from .embedded import models_dir
from .errors import (
    ModelStoreError,
    PullCancelledError,
    PullChecksumError,
    PullDiskFullError,
    PullError,
    PullNetworkError,
)
from .registries import RemoteFile, parse_spec, resolve

__all__ = ["RETRIES", "PullProgress", "PullResult", "download", "partial_path", "pull"]

RETRIES = 3
_CHUNK = 1 << 20
_TIMEOUT = httpx.Timeout(30.0, connect=15.0)

# (bytes done, bytes total): called from the thread doing the download
PullProgress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class PullResult:
    entry: ModelEntry
    remote: RemoteFile
    downloaded_bytes: int  # this run (0 when the file was already there)
    resumed_from: int  # bytes already in a part file when this run started
    seconds: float


def partial_path(remote: RemoteFile, folder: Path) -> Path:
    return folder / ".partial" / f"{remote.sha256}.part"


def _hash_file(path: Path, digest: hashlib._Hash) -> None:
    with path.open("rb") as src:
        while block := src.read(_CHUNK):
            digest.update(block)


def _disk_full(target: Path, part: Path) -> PullDiskFullError:
    part.unlink(missing_ok=True)
    return PullDiskFullError(
        f"the disk holding {target.parent} filled up during the download; free space and pull again"
    )


def download(
    remote: RemoteFile,
    folder: Path,
    client: httpx.Client,
    progress: PullProgress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[Path, int, int]:
    """Download ``remote`` into ``folder``; returns (path, bytes fetched now, bytes resumed from)."""
    target = folder / remote.filename
    if target.is_file() and target.stat().st_size == remote.size:
        digest = hashlib.sha256()
        _hash_file(target, digest)
        if digest.hexdigest() == remote.sha256:
            if progress is not None:
                progress(remote.size, remote.size)
            return target, 0, 0
    part = partial_path(remote, folder)
    part.parent.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.is_file() else 0
    if have > remote.size:
        part.unlink()
        have = 0
    resumed_from = have
    free = shutil.disk_usage(part.parent).free
    if remote.size - have > free:
        raise PullDiskFullError(
            f"{remote.name} needs {(remote.size - have) / 2**20:,.0f} MiB more and {part.parent.parent} has "
            f"{free / 2**20:,.0f} MiB free; free some space and pull again"
        )
    digest = hashlib.sha256()
    if have:
        _hash_file(part, digest)
    fetched = 0
    attempt = 0
    while have < remote.size:
        if cancel is not None and cancel.is_set():
            raise PullCancelledError(f"the download of {remote.name} was cancelled; pull again to resume")
        headers = dict(remote.headers)
        if have:
            headers["Range"] = f"bytes={have}-"
        try:
            with client.stream("GET", remote.url, headers=headers, follow_redirects=True) as response:
                if response.status_code == 404:
                    raise PullError(f"{remote.url} disappeared from the registry (HTTP 404)")
                if response.status_code == 416 and have and attempt < RETRIES:  # the part file is not a prefix
                    attempt += 1
                    part.unlink(missing_ok=True)
                    have, digest = 0, hashlib.sha256()
                    continue
                if response.status_code >= 400:
                    raise PullError(f"the registry answered HTTP {response.status_code} for {remote.name}")
                if have and response.status_code != 206:  # Range ignored: start again
                    have, digest = 0, hashlib.sha256()
                with part.open("r+b" if have else "wb") as out:
                    out.seek(have)
                    out.truncate()
                    for block in response.iter_bytes(_CHUNK):
                        if cancel is not None and cancel.is_set():
                            raise PullCancelledError(
                                f"the download of {remote.name} was cancelled; pull again to resume"
                            )
                        if have + len(block) > remote.size:
                            raise PullChecksumError(f"{remote.name}: the server sent more than the published size")
                        out.write(block)
                        digest.update(block)
                        have += len(block)
                        fetched += len(block)
                        if progress is not None:
                            progress(have, remote.size)
                    out.flush()
                    os.fsync(out.fileno())
        except httpx.TransportError as exc:
            attempt += 1
            if attempt > RETRIES:
                raise PullNetworkError(
                    f"the connection failed {attempt} times ({type(exc).__name__}); {have / 2**20:,.1f} of "
                    f"{remote.size / 2**20:,.1f} MiB are kept: pull again to resume"
                ) from None
            time.sleep(min(0.2 * 2**attempt, 2.0))
        except PullChecksumError:
            part.unlink(missing_ok=True)
            raise
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise _disk_full(target, part) from None
            raise PullError(f"could not write {part}: {exc}") from None
    if digest.hexdigest() != remote.sha256:
        part.unlink(missing_ok=True)
        raise PullChecksumError(
            f"{remote.name}: the downloaded file's SHA-256 is {digest.hexdigest()}, the registry publishes "
            f"{remote.sha256}; the file was deleted (pull again; if it repeats, the mirror is broken)"
        )
    try:
        os.replace(part, target)
    except OSError as exc:
        raise PullError(f"could not move the finished download to {target}: {exc}") from None
    return target, fetched, resumed_from


def pull(
    name: str,
    *,
    file: str | None = None,
    folder: Path | None = None,
    store: UserModelStore | None = None,
    progress: PullProgress | None = None,
    cancel: threading.Event | None = None,
    client: httpx.Client | None = None,
    on_resolved: Callable[[RemoteFile], None] | None = None,
) -> PullResult:
    """Resolve ``name`` in its registry, download it, and record it as a model. Blocking.

    A catalogue name (``curated.py``) pulls its source and is recorded under the short name.
    """
    started = time.perf_counter()
    curated = curated_by_name(name) if file is None else None
    spec = parse_spec(curated.pull if curated is not None else name, file)
    folder = models_dir() if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    own = client is None
    http = httpx.Client(timeout=_TIMEOUT, headers={"User-Agent": "islandrun"}) if client is None else client
    try:
        remote = resolve(spec, http)
        if on_resolved is not None:
            on_resolved(remote)
        path, fetched, resumed = download(remote, folder, http, progress, cancel)
    finally:
        if own:
            http.close()
    store = UserModelStore() if store is None else store
    record = curated.name if curated is not None else remote.name
    existing = next((e for e in store.load() if e.name == record), None)
    if existing is not None and existing.path == path:
        entry = existing
    else:
        if existing is not None:
            store.remove(record)
        try:
            entry = store.add(path, record)
        except ModelStoreError as exc:
            raise PullError(f"downloaded {path} but could not record it: {exc}") from None
    return PullResult(entry, remote, fetched, resumed, time.perf_counter() - started)
