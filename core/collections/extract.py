"""Reading one file of a collection into plain text: which files are read, and why one is refused.

Plain text, Markdown, reStructuredText and source code are decoded as UTF-8 (a UTF-8 or UTF-16
byte-order mark is honoured); PDF text comes from pypdf. Anything else is *unsupported* (counted,
not read). A supported file that cannot be turned into text raises :class:`Unreadable` with a
reason for the index report: unreadable, binary junk, not UTF-8, a corrupt or encrypted PDF,
too large, empty.
"""

from __future__ import annotations

import logging
from pathlib import Path

__all__ = ["IGNORED_DIRS", "PDF_SUFFIXES", "TEXT_SUFFIXES", "Unreadable", "is_supported", "read_text"]

TEXT_SUFFIXES = frozenset(
    {
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".mdx",
        ".rst",
        ".adoc",
        ".org",
        ".tex",
        ".csv",
        ".tsv",
        ".log",
        ".py",
        ".pyi",
        ".ipynb",
        ".js",
        ".mjs",
        ".cjs",
        ".ts",
        ".tsx",
        ".jsx",
        ".java",
        ".kt",
        ".kts",
        ".scala",
        ".groovy",
        ".c",
        ".h",
        ".cc",
        ".cpp",
        ".cxx",
        ".hpp",
        ".hh",
        ".cs",
        ".go",
        ".rs",
        ".rb",
        ".php",
        ".swift",
        ".m",
        ".mm",
        ".r",
        ".jl",
        ".lua",
        ".pl",
        ".pm",
        ".hs",
        ".ml",
        ".ex",
        ".exs",
        ".erl",
        ".clj",
        ".dart",
        ".zig",
        ".nim",
        ".sh",
        ".bash",
        ".zsh",
        ".fish",
        ".ps1",
        ".bat",
        ".sql",
        ".html",
        ".htm",
        ".css",
        ".scss",
        ".vue",
        ".svelte",
        ".xml",
        ".json",
        ".yaml",
        ".yml",
        ".toml",
        ".ini",
        ".cfg",
        ".conf",
        ".proto",
        ".graphql",
        ".cmake",
        ".gradle",
        ".mk",
        ".dockerfile",
    }
)
TEXT_NAMES = frozenset({"readme", "license", "makefile", "dockerfile", "changelog", "notice", "authors"})
PDF_SUFFIXES = frozenset({".pdf"})
# Folders never walked: version control, caches, virtual environments, dependencies.
IGNORED_DIRS = frozenset(
    {".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "node_modules", ".mypy_cache", ".ruff_cache", ".tox"}
)

_BINARY_SAMPLE = 8192


class Unreadable(Exception):
    """The file is of a supported type but yields no text; ``reason`` is for the index report."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_supported(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in TEXT_SUFFIXES or suffix in PDF_SUFFIXES or (not suffix and path.name.lower() in TEXT_NAMES)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable("not valid UTF-16 despite its byte-order mark") from None
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        raise Unreadable("binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    controls = sum(1 for ch in text[:_BINARY_SAMPLE] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > len(text[:_BINARY_SAMPLE]) * 0.05:
        raise Unreadable("binary content (control characters), not text")
    return text


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable PDFs warn per object
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise Unreadable("encrypted PDF (needs a password)")
            except PyPdfError as exc:
                raise Unreadable(f"encrypted PDF that cannot be opened ({exc})") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many unrelated types on corrupt input (ValueError, KeyError, …)
        raise Unreadable(f"corrupt or unreadable PDF ({type(exc).__name__}: {str(exc)[:120]})") from None
    return "\n\n".join(page.strip() for page in pages)


def read_text(path: Path, data: bytes) -> str:
    """The text of ``path`` whose bytes are ``data``; raises :class:`Unreadable`."""
    text = _pdf_text(data) if path.suffix.lower() in PDF_SUFFIXES else _decode(data)
    if not text.strip():
        raise Unreadable("no text in the file" + (" (a scanned PDF?)" if path.suffix.lower() == ".pdf" else ""))
    return text
