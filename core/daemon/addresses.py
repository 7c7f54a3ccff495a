"""What the ``[server]`` table may say about where the API listens and who may call it.

- a listen address (``extra_listen``): an IP literal and a port, ``0.0.0.0:47521`` (every
  interface), ``192.168.1.20:47521``, ``[::]:47521``. Host names are refused: what a name resolves
  to can change under the daemon, and an address is what the user means to expose;
- an allowed Host name (``allowed_hosts``): a DNS name (``host.docker.internal``, ``mypc.local``)
  or an IP literal, without scheme or port. No wildcards: a name not listed is what the DNS
  rebinding defence refuses;
- a CORS origin (``cors_origins``): ``scheme://host[:port]`` with any scheme (``app://obsidian.md``,
  ``chrome-extension://<id>``, ``moz-extension://<uuid>``, ``tauri://localhost``), exactly as
  browsers send it in ``Origin``: lower case, no path, no default port. ``*`` and ``null`` are
  refused (why in :func:`cors_origin`).

Each check returns the canonical form or raises :class:`ValueError` with a message that says what
to write instead (pydantic puts the key in front of it).
"""

from __future__ import annotations

import ipaddress
import re

__all__ = ["allowed_host", "cors_origin", "is_loopback", "listen_address", "split_listen"]

_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_DNS_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_ORIGIN = re.compile(
    r"(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<host>\[[0-9a-f:.]+\]|[^/?#\s:@\[\]]+)(?::(?P<port>\d{1,5}))?"
)
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_LISTEN_EXAMPLE = (
    'write an IP address and a port, e.g. "0.0.0.0:47521" (every interface), "172.17.0.1:47521" or "[::]:47521"'
)


def split_listen(text: str) -> tuple[str, int]:
    """``"0.0.0.0:47521"`` → ``("0.0.0.0", 47521)``; ``"[::]:47521"`` → ``("::", 47521)``."""
    example = _LISTEN_EXAMPLE
    host, sep, port = text.strip().rpartition(":")
    if not sep or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"{text!r} is not an address to listen on: the port must be 1-65535; {example}")
    bracketed = host.startswith("[") and host.endswith("]")
    try:
        ip = ipaddress.ip_address(host[1:-1] if bracketed else host)
    except ValueError:
        raise ValueError(f"{text!r} is not an address to listen on ({host!r} is not an IP); {example}") from None
    if (ip.version == 6) != bracketed:
        raise ValueError(f"{text!r} is not an address to listen on (an IPv6 address goes in brackets); {example}")
    return str(ip), int(port)


def listen_address(text: str) -> str:
    host, port = split_listen(text)
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def is_loopback(host: str) -> bool:
    """True when only this machine can reach ``host`` (an IP literal, as :func:`split_listen` gives)."""
    return ipaddress.ip_address(host.strip("[]")).is_loopback


def allowed_host(text: str) -> str:
    """A Host name the extra listeners answer to, as :func:`.security.host_name` gives it."""
    name = text.strip().lower().removesuffix(".")
    try:
        ip = ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        ip = None
    if ip is not None:
        return f"[{ip}]" if ip.version == 6 else str(ip)
    if "*" in name:
        raise ValueError(
            f"{text!r}: wildcards are not allowed; list each name apps use (a name not listed is refused, "
            "so that a web page cannot reach IslandRun by pointing its own DNS name at this machine)"
        )
    if len(name) > 253 or not _DNS_NAME.fullmatch(name):
        raise ValueError(
            f"{text!r} is not a host name: write the name or IP address apps put in the URL, without "
            'scheme or port, e.g. "host.docker.internal", "mypc.local" or "192.168.1.20"'
        )
    return name


def cors_origin(text: str) -> str:
    """A browser origin to grant CORS, in the form browsers send it."""
    origin = text.strip().lower()
    if origin == "*":
        raise ValueError(
            '"*" is not allowed: every request still needs the token, but a wildcard would let any web page '
            "you open send requests to IslandRun from your browser and try tokens; list each app's origin "
            'instead, e.g. "app://obsidian.md" or "chrome-extension://<extension id>"'
        )
    if origin == "null":
        raise ValueError(
            '"null" is not allowed: browsers send it for local files and sandboxed frames of any web site, '
            "so it would grant every one of them; serve the app from an origin of its own (e.g. http://localhost:3000)"
        )
    match = _ORIGIN.fullmatch(origin)
    if match is None:
        prefix = _ORIGIN.match(origin)
        if prefix is not None and origin[prefix.end() :].startswith(("/", "?", "#")):
            raise ValueError(f"{text!r}: an origin has no path; write {prefix.group(0)!r}")
        raise ValueError(
            f"{text!r} is not an origin: write scheme://host[:port] as the browser sends it, e.g. "
            '"http://localhost:3000", "app://obsidian.md" or "chrome-extension://<extension id>"'
        )
    scheme, host, port = match.group("scheme", "host", "port")
    if port is not None and (not 1 <= int(port) <= 65535):
        raise ValueError(f"{text!r}: the port must be 1-65535")
    if port is None or _DEFAULT_PORTS.get(scheme) == str(int(port)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{int(port)}"
