"""What only a running ``islandrun serve`` shows about the local API's safety: the modes of its
socket, token and data files, and one instance per user. The guards themselves (token, Host, CORS,
the Unix socket's Host check, rate limits per app) are tests/inmemory/test_guards_and_apps.py."""

from __future__ import annotations

import stat
import subprocess

from .conftest import ISLANDRUN, Daemon


def test_socket_token_info_and_data_files_are_private(daemon: Daemon) -> None:
    for name in ("api.sock", "daemon.json"):
        mode = stat.S_IMODE((daemon.runtime / name).stat().st_mode)
        assert mode == 0o600, f"{name}: {oct(mode)}"
    assert stat.S_IMODE(daemon.runtime.stat().st_mode) == 0o700
    data = daemon.home / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    with daemon.client() as client:  # something in the audit log and ledger
        client.get("/api/audit")
    files = [p for p in data.rglob("*") if p.is_file() and not p.is_symlink()]
    assert any(p.name == "api-token" for p in files) and any(p.suffix == ".sqlite3" for p in files)
    for path in files:  # the databases hold indexed passages and history: nobody else reads them
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, f"{path.relative_to(data)}"
    for path in (p for p in data.rglob("*") if p.is_dir()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, f"{path.relative_to(data)}"


def test_a_second_instance_refuses_to_start(daemon: Daemon) -> None:
    second = subprocess.run(
        [ISLANDRUN, "serve", "--port", "0"], env=daemon.env, capture_output=True, text=True, timeout=60
    )
    assert second.returncode == 1
    assert "already running" in second.stderr
    assert f"pid {daemon.proc.pid}" in second.stderr  # type: ignore[union-attr]
    with daemon.client() as client:  # and the first one is untouched
        assert client.get("/api/health").status_code == 200
