"""A document collection on the NAS, a question from the laptop: the query goes to the data.

Two real daemons (``islandrun serve``), each in its own network namespace on one virtual LAN
(:mod:`.netns`), paired through the CLI with the code. The NAS holds a collection indexed with
``islandrun collections add``; the laptop holds none. Each device also has a cloud island
configured: a recording stand-in inside its own namespace (:mod:`.cloud_sink`; no real cloud API
can be reached from here) that keeps every request it receives.

Shown: the NAS advertises the collection's name and size — never content or paths — in its
heartbeat and the laptop's island listing; the laptop's question naming the collection is routed to
the NAS, which retrieves and generates there; the answer (whole and streamed) lists the NAS's
documents as its sources; apart from the generated answer no document text comes back, and no
document text reaches either cloud island (an ordinary request to the laptop's cloud island does
arrive: the recorder works); with the NAS unreachable, the question fails closed (409) instead of
going anywhere else. Skipped without root or iproute2.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from daemon.conftest import Daemon

from .netns import Lan, cli, ip, pair, virtual_lan
from .test_daemon_peers import DOWN_AFTER_S, HEARTBEAT_S, group_config, peer_named, wait_for

pytestmark = pytest.mark.slow

PEER_PORT = 47521
SINK_PORT = 47600
SINK = Path(__file__).with_name("cloud_sink.py")

QUESTION = "How many vacation days do Halvorsen Marine employees get per year?"
DOCUMENTS = {
    "vacation.md": "# Leave policy\n\nEmployees of Halvorsen Marine get 31 vacation days per year. Unused days "
    "carry over until the end of March. The harbour office keeps the signed leave forms in the grey cabinet "
    "behind reception.\n",
    "printer.txt": "The printer on the second floor uses toner cartridge TN-2420; order refills from facilities.\n",
}
# Document text that must never appear anywhere but on the NAS (the generated answer aside).
DOCUMENT_PHRASES = ("31 vacation days", "carry over until the end of March", "grey cabinet", "TN-2420")


@dataclass
class Device:
    daemon: Daemon
    namespace: str
    veth: str
    sink: subprocess.Popen[bytes]
    record: Path

    def sink_requests(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.record.read_text().splitlines()]


def config(name: str, address: str) -> str:
    return group_config(name, PEER_PORT, interfaces=f'["{address}"]') + (
        f'\n[[islands]]\nid = "cloud-sink"\nkind = "cloud"\nendpoint = "http://127.0.0.1:{SINK_PORT}/v1"\n'
        'models = ["sink-model"]\n'
    )


@pytest.fixture(scope="module")
def lan() -> Iterator[Lan]:
    with virtual_lan(("lap", "nas")) as built:
        yield built


@pytest.fixture(scope="module")
def group(lan: Lan, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Device]]:
    devices: dict[str, Device] = {}
    try:
        for (ns, veth, address), name in zip(lan.hosts, ("Laptop", "NAS"), strict=True):
            home = tmp_path_factory.mktemp(name.lower())
            record = home / "cloud-sink.jsonl"
            sink = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, str(SINK), str(SINK_PORT), str(record)])
            daemon = Daemon(home, config(name, address), prefix=["ip", "netns", "exec", ns], discovery=True)
            devices[name] = Device(daemon, ns, veth, sink, record)
            wait_for(f"the cloud stand-in in {ns}", record.exists, 30)
            if name == "NAS":  # indexed before the daemon starts, as a user would set it up
                folder = home / "handbook"
                folder.mkdir()
                for file, text in DOCUMENTS.items():
                    (folder / file).write_text(text)
                (folder / "notes.txt").write_bytes(bytes(range(256)) * 64)  # binary junk named like text
                out = cli(daemon, "collections", "add", "handbook", str(folder))
                assert "2 indexed" in out and "1 skipped" in out, out
            daemon.start()
        yield devices
    finally:
        for device in devices.values():
            if device.daemon.proc is not None and device.daemon.proc.poll() is None:
                device.daemon.stop()
            device.sink.kill()
            device.sink.wait(timeout=10)


def ask(daemon: Daemon, *, stream: bool = False, **islandrun: Any) -> httpx.Response:
    body = {
        "model": "default",
        "messages": [{"role": "user", "content": QUESTION}],
        "max_tokens": 24,
        "stream": stream,
        "islandrun": islandrun,
    }
    with daemon.unix_client() as client:
        return client.post("/v1/chat/completions", json=body, timeout=120)


def streamed(response: httpx.Response) -> tuple[str, list[dict[str, Any]]]:
    events = [
        json.loads(line[6:])
        for line in response.text.splitlines()
        if line.startswith("data: ") and line != "data: [DONE]"
    ]
    text = "".join((c.get("delta") or {}).get("content") or "" for e in events for c in e.get("choices") or [])
    return text, events


def without_answer(payload: dict[str, Any]) -> str:
    """The response as it crossed, minus the generated answer text."""
    trimmed = json.loads(json.dumps(payload))
    for choice in trimmed.get("choices") or []:
        for key in ("message", "delta"):
            if isinstance(choice.get(key), dict):
                choice[key].pop("content", None)
    return json.dumps(trimmed)


def test_a_question_about_the_nas_collection_runs_on_the_nas_and_no_document_text_leaves_it(
    lan: Lan, group: dict[str, Device]
) -> None:
    laptop, nas = group["Laptop"].daemon, group["NAS"].daemon
    wait_for("the laptop to see the NAS", lambda: peer_named(laptop, "NAS"), 60)
    pair(laptop, nas, "NAS", "Laptop")
    wait_for("the NAS to be live", lambda: (peer_named(laptop, "NAS", paired=True) or {}).get("state") == "live", 30)

    # Advertised: name and sizes, in the heartbeat and in the laptop's island listing.
    nas_peer = peer_named(laptop, "NAS", paired=True)
    assert nas_peer is not None
    assert nas_peer["collections"] == [{"name": "handbook", "documents": 2, "bytes": sum(map(len, DOCUMENTS.values()))}]
    with laptop.unix_client() as client:
        listing = client.get("/api/collections").json()
        islands = client.get("/api/islands").json()
    assert [(c["name"], c["island"], c["documents"]) for c in listing] == [("handbook", nas_peer["island"], 2)]
    assert next(i for i in islands if i["id"] == nas_peer["island"])["datasets"] == ["handbook"]
    seen_by_laptop = json.dumps([nas_peer, listing, islands])
    assert "vacation.md" not in seen_by_laptop and str(group["NAS"].daemon.home) not in seen_by_laptop

    # The question goes to the data: routed to the NAS, answered there, its documents cited.
    started = time.monotonic()
    answer = ask(laptop, collection="handbook")
    took = time.monotonic() - started
    assert answer.status_code == 200, answer.text
    body = answer.json()
    meta = body["islandrun"]
    assert meta["island"] == nas_peer["island"] and meta["island_kind"] == "peer"
    assert meta["collection"] == "handbook"
    assert meta["sources"][0]["source"] == "vacation.md"
    assert {s["island"] for s in meta["sources"]} == {nas_peer["island"]}
    assert all(set(s) == {"number", "source", "chunk_id", "score", "island"} for s in meta["sources"])
    assert body["usage"]["prompt_tokens"] > 60  # the NAS's model was given the passages
    crossed = without_answer(body)
    assert not [p for p in DOCUMENT_PHRASES if p in crossed], crossed
    print(f"collection question answered by the NAS through the laptop in {took:.2f} s")

    # Streamed: the sources come with the last chunk, relayed by the laptop.
    stream = ask(laptop, stream=True, collection="handbook")
    assert stream.status_code == 200, stream.text
    assert stream.headers["X-IslandRun-Island"] == nas_peer["island"]
    _text, events = streamed(stream)
    final = [e for e in events if (e.get("islandrun") or {}).get("sources")]
    assert len(final) == 1 and final[0]["choices"][0]["finish_reason"] is not None
    assert final[0]["islandrun"]["sources"][0]["source"] == "vacation.md"
    assert not [p for p in DOCUMENT_PHRASES if any(p in without_answer(e) for e in events)]

    # The NAS's own audit log has both; it never forwarded them (requests from peers run there).
    with nas.unix_client() as client:
        audit = client.get("/api/audit").json()
    assert [r["island"] for r in audit[:2]] == ["local", "local"]

    # The recorders work: an ordinary request for the cloud model reaches the laptop's cloud island.
    assert group["Laptop"].sink_requests() == [] and group["NAS"].sink_requests() == []
    with laptop.unix_client() as client:
        control = client.post(
            "/v1/chat/completions",
            json={"model": "sink-model", "messages": [{"role": "user", "content": "Say hi to the sink."}]},
        )
    assert control.status_code == 200 and control.json()["islandrun"]["island"] == "cloud-sink", control.text
    recorded = group["Laptop"].sink_requests()
    assert len(recorded) == 1 and "Say hi to the sink." in recorded[0]["body"]

    # The NAS is cut off: the question fails closed; it goes nowhere else.
    nas_ns, nas_veth = group["NAS"].namespace, group["NAS"].veth
    ip("-n", nas_ns, "link", "set", nas_veth, "down")
    wait_for(
        "the NAS to be marked down",
        lambda: (peer_named(laptop, "NAS", paired=True) or {}).get("state") == "down",
        DOWN_AFTER_S + HEARTBEAT_S + 20,
    )
    refused = ask(laptop, collection="handbook")
    assert refused.status_code == 409, refused.text
    assert "handbook" in refused.json()["error"]["message"]
    assert len(group["Laptop"].sink_requests()) == 1 and group["NAS"].sink_requests() == []
    ip("-n", nas_ns, "link", "set", nas_veth, "up")
