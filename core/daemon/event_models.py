"""What each event on the feed carries: one frozen model per event type, shared by the daemon and the tray.

The daemon's :class:`~.events.EventBus` checks every event it publishes against its model (an event
type nobody described, or data without what its model requires, is a bug the tests see at once);
``GET /api/events`` documents the union in the OpenAPI document; the tray parses what it receives with
the same models (``app/events.py``). Each model names what every publisher of that type always sends;
more keys may come along (``extra="allow"``), so a newer daemon can add a field without breaking an
older tray, but a field a model names is never missing or of another type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel, TypeAdapter, create_model

__all__ = [
    "EVENT_DATA",
    "FEED_ADAPTER",
    "FeedEvent",
    "FeedEventModel",
    "UnknownEventTypeError",
    "check_event",
    "data_model",
]


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")


class RouteData(_Data):
    request_id: str
    route_id: str
    island: str
    tier: int  # the island's tier (1 personal, 2 private edge, 3 cloud)
    priority: str  # the request's priority tier
    sensitivity: str
    entities: dict[str, int]
    sanitized: bool
    explanation: str


class RouteFinishedData(_Data):
    request_id: str
    route_id: str
    outcome: str
    cost_usd: float


class RouteFailedData(_Data):
    request_id: str
    priority: str
    outcome: str
    reason: str


class ApprovalRequestedData(_Data):
    id: str
    request_id: str
    created: float
    expires: float


class ApprovalDecidedData(_Data):
    id: str
    request_id: str
    answer: str
    reason: str
    outcome: str
    remember_minutes: float | None = None


class CapacityData(_Data):
    kind: str
    at: float
    island: str
    capacity: float
    message: str
    accepting: list[str] = []


class IslandData(_Data):
    id: str
    present: bool


class PeerData(_Data):
    device_id: str
    name: str


class PairingData(_Data):
    session: str
    direction: str
    device_id: str
    name: str


class GrantAddedData(_Data):
    id: str
    app: str
    expires: float
    entities: list[str]


class GrantRevokedData(_Data):
    id: str


class CollectionProgressData(_Data):
    name: str
    done: int
    total: int


class CollectionIndexedData(_Data):
    name: str
    indexed: int
    passages: int


class NamedFailureData(_Data):
    name: str
    reason: str


class AppData(_Data):
    name: str


class ConfigData(_Data):
    changed: bool


class PullProgressData(_Data):
    name: str
    done: int
    total: int | None = None


class PullDoneData(_Data):
    name: str
    model: str
    path: str


# Every event type the daemon publishes and the model of its data; capacity events are capacity.<kind>.
EVENT_DATA: Mapping[str, type[_Data]] = {
    "route": RouteData,
    "route.finished": RouteFinishedData,
    "route.failed": RouteFailedData,
    "approval.requested": ApprovalRequestedData,
    "approval.decided": ApprovalDecidedData,
    "capacity.sample": CapacityData,
    "capacity.band": CapacityData,
    "capacity.exhaustion": CapacityData,
    "capacity.probe": CapacityData,
    "island": IslandData,
    "peer": PeerData,
    "peer.paired": PeerData,
    "peer.unpaired": PeerData,
    "peer.pairing": PairingData,
    "grant.added": GrantAddedData,
    "grant.revoked": GrantRevokedData,
    "collection.progress": CollectionProgressData,
    "collection.indexed": CollectionIndexedData,
    "collection.failed": NamedFailureData,
    "config": ConfigData,
    "app.added": AppData,
    "app.revoked": AppData,
    "model.pull.progress": PullProgressData,
    "model.pull.done": PullDoneData,
    "model.pull.failed": NamedFailureData,
}


class UnknownEventTypeError(ValueError):
    def __init__(self, type_: str) -> None:
        super().__init__(f"no model describes event type {type_!r} (core/daemon/event_models.py EVENT_DATA)")


def data_model(type_: str) -> type[_Data]:
    model = EVENT_DATA.get(type_)
    if model is None:
        raise UnknownEventTypeError(type_)
    return model


def check_event(type_: str, data: Mapping[str, Any]) -> _Data:
    """``data`` as its type's model (raises ValueError — pydantic's ValidationError is one — when it does not fit)."""
    return data_model(type_).model_validate(dict(data))


def _envelope(type_: str, data: type[_Data]) -> type[BaseModel]:
    """One member of the feed's union: the envelope every event has, with this type's data."""
    name = "".join(part.capitalize() for part in type_.replace(".", " ").split()) + "Event"
    literal: Any = Literal[type_]  # a Literal built at run time, one per event type
    model: type[BaseModel] = create_model(
        name,
        __config__=ConfigDict(frozen=True),
        id=(int, ...),
        type=(literal, ...),
        ts=(float, ...),
        data=(data, ...),
        dropped=(int, 0),
    )
    return model


_MEMBERS = tuple(_envelope(type_, model) for type_, model in EVENT_DATA.items())
# The feed's events as one discriminated union (by ``type``): the OpenAPI document's description of
# GET /api/events, and what a client validates an event with.
FeedEvent: Any = Annotated[Union[_MEMBERS], Field(discriminator="type")]  # noqa: UP007
FEED_ADAPTER: TypeAdapter[Any] = TypeAdapter(FeedEvent)


class FeedEventModel(RootModel[FeedEvent]):
    """One event of ``GET /api/events`` (each SSE ``data:`` line is one of these, as JSON)."""
