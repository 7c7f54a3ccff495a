"""Turning retrieved passages into the context of a chat completion, and the list of sources
the response reports (the island that holds the collection does both; nothing here leaves it).

    passages = store.search(collection, question, k=5)
    system = grounding_message(passages, collection)      # prepend as a system message
    sources = cited_sources(passages)                     # return with the answer
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .models import Passage

__all__ = ["SourceRef", "cited_sources", "grounding_message"]

DEFAULT_MAX_CHARS = 4000  # ~1000 tokens: leaves room for the question and answer in a 4k context


@dataclass(frozen=True)
class SourceRef:
    """One passage the answer was given, as the response reports it: ``[number]`` in the context."""

    number: int
    source: str
    chunk_id: int
    score: float


def _fitting(passages: Sequence[Passage], max_chars: int) -> list[Passage]:
    kept: list[Passage] = []
    used = 0
    for passage in passages:  # best first: the least relevant are the ones dropped
        if kept and used + len(passage.text) > max_chars:
            break
        kept.append(passage)
        used += len(passage.text)
    return kept


def grounding_message(passages: Sequence[Passage], collection: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """A system message with the passages numbered ``[1]…[n]`` (best first, within ``max_chars``;
    the first passage is always kept whole), asking the model to answer from them and cite numbers."""
    kept = _fitting(passages, max_chars)
    if not kept:
        return (
            f"No passage of the document collection '{collection}' matched the question. "
            "Say that the documents do not contain the answer."
        )
    blocks = "\n\n".join(f"[{i}] ({p.source})\n{p.text}" for i, p in enumerate(kept, start=1))
    return (
        f"Answer the user's question using only the numbered passages below from the document collection "
        f"'{collection}'. Cite the passages you use by their numbers, like [1]. If they do not contain the "
        f"answer, say so.\n\n{blocks}"
    )


def cited_sources(passages: Sequence[Passage], max_chars: int = DEFAULT_MAX_CHARS) -> list[SourceRef]:
    """The passages :func:`grounding_message` put in the context, numbered the same way."""
    return [
        SourceRef(i, p.source, p.chunk_id, round(p.score, 6)) for i, p in enumerate(_fitting(passages, max_chars), 1)
    ]
