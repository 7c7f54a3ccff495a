"""A full disk (issue 22, item 6), for real: the daemon's data dir on a small tmpfs that is then
filled. Chats answer 507 in the error shape (never 500, never an answer without its audit row), a
settings change is not half-applied (the file and the running daemon keep the old values), and
once space is back everything works again. Needs root to mount the tmpfs; skipped otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Daemon


@pytest.fixture
def tmpfs_home(tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    data.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=420m", "tmpfs", str(data)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield tmp_path
    finally:
        subprocess.run(["umount", "-l", str(data)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    block = b"\0" * (1 << 20)
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(block)
                handle.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_answers_507_and_changes_nothing(tmpfs_home: Path) -> None:
    daemon = Daemon(tmpfs_home).start()
    try:
        chat = {"model": "default", "messages": [{"role": "user", "content": "Say hi."}], "max_tokens": 4}
        with daemon.client() as client:
            before = client.get("/api/budgets").json()
            config_before = (tmpfs_home / "config" / "config.toml").read_text()
            filler = _fill(tmpfs_home / "data")
            for stream in (False, True):
                answer = client.post("/v1/chat/completions", json={**chat, "stream": stream})
                assert answer.status_code == 507, answer.text
                assert "disk is full" in answer.json()["error"]["message"]
            changed = client.put("/api/budgets", json={"daily_usd": 3.0})
            assert changed.status_code in (503, 507), changed.text
            assert client.get("/api/budgets").json() == before  # the running daemon kept the old values
            assert (tmpfs_home / "config" / "config.toml").read_text() == config_before  # and so did the file
            filler.unlink()
            again = client.post("/v1/chat/completions", json=chat)
            assert again.status_code == 200, again.text
            assert client.get("/api/audit/verify").json()["ok"]
    finally:
        daemon.stop()
