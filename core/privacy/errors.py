"""Errors MIST raises on purpose (all under :class:`IslandRunError`)."""

from __future__ import annotations

from ..errors import IslandRunError

__all__ = ["EgressBlockedError", "PrivacyError", "RequestTooLargeError", "UnsanitizableContentError"]


class PrivacyError(IslandRunError):
    title = "Privacy error"


class EgressBlockedError(PrivacyError):
    """An original value from the conversation's vault was about to leave the device.

    ``kinds`` names the placeholder kinds of the values found (never the values themselves);
    ``spans`` says where, for the local user who wrote them: ``(field, start, end, kind)`` with
    character offsets into that field of the request as it would have left.
    """

    title = "Blocked: sensitive data would leave this device"

    def __init__(
        self, destination: str, kinds: list[str], spans: list[tuple[str, int, int, str]] | None = None
    ) -> None:
        self.destination = destination
        self.kinds = kinds
        self.spans = spans or []
        listed = ", ".join(kinds)
        where = "; ".join(f"{field} characters {start}-{end} ({kind})" for field, start, end, kind in self.spans[:5])
        super().__init__(
            f"the request to {destination} still contains {len(kinds)} kind(s) of value that could not be replaced "
            f"({listed})" + (f" at {where}" if where else "") + "; it was not sent. Keep the request local, or "
            "remove or reword those values and retry."
        )


class UnsanitizableContentError(PrivacyError):
    """The request carries content MIST cannot read (images, audio, files) and the island needs it sanitised."""

    title = "Content cannot be sanitised"

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts
        listed = ", ".join(parts[:5]) + (f" and {len(parts) - 5} more" if len(parts) > 5 else "")
        super().__init__(
            f"the request carries content that cannot be sanitised ({listed}); it may go only to an island that "
            "needs no sanitising (this device, your own devices), unless [privacy] send_unsanitizable = true "
            "says otherwise. Nothing was sent."
        )


class RequestTooLargeError(PrivacyError):
    """More text than MIST screens in one request (``[privacy] max_request_chars``): HTTP 413."""

    title = "Request too large"

    def __init__(self, chars: int, limit: int) -> None:
        self.chars = chars
        self.limit = limit
        super().__init__(
            f"the request holds {chars:,} characters of text; at most {limit:,} are screened for sensitive data "
            "per request ([privacy] max_request_chars). Nothing was sent."
        )
