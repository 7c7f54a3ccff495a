"""``islandrun capacity`` as a user runs it (a real subprocess, the installed entry point)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from islandrun.core.paths import config_file

EXE = shutil.which("islandrun", path=str(Path(sys.executable).parent))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    assert EXE, "the islandrun entry point is not installed"
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=120)


def test_capacity_show_json_lists_every_probe_and_the_tiers() -> None:
    result = run("capacity", "show", "--json", "--seconds", "0.5")
    assert result.returncode == 0, result.stderr
    sample = json.loads(result.stdout)
    assert 0.0 <= sample["capacity"] <= 1.0
    probes = {p["name"]: p for p in sample["probes"]}
    assert set(probes) == {"cpu", "memory", "battery", "thermal", "gpu"}
    assert probes["cpu"]["status"] == "ok" and probes["memory"]["status"] == "ok"
    assert sample["thresholds"] == {"primary": 0.0, "secondary": 0.5, "burstable": 0.7}
    assert "primary" in sample["accepting"]  # primary work never leaves this device


def test_capacity_without_a_subcommand_prints_the_table() -> None:
    result = run("capacity", "--seconds", "0.2")
    assert result.returncode == 0, result.stderr
    assert "capacity C = " in result.stdout
    for words in ("cpu", "memory", "secondary", "burstable", "return above", "buffer preset: moderate (20%"):
        assert words in result.stdout


def test_watch_prints_one_json_object_per_sample_and_follows_the_config() -> None:
    path = config_file()
    path.write_text(
        '[policy.thresholds]\nsecondary = 0.4\n[capacity]\nsample_interval_s = 0.2\ndisabled = ["gpu", "thermal"]\n'
    )
    result = run("capacity", "show", "--watch", "--count", "3", "--json", "--seconds", "0")
    assert result.returncode == 0, result.stderr
    samples = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(samples) == 3
    assert samples[0]["at"] < samples[1]["at"] < samples[2]["at"]
    assert {p["name"] for p in samples[0]["probes"]} == {"cpu", "memory", "battery"}
    assert samples[0]["thresholds"]["secondary"] == 0.4


def test_a_bad_capacity_setting_is_reported_not_run() -> None:
    config_file().write_text("[capacity]\nsample_interval_s = 0\n")
    result = run("capacity", "show")
    assert result.returncode == 2
    assert "capacity.sample_interval_s" in result.stderr
