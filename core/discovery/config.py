"""The `[discovery]` table: the personal group over the LAN (mDNS, pairing, the peer listener).

Every field has a default that works with zero configuration. Example::

    [discovery]
    enabled = true              # advertise, browse, heartbeat paired peers, serve them
    name = "Study desktop"      # what other devices show; default: this computer's host name
    peer_port = 47521           # the mutual-TLS peer listener (on every interface)
    heartbeat_s = 5.0           # how often each paired peer is asked for its state
    down_after_s = 15.0         # no heartbeat for this long: the peer is down (not routable)
    interfaces = ["192.168.1.20"]   # IPv4 addresses mDNS uses; default: all
"""

from __future__ import annotations

import os
import socket
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from ..config_types import STRICT

__all__ = ["DEFAULT_PEER_PORT", "DiscoveryConfig"]

DEFAULT_PEER_PORT = 47521


class DiscoveryConfig(BaseModel):
    model_config = STRICT

    enabled: bool = True
    name: Annotated[str, Field(min_length=1, max_length=63)] | None = None
    peer_port: Annotated[int, Field(ge=0, le=65535)] = DEFAULT_PEER_PORT  # 0: any free port
    # The address the peer listener binds; peers reach it at the addresses mDNS advertises.
    bind: str = "0.0.0.0"  # noqa: S104 - the peer listener is for other devices; mutual TLS guards it
    heartbeat_s: Annotated[float, Field(ge=0.2, le=300.0)] = 5.0
    down_after_s: Annotated[float, Field(ge=0.5, le=3600.0)] = 15.0
    interfaces: list[Annotated[str, Field(pattern=r"^\d{1,3}(\.\d{1,3}){3}$")]] | None = None

    @model_validator(mode="after")
    def _window(self) -> DiscoveryConfig:
        if self.down_after_s < 2 * self.heartbeat_s:
            raise ValueError(
                f"down_after_s ({self.down_after_s:g}) must be at least twice heartbeat_s ({self.heartbeat_s:g}),"
                " or one late heartbeat marks a live peer down"
            )
        return self

    def active(self) -> bool:
        """``enabled``, unless ``$ISLANDRUN_DISCOVERY`` is ``0``/``off``/``false``/``no`` (for
        containers and test daemons that must not join the LAN or take the peer port)."""
        if os.environ.get("ISLANDRUN_DISCOVERY", "").strip().lower() in ("0", "off", "false", "no"):
            return False
        return self.enabled

    def device_name(self) -> str:
        return (self.name or socket.gethostname() or "IslandRun device")[:63]  # what heartbeats and TXT allow
