"""The sources an IslandRun island reports with an answer from one of its collections.

A paired peer answers a request that names a collection from its own documents and lists the
passages it used (``islandrun.sources``: number, file, chunk, score — never passage text). This
device relays them to its client. A peer is trusted with requests, not with this device's memory
or its client's screen: the list is bounded and validated, and a malformed one is dropped (logged)
without losing the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

__all__ = ["MAX_SOURCES", "parse_sources"]

log = logging.getLogger(__name__)

MAX_SOURCES = 100


class _Source(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    number: Annotated[int, Field(ge=1, le=MAX_SOURCES)]
    source: Annotated[str, Field(min_length=1, max_length=1000)]
    chunk_id: Annotated[int, Field(ge=0)]
    score: float


_SOURCES = TypeAdapter(list[_Source])


def parse_sources(island_id: str, extension: Any) -> tuple[Mapping[str, Any], ...] | None:
    """The sources in a reply's (or stream event's) ``islandrun`` object, each named with the
    island that served (``island_id``); None when the object carries none."""
    if not isinstance(extension, dict) or "sources" not in extension:
        return None
    raw = extension["sources"]
    if not isinstance(raw, list) or len(raw) > MAX_SOURCES:
        log.warning("island %r sent a malformed source list; the answer is kept without it", island_id)
        return ()
    try:
        parsed = _SOURCES.validate_python(raw)
    except ValidationError as exc:
        log.warning(
            "island %r sent malformed sources (%d problems); the answer is kept without them",
            island_id,
            exc.error_count(),
        )
        return ()
    return tuple({**s.model_dump(), "island": island_id} for s in parsed)
