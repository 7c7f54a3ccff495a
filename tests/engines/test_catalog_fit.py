"""The curated catalogue, the fit check, `models default`, and the base-model transcript (no model loads)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from islandrun.core.cli.main import app
from islandrun.core.config import load_config
from islandrun.core.engines.base_model import (
    BASE_MAX_TOKENS,
    TRANSCRIPT_FORMAT,
    generation_overrides,
    transcript_prompt,
)
from islandrun.core.engines.catalog import ModelCatalog, UserModelStore
from islandrun.core.engines.curated import CURATED, curated_by_name
from islandrun.core.engines.discovery import DiscoveryRoots
from islandrun.core.engines.embedded import EMBEDDED_MODEL_NAME, INSTRUCT_MODEL_NAME, model_notice
from islandrun.core.engines.fit import Device, assess, suggest

runner = CliRunner()
GiB = 1 << 30


def test_transcript_prompt_keeps_the_system_text_and_ends_with_the_assistant_turn() -> None:
    prompt = transcript_prompt(
        [
            {"role": "system", "content": "You are Pip.\n\nBe brief."},
            {"role": "user", "content": "Hi!\n\nWho are you?"},
        ]
    )
    assert "(Instructions for the assistant: You are Pip. Be brief.)" in prompt
    assert prompt.endswith("User: Hi! Who are you?\nAssistant:")  # blank lines would end the turn
    assert generation_overrides(TRANSCRIPT_FORMAT, 1000)["max_tokens"] == BASE_MAX_TOKENS
    assert generation_overrides(TRANSCRIPT_FORMAT, 20)["max_tokens"] == 20
    assert generation_overrides(None, 1000) == {}


def test_the_instruct_model_is_the_default_and_the_base_model_stays_available(tmp_path: Path) -> None:
    catalog = ModelCatalog(
        store=UserModelStore(tmp_path / "m.json"), roots=DiscoveryRoots(), embedded_path=tmp_path / "g"
    )
    assert catalog.default_name() == INSTRUCT_MODEL_NAME
    names = [e.name for e in catalog.entries()]
    assert names[:2] == [INSTRUCT_MODEL_NAME, EMBEDDED_MODEL_NAME]
    assert catalog.resolve(None).chat_format is None  # the GGUF's own chat template
    assert catalog.resolve(EMBEDDED_MODEL_NAME).chat_format == TRANSCRIPT_FORMAT
    fallback = ModelCatalog(store=UserModelStore(tmp_path / "m.json"), roots=DiscoveryRoots(), instruct=False)
    assert fallback.default_name() == EMBEDDED_MODEL_NAME
    assert "base model" in (model_notice(EMBEDDED_MODEL_NAME) or "")
    assert "models pull" in (model_notice(INSTRUCT_MODEL_NAME) or "")
    assert model_notice("qwen3-1.7b") is None


def test_fit_on_a_two_core_machine_without_a_gpu() -> None:
    device = Device(threads=2, available_ram=8 * GiB, total_ram=16 * GiB, gpu_free=None)
    fits = {m.name: assess(m, device) for m in CURATED}
    assert all(f.fits_ram and not f.fits_gpu for f in fits.values())
    assert fits["qwen3-0.6b"].cpu_tokens_per_s > fits["qwen3-4b"].cpu_tokens_per_s
    assert fits["phi4-mini"].verdict == "fits, slow"
    best = suggest(device)
    assert best is not None and best.model.name == "llama3.2-1b"  # largest usable that does not think aloud
    assert suggest(Device(2, 512 << 20, GiB, None)) is None


def test_a_gpu_with_room_gets_the_largest_model() -> None:
    best = suggest(Device(threads=2, available_ram=8 * GiB, total_ram=16 * GiB, gpu_free=8 * GiB))
    assert best is not None and best.fits_gpu and best.model.params in ("4B", "3.8B")


def test_context_size_counts_in_the_fit() -> None:
    model = curated_by_name("llama3.2-3b")
    assert model is not None
    small, large = (
        assess(model, Device(2, 4 * GiB, 8 * GiB, None), 2048),
        assess(model, Device(2, 4 * GiB, 8 * GiB, None), 32768),
    )
    assert (
        small.fits_ram
        and not large.fits_ram
        and large.needs_bytes - small.needs_bytes == model.kv_bytes_per_token * 30720
    )


def test_catalog_command_shows_the_fit_and_a_suggestion() -> None:
    result = runner.invoke(app, ["models", "catalog", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["models"]
    assert {r["name"] for r in rows} == {m.name for m in CURATED}
    assert sum(r["suggested"] for r in rows) <= 1


def test_default_command_writes_only_its_key_and_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# my settings\n[engine]\n# fewer threads: the laptop gets hot\nn_threads = 1\n")
    result = runner.invoke(app, ["models", "default", EMBEDDED_MODEL_NAME, "--config", str(path)])
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "# my settings" in text and "# fewer threads: the laptop gets hot" in text and "n_threads = 1" in text
    assert load_config(path).engine.default_model == EMBEDDED_MODEL_NAME
    bad = runner.invoke(app, ["models", "default", "no-such-model", "--config", str(path)])
    assert bad.exit_code != 0 and "no local model" in bad.output
