"""The `[server]` table: how the daemon listens (TCP port, socket, extra addresses, CORS, rate limits)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, field_validator

from ..config_types import STRICT
from .addresses import allowed_host, cors_origin, listen_address

__all__ = ["DEFAULT_PORT", "OLLAMA_LISTEN", "OllamaConfig", "ServerConfig"]

# Fixed so that apps can be pointed at http://127.0.0.1:47520/v1 once; 0 = any free port.
DEFAULT_PORT = 47520


class ServerConfig(BaseModel):
    model_config = STRICT

    port: Annotated[int, Field(ge=0, le=65535)] = DEFAULT_PORT
    unix_socket: bool = True
    # Browser origins allowed to call the API, any scheme ("http://localhost:3000", "app://obsidian.md",
    # "chrome-extension://<id>"); none by default. Never "*" (see addresses.cors_origin).
    cors_origins: list[Annotated[str, AfterValidator(cors_origin)]] = []
    # Opt-in addresses the API also listens on, for apps in Docker or on the LAN ("0.0.0.0:47521",
    # "172.17.0.1:47521"); none by default. Same token, limits and CORS as the loopback listener.
    extra_listen: list[Annotated[str, AfterValidator(listen_address)]] = []
    # Host names (besides loopback) that requests on the extra_listen addresses may name
    # ("host.docker.internal", "mypc.local", a LAN IP); any other Host gets 421 (DNS rebinding).
    allowed_hosts: list[Annotated[str, AfterValidator(allowed_host)]] = []
    # Per client (app): sustained requests per second and burst, on the inference and routing
    # endpoints. 0 disables the limit.
    rate_limit_per_s: Annotated[float, Field(ge=0.0)] = 10.0
    rate_limit_burst: Annotated[float, Field(ge=1.0)] = 30.0
    # A larger request body is refused (413) before it is read; images travel as base64 inside it.
    max_body_bytes: Annotated[int, Field(ge=1024, le=1 << 30)] = 8 << 20
    # How long in-flight requests may take to finish on shutdown before they get an error.
    shutdown_grace_s: Annotated[float, Field(ge=0.0, le=600.0)] = 10.0


# Ollama's own address, so apps made for Ollama find IslandRun where they look by default.
OLLAMA_LISTEN = "127.0.0.1:11434"


class OllamaConfig(BaseModel):
    """The `[ollama]` table: Ollama's native API (`/api/chat`, `/api/generate`, `/api/tags` …) on a
    listener of its own, off unless asked for (`enabled = true`, or `islandrun serve --ollama`). It has
    the TCP listener's guards: loopback Host, the bearer token, the body and rate limits."""

    model_config = STRICT

    enabled: bool = False
    # HOST:PORT on loopback only (127.0.0.1, [::1] or localhost); port 0 = any free port (the one
    # bound is in daemon.json as `ollama_port`).
    listen: str = OLLAMA_LISTEN

    @property
    def host(self) -> str:
        host = self.listen.rsplit(":", 1)[0]
        return "127.0.0.1" if host == "localhost" else host.strip("[]")

    @property
    def port(self) -> int:
        return int(self.listen.rsplit(":", 1)[1])

    @field_validator("listen")
    @classmethod
    def _loopback(cls, listen: str) -> str:
        match = re.fullmatch(r"(127\.0\.0\.1|\[::1\]|localhost):([0-9]{1,5})", listen)
        if match is None or int(match[2]) > 65535:
            raise ValueError(
                f"{listen!r} is not HOST:PORT with HOST 127.0.0.1, [::1] or localhost and PORT 0-65535 "
                "(the Ollama API listens on loopback only)"
            )
        return listen
