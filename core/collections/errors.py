"""Errors of the document collections (the paper's datasets / RAG collections).

IslandRunError
└── CollectionError            a collection operation that cannot go ahead (the request's problem)
    ├── CollectionNotFoundError    no collection of that name on this island
    ├── CollectionExistsError      ``add`` with a name already taken
    └── CollectionDatabaseError    the collections database cannot be opened or written (this device's problem)
"""

from __future__ import annotations

from ..errors import IslandRunError

__all__ = ["CollectionDatabaseError", "CollectionError", "CollectionExistsError", "CollectionNotFoundError"]


class CollectionError(IslandRunError):
    title = "Collection error"


class CollectionNotFoundError(CollectionError):
    title = "No such collection"

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        hint = f"; this island holds: {', '.join(known)}" if known else "; this island holds no collections"
        super().__init__(f"no collection named {name!r}{hint} (add one with `islandrun collections add NAME PATH`)")


class CollectionExistsError(CollectionError):
    title = "Collection exists"

    def __init__(self, name: str, root: str) -> None:
        self.name = name
        super().__init__(
            f"a collection named {name!r} already exists (folder {root}); "
            f"use `islandrun collections reindex {name}` or remove it first"
        )


class CollectionDatabaseError(CollectionError):
    title = "Collections unavailable"
