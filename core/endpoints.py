"""Island endpoints are checked where they enter (config file, API, tray), not when a request
is routed: only ``http``/``https`` URLs with a host, nothing that could split an HTTP request
(CR, LF, other control characters, spaces), no credentials in the URL (keys live in the
keyring), and no link-local or cloud-metadata address — the classic way to make a server fetch
its own instance credentials — unless the island says ``allow_link_local = true``."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["METADATA_HOSTS", "check_endpoint"]

# Names and addresses of cloud instance-metadata services (AWS, GCP, Azure, Alibaba, Oracle, ...).
METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "169.254.169.254",
        "169.254.170.2",
        "100.100.100.200",
        "fd00:ec2::254",
    }
)


def check_endpoint(url: str, *, allow_link_local: bool = False) -> str:
    """``url`` if it is an acceptable island endpoint; otherwise ``ValueError`` saying why."""
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in url):
        raise ValueError("the endpoint may not contain spaces, line breaks or control characters")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"the endpoint must be an http:// or https:// URL (got {parts.scheme or 'no'} scheme)")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as exc:
        raise ValueError(f"the endpoint's host or port is malformed: {exc}") from None
    if not host:
        raise ValueError("the endpoint has no host")
    if parts.username is not None or parts.password is not None:
        raise ValueError("credentials do not belong in the endpoint URL; store the key with `islandrun keys set`")
    if allow_link_local:
        return url
    if host.rstrip(".").lower() in METADATA_HOSTS:
        raise ValueError(
            f"{host} is a cloud metadata service; set allow_link_local = true on the island if you really mean it"
        )
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return url
    if address.is_link_local or (address.version == 6 and address.ipv4_mapped and address.ipv4_mapped.is_link_local):
        raise ValueError(
            f"{host} is a link-local address (instance metadata lives there); "
            "set allow_link_local = true on the island if you really mean it"
        )
    return url
