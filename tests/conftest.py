"""Every test gets its own config, data and runtime dirs: nothing touches the user's files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from remote.llama_island import llama_server  # noqa: F401 - one llama_cpp.server for the whole session

# Daemons started by tests (directly, or by the tray app) stay off the LAN and leave the peer port
# alone; the tests about the personal group turn it on for their own daemons.
os.environ.setdefault("ISLANDRUN_DISCOVERY", "off")
# Every event a test daemon publishes must fit its model (core/daemon/event_models.py): a misfit raises.
os.environ.setdefault("ISLANDRUN_STRICT_EVENTS", "1")
os.environ.setdefault("ISLANDRUN_STRICT_API", "1")  # /api responses that drift from their models fail
# ... and says in its log when something blocks its event loop for 250 ms or more, with the blocking call
# (core/daemon/loop_watch.py; tests/daemon/test_loop_watch.py fails on any such line).
os.environ.setdefault("ISLANDRUN_LOOP_WATCH_MS", "250")
# MIST's word-table cache (core/privacy/table_cache.py): one folder for every test and test daemon, kept between
# runs beside the other test caches (tests/packaging), never the user's own ~/.cache/islandrun.
os.environ.setdefault(
    "ISLANDRUN_CACHE_DIR",
    str(Path(os.environ.get("ISLANDRUN_TEST_CACHE", "~/.cache/islandrun-tests")).expanduser() / "islandrun-cache"),
)


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
