"""Shared fixtures: the real embedded model, assembled once per session, and one engine that
keeps it loaded across tests (loading is fast, but the first decode of a fresh process is slow).

Session fixtures are set up before the per-test dir isolation, so everything here points at
session temp dirs explicitly (never the user's data dir or home)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from islandrun.core.engines.catalog import ModelCatalog, UserModelStore
from islandrun.core.engines.config import EngineConfig
from islandrun.core.engines.discovery import DiscoveryRoots
from islandrun.core.engines.embedded import ensure_embedded_model
from islandrun.core.engines.local import LocalEngine
from islandrun.core.engines.types import ChatMessage, ChatRequest

NO_DISCOVERY = DiscoveryRoots()


@pytest.fixture(scope="session")
def embedded_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ensure_embedded_model(target=tmp_path_factory.mktemp("models") / "gemma-3-270m-q4_k_m.gguf")


def make_engine(embedded: Path, state_dir: Path, **config: object) -> LocalEngine:
    """An engine on the real embedded model, with discovery off and its own models.json."""
    cfg = EngineConfig.model_validate({"n_ctx": 2048, **config})
    catalog = ModelCatalog(
        cfg, store=UserModelStore(state_dir / "models.json"), roots=NO_DISCOVERY, embedded_path=embedded
    )
    return LocalEngine(cfg, catalog=catalog)


@pytest.fixture(scope="session")
def engine(embedded_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalEngine]:
    """One engine for the whole session (no reaper: the model stays loaded between tests)."""
    shared = make_engine(embedded_gguf, tmp_path_factory.mktemp("state"), keep_alive_s=-1.0)
    yield shared
    asyncio.run(shared.aclose())


def ask(text: str, **kwargs: object) -> ChatRequest:
    return ChatRequest((ChatMessage("user", text),), **kwargs)  # type: ignore[arg-type]
