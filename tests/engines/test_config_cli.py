"""The [engine] config table, automatic settings, and `islandrun models` end to end."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from islandrun.core.cli.main import app
from islandrun.core.config import load_config
from islandrun.core.engines.config import EngineConfig
from islandrun.core.engines.settings import (
    GPU_RESERVE_BYTES,
    default_threads,
    free_gpu_memory_bytes,
    gpu_layers_for,
    gpu_offload_supported,
    resolve_settings,
)
from islandrun.core.errors import ConfigError

runner = CliRunner()


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_engine_table_is_read_and_checked(tmp_path: Path) -> None:
    config = load_config(
        _config(tmp_path, '[engine]\nn_gpu_layers = 0\nn_threads = 3\nkeep_alive_s = 60\nmodel_paths = ["/m"]\n')
    )
    assert config.engine.n_gpu_layers == 0 and config.engine.n_threads == 3
    assert config.engine.keep_alive_s == 60.0 and config.engine.model_paths == ["/m"]
    with pytest.raises(ConfigError, match=r"engine\.n_threads"):
        load_config(_config(tmp_path, '[engine]\nn_threads = "4"\n'))
    with pytest.raises(ConfigError, match=r"engine\.keep_alive"):
        load_config(_config(tmp_path, "[engine]\nkeep_alive = 5\n"))
    with pytest.raises(ConfigError, match=r"engine\.n_gpu_layers"):
        load_config(_config(tmp_path, "[engine]\nn_gpu_layers = -2\n"))


def test_automatic_settings_on_this_machine() -> None:
    """This test machine has the portable CPU build: no offload, so 0 GPU layers; a config value wins."""
    auto = resolve_settings(EngineConfig())
    assert auto.gpu_offload == gpu_offload_supported()
    assert auto.n_gpu_layers == (None if auto.gpu_offload else 0)  # None: the layers that fit, per model
    assert auto.n_threads == default_threads() >= 1
    assert auto.n_threads <= (os.cpu_count() or 1)
    assert auto.keep_alive_s == 300.0 and auto.memory_budget_bytes > 0
    forced = resolve_settings(EngineConfig(n_gpu_layers=12, n_threads=1, memory_budget_mb=512))
    assert (forced.n_gpu_layers, forced.n_threads, forced.memory_budget_bytes) == (12, 1, 512 << 20)


def test_models_cli_add_list_remove(embedded_gguf: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.gguf"
    os.link(embedded_gguf, mine)
    (tmp_path / "cfg").mkdir()
    cfg = _config(
        tmp_path / "cfg", "[engine]\ndiscover_huggingface = false\ndiscover_lmstudio = false\ndiscover_ollama = false\n"
    )
    added = runner.invoke(app, ["models", "add", str(mine), "--chat-format", "gemma"])
    assert added.exit_code == 0, added.output
    assert "Added mine" in added.output
    listed = runner.invoke(app, ["models", "list", "--json", "--config", str(cfg)])
    assert listed.exit_code == 0, listed.output
    rows = {row["name"]: row for row in json.loads(listed.output)}
    assert rows["smollm2-135m-instruct"]["default"] and rows["smollm2-135m-instruct"]["source"] == "embedded"
    assert not rows["gemma-3-270m"]["default"] and rows["gemma-3-270m"]["source"] == "embedded"
    assert rows["mine"]["source"] == "user" and rows["mine"]["chat_format"] == "gemma"
    assert rows["mine"]["size_bytes"] == embedded_gguf.stat().st_size
    removed = runner.invoke(app, ["models", "remove", "mine"])
    assert removed.exit_code == 0 and mine.exists()
    again = runner.invoke(app, ["models", "remove", "mine"])
    assert again.exit_code == 2 and "no model called 'mine' was added" in again.output


def test_models_cli_refuses_a_non_gguf_file_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "model.gguf"
    bad.write_text("<html>404 Not Found</html>")
    result = runner.invoke(app, ["models", "add", str(bad)])
    assert result.exit_code == 2
    assert "Invalid model file" in result.output and "not a GGUF model file" in result.output
    unknown_format = runner.invoke(app, ["models", "add", str(bad), "--chat-format", "nope"])
    assert unknown_format.exit_code == 2


def test_models_prepare_assembles_the_embedded_model_with_progress() -> None:
    result = runner.invoke(app, ["models", "prepare"])
    assert result.exit_code == 0, result.output
    assert "Preparing the embedded model" in result.output and "Embedded model ready" in result.output
    path = Path(os.environ["ISLANDRUN_DATA_DIR"]) / "models" / "gemma-3-270m-q4_k_m.gguf"
    assert path.stat().st_size > 200 << 20


def test_gpu_layers_that_fit() -> None:
    """The arithmetic behind automatic offload (no GPU here: the numbers are a 7B Q4 model's)."""
    gib = 1 << 30
    weights, kv = 4 * gib, gib // 2
    assert gpu_layers_for(32, weights, kv, None) == -1  # unknown free memory (Metal): all layers
    assert gpu_layers_for(32, weights, kv, 24 * gib) == -1  # fits: all
    half = weights // 2 + kv + GPU_RESERVE_BYTES
    assert gpu_layers_for(32, weights, kv, half) == 16  # half the weights fit: 16 of 32(+1) layers
    assert gpu_layers_for(32, weights, kv, kv) == 0  # nothing fits


def test_no_nvidia_driver_means_unknown_gpu_memory_not_an_error() -> None:
    """This machine has no NVIDIA driver: NVML is absent, which reads as "unknown"."""
    assert free_gpu_memory_bytes() is None
