"""The remote client's pool: keep-alive connections are reused, and one the server closed is not."""

from __future__ import annotations

import asyncio

import pytest

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
