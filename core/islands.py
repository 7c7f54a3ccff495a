"""Islands: every place that can run a model (paper: *island*).

An :class:`Island` is the static description of such a place (DESIGN §2): its kind and tier,
trust composed conservatively as ``base × certification × jurisdiction``, privacy score
(defaults to trust, may only be lower), prices, models and datasets. What changes from second
to second (liveness, capacity, latency) lives in :mod:`islandrun.core.routing.snapshot`.

The :class:`IslandRegistry` merges the islands from the config file with ones found at run
time (discovery, a later layer) and tells listeners when the set changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum

__all__ = [
    "API_FEATURES",
    "ENGINE_FEATURES",
    "LOCAL_ISLAND_ID",
    "Certification",
    "Feature",
    "Island",
    "IslandKind",
    "IslandRegistry",
    "IslandSource",
    "IslandTier",
    "Jurisdiction",
    "Prices",
    "TrustSpec",
]

LOCAL_ISLAND_ID = "local"


class IslandKind(StrEnum):
    LOCAL = "local"  # this computer
    PEER = "peer"  # another device of the user's personal group
    EDGE = "edge"  # a private edge server (vLLM, llama.cpp server, ...)
    CLOUD = "cloud"  # a public cloud API


class IslandTier(IntEnum):
    PERSONAL = 1
    PRIVATE_EDGE = 2
    CLOUD = 3


class Certification(StrEnum):
    ISO27001 = "iso27001"
    SOC2 = "soc2"
    SELF = "self"


class Jurisdiction(StrEnum):
    SAME_COUNTRY = "same-country"
    EU_GDPR = "eu-gdpr"
    FOREIGN = "foreign"


BASE_TRUST: dict[IslandKind, float] = {
    IslandKind.LOCAL: 1.0,
    IslandKind.PEER: 1.0,
    IslandKind.EDGE: 0.8,
    IslandKind.CLOUD: 0.5,
}
CERTIFICATION_FACTOR: dict[Certification, float] = {
    Certification.ISO27001: 1.0,
    Certification.SOC2: 0.9,
    Certification.SELF: 0.7,
}
JURISDICTION_FACTOR: dict[Jurisdiction, float] = {
    Jurisdiction.SAME_COUNTRY: 1.0,
    Jurisdiction.EU_GDPR: 0.9,
    Jurisdiction.FOREIGN: 0.6,
}
TIER_OF_KIND: dict[IslandKind, IslandTier] = {
    IslandKind.LOCAL: IslandTier.PERSONAL,
    IslandKind.PEER: IslandTier.PERSONAL,
    IslandKind.EDGE: IslandTier.PRIVATE_EDGE,
    IslandKind.CLOUD: IslandTier.CLOUD,
}
PERSONAL_KINDS = frozenset({IslandKind.LOCAL, IslandKind.PEER})


@dataclass(frozen=True, slots=True)
class TrustSpec:
    """Trust as its owner declared it; ``value`` is the conservative product."""

    base: float
    certification: Certification = Certification.ISO27001
    jurisdiction: Jurisdiction = Jurisdiction.SAME_COUNTRY

    @property
    def value(self) -> float:
        return round(self.base * CERTIFICATION_FACTOR[self.certification] * JURISDICTION_FACTOR[self.jurisdiction], 6)

    def describe(self) -> str:
        return (
            f"{self.base:g} base × {CERTIFICATION_FACTOR[self.certification]:g} ({self.certification.value})"
            f" × {JURISDICTION_FACTOR[self.jurisdiction]:g} ({self.jurisdiction.value}) = {self.value:g}"
        )


@dataclass(frozen=True, slots=True)
class Prices:
    """USD per one million tokens; zero for owned hardware."""

    input_per_mtok: float = 0.0
    output_per_mtok: float = 0.0

    @property
    def free(self) -> bool:
        return self.input_per_mtok == 0.0 and self.output_per_mtok == 0.0

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return (input_tokens * self.input_per_mtok + output_tokens * self.output_per_mtok) / 1_000_000


class Feature(StrEnum):
    """What a request may ask of the island that runs it, beyond plain chat."""

    TOOLS = "tools"  # tools / tool_choice: the model may answer with function calls
    JSON_OUTPUT = "json_output"  # response_format json_object / json_schema
    LOGPROBS = "logprobs"  # logprobs / top_logprobs of the generated tokens
    VISION = "vision"  # image content parts
    AUDIO = "audio"  # input_audio content parts
    FILES = "files"  # file content parts (PDFs …)


# What each kind of island can do when its config says nothing: this device and paired peers run
# llama.cpp through IslandRun (text only: no images, audio or files); a configured island by the
# API it speaks (whether its model takes images is the island's to say: set `features`).
ENGINE_FEATURES = frozenset({Feature.TOOLS, Feature.JSON_OUTPUT, Feature.LOGPROBS})
API_FEATURES: dict[str, frozenset[Feature]] = {
    "openai": frozenset(Feature),
    "anthropic": frozenset({Feature.TOOLS, Feature.VISION}),
    "islandrun": ENGINE_FEATURES,
}


class IslandSource(StrEnum):
    BUILTIN = "builtin"  # this device, always present
    CONFIG = "config"  # declared in the config file
    DISCOVERED = "discovered"  # found at run time (mDNS, a later layer)


DEFAULT_LATENCY_MS: dict[IslandKind, float] = {
    IslandKind.LOCAL: 50.0,
    IslandKind.PEER: 120.0,
    IslandKind.EDGE: 200.0,
    IslandKind.CLOUD: 600.0,
}


@dataclass(frozen=True, slots=True)
class Island:
    id: str
    name: str
    kind: IslandKind
    trust_spec: TrustSpec
    privacy_override: float | None = None
    prices: Prices = field(default_factory=Prices)
    models: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    endpoint: str | None = None
    expected_latency_ms: float | None = None
    paired: bool = True  # only meaningful for peers: unpaired peers never receive a request
    features: frozenset[Feature] = ENGINE_FEATURES
    source: IslandSource = IslandSource.CONFIG
    # Derived once (the router reads them for every island of every request).
    trust: float = field(init=False, compare=False, repr=False)
    privacy: float = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        trust = 1.0 if self.personal else self.trust_spec.value
        # P_i defaults to T_i; an owner may only set it lower.
        privacy = trust if self.privacy_override is None else min(self.privacy_override, trust)
        object.__setattr__(self, "trust", trust)
        object.__setattr__(self, "privacy", privacy)

    @property
    def tier(self) -> IslandTier:
        return TIER_OF_KIND[self.kind]

    @property
    def personal(self) -> bool:
        """Member of the user's personal group (this device, paired peers): T = P = 1."""
        return self.kind in PERSONAL_KINDS

    @property
    def latency_estimate_ms(self) -> float:
        return self.expected_latency_ms if self.expected_latency_ms is not None else DEFAULT_LATENCY_MS[self.kind]

    @property
    def owned(self) -> bool:
        """Owned hardware costs nothing and is never blocked by a budget."""
        return self.prices.free

    def serves_model(self, model: str | None) -> bool:
        return model is None or model in self.models

    @staticmethod
    def local(name: str = "This computer", models: Iterable[str] = (), datasets: Iterable[str] = ()) -> Island:
        return Island(
            id=LOCAL_ISLAND_ID,
            name=name,
            kind=IslandKind.LOCAL,
            trust_spec=TrustSpec(base=BASE_TRUST[IslandKind.LOCAL]),
            models=tuple(models),
            datasets=tuple(datasets),
            source=IslandSource.BUILTIN,
        )


Listener = Callable[[str, Island | None], None]


class IslandRegistry:
    """The islands known right now: configured ones merged with discovered ones.

    A configured island wins over a discovered one with the same id (the user's words beat
    the network's); when the configured entry goes away, the discovered one shows again.
    Listeners get ``(island_id, island_or_None)`` after every change. Thread-safe.
    """

    def __init__(self, configured: Iterable[Island] = ()) -> None:
        self._lock = threading.Lock()
        self._configured: dict[str, Island] = {}
        self._discovered: dict[str, Island] = {}
        self._listeners: list[Listener] = []
        for island in configured:
            self._configured[island.id] = island

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def islands(self) -> list[Island]:
        with self._lock:
            merged = dict(self._discovered)
            merged.update(self._configured)
        return sorted(merged.values(), key=lambda island: (island.tier, island.id))

    def get(self, island_id: str) -> Island | None:
        with self._lock:
            return self._configured.get(island_id) or self._discovered.get(island_id)

    def set_configured(self, islands: Iterable[Island]) -> None:
        new = {island.id: island for island in islands}
        with self._lock:
            changed = set(new) ^ set(self._configured) | {
                i for i in new if i in self._configured and new[i] != self._configured[i]
            }
            self._configured = new
        for island_id in sorted(changed):
            self._notify(island_id)

    def upsert_discovered(self, island: Island) -> None:
        island = replace(island, source=IslandSource.DISCOVERED)
        with self._lock:
            if self._discovered.get(island.id) == island:
                return
            self._discovered[island.id] = island
        self._notify(island.id)

    def remove_discovered(self, island_id: str) -> None:
        with self._lock:
            if self._discovered.pop(island_id, None) is None:
                return
        self._notify(island_id)

    def _notify(self, island_id: str) -> None:
        current = self.get(island_id)
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(island_id, current)
