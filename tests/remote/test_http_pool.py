"""The remote client's pool: keep-alive connections are reused, and one the server closed is not; TLS
works and network failures arrive as httpx's errors for each phase."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import socket
import ssl
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from islandrun.core.remote import http_pool

REPLY = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


async def _serve(close_after_reply: bool, together: int = 1) -> tuple[asyncio.Server, list[int]]:
    """A keep-alive HTTP/1.1 server that counts connections; it may hang up after each reply
    without saying so (no ``Connection: close``), as servers do when their idle timeout runs out.
    It answers requests in groups of ``together``, once all of a group have arrived."""
    opened: list[int] = []
    arrived = [0]
    groups = [asyncio.Event()]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        opened.append(1)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ),
                    0,
                )
                await reader.readexactly(length)
                group = groups[-1]
                arrived[0] += 1
                if arrived[0] % together == 0:
                    groups.append(asyncio.Event())
                    group.set()
                await group.wait()
                writer.write(REPLY)
                await writer.drain()
                if close_after_reply:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, opened


@pytest.mark.parametrize("close_after_reply", [False, True])
def test_idle_connections_are_reused_unless_the_server_closed_them(close_after_reply: bool) -> None:
    async def run() -> list[int]:
        server, opened = await _serve(close_after_reply)
        port = server.sockets[0].getsockname()[1]
        async with server, http_pool.remote_client() as client:
            for _ in range(3):
                response = await client.post(f"http://127.0.0.1:{port}/v1/chat/completions", json={"n": 1})
                assert response.status_code == 200 and response.json() == {}
                await asyncio.sleep(0.05)  # the server's hang-up reaches the client's socket
        return opened

    opened = asyncio.run(run())
    assert len(opened) == (3 if close_after_reply else 1)


def test_concurrent_requests_keep_their_connections_alive() -> None:
    """32 at once (the server answers when all 32 are in), twice: the second round reuses the first
    round's connections (httpx's default keeps only 20 alive, so 12 would be opened again)."""

    async def run() -> list[int]:
        server, opened = await _serve(False, together=32)
        port = server.sockets[0].getsockname()[1]
        async with server, http_pool.remote_client() as client:
            for _ in range(2):
                url = f"http://127.0.0.1:{port}/"
                replies = await asyncio.gather(*(client.post(url, json={"i": i}) for i in range(32)))
                assert all(r.status_code == 200 for r in replies)
        return opened

    assert len(asyncio.run(run())) == 32


def _self_signed(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context for 127.0.0.1 with a fresh self-signed certificate, and a client context trusting it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_file, key_file)
    return server, ssl.create_default_context(cafile=str(cert_file))


def test_https_replies_arrive_and_the_connection_is_kept(tmp_path: Path) -> None:
    """Over TLS (an https island): the certificate is checked, the reply read, and the idle
    connection found alive and reused for the next request."""
    server_ctx, client_ctx = _self_signed(tmp_path)

    async def run() -> list[int]:
        opened: list[int] = []

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            opened.append(1)
            with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
                while True:
                    head = await reader.readuntil(b"\r\n\r\n")
                    length = next(
                        int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")
                    )
                    await reader.readexactly(length)
                    writer.write(REPLY)
                    await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=server_ctx)
        port = server.sockets[0].getsockname()[1]
        async with server, http_pool.remote_client(verify=client_ctx) as client:
            for _ in range(3):
                response = await client.post(f"https://127.0.0.1:{port}/v1/chat/completions", json={"n": 1})
                assert response.status_code == 200 and response.json() == {}
            async with http_pool.remote_client() as untrusting:  # the system's roots do not know this certificate
                with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                    await untrusting.post(f"https://127.0.0.1:{port}/", json={})
        return opened

    assert len(asyncio.run(run())) == 1  # one connection for the three requests (the refused handshake never got in)


def test_network_failures_are_httpx_errors_by_phase() -> None:
    """Nothing listening: ConnectError; a server that never answers: ReadTimeout; one that hangs up
    before answering: an httpx transport error (the dispatcher retries and names each of these)."""

    async def run() -> None:
        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read(1 << 16)
            await asyncio.sleep(30)

        async def hangs_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read(1 << 16)
            writer.close()

        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        free = closed.getsockname()[1]
        closed.close()
        quiet = await asyncio.start_server(silent, "127.0.0.1", 0)
        rude = await asyncio.start_server(hangs_up, "127.0.0.1", 0)
        async with quiet, rude, http_pool.remote_client() as client:
            with pytest.raises(httpx.ConnectError):
                await client.post(f"http://127.0.0.1:{free}/", json={})
            with pytest.raises(httpx.ReadTimeout):
                await client.post(f"http://127.0.0.1:{quiet.sockets[0].getsockname()[1]}/", json={}, timeout=0.2)
            with pytest.raises(httpx.TransportError):
                await client.post(f"http://127.0.0.1:{rude.sockets[0].getsockname()[1]}/", json={})

    asyncio.run(run())
