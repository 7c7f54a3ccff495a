"""What the ``/api`` routes for keys, the shared token, grants, collections, models and peers answer,
as models (``response_model`` on each route). The rules are :mod:`.api_models`'s: every key named,
in the order the route writes it, no other key allowed, numbers keeping their JSON type."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .api_models import ListenerView, Wire

__all__ = [
    "CatalogView",
    "CollectionAccepted",
    "CollectionView",
    "ConnectView",
    "GrantRevoked",
    "GrantView",
    "IslandTestView",
    "KeyRemoved",
    "KeysView",
    "LocalModelsView",
    "PairedView",
    "PairingView",
    "PeersView",
    "PullRow",
    "PullStarted",
    "TokenView",
    "UnpairedView",
]

# -- keys, connection tests, connecting an app ----------------------------------------------------


class IslandTestView(Wire):
    id: str
    models: list[str] = Field(description="up to 50 of the models the island listed")
    ok: bool
    message: str = Field(description="what happened, in words")
    latency_ms: float
    tested_at: float = Field(description="Unix time")


class KeyRow(Wire):
    id: str
    name: str
    kind: str
    api: str = Field(description='openai | anthropic | islandrun; "—" where no key applies')
    endpoint: str | None
    configured: bool
    key: str = Field(description='stored | not set | keyring unavailable | "—" (never the key)')
    status: str = Field(description="up | down | no key | unpaired | not tested | this device")
    test: IslandTestView | None = Field(description="the last connection test in this daemon's run")


class KeysView(Wire):
    islands: list[KeyRow]
    keyring_problem: str | None = Field(description="why the OS keyring cannot be used, and what to install")


class KeyRemoved(Wire):
    id: str
    removed: bool


class ConnectView(Wire):
    base_url: str | None
    openai_base_url: str | None
    anthropic_base_url: str | None
    ollama_url: str | None = Field(description="null unless the Ollama listener is open")
    socket: str | None = Field(description="the Unix socket's path")
    listeners: list[ListenerView]
    token_file: str


class TokenView(Wire):
    token: str
    file: str


# -- grants ---------------------------------------------------------------------------------------


class GrantView(Wire):
    id: str
    app: str
    island: str
    island_name: str
    sensitivity: str
    entities: list[str] = Field(description="the entity kinds the approved request carried (never values)")
    created: float
    expires: float
    request_id: str = Field(description="the request whose approval made the grant")


class GrantRevoked(Wire):
    id: str
    revoked: Literal[True]


# -- collections ----------------------------------------------------------------------------------


class CollectionView(Wire):
    """One (island, collection); ``chunks``, ``updated``, ``embeddings`` and ``indexing`` only for this
    device's own collections."""

    documents: int | None
    bytes: int | None
    name: str
    chunks: int | None = None
    updated: float | None = None
    embeddings: bool | None = None
    indexing: bool | None = None
    island: str
    island_name: str


class CollectionAccepted(Wire):
    name: str
    status: Literal["indexing"]


# -- models ---------------------------------------------------------------------------------------


class PullStarted(Wire):
    name: str
    status: Literal["started"]
    events: list[str] = Field(description="the event types that report on the pull")


class PullRow(Wire):
    name: str
    model: str | None
    done: int
    total: int | None


class DeviceView(Wire):
    threads: int
    available_ram: int
    total_ram: int
    gpu_free: int | None


class CatalogRow(Wire):
    name: str
    family: str
    params: str
    quant: str
    pull: str
    size_bytes: int
    kv_bytes_per_token: int
    context: int
    licence: str
    notes: str
    needs_bytes: int
    fits_ram: bool
    fits_gpu: bool
    expected_cpu_tokens_per_s: float
    verdict: str
    suggested: bool


class CatalogView(Wire):
    device: DeviceView
    models: list[CatalogRow]


class LocalModel(Wire):
    name: str
    source: str
    bytes: int | None
    default: bool
    loaded: bool


class LocalModelsView(Wire):
    default: str
    loaded: list[str]
    models: list[LocalModel]


# -- peers ----------------------------------------------------------------------------------------


class PairingView(Wire):
    session: str
    direction: str = Field(description="incoming | outgoing")
    device_id: str
    short_id: str
    name: str
    code: str | None = Field(description="the code to compare on both screens, once known")
    peer_confirmed: bool


class HeartbeatCounts(Wire):
    sent: int
    answered: int
    bytes_in: int
    bytes_out: int


class AdvertisedCollection(Wire):
    name: str
    documents: int
    bytes: int


class PeerRow(Wire):
    device_id: str
    short_id: str
    island: str
    name: str
    state: str
    paired: bool
    stale: bool
    advertised: bool
    addresses: list[str]
    peer_port: int
    last_heartbeat_s_ago: float | None
    capacity: float | None
    queue_depth: int | None
    models: list[str]
    collections: list[AdvertisedCollection]


class PeersView(Wire):
    device_id: str
    short_id: str
    name: str
    peer_port: int
    discovery: str = Field(description="on | off")
    discovery_problem: str | None
    heartbeat_s: float
    down_after_s: float
    heartbeats: HeartbeatCounts
    peers: list[PeerRow]
    pairings: list[PairingView]


class PairedView(Wire):
    paired: Literal[True]
    device_id: str
    short_id: str
    name: str


class UnpairedView(Wire):
    unpaired: Literal[True]
    device_id: str
    name: str
