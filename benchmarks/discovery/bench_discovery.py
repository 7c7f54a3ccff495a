"""LIGHTHOUSE timings on loopback: discovery, withdrawal, and one mutual-TLS handshake.

    .venv/bin/python benchmarks/discovery/bench_discovery.py --runs 10

Discovery: device A is running; the clock starts when B's ``start()`` is called and stops when
A's ``on_appear`` fires (B's start includes zeroconf's conflict probe). Withdrawal: from B's
``close()`` to A's ``on_disappear``. TLS: a full TLS 1.3 mutual handshake with pinned
certificates plus one line each way, sequential, fresh connection each time.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from islandrun.core.discovery.identity import load_or_create_identity
from islandrun.core.discovery.mdns import MdnsDiscovery, PeerAdvert
from islandrun.core.discovery.tls import check_peer, client_context, server_context


async def one_discovery(port: int) -> tuple[float, float, float]:
    appeared: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    gone: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    b_id = secrets.token_hex(32)  # other processes may advertise on loopback too: watch for B only

    def on_appear(advert: PeerAdvert) -> None:
        if advert.device_id == b_id and not appeared.done():
            appeared.set_result(time.perf_counter())

    def on_disappear(advert: PeerAdvert) -> None:
        if advert.device_id == b_id and not gone.done():
            gone.set_result(time.perf_counter())

    a = MdnsDiscovery(
        device_id=secrets.token_hex(32), name="A", peer_port=port, on_appear=on_appear,
        on_disappear=on_disappear, interfaces=["127.0.0.1"], advertise=False,
    )  # fmt: skip
    b = MdnsDiscovery(
        device_id=b_id, name="B", peer_port=port + 1, on_appear=lambda _: None,
        on_disappear=lambda _: None, interfaces=["127.0.0.1"],
    )  # fmt: skip
    await a.start()
    try:
        t0 = time.perf_counter()
        await b.start()
        started = time.perf_counter() - t0
        seen = await asyncio.wait_for(appeared, 15) - t0
        t1 = time.perf_counter()
        await b.close()
        withdrawn = await asyncio.wait_for(gone, 15) - t1
    finally:
        await b.close()
        await a.close()
    return started, seen, withdrawn


async def tls_handshakes(runs: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        laptop = load_or_create_identity(Path(tmp) / "laptop")
        desktop = load_or_create_identity(Path(tmp) / "desktop")

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            check_peer(writer.get_extra_info("ssl_object"), [laptop.device_id])
            await reader.readline()
            writer.write(b"ok\n")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(
            handle, "127.0.0.1", 0, ssl=server_context(desktop, [laptop.certificate_pem.decode()])
        )
        port = server.sockets[0].getsockname()[1]
        ctx = client_context(laptop, desktop.certificate_pem.decode())
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=ctx)
            check_peer(writer.get_extra_info("ssl_object"), [desktop.device_id])
            writer.write(b"hi\n")
            await writer.drain()
            assert await reader.readline() == b"ok\n"
            times.append(time.perf_counter() - t0)
            writer.close()
        server.close()
        await server.wait_closed()
    return times


def summary(values: list[float], scale: float = 1.0) -> str:
    v = sorted(x * scale for x in values)
    return f"median {statistics.median(v):.3f}, min {v[0]:.3f}, max {v[-1]:.3f}"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    starts, seens, gones = [], [], []
    for i in range(args.runs):
        started, seen, withdrawn = await one_discovery(47100 + 2 * i)
        starts.append(started)
        seens.append(seen)
        gones.append(withdrawn)
    print(f"start() incl. probe, s:          {summary(starts)}  (n={args.runs})")
    print(f"discovery (B start -> A sees), s: {summary(seens)}")
    print(f"withdrawal (B close -> A gone), ms: {summary(gones, 1000)}")
    handshakes = await tls_handshakes(max(50, args.runs))
    print(f"mutual TLS connect+round trip, ms: {summary(handshakes, 1000)}  (n={len(handshakes)})")


if __name__ == "__main__":
    asyncio.run(main())
