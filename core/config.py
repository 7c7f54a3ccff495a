"""The configuration file: one TOML file in the platform config dir, validated into typed models.

Zero config works: with no file, this device is the only island. A broken file (bad TOML,
wrong type, unknown key, a value out of range) raises :class:`ConfigError` naming the file,
the key and what was expected; nothing ever overwrites a file that could not be read
(:func:`save_config` refuses).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, Strict, ValidationError, field_validator, model_validator

from .capacity.config import CapacityConfig
from .collections.config import CollectionsConfig
from .config_file_edit import edit_toml, write_config_text
from .config_types import STRICT, Fraction, NonNegative
from .daemon.config import OllamaConfig, ServerConfig
from .discovery.config import DiscoveryConfig
from .endpoints import check_endpoint
from .engines.config import EngineConfig
from .errors import ConfigError
from .islands import (
    API_FEATURES,
    BASE_TRUST,
    LOCAL_ISLAND_ID,
    Certification,
    Feature,
    Island,
    IslandKind,
    IslandSource,
    IslandTier,
    Jurisdiction,
    Prices,
    TrustSpec,
)
from .paths import config_file
from .privacy.config import PrivacyConfig
from .routing.objectives import objective_names
from .routing.policy import BUFFER_PRESETS, ApprovalRules, RoutingMode, RoutingPolicy
from .sensitivity import SensitivityLevel

__all__ = [
    "BudgetLimits",
    "Config",
    "IslandConfig",
    "PolicyConfig",
    "load_config",
    "save_config",
]

IslandId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,62}$")]
# Enums are written as strings in TOML: accept their values (the models are strict otherwise,
# so "0.5" for a number is a type error, not silently coerced).
CertificationName = Annotated[Certification, Strict(False)]
JurisdictionName = Annotated[Jurisdiction, Strict(False)]
ModeName = Annotated[RoutingMode, Strict(False)]
LevelName = Annotated[SensitivityLevel, Strict(False)]
FeatureName = Annotated[Feature, Strict(False)]


class _Model(BaseModel):
    model_config = STRICT


class TrustConfig(_Model):
    base: Fraction | None = None  # default: the kind's base (edge 0.8, cloud 0.5)
    certification: CertificationName = Certification.SELF
    jurisdiction: JurisdictionName = Jurisdiction.FOREIGN


class BudgetLimits(_Model):
    daily_usd: NonNegative | None = None
    monthly_usd: NonNegative | None = None


class IslandConfig(_Model):
    id: IslandId
    name: str | None = None
    kind: Literal["peer", "edge", "cloud"]
    endpoint: str | None = None
    api: Literal["openai", "anthropic", "islandrun"] = "openai"
    # What the island's API and model can do (tools, json_output, logprobs, vision, audio, files);
    # unset: what the API supports (openai: all; anthropic: tools and vision; islandrun: tools,
    # json_output, logprobs). A request asking for a feature goes only to islands that list it.
    features: list[FeatureName] | None = None
    models: list[str] = []
    datasets: list[str] = []
    trust: TrustConfig = TrustConfig()
    privacy: Fraction | None = None
    price_input_per_mtok: NonNegative = 0.0
    price_output_per_mtok: NonNegative = 0.0
    expected_latency_ms: Annotated[float, Field(gt=0.0)] | None = None
    budget: BudgetLimits = BudgetLimits()
    # link-local and cloud-metadata endpoints are refused unless this says so (core/endpoints.py)
    allow_link_local: bool = False

    @model_validator(mode="after")
    def _endpoint(self) -> IslandConfig:
        if self.endpoint is not None:
            check_endpoint(self.endpoint, allow_link_local=self.allow_link_local)
        return self

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value == LOCAL_ISLAND_ID:
            raise ValueError(f"the id {LOCAL_ISLAND_ID!r} is reserved for this device; use [local] for it")
        return value

    def to_island(self) -> Island:
        kind = IslandKind(self.kind)
        base = self.trust.base if self.trust.base is not None else BASE_TRUST[kind]
        return Island(
            id=self.id,
            name=self.name or self.id,
            kind=kind,
            trust_spec=TrustSpec(base, self.trust.certification, self.trust.jurisdiction),
            privacy_override=self.privacy,
            prices=Prices(self.price_input_per_mtok, self.price_output_per_mtok),
            models=tuple(self.models),
            datasets=tuple(self.datasets),
            endpoint=self.endpoint,
            expected_latency_ms=self.expected_latency_ms,
            paired=False,  # peers become usable only through pairing
            features=API_FEATURES[self.api] if self.features is None else frozenset(self.features),
            source=IslandSource.CONFIG,
        )


class LocalConfig(_Model):
    name: str = "This computer"
    models: list[str] = []
    datasets: list[str] = []


class ThresholdsConfig(_Model):
    secondary: Fraction = 0.5
    burstable: Fraction = 0.7
    hysteresis_margin: Annotated[float, Field(ge=0.0, le=0.5)] = 0.10


class ApprovalConfig(_Model):
    enabled: bool = True
    min_tier: Literal[2, 3] = 3  # offloads to this tier or further need a yes
    above: LevelName = SensitivityLevel.PUBLIC  # ... when the request is above this level
    timeout_s: Annotated[float, Field(gt=0.0, le=3600.0)] = 60.0


class PolicyConfig(_Model):
    mode: ModeName = RoutingMode.WEIGHTED
    buffer: Literal["conservative", "moderate", "aggressive"] = "moderate"
    weights: dict[str, Annotated[float, Field(ge=0.0)]] = {"cost": 1.0, "latency": 1.0, "trust": 1.0}
    thresholds: ThresholdsConfig = ThresholdsConfig()
    approval: ApprovalConfig = ApprovalConfig()
    # Pause offloading: every request runs on this device (the tray's "local only" switch).
    local_only: bool = False

    @field_validator("weights")
    @classmethod
    def _known_objectives(cls, weights: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(weights) - set(objective_names()))
        if unknown:
            raise ValueError(
                f"unknown objective(s) {', '.join(unknown)}; expected some of: {', '.join(objective_names())}"
            )
        return weights

    def to_policy(self) -> RoutingPolicy:
        approval = self.approval
        return RoutingPolicy(
            mode=self.mode,
            weights=dict(self.weights),
            secondary_threshold=self.thresholds.secondary,
            burstable_threshold=self.thresholds.burstable,
            buffer=BUFFER_PRESETS[self.buffer],
            hysteresis_margin=self.thresholds.hysteresis_margin,
            approval=ApprovalRules(
                min_tier=IslandTier(approval.min_tier) if approval.enabled else None,
                above_sensitivity=approval.above.score,
                timeout_s=approval.timeout_s,
            ),
            local_only=self.local_only,
        )


class Config(_Model):
    policy: PolicyConfig = PolicyConfig()
    budgets: BudgetLimits = BudgetLimits()
    local: LocalConfig = LocalConfig()
    engine: EngineConfig = EngineConfig()
    privacy: PrivacyConfig = PrivacyConfig()
    capacity: CapacityConfig = CapacityConfig()
    collections: CollectionsConfig = CollectionsConfig()
    server: ServerConfig = ServerConfig()
    ollama: OllamaConfig = OllamaConfig()
    discovery: DiscoveryConfig = DiscoveryConfig()
    islands: list[IslandConfig] = []

    @field_validator("islands")
    @classmethod
    def _unique_ids(cls, islands: list[IslandConfig]) -> list[IslandConfig]:
        seen: set[str] = set()
        for island in islands:
            if island.id in seen:
                raise ValueError(f"island id {island.id!r} appears twice; ids must be unique")
            seen.add(island.id)
        return islands

    def all_islands(self) -> list[Island]:
        local = Island.local(self.local.name, self.local.models, self.local.datasets)
        return [local, *(island.to_island() for island in self.islands)]


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", part):
            continue  # pydantic's internal steps ("function-after[...]", "literal['a']")
        else:
            out += f".{part}" if out else part
    return out or "(top level)"


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class that owns the key at ``loc`` (for listing the keys it accepts)."""
    model: type[BaseModel] = Config
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        inner = getattr(annotation, "__args__", (annotation,))
        nested = next((a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is None:
            return None
        model = nested
    return model


def _problem(error: Mapping[str, Any]) -> tuple[str, str]:
    loc = tuple(error["loc"])
    key = _dotted(loc)
    if error["type"] == "extra_forbidden":
        owner = _model_at(loc)
        allowed = ", ".join(owner.model_fields) if owner else "see docs/configuration.md"
        name = str(loc[-1]).lower()
        if any(word in name for word in ("key", "token", "secret", "password")):
            # Never echo the value; say where credentials belong instead.
            return key, "credentials never go in the config file: store them with `islandrun keys set ISLAND`"
        return key, f"unknown key; expected one of: {allowed}"
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] not in {"value_error", "missing"}:
        message += f" (got {error['input']!r})"
    return key, message


def parse_config(text: str, path: Path | None = None) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        key = "(syntax)"
        if match:
            line = text.splitlines()[int(match.group(1)) - 1] if int(match.group(1)) <= len(text.splitlines()) else ""
            if "=" in line:
                key = line.split("=", 1)[0].strip() or key
        raise ConfigError(path, [(key, f"not valid TOML: {exc}")]) from None
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(path, [_problem(e) for e in exc.errors()]) from None


def load_config(path: Path | None = None) -> Config:
    """Read and validate the config file; defaults when there is none."""
    path = path or config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, [("(file)", f"cannot be read: {exc}")]) from None
    return parse_config(text, path)


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write ``config`` back atomically, changing only the keys that changed and keeping the user's
    comments, order and formatting (:mod:`.config_file_edit`). Refuses to replace a file that does
    not load cleanly, so a hand-edited file with a mistake is never lost. A symlinked file is
    followed (the link stays a link)."""
    path = path or config_file()
    new = config.model_dump(mode="json", exclude_none=True)
    if path.exists():
        current = load_config(path)  # raises ConfigError: the user's broken file stays as it is
        text = edit_toml(path.read_text(encoding="utf-8"), current.model_dump(mode="json", exclude_none=True), new)
    else:
        text = edit_toml("", Config().model_dump(mode="json", exclude_none=True), new)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_config_text(path, text)
    return path
