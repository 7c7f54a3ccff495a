"""`schemathesis` against the daemon's own OpenAPI document: no 5xx anywhere, and every status
code the daemon answers is one the document declares.

``/api/events`` is left out: it is an endless SSE stream, which a request/response fuzzer cannot
finish; its behaviour is covered in tests/inmemory/test_pipeline.py. Adding a collection is left out too (see below)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import BASE_CONFIG, Daemon

SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))


@pytest.fixture(scope="module")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    # The rate limit is off here so the fuzzer's bursts reach the routes (test_security covers it).
    running = Daemon(tmp_path_factory.mktemp("fuzz"), BASE_CONFIG + "[server]\nrate_limit_per_s = 0\n").start()
    yield running
    running.stop()


@pytest.mark.slow
def test_no_server_errors_and_only_documented_statuses(daemon: Daemon) -> None:
    result = subprocess.run(
        [
            SCHEMATHESIS,
            "run",
            f"{daemon.url}/openapi.json",
            "--header",
            f"Authorization: Bearer {daemon.token}",
            "--checks",
            "not_a_server_error,status_code_conformance",
            "--max-examples",
            "15",
            "--exclude-path",
            "/api/events",
            # It indexes the folder it is given, in the background: a generated "/tmp" would index
            # whatever is there for the rest of the run. Its statuses: tests/inmemory/test_collections_manage.py.
            "--exclude-name",
            "POST /api/collections",
            # It replaces the token this run sends: every later request would get 401. Tested in
            # test_keys_api.py.
            "--exclude-name",
            "POST /api/token/rotate",
            # This daemon has no OS keyring, so a key write is the documented 503 naming what to
            # install (no plain-text fallback). With a real keyring: test_keys_api.py.
            "--exclude-name",
            "PUT /api/islands/{island_id}/key",
            "--exclude-name",
            "DELETE /api/islands/{island_id}/key",
            "--seed",
            "1",
            # A generated request may ask the real model for a long answer; on two cores shared with the other
            # test worker that can take longer than schemathesis' default 10 s (a read timeout is reported as
            # an error). This test is about statuses, not speed.
            "--request-timeout",
            "120",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=daemon.home,  # schemathesis keeps a cache folder in its working directory
    )
    assert result.returncode == 0, result.stdout[-12000:]
    assert " passed" in result.stdout
