"""One device for the network-namespace test: advertise, browse, print events as JSON lines.

Run inside a namespace: ``python netns_peer.py --name A --ip 10.x.y.1 --port 4443 --wait-peer-gone``.
Exits when the first peer appeared and either ``--linger`` seconds passed (then it withdraws its
advert) or, with ``--wait-peer-gone``, the peer disappeared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys

from islandrun.core.discovery.mdns import MdnsDiscovery, PeerAdvert


def emit(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", required=True)
    parser.add_argument("--ip", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--linger", type=float, default=0.0)
    parser.add_argument("--wait-peer-gone", action="store_true")
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()
    appeared, gone = asyncio.Event(), asyncio.Event()
    loop = asyncio.get_running_loop()
    began = loop.time()

    def on_appear(advert: PeerAdvert) -> None:
        emit(
            "appeared",
            name=advert.name,
            device_id=advert.device_id,
            addresses=list(advert.addresses),
            port=advert.peer_port,
            after_s=round(loop.time() - began, 3),
        )
        appeared.set()

    def on_disappear(advert: PeerAdvert) -> None:
        emit("disappeared", name=advert.name, after_s=round(loop.time() - began, 3))
        gone.set()

    device_id = secrets.token_hex(32)
    discovery = MdnsDiscovery(
        device_id=device_id,
        name=args.name,
        peer_port=args.port,
        on_appear=on_appear,
        on_disappear=on_disappear,
        interfaces=[args.ip],
    )
    emit("started", device_id=device_id)
    await discovery.start()
    try:
        async with asyncio.timeout(args.timeout):
            await appeared.wait()
            if args.wait_peer_gone:
                await gone.wait()
            else:
                await asyncio.sleep(args.linger)
    except TimeoutError:
        emit("timeout")
        return 1
    finally:
        await discovery.close()
        emit("closed")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
