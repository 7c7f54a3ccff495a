"""Cutting a document's text into passages for retrieval.

Passages follow the text's own structure: paragraphs (blank-line separated) are packed together up
to ``size`` characters; a paragraph longer than that is cut at sentence ends, then at whitespace.
Each passage after the first starts with the last ``overlap`` characters of the one before (cut at a
word boundary), so a fact split across a boundary is still found whole in one of the two.
``size`` ≈ 1000 characters is about the 256 tokens the MiniLM embedder reads.
"""

from __future__ import annotations

import re

__all__ = ["chunk_text"]

_PARAGRAPH = re.compile(r"\n\s*\n")
# Dot leaders of tables of contents (". . . . . 32"): noise for BM25, and each dot costs the
# embedder one of its 256 tokens.
_SPACES = re.compile(r"[ \t]+")
_LEADERS = re.compile(r"(?: ?[.·]){4,} ?")
_SENTENCE = re.compile(r"[^\n]*?(?:[.!?;:]\s+|\n|$)")


def _pieces(paragraph: str, size: int) -> list[str]:
    """A paragraph as pieces of at most ``size`` characters, cut at sentences, then at spaces."""
    if len(paragraph) <= size:
        return [paragraph]
    out: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE.findall(paragraph) if s):
        while len(sentence) > size:
            cut = sentence.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
            head, sentence = sentence[:cut], sentence[cut:].lstrip()
            if current.strip():
                out.append(current.strip())
                current = ""
            out.append(head.strip())
        if current and len(current) + len(sentence) > size:
            out.append(current.strip())
            current = ""
        current += sentence
    if current.strip():
        out.append(current.strip())
    return [piece for piece in out if piece]


def _tail(text: str, overlap: int) -> str:
    if overlap <= 0 or len(text) <= overlap:
        return ""
    tail = text[-overlap:]
    space = tail.find(" ")
    return tail[space + 1 :] if 0 <= space < len(tail) - 1 else tail


def chunk_text(text: str, size: int = 1000, overlap: int = 150) -> list[str]:
    """Passages of about ``size`` characters (never empty; runs of spaces and tabs made one)."""
    # Runs of spaces and tabs become one, indentation included: keeping code's indentation was
    # measured to cost retrieval quality (more, emptier passages; benchmarks/collections/RESULTS.md).
    paragraphs = [_LEADERS.sub(" … ", _SPACES.sub(" ", p)).strip() for p in _PARAGRAPH.split(text)]
    pieces = [piece for p in paragraphs if p for piece in _pieces(p, size - overlap)]
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + 2 + len(piece) > size:
            chunks.append(current)
            carry = _tail(current, overlap)
            current = f"{carry}\n{piece}" if carry else piece
        else:
            current = f"{current}\n\n{piece}" if current else piece
    if current:
        chunks.append(current)
    return chunks
