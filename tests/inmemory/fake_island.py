"""A remote island for in-memory tests: a small OpenAI-compatible server on a real loopback port.

It stands in for a cloud or edge model that nobody here wrote (tests/remote and
tests/daemon/test_remote_e2e.py use a real ``llama_cpp.server`` for that). It is served by uvicorn
in the test's own event loop, so the daemon reaches it exactly as it reaches any island: through
its configured ``endpoint``, its real HTTP client and the real wire adapters; no code path exists
for tests. Every request is recorded as it arrived (what left the device), and the reply echoes
the last user message as received (``ECHO_PREFIX`` + text), so a test sees both what travelled
and what came back (placeholders included). It can be told to answer the next requests with an
error status.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .fake_engine import ECHO_PREFIX

__all__ = ["FakeIsland", "Received"]


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeIsland:
    model: str = "fake-cloud-model"
    received: list[Received] = field(default_factory=list)
    fail_statuses: list[int] = field(default_factory=list)  # the next requests get these statuses
    port: int = 0
    _server: uvicorn.Server | None = None
    _task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def sent_text(self) -> str:
        """Everything every recorded request carried, as one JSON text (to search for values)."""
        return "\n".join(json.dumps(r.body, ensure_ascii=False) for r in self.received)

    async def start(self) -> FakeIsland:
        app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
            ]
        )
        with socket.socket() as probe:  # uvicorn reports no port for port=0 before serving
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="critical", lifespan="off")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(), name="fake-island")
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        return self

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task

    async def _models(self, request: Request) -> Response:
        return JSONResponse({"object": "list", "data": [{"id": self.model, "object": "model", "owned_by": "fake"}]})

    async def _chat(self, request: Request) -> Response:
        body = await request.json()
        self.received.append(Received(request.url.path, dict(request.headers), body))
        if self.fail_statuses:
            status = self.fail_statuses.pop(0)
            return JSONResponse({"error": {"message": "injected failure", "type": "server_error"}}, status_code=status)
        messages = body.get("messages", [])
        last = next((m for m in reversed(messages) if m.get("role") == "user"), {"content": ""})
        content = last["content"] if isinstance(last["content"], str) else json.dumps(last["content"])
        text = ECHO_PREFIX + content
        usage = {"prompt_tokens": 7, "completion_tokens": 5, "total_tokens": 12}
        if not body.get("stream"):
            return JSONResponse(
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": 0,
                    "model": self.model,
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                    ],
                    "usage": usage,
                }
            )
        return StreamingResponse(self._events(text, usage), media_type="text/event-stream")

    async def _events(self, text: str, usage: dict[str, int]) -> AsyncIterator[str]:
        def chunk(delta: dict[str, str], finish: str | None, **extra: Any) -> str:
            choice = {"index": 0, "delta": delta, "finish_reason": finish}
            event = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": self.model}
            return "data: " + json.dumps({**event, "choices": [choice], **extra}) + "\n\n"

        yield chunk({"role": "assistant"}, None)
        for start in range(0, len(text), 7):  # pieces that cut placeholders in two: the daemon rejoins them
            yield chunk({"content": text[start : start + 7]}, None)
        yield chunk({}, "stop", usage=usage)
        yield "data: [DONE]\n\n"
