"""Reading and checking a GGUF file's header before llama.cpp ever sees the file.

llama.cpp handles a bad file by returning NULL (and, for some corruptions, by aborting the
process). Everything it is handed has first passed :func:`read_gguf_header`: the magic, a known
version, sane counts, a metadata section that parses to its end, tensor descriptions that fit
inside the file. The header also gives what the engine needs to plan memory (layers, context
length, KV heads) and to pick a chat format for files that carry no template.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .errors import InvalidModelError

__all__ = ["GGUF_MAGIC", "GgufInfo", "has_gguf_magic", "read_gguf_header"]

GGUF_MAGIC = b"GGUF"
_SUPPORTED_VERSIONS = (2, 3)
_MAX_TENSORS = 1_000_000
_MAX_KV = 100_000
_MAX_STRING = 64 * 1024 * 1024
_DEFAULT_ALIGNMENT = 32

# GGUF value types -> struct format of the scalar (8 string, 9 array are handled apart)
_SCALARS: Mapping[int, str] = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_STRING, _ARRAY = 8, 9

Scalar = int | float | bool | str


@dataclass(frozen=True, slots=True)
class GgufInfo:
    """What the header says. ``metadata`` holds scalar values only (arrays are skipped)."""

    path: Path
    version: int
    tensor_count: int
    file_size: int
    metadata: Mapping[str, Scalar] = field(repr=False)
    has_chat_template: bool = False

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def model_name(self) -> str | None:
        name = self.metadata.get("general.name")
        return str(name) if name is not None else None

    def _arch_int(self, key: str) -> int | None:
        value = self.metadata.get(f"{self.architecture}.{key}")
        return int(value) if isinstance(value, int | float) else None

    @property
    def context_length(self) -> int | None:
        return self._arch_int("context_length")

    def kv_bytes_per_token(self) -> int:
        """Bytes of f16 KV cache per context token (K and V, all layers); a planning estimate."""
        layers = self._arch_int("block_count") or 32
        heads = self._arch_int("attention.head_count") or 32
        kv_heads = self._arch_int("attention.head_count_kv") or heads
        embed = self._arch_int("embedding_length") or 4096
        key_len = self._arch_int("attention.key_length") or max(1, embed // max(1, heads))
        value_len = self._arch_int("attention.value_length") or key_len
        return layers * kv_heads * (key_len + value_len) * 2


_U64 = struct.Struct("<Q")
_BLOCK = 1 << 20  # bytes read at a time while skipping a string array


class _Reader:
    def __init__(self, handle: BinaryIO, path: Path, size: int) -> None:
        self._f = handle
        self._path = path
        self._size = size

    def take(self, n: int) -> bytes:
        data = self._f.read(n)
        if len(data) != n:
            raise InvalidModelError(self._path, "the GGUF header is truncated (file ends inside it)")
        return data

    def unpack(self, fmt: str) -> int | float | bool:
        value: int | float | bool = struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]
        return value

    def u32(self) -> int:
        return int(self.unpack("<I"))

    def u64(self) -> int:
        return int(self.unpack("<Q"))

    def string(self) -> str:
        n = self.u64()
        if n > _MAX_STRING or self._f.tell() + n > self._size:
            raise InvalidModelError(self._path, f"corrupt GGUF header (a string claims {n} bytes)")
        return self.take(n).decode("utf-8", errors="replace")

    def skip(self, n: int) -> None:
        if self._f.tell() + n > self._size:
            raise InvalidModelError(self._path, "the GGUF header is truncated (file ends inside it)")
        self._f.seek(n, os.SEEK_CUR)

    def value(self, vtype: int) -> Scalar | None:
        if vtype in _SCALARS:
            return self.unpack(_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY:
            self.skip_array()
            return None
        raise InvalidModelError(self._path, f"corrupt GGUF header (unknown value type {vtype})")

    def skip_array(self) -> None:
        etype = self.u32()
        count = self.u64()
        if etype in _SCALARS:
            self.skip(count * struct.calcsize(_SCALARS[etype]))
        elif etype == _STRING:
            self._skip_strings(count)
        elif etype == _ARRAY:
            for _ in range(count):
                self.skip_array()
        else:
            raise InvalidModelError(self._path, f"corrupt GGUF header (unknown array type {etype})")

    def _skip_strings(self, count: int) -> None:
        """Skip ``count`` length-prefixed strings (a tokenizer's vocabulary: 10^5 of them) by walking their
        lengths in a buffer read in large blocks, instead of a read and a seek per string (~0.4 s a model)."""
        handle, base, buffer, at = self._f, self._f.tell(), b"", 0
        for _ in range(count):
            if at + 8 > len(buffer):
                base += at
                if base + 8 > self._size:
                    raise InvalidModelError(self._path, "the GGUF header is truncated (file ends inside it)")
                handle.seek(base)
                buffer, at = handle.read(_BLOCK), 0
            at += 8 + _U64.unpack_from(buffer, at)[0]
        end = base + at
        if end > self._size:
            raise InvalidModelError(self._path, "the GGUF header is truncated (file ends inside it)")
        handle.seek(end)


def has_gguf_magic(path: Path) -> bool:
    """A cheap check for listings: does the file start with ``GGUF``?"""
    try:
        with path.open("rb") as handle:
            return handle.read(4) == GGUF_MAGIC
    except OSError:
        return False


def read_gguf_header(path: Path) -> GgufInfo:
    """Parse and sanity-check the header; raise :class:`InvalidModelError` with the reason.

    Blocking file I/O: call it from a worker thread inside the daemon.
    """
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except FileNotFoundError:
        raise InvalidModelError(path, "no such file") from None
    except OSError as exc:
        raise InvalidModelError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not path.is_file():
        handle.close()
        raise InvalidModelError(path, "not a regular file")
    with handle:
        reader = _Reader(handle, path, size)
        magic = handle.read(4)
        if magic != GGUF_MAGIC:
            raise InvalidModelError(
                path, f"not a GGUF model file (starts with {magic!r}, expected {GGUF_MAGIC!r}); only GGUF is supported"
            )
        version = reader.u32()
        if version not in _SUPPORTED_VERSIONS:
            raise InvalidModelError(path, f"unsupported or corrupt GGUF version {version} (expected 2 or 3)")
        tensor_count = reader.u64()
        kv_count = reader.u64()
        if tensor_count > _MAX_TENSORS or kv_count > _MAX_KV:
            raise InvalidModelError(
                path, f"corrupt GGUF header ({tensor_count} tensors, {kv_count} metadata keys claimed)"
            )
        metadata: dict[str, Scalar] = {}
        has_template = False
        for _ in range(kv_count):
            key = reader.string()
            value = reader.value(reader.u32())
            if key == "tokenizer.chat_template":
                has_template = True
            if value is not None:
                metadata[key] = value
        alignment = metadata.get("general.alignment", _DEFAULT_ALIGNMENT)
        align = int(alignment) if isinstance(alignment, int) and alignment > 0 else _DEFAULT_ALIGNMENT
        max_offset = 0
        for _ in range(tensor_count):
            reader.string()
            n_dims = reader.u32()
            if n_dims > 8:
                raise InvalidModelError(path, f"corrupt GGUF tensor table ({n_dims} dimensions)")
            reader.skip(8 * n_dims + 4)
            max_offset = max(max_offset, reader.u64())
        data_start = -(-handle.tell() // align) * align
        if tensor_count == 0 or data_start + max_offset >= size:
            raise InvalidModelError(
                path, f"the file is truncated: its tensor data ends before the model's last tensor ({size} bytes)"
            )
    return GgufInfo(path, version, tensor_count, size, metadata, has_template)
