"""Every test gets its own config, data and runtime dirs: nothing touches the user's files."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "islandrun-home"
    for name, sub in (
        ("ISLANDRUN_CONFIG_DIR", "config"),
        ("ISLANDRUN_DATA_DIR", "data"),
        ("ISLANDRUN_RUNTIME_DIR", "run"),
    ):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.delenv("ISLANDRUN_CONFIG", raising=False)
    return home
