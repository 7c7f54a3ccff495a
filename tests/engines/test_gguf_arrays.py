"""The GGUF header reader skips string arrays (a tokenizer's vocabulary) in large blocks: strings that
straddle a block, strings longer than a block, and a file that ends inside the array."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from islandrun.core.engines import gguf
from islandrun.core.engines.errors import InvalidModelError
from islandrun.core.engines.gguf import read_gguf_header

_STRING, _ARRAY, _U32 = 8, 9, 4


def _string(value: bytes) -> bytes:
    return struct.pack("<Q", len(value)) + value


def _kv_string(key: str, value: str) -> bytes:
    return _string(key.encode()) + struct.pack("<I", _STRING) + _string(value.encode())


def _write(path: Path, tokens: list[bytes], *, cut: int | None = None) -> Path:
    """A one-tensor GGUF v3 file: an architecture, a string array of ``tokens``, then a key after it."""
    array = _string(b"tokenizer.ggml.tokens") + struct.pack("<IIQ", _ARRAY, _STRING, len(tokens))
    array += b"".join(_string(t) for t in tokens)
    after = _string(b"general.after") + struct.pack("<II", _U32, 7)
    header = struct.pack("<4sIQQ", b"GGUF", 3, 1, 3) + _kv_string("general.architecture", "llama") + array + after
    tensor = _string(b"w") + struct.pack("<I", 1) + struct.pack("<Q", 4) + struct.pack("<I", 0) + struct.pack("<Q", 0)
    body = header + tensor
    body += bytes(-len(body) % 32) + bytes(64)  # aligned data section holding the tensor
    path.write_bytes(body if cut is None else body[:cut])
    return path


def test_strings_across_and_longer_than_a_block_are_skipped_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gguf, "_BLOCK", 64)  # small blocks: many boundaries in a small file
    tokens = [f"tok{i}".encode() * (i % 7) for i in range(300)] + [b"x" * 1000, b"", "é✓".encode()]
    info = read_gguf_header(_write(tmp_path / "m.gguf", tokens))
    assert info.metadata["general.after"] == 7  # the key after the array was read where it starts
    assert info.architecture == "llama" and info.tensor_count == 1


def test_a_file_that_ends_inside_the_vocabulary_is_truncated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gguf, "_BLOCK", 64)
    tokens = [b"token%d" % i for i in range(200)]
    with pytest.raises(InvalidModelError, match="the GGUF header is truncated"):
        read_gguf_header(_write(tmp_path / "cut.gguf", tokens, cut=900))
