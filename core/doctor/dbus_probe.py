"""Small, bounded questions to the D-Bus session bus (through ``jeepney``, which ``keyring`` already
brings on Linux): is a name owned, can it be started on demand, call one method."""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any

from ..errors import IslandRunError

__all__ = ["NoSessionBusError", "SessionBus"]

_CALL_TIMEOUT_S = 2.0


class NoSessionBusError(IslandRunError):
    """There is no D-Bus session bus to ask (no desktop session, or a bare SSH/container shell)."""

    title = "No D-Bus session"


class SessionBus:
    """A blocking connection to the session bus; use as a context manager. Every call is time-bounded."""

    def __init__(self) -> None:
        address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        if not address:
            raise NoSessionBusError("$DBUS_SESSION_BUS_ADDRESS is not set: this shell is not in a desktop session")
        from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

        try:
            self._conn: Any = open_dbus_connection(bus="SESSION", auth_timeout=_CALL_TIMEOUT_S)
        except (OSError, ValueError, KeyError) as exc:
            raise NoSessionBusError(f"the session bus at {address} does not answer ({exc})") from None

    def __enter__(self) -> SessionBus:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._conn.close()

    def _bus_call(self, method: str, *args: str) -> Any:
        from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
        from jeepney.wrappers import unwrap_msg  # type: ignore[import-untyped]

        message = getattr(message_bus, method)(*args)
        return unwrap_msg(self._conn.send_and_get_reply(message, timeout=_CALL_TIMEOUT_S))

    def has_owner(self, name: str) -> bool:
        return bool(self._bus_call("NameHasOwner", name)[0])

    def activatable(self, name: str) -> bool:
        return name in self._bus_call("ListActivatableNames")[0]

    def call(self, name: str, path: str, interface: str, method: str) -> tuple[Any, ...]:
        """Call a method without arguments on ``name``; returns the reply's body."""
        from jeepney import DBusAddress, new_method_call  # type: ignore[import-untyped]
        from jeepney.wrappers import unwrap_msg

        message = new_method_call(DBusAddress(path, bus_name=name, interface=interface), method)
        return tuple(unwrap_msg(self._conn.send_and_get_reply(message, timeout=_CALL_TIMEOUT_S)))
