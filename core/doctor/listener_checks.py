"""Can the daemon listen? The configured TCP port on 127.0.0.1 and the Unix socket path must be
free, or already be this user's running IslandRun daemon (that is "ok, running", not a failure)."""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

import httpx
import psutil

from ..daemon.instance import DaemonInfo, read_info, read_token, socket_file
from ..errors import IslandRunError
from .context import DoctorContext
from .result import Check, CheckResult, Status

__all__ = ["PORT_CHECK", "SOCKET_CHECK", "check_port", "check_socket", "port_holder"]

_PROBE_TIMEOUT_S = 1.5


def _daemon_answers(client: httpx.Client) -> bool:
    try:
        response = client.get("/api/health")
        return response.status_code == 200 and response.json().get("status") == "ok"
    except (httpx.HTTPError, ValueError):
        return False


def _running_on_port(port: int) -> DaemonInfo | None:
    info = read_info()
    if info is None or info.port != port:
        return None
    try:
        headers = {"Authorization": f"Bearer {read_token()}"}
    except IslandRunError:
        headers = {}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=_PROBE_TIMEOUT_S) as client:
        return info if _daemon_answers(client) else None


def port_holder(port: int) -> str | None:
    """``name (pid N)`` of the process listening on ``port``, when the OS lets us see it."""
    try:
        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid:
                return f"{psutil.Process(conn.pid).name()} (pid {conn.pid})"
    except (psutil.Error, OSError):
        return None
    return None


def check_port(context: DoctorContext) -> CheckResult:
    port = context.config.server.port
    if port == 0:
        return CheckResult("port", Status.OK, "[server] port = 0: the daemon takes any free port")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the daemon binds
        try:
            probe.bind(("127.0.0.1", port))
            return CheckResult("port", Status.OK, f"127.0.0.1:{port} is free")
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            problem = "in use" if exc.errno == errno.EADDRINUSE else "not allowed for this user"
    running = _running_on_port(port)
    if running is not None:
        return CheckResult(
            "port", Status.OK, f"ok, running: IslandRun {running.version} (pid {running.pid}) serves 127.0.0.1:{port}"
        )
    holder = port_holder(port)
    by = f" by {holder}" if holder else ""
    return CheckResult(
        "port",
        Status.FAIL,
        f"127.0.0.1:{port} is {problem}{by}: `islandrun serve` cannot listen there",
        fix=f"stop that program (`ss -ltnp 'sport = :{port}'` shows it), or set another port: "
        f"[server] port = {port + 1 if port < 65535 else 47521} in {context.config_path} "
        "(or `islandrun serve --port 0`)",
    )


def _socket_answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(_PROBE_TIMEOUT_S)
        try:
            probe.connect(str(path))
            return True
        except OSError:
            return False


def check_socket(context: DoctorContext) -> CheckResult:
    if not context.config.server.unix_socket or sys.platform == "win32":
        return CheckResult("socket", Status.OK, "the Unix socket is switched off: TCP with the token only")
    path = socket_file()
    if not path.exists():
        if not path.parent.exists() or not hasattr(os, "getuid") or path.parent.stat().st_uid == os.getuid():
            return CheckResult("socket", Status.OK, f"{path} is free")
        return CheckResult(
            "socket",
            Status.FAIL,
            f"{path.parent} belongs to another user: the daemon cannot create its socket there",
            fix=f"set $ISLANDRUN_RUNTIME_DIR to a folder you own, or remove {path.parent}",
        )
    if not _socket_answers(path):
        return CheckResult(
            "socket",
            Status.OK,
            f"{path} is a leftover of a daemon that did not exit cleanly; the next start replaces it",
        )
    info = read_info()
    if info is not None and info.socket == str(path):
        transport = httpx.HTTPTransport(uds=str(path))
        with httpx.Client(transport=transport, base_url="http://localhost", timeout=_PROBE_TIMEOUT_S) as client:
            if _daemon_answers(client):
                return CheckResult(
                    "socket", Status.OK, f"ok, running: IslandRun {info.version} (pid {info.pid}) answers on {path}"
                )
    return CheckResult(
        "socket",
        Status.FAIL,
        f"something that is not an answering IslandRun daemon listens on {path}",
        fix=f"stop it (`ss -lxp | grep {path.name}` shows it), "
        f"or set [server] unix_socket = false in {context.config_path}",
    )


SOCKET_CHECK = Check("socket", "Unix socket", check_socket)
PORT_CHECK = Check("port", "API port", check_port)
