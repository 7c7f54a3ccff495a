"""A disk cache of the packed word tables MIST builds at warm-up, so that a start after the first reads them
instead of building them again.

Building the common-word ranks of 25 languages from ``wordfreq`` takes about 2 s of CPU at every start of the daemon
(and of every process that detects: the CLI, the scorer); reading the same tables back takes milliseconds. A table is
stored under :func:`..paths.cache_dir` in a file named by a digest of everything it was built from (the table's name,
its parameters, the version of the package the words come from and :data:`FORMAT`), so a new package version or a
new build rule is a new file and never a stale table.

The cache can only cost time, never change an answer: a file that is missing, truncated, corrupt (a SHA-256 of its
contents is checked) or unreadable is ignored and the table is built as before; a cache folder that cannot be
written (read-only home, full disk) is skipped silently after one debug line. Files are written whole to a temporary
name and renamed, so a crash mid-write leaves no half file under the real name.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, Self, TypeVar

from ..paths import cache_dir

__all__ = ["FORMAT", "cached_table", "tables_dir"]


class Packed(Protocol):
    def to_bytes(self) -> bytes | None: ...

    @classmethod
    def from_bytes(cls, data: bytes) -> Self: ...


_P = TypeVar("_P", bound=Packed)

log = logging.getLogger(__name__)

# Bump when the way a table is built or stored changes without its inputs changing.
FORMAT = "islandrun-word-table-1"
_DIGEST = hashlib.sha256().digest_size


def tables_dir() -> Path:
    return cache_dir() / "word-tables"


def _path(name: str, inputs: str) -> Path:
    key = hashlib.sha256(f"{FORMAT}\n{name}\n{inputs}".encode()).hexdigest()[:24]
    return tables_dir() / f"{name}-{key}.bin"


def _read(path: Path, kind: type[_P]) -> _P | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if len(data) <= _DIGEST or hashlib.sha256(body).digest() != digest:
        log.debug("word table %s is damaged: building it again", path)
        return None
    try:
        return kind.from_bytes(body)
    except ValueError as exc:
        log.debug("word table %s is not readable (%s): building it again", path, exc)
        return None


def _write(path: Path, table: Packed) -> None:
    body = table.to_bytes()
    if body is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".bin")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(body + hashlib.sha256(body).digest())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _drop_older(path)
    except OSError as exc:
        log.debug("word table cache not written (%s): the next start builds %s again", exc, path.name)


def _drop_older(path: Path) -> None:
    """Remove the same table's files built from other inputs (an earlier wordfreq, an earlier vocabulary file): one
    file per table stays, so upgrades do not pile up stale tables."""
    name = path.name.rsplit("-", 1)[0]
    stale = re.compile(re.escape(name) + r"-[0-9a-f]{24}\.bin")
    for other in path.parent.iterdir():
        if other != path and stale.fullmatch(other.name):
            other.unlink(missing_ok=True)


def cached_table(kind: type[_P], name: str, inputs: str, build: Callable[[], _P]) -> _P:
    """The ``kind`` of table (:class:`.packed_words.RankTable`, :class:`.packed_words.PackedMap`) called ``name``
    built from ``inputs`` (a string naming everything the table depends on): read from the cache when a sound copy
    is there, else built with ``build()`` and stored for the next start."""
    path = _path(name, inputs)
    table = _read(path, kind)
    if table is None:
        table = build()
        _write(path, table)
    return table
