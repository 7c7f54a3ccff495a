"""A stand-in for a cloud API inside a network namespace, recording every request it receives.

No real cloud API can be reached from these machines, so this plays one: it answers chat
completions (OpenAI's shape, a fixed reply; streamed when asked) and model listings, and appends
every request — method, path and the whole body — to a JSON-lines file the test reads. The test
uses it to show what did (and did not) cross to an island other than the one holding the data.

    ip netns exec NS python cloud_sink.py PORT RECORD_FILE
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPLY = "This is the cloud stand-in."


class Sink(BaseHTTPRequestHandler):
    record: Path

    def _log(self, body: bytes) -> None:
        entry = {"method": self.command, "path": self.path, "body": body.decode("utf-8", "replace")}
        with self.record.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")

    def _json(self, payload: object) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._log(b"")
        self._json({"object": "list", "data": [{"id": "sink-model", "object": "model", "owned_by": "sink"}]})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._log(body)
        request = json.loads(body or b"{}")
        usage = {"prompt_tokens": 10, "completion_tokens": 6, "total_tokens": 16}
        if not request.get("stream"):
            message = {"role": "assistant", "content": REPLY}
            choice = {"index": 0, "message": message, "finish_reason": "stop"}
            self._json({"id": "sink", "object": "chat.completion", "model": "sink-model", "choices": [choice],
                        "usage": usage})  # fmt: skip
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        chunks = [
            {"choices": [{"index": 0, "delta": {"role": "assistant", "content": REPLY}, "finish_reason": None}]},
            {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": usage},
        ]
        for chunk in chunks:
            self.wfile.write(b"data: " + json.dumps({"model": "sink-model", **chunk}).encode() + b"\n\n")
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


def main() -> None:
    port, record = int(sys.argv[1]), Path(sys.argv[2])
    Sink.record = record
    server = ThreadingHTTPServer(("127.0.0.1", port), Sink)
    record.touch()  # the file appears once the port is bound: the test waits for it
    server.serve_forever()


if __name__ == "__main__":
    main()
