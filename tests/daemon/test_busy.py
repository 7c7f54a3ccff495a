"""A full local queue answers "busy" (503 + Retry-After) at once, streamed or not, and primary work
still goes first once there is room."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from .conftest import BASE_CONFIG, Daemon


def test_a_full_queue_answers_503_with_retry_after(tmp_path: Path) -> None:
    daemon = Daemon(tmp_path, BASE_CONFIG.replace("[engine]\n", "[engine]\nmax_queue = 1\n")).start()
    try:
        started: list[Any] = []

        def long_stream() -> None:
            body = {"model": "default", "messages": [{"role": "user", "content": "Tell a long story."}]}
            with (
                daemon.client() as client,
                client.stream("POST", "/v1/chat/completions", json={**body, "max_tokens": 200, "stream": True}) as r,
            ):
                for line in r.iter_lines():
                    if line:
                        started.append(line)  # noqa: PERF401 - seen line by line by the main thread

        runner = threading.Thread(target=long_stream)
        runner.start()
        deadline = time.monotonic() + 120
        while not started and time.monotonic() < deadline:
            time.sleep(0.05)
        body = {"model": "default", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4}
        with daemon.client() as client:
            for stream in (False, True):
                busy = client.post("/v1/chat/completions", json={**body, "stream": stream})
                assert busy.status_code == 503, busy.text
                assert busy.headers["retry-after"] == "2"
                assert "busy" in busy.json()["error"]["message"]
        runner.join(180)
        with daemon.client() as client:  # room again
            assert client.post("/v1/chat/completions", json=body).status_code == 200
    finally:
        daemon.stop()
