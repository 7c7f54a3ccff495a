"""The `[server]` table: how the daemon listens (TCP port, socket, CORS, rate limits)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from ..config_types import STRICT

__all__ = ["DEFAULT_PORT", "ServerConfig"]

# Fixed so that apps can be pointed at http://127.0.0.1:47520/v1 once; 0 = any free port.
DEFAULT_PORT = 47520


class ServerConfig(BaseModel):
    model_config = STRICT

    port: Annotated[int, Field(ge=0, le=65535)] = DEFAULT_PORT
    unix_socket: bool = True
    # Browser origins allowed to call the API (e.g. "http://localhost:3000"); none by default.
    cors_origins: list[Annotated[str, Field(pattern=r"^https?://[^/\s]+$")]] = []
    # Per client (app): sustained requests per second and burst, on the inference and routing
    # endpoints. 0 disables the limit.
    rate_limit_per_s: Annotated[float, Field(ge=0.0)] = 10.0
    rate_limit_burst: Annotated[float, Field(ge=1.0)] = 30.0
    # A larger request body is refused (413) before it is read; images travel as base64 inside it.
    max_body_bytes: Annotated[int, Field(ge=1024, le=1 << 30)] = 8 << 20
    # How long in-flight requests may take to finish on shutdown before they get an error.
    shutdown_grace_s: Annotated[float, Field(ge=0.0, le=600.0)] = 10.0
