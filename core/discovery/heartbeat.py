"""What a peer says about itself every heartbeat, over the pinned mutual-TLS channel.

Bounded on purpose: a paired device is trusted with requests, not with this device's memory, so
every list and string has a ceiling and anything else is refused.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CollectionSummary", "Heartbeat"]

_Name = Annotated[str, Field(min_length=1, max_length=200)]


class CollectionSummary(BaseModel):
    """A collection as islands advertise it: its name and size, never its content."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: _Name
    documents: Annotated[int, Field(ge=0)] = 0
    bytes: Annotated[int, Field(ge=0)] = 0


class Heartbeat(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    device_id: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    name: Annotated[str, Field(max_length=63)]
    version: Annotated[str, Field(max_length=40)]
    capacity: Annotated[float, Field(ge=0.0, le=1.0)]  # the peer's own C for its local engine
    accepting: bool = True  # whether its own gate for secondary work is open
    queue_depth: Annotated[int, Field(ge=0)] = 0
    models: Annotated[list[_Name], Field(max_length=256)] = []
    collections: Annotated[list[CollectionSummary], Field(max_length=256)] = []
