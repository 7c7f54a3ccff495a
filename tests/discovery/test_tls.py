"""Mutual TLS between devices: real TLS 1.3 handshakes on loopback with pinned certificates."""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from islandrun.core.discovery.errors import PeerTLSError
from islandrun.core.discovery.identity import DeviceIdentity, load_or_create_identity
from islandrun.core.discovery.pairing import PairedDevices
from islandrun.core.discovery.tls import check_peer, client_context, peer_device_id, server_context


class Listener:
    """A peer listener as the daemon would run it: TLS server + allow-list check, answers 'ok'."""

    def __init__(self, identity: DeviceIdentity, paired: PairedDevices) -> None:
        self.identity = identity
        self.paired = paired
        self.accepted: list[str] = []
        self.refused: list[str] = []
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        ctx = server_context(self.identity, [d.certificate_pem for d in self.paired.devices()])
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=ctx)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            ssl_object = writer.get_extra_info("ssl_object")
            device_id = check_peer(ssl_object, [d.device_id for d in self.paired.devices()])
        except PeerTLSError as exc:
            self.refused.append(exc.message)
            writer.close()
            return
        self.accepted.append(device_id)
        await reader.readline()
        writer.write(b"ok\n")
        await writer.drain()
        writer.close()


async def call(listener: Listener, ctx: ssl.SSLContext | None) -> tuple[bytes, str]:
    """Connect, send one line, read the answer; returns (answer, server device id)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", listener.port, ssl=ctx)
    try:
        server_id = peer_device_id(writer.get_extra_info("ssl_object")) if ctx is not None else ""
        writer.write(b"hello\n")
        await writer.drain()
        async with asyncio.timeout(5):
            answer = await reader.readline()
    finally:
        writer.close()
    return answer, server_id


async def is_refused(listener: Listener, ctx: ssl.SSLContext) -> bool:
    """True when the server refused: a TLS error, or (TLS 1.3 reports the server's rejection on the
    client's first read) the connection closed without an answer."""
    try:
        answer, _ = await call(listener, ctx)
    except (ssl.SSLError, ConnectionError):
        return True
    return answer == b""


@pytest.fixture
def devices(tmp_path: Path) -> dict[str, DeviceIdentity]:
    return {name: load_or_create_identity(tmp_path / name) for name in ("laptop", "desktop", "stranger")}


@pytest.fixture
async def desktop_listener(tmp_path: Path, devices: dict[str, DeviceIdentity]) -> AsyncIterator[Listener]:
    """The desktop paired with the laptop (and only the laptop)."""
    paired = PairedDevices(tmp_path / "desktop-peers.json")
    paired.add(devices["laptop"].certificate_pem.decode(), "Laptop")
    listener = Listener(devices["desktop"], paired)
    await listener.start()
    yield listener
    assert listener.server is not None
    listener.server.close()
    await listener.server.wait_closed()


async def test_paired_peer_handshake_succeeds_both_sides_pinned(
    desktop_listener: Listener, devices: dict[str, DeviceIdentity]
) -> None:
    laptop, desktop = devices["laptop"], devices["desktop"]
    ctx = client_context(laptop, desktop.certificate_pem.decode())
    answer, server_id = await call(desktop_listener, ctx)
    assert answer == b"ok\n"
    assert server_id == desktop.device_id
    assert desktop_listener.accepted == [laptop.device_id]


async def test_unpaired_client_is_refused(desktop_listener: Listener, devices: dict[str, DeviceIdentity]) -> None:
    ctx = client_context(devices["stranger"], devices["desktop"].certificate_pem.decode())
    assert await is_refused(desktop_listener, ctx)
    assert desktop_listener.accepted == []


async def test_client_without_certificate_is_refused(
    desktop_listener: Listener, devices: dict[str, DeviceIdentity]
) -> None:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.load_verify_locations(cadata=devices["desktop"].certificate_pem.decode())
    assert await is_refused(desktop_listener, ctx)
    assert desktop_listener.accepted == []


async def test_client_refuses_a_server_that_is_not_the_pinned_peer(
    desktop_listener: Listener, devices: dict[str, DeviceIdentity]
) -> None:
    """The laptop expects the stranger's certificate; the desktop answers: verification fails."""
    ctx = client_context(devices["laptop"], devices["stranger"].certificate_pem.decode())
    with pytest.raises(ssl.SSLCertVerificationError):
        await call(desktop_listener, ctx)
    assert desktop_listener.accepted == []


async def test_certificate_issued_by_a_paired_device_is_not_accepted(
    desktop_listener: Listener, devices: dict[str, DeviceIdentity], tmp_path: Path
) -> None:
    """The laptop's key signs a second certificate: OpenSSL accepts the chain (the laptop's
    certificate is a trust anchor), the fingerprint pin does not."""
    laptop = devices["laptop"]
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    forged = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forged")]))
        .issuer_name(laptop.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(laptop.private_key.public_key()), critical=False
        )
        .sign(laptop.private_key, hashes.SHA256())
    )
    chain = tmp_path / "forged.pem"
    chain.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        + forged.public_bytes(serialization.Encoding.PEM)
    )
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.load_cert_chain(chain)
    ctx.load_verify_locations(cadata=devices["desktop"].certificate_pem.decode())
    assert await is_refused(desktop_listener, ctx)
    assert desktop_listener.accepted == []
    assert len(desktop_listener.refused) == 1
    assert "not paired" in desktop_listener.refused[0]


async def test_listener_with_no_paired_devices_refuses_everyone(
    tmp_path: Path, devices: dict[str, DeviceIdentity]
) -> None:
    listener = Listener(devices["desktop"], PairedDevices(tmp_path / "empty.json"))
    await listener.start()
    try:
        ctx = client_context(devices["laptop"], devices["desktop"].certificate_pem.decode())
        assert await is_refused(listener, ctx)
        assert listener.accepted == []
    finally:
        assert listener.server is not None
        listener.server.close()
        await listener.server.wait_closed()
