"""Shared fixtures: real folders on disk, a real PDF, the real embedding model (loaded once)."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from islandrun.core.collections import CollectionsConfig, CollectionStore, Embedder, load_embedder

FTS_ONLY = CollectionsConfig(embeddings=False)


def make_pdf(lines: list[str]) -> bytes:
    """A minimal but valid one-page PDF whose page shows ``lines`` (Helvetica, compressed stream)."""
    text = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines)
    stream = zlib.compress(f"BT /F1 12 Tf 14 TL 72 720 Td {text} ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def pdf() -> Callable[[list[str]], bytes]:
    return make_pdf


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    loaded, why = load_embedder()
    assert loaded is not None, why
    return loaded


@pytest.fixture
def fts_store(tmp_path: Path) -> CollectionStore:
    return CollectionStore(tmp_path / "collections.sqlite3", config=FTS_ONLY)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A small folder with one file of each supported kind, each about one topic."""
    root = tmp_path / "docs"
    (root / "guides").mkdir(parents=True)
    (root / "notes.txt").write_text(
        "Office notes.\n\nThe vacation policy grants every employee twenty-five paid days off per year.\n"
    )
    (root / "guides" / "garden.md").write_text(
        "# Gardening\n\nTomatoes need six hours of direct sunlight and deep watering twice a week.\n"
    )
    (root / "tool.py").write_text(
        'def parse_invoice(path):\n    """Read an invoice PDF and return the total amount due."""\n    return 0\n'
    )
    (root / "manual.pdf").write_bytes(make_pdf(["Espresso machine manual.", "Descale the boiler every month."]))
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # unsupported type: counted, not read
    return root
