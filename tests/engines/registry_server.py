"""A local HTTP server with the parts of the Hugging Face file API and the Ollama registry that
``models pull`` uses. No server outside this machine is reachable where these tests run, so
this stands in for huggingface.co and registry.ollama.ai; it follows their published behaviour:

- HF ``GET /api/models/{org}/{repo}/tree/main`` (files with size and LFS oid/size);
  ``HEAD|GET /{org}/{repo}/resolve/main/{file}`` answers 302 to a CDN URL with ``X-Linked-Etag``
  (the LFS SHA-256, quoted) and ``X-Linked-Size``; 401 with ``X-Error-Code: GatedRepo`` for a
  gated repository without the right token; 404 ``RepoNotFound`` / ``EntryNotFound``.
- Ollama ``GET /v2/{ns}/{model}/manifests/{tag}`` (a v2 manifest with a model layer) and
  ``GET /v2/{ns}/{model}/blobs/sha256:{hex}``, which redirects (307) to the CDN.
- The CDN ``GET /cdn/{hex}`` honours ``Range: bytes=N-`` with 206, and can cut the connection
  after a number of bytes (``cut_after``), or drip slowly (``delay_s`` per 64 KiB).
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def tiny_gguf(extra_bytes: int) -> bytes:
    """A valid GGUF v3 header (one metadata key, one f32 tensor) followed by ``extra_bytes`` of data."""

    def string(text: str) -> bytes:
        raw = text.encode()
        return struct.pack("<Q", len(raw)) + raw

    header = (
        b"GGUF" + struct.pack("<IQQ", 3, 1, 1) + string("general.architecture") + struct.pack("<I", 8) + string("llama")
    )
    header += string("weights") + struct.pack("<IQIQ", 1, extra_bytes // 4, 0, 0)  # one f32 tensor at offset 0
    header += b"\0" * (-len(header) % 32)
    filler = hashlib.sha256(b"seed").digest() * (extra_bytes // 32 + 1)
    return header + filler[:extra_bytes]


@dataclass
class Blob:
    data: bytes
    published_sha: str = ""  # what the registry claims (defaults to the real one)

    def __post_init__(self) -> None:
        self.sha = hashlib.sha256(self.data).hexdigest()
        self.published_sha = self.published_sha or self.sha


@dataclass
class Registry:
    hf: dict[str, dict[str, Blob]] = field(default_factory=dict)  # repo -> file -> blob
    gated: dict[str, str] = field(default_factory=dict)  # repo -> the token that opens it
    ollama: dict[str, Blob] = field(default_factory=dict)  # "library/model:tag" -> blob
    cut_after: int | None = None  # cut the next CDN response after this many bytes (once)
    delay_s: float = 0.0
    ranges: list[str] = field(default_factory=list)  # Range headers the CDN saw
    requests: list[str] = field(default_factory=list)

    def blob(self, sha: str) -> Blob | None:
        for files in self.hf.values():
            for blob in files.values():
                if blob.sha == sha:
                    return blob
        return next((b for b in self.ollama.values() if b.sha == sha), None)


class _Handler(BaseHTTPRequestHandler):
    registry: Registry
    protocol_version = "HTTP/1.1"

    def log_message(self, *_: Any) -> None:
        pass

    def _send(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, value: Any) -> None:
        self._send(200, json.dumps(value).encode(), {"Content-Type": "application/json"})

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        reg = self.registry
        reg.requests.append(f"{self.command} {self.path}")
        path = self.path.split("?", 1)[0]
        if m := re.fullmatch(r"/api/models/([^/]+/[^/]+)/tree/main", path):
            if self._gated(m.group(1)):
                return
            files = reg.hf.get(m.group(1))
            if files is None:
                return self._send(404, b'{"error":"Repository not found"}', {"X-Error-Code": "RepoNotFound"})
            return self._json(
                [
                    {
                        "type": "file",
                        "path": name,
                        "size": len(b.data),
                        "lfs": {"oid": b.published_sha, "size": len(b.data)},
                    }
                    for name, b in files.items()
                ]
            )
        if m := re.fullmatch(r"/([^/]+/[^/]+)/resolve/main/(.+)", path):
            if self._gated(m.group(1)):
                return
            blob = reg.hf.get(m.group(1), {}).get(m.group(2))
            if blob is None:
                return self._send(404, b"Entry not found", {"X-Error-Code": "EntryNotFound"})
            return self._send(
                302,
                headers={
                    "Location": f"/cdn/{blob.sha}",
                    "X-Linked-Etag": f'"{blob.published_sha}"',
                    "X-Linked-Size": str(len(blob.data)),
                    "ETag": '"0123abcd"',
                },
            )
        if m := re.fullmatch(r"/v2/([^/]+/[^/]+)/manifests/([^/]+)", path):
            blob = reg.ollama.get(f"{m.group(1)}:{m.group(2)}")
            if blob is None:
                return self._send(404, b'{"errors":[{"code":"MANIFEST_UNKNOWN"}]}')
            layers = [
                {
                    "mediaType": "application/vnd.ollama.image.model",
                    "digest": f"sha256:{blob.published_sha}",
                    "size": len(blob.data),
                },
                {"mediaType": "application/vnd.ollama.image.license", "digest": "sha256:" + "0" * 64, "size": 10},
            ]
            return self._json({"schemaVersion": 2, "layers": layers})
        if m := re.fullmatch(r"/v2/[^/]+/[^/]+/blobs/sha256:([0-9a-f]{64})", path):
            real = next((b.sha for b in reg.ollama.values() if b.published_sha == m.group(1)), None)
            return self._send(307, headers={"Location": f"/cdn/{real}"}) if real else self._send(404)
        if m := re.fullmatch(r"/cdn/([0-9a-f]{64})", path):
            blob = reg.blob(m.group(1))
            if blob is None:
                return self._send(404)
            return self._cdn(blob.data)
        self._send(404)

    def _gated(self, repo: str) -> bool:
        token = self.registry.gated.get(repo)
        if token is None or self.headers.get("Authorization") == f"Bearer {token}":
            return False
        self._send(401, b"Access to this model is restricted", {"X-Error-Code": "GatedRepo"})
        return True

    def _cdn(self, data: bytes) -> None:
        reg = self.registry
        start = 0
        ranged = self.headers.get("Range")
        if ranged:
            reg.ranges.append(ranged)
            start = int(re.fullmatch(r"bytes=(\d+)-", ranged).group(1))  # type: ignore[union-attr]
        body = data[start:]
        self.send_response(206 if ranged else 200)
        if ranged:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if self.command == "HEAD":
            return
        cut, reg.cut_after = reg.cut_after, None
        limit = len(body) if cut is None else min(cut, len(body))
        for i in range(0, limit, 65536):
            self.wfile.write(body[i : min(i + 65536, limit)])
            if reg.delay_s:
                time.sleep(reg.delay_s)
        if cut is not None:
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)  # the connection drops mid-body


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up mid-body (the cancellation tests) is expected, not an error."""


class RegistryServer:
    def __init__(self, registry: Registry) -> None:
        handler = type("Handler", (_Handler,), {"registry": registry})
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> RegistryServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
