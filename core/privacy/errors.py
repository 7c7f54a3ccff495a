"""Errors MIST raises on purpose (all under :class:`IslandRunError`)."""

from __future__ import annotations

from ..errors import IslandRunError

__all__ = ["EgressBlockedError", "PrivacyError"]


class PrivacyError(IslandRunError):
    title = "Privacy error"


class EgressBlockedError(PrivacyError):
    """An original value from the conversation's vault was about to leave the device.

    ``kinds`` names the placeholder kinds of the values found (never the values themselves).
    """

    title = "Blocked: sensitive data would leave this device"

    def __init__(self, destination: str, kinds: list[str]) -> None:
        self.destination = destination
        self.kinds = kinds
        listed = ", ".join(kinds)
        super().__init__(
            f"the request to {destination} still contains {len(kinds)} value(s) that were replaced earlier in this "
            f"conversation ({listed}); it was not sent. Keep the request local, or remove those values and retry."
        )
