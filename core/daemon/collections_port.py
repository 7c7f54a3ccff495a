"""This device's document collections, as the daemon uses them (DESIGN §2 datasets, data locality).

The collection store (:mod:`..collections`) is synchronous; this wraps it for the event loop:

- :meth:`LocalCollections.refresh` re-reads the list (names and sizes) off the loop. The daemon
  advertises those names as this device's datasets (the router's hard filter) and in its
  heartbeat; it refreshes at start, every :data:`REFRESH_S`, when ``/api/collections`` is read,
  and when a request names a collection it does not know yet (one just added with the CLI).
- :meth:`LocalCollections.ground` retrieves the passages for a question and turns them into the
  system message the local model is given, and the sources the response reports.

Passage text leaves the store only through :meth:`ground`, and only into the prompt of this
device's own engine: the router sends a request that names a collection to the island that holds
it, so the island that retrieves is the island that generates.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from ..collections import (
    CollectionDatabaseError,
    CollectionError,
    CollectionInfo,
    CollectionsConfig,
    CollectionStore,
    cited_sources,
    grounding_message,
)
from .errors import NoQuestionError

__all__ = ["REFRESH_S", "Grounding", "LocalCollections", "NoQuestionError"]

log = logging.getLogger(__name__)

REFRESH_S = 10.0  # how often the list is re-read for the heartbeat (collections added from the CLI)


@dataclass(frozen=True, slots=True)
class Grounding:
    """What one retrieval gives a request: the system message with the numbered passages, and the
    sources the response lists (the same numbers; file, chunk and score, never text)."""

    collection: str
    system: str
    sources: tuple[Mapping[str, Any], ...]


class LocalCollections:
    """The collections of this device. ``store`` is None when the collections database cannot be
    opened: the daemon runs without collections (``problem`` says why) rather than not at all."""

    def __init__(self, store: CollectionStore | None, problem: str = "") -> None:
        self.store = store
        self.problem = problem
        self.infos: tuple[CollectionInfo, ...] = ()

    @classmethod
    def open(cls, config: CollectionsConfig) -> LocalCollections:
        try:
            return cls(CollectionStore(config=config))
        except CollectionError as exc:
            log.warning("document collections are unavailable: %s", exc.message)
            return cls(None, exc.message)

    def names(self) -> tuple[str, ...]:
        return tuple(info.name for info in self.infos)

    async def refresh(self) -> bool:
        """Re-read the list; True when the names changed. A failed read keeps the last list."""
        if self.store is None:
            return False
        try:
            infos = tuple(await asyncio.to_thread(self.store.list))
        except CollectionError as exc:
            log.warning("could not read the collection list: %s", exc.message)
            return False
        changed = tuple(i.name for i in infos) != self.names()
        self.infos = infos
        return changed

    async def warm_up(self) -> None:
        """Load the embedding model now when there is something to search (not on the first question)."""
        if self.store is not None and self.infos:
            await asyncio.to_thread(self.store.embedder)

    async def ground(self, collection: str, question: str, k: int) -> Grounding:
        if not question.strip():
            raise NoQuestionError(collection)
        if self.store is None:
            raise CollectionDatabaseError(f"document collections are unavailable on this device: {self.problem}")
        passages = await asyncio.to_thread(self.store.search, collection, question, k)
        sources = tuple({**asdict(ref), "island": "local"} for ref in cited_sources(passages))
        return Grounding(collection, grounding_message(passages, collection), sources)
