"""Finding models other apps downloaded. The folder layouts are built here the way each app
writes them (Hugging Face hub cache, LM Studio, Ollama's manifests and blobs); the model files
are hard links to the real embedded GGUF, and one discovered model is really loaded and run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from islandrun.core.engines.catalog import ModelCatalog, ModelSource, UserModelStore
from islandrun.core.engines.config import EngineConfig
from islandrun.core.engines.discovery import DiscoveryRoots, discover_models
from islandrun.core.engines.local import LocalEngine

from .conftest import ask

pytestmark = pytest.mark.timeout(180)


def _link(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.link(src, dst)
    return dst


@pytest.fixture
def roots(embedded_gguf: Path, tmp_path: Path) -> DiscoveryRoots:
    hf = tmp_path / "hf" / "hub"
    repo = hf / "models--unsloth--gemma-3-270m-it-GGUF"
    snap = repo / "snapshots" / "abc123"
    # the hub keeps the bytes in blobs/ and a relative symlink in each snapshot
    _link(embedded_gguf, repo / "blobs" / ("0f" * 32))
    snap.mkdir(parents=True)
    (snap / "gemma-3-270m-it-Q4_K_M.gguf").symlink_to(Path("..") / ".." / "blobs" / ("0f" * 32))
    _link(embedded_gguf, snap / "mmproj-F16.gguf")  # vision projector: not a chat model
    (snap / "README.md").write_text("not a model")
    split = hf / "models--org--big" / "snapshots" / "r1"
    _link(embedded_gguf, split / "big-00001-of-00002.gguf")
    _link(embedded_gguf, split / "big-00002-of-00002.gguf")  # later shard: loaded through the first

    lms = tmp_path / "lmstudio" / "models"
    _link(embedded_gguf, lms / "lmstudio-community" / "gemma-3-270m-GGUF" / "gemma-3-270m-Q4_K_M.gguf")
    (lms / "junk").mkdir()
    (lms / "junk" / "fake.gguf").write_text("not gguf")  # wrong magic: not listed

    ollama = tmp_path / "ollama" / "models"
    digest = "sha256:" + "ab" * 32
    _link(embedded_gguf, ollama / "blobs" / digest.replace(":", "-"))
    manifest = {
        "schemaVersion": 2,
        "layers": [
            {"mediaType": "application/vnd.ollama.image.model", "digest": digest, "size": 1},
            {"mediaType": "application/vnd.ollama.image.template", "digest": "sha256:" + "cd" * 32, "size": 1},
        ],
    }
    path = ollama / "manifests" / "registry.ollama.ai" / "library" / "gemma3" / "270m"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(manifest))
    broken = ollama / "manifests" / "registry.ollama.ai" / "library" / "broken" / "latest"
    broken.parent.mkdir(parents=True)
    broken.write_text("{not json")
    return DiscoveryRoots(huggingface=(hf,), lmstudio=(lms,), ollama=(ollama,))


def test_finds_models_in_each_apps_layout(roots: DiscoveryRoots) -> None:
    found = {m.name: m for m in discover_models(roots)}
    assert sorted(found) == [
        "hf:org/big/big-00001-of-00002",
        "hf:unsloth/gemma-3-270m-it-GGUF/gemma-3-270m-it-Q4_K_M",
        "lmstudio:lmstudio-community/gemma-3-270m-GGUF/gemma-3-270m-Q4_K_M",
        "ollama:gemma3:270m",
    ]
    assert found["ollama:gemma3:270m"].path.name == "sha256-" + "ab" * 32
    assert {m.source for m in found.values()} == {"huggingface", "lmstudio", "ollama"}


def test_standard_locations_follow_the_apps_environment_variables(tmp_path: Path) -> None:
    env = {"HF_HOME": str(tmp_path / "hfhome"), "OLLAMA_MODELS": str(tmp_path / "om")}
    roots = DiscoveryRoots.from_env(env, home=tmp_path)
    assert roots.huggingface == (tmp_path / "hfhome" / "hub",)
    assert roots.ollama == (tmp_path / "om",)
    assert tmp_path / ".lmstudio" / "models" in roots.lmstudio
    default = DiscoveryRoots.from_env({}, home=tmp_path)
    assert default.huggingface == (tmp_path / ".cache" / "huggingface" / "hub",)
    assert default.ollama == (tmp_path / ".ollama" / "models",)


def test_each_source_can_be_switched_off(roots: DiscoveryRoots, embedded_gguf: Path, tmp_path: Path) -> None:
    config = EngineConfig(discover_huggingface=False, discover_ollama=False)
    catalog = ModelCatalog(config, store=UserModelStore(tmp_path / "m.json"), roots=roots, embedded_path=embedded_gguf)
    sources = {e.source for e in catalog.entries()}
    assert sources == {ModelSource.EMBEDDED, ModelSource.LMSTUDIO}


async def test_a_model_found_in_ollamas_store_answers(
    roots: DiscoveryRoots, embedded_gguf: Path, tmp_path: Path
) -> None:
    config = EngineConfig(n_ctx=1024)
    catalog = ModelCatalog(config, store=UserModelStore(tmp_path / "m.json"), roots=roots, embedded_path=embedded_gguf)
    engine = LocalEngine(config, catalog=catalog)
    try:
        result = await engine.chat(ask("Hello", model="ollama:gemma3:270m", max_tokens=3))
        assert result.model == "ollama:gemma3:270m"
        assert result.usage.completion_tokens == 3
    finally:
        await engine.aclose()
