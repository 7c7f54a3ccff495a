"""``/v1/embeddings`` on a real daemon, with the real openai SDK and httpx.

The only other island is a low-trust cloud island (T = P = 0.96 < this device's 1.0: text sent
there would be sanitised) on a recording proxy on loopback; burstable work leaves this device at
the first capacity sample, so the router prefers the cloud. An embedding must never go there
(embeddings of sanitised text are useless): it is embedded here, or refused when this device
cannot take it, and the proxy proves nothing arrived."""

from __future__ import annotations

import base64
import math
import sqlite3
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import httpx
import numpy as np
import openai
import pytest
from remote.proxy import ProxyServer, RecordingProxy

from islandrun.core.collections.embedder import DEFAULT_MODEL_ID
from islandrun.core.engines.embedded import EMBEDDED_MODEL_NAME, instruct_model_source

from .conftest import BASE_CONFIG, Daemon

CLOUD = "cheap-cloud"
CARD = "4111 1111 1111 1111"
CARD_TEXT = f"Please refund the card {CARD} for order 5521, the customer asked twice."
MEDICAL_TEXT = "Patient MRN 00482913 was diagnosed with type 2 diabetes and prescribed metformin."
BURSTABLE = {"X-IslandRun-Tier": "burstable"}
GGUF_EMBEDDER = "smollm2-embed"  # the file's stem is its name in the catalog
_SCALAR_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}


def _skip_value(f: BinaryIO, vtype: int) -> None:
    if vtype in _SCALAR_SIZES:
        f.seek(_SCALAR_SIZES[vtype], 1)
    elif vtype == 8:  # string
        f.seek(struct.unpack("<Q", f.read(8))[0], 1)
    else:  # array
        etype, count = struct.unpack("<IQ", f.read(12))
        for _ in range(count):
            _skip_value(f, etype)


def _as_embedding_model(source: Path, target: Path) -> Path:
    """A copy of a GGUF chat model whose metadata declares mean pooling (``llama.pooling_type = 1``),
    as embedding GGUFs do: no embedding GGUF ships on PyPI, and this one runs on llama.cpp the same
    way (the weights, tensor table and data are copied unchanged; only the header grows)."""
    with source.open("rb") as f:
        magic, version, tensors, kvs = struct.unpack("<4sIQQ", f.read(24))
        for _ in range(kvs):
            f.seek(struct.unpack("<Q", f.read(8))[0], 1)
            _skip_value(f, struct.unpack("<I", f.read(4))[0])
        kv_end = f.tell()
        for _ in range(tensors):
            f.seek(struct.unpack("<Q", f.read(8))[0], 1)
            f.seek(8 * struct.unpack("<I", f.read(4))[0] + 12, 1)
        infos_end = f.tell()
        data_start = -(-infos_end // 32) * 32  # general.alignment is not set: 32
        f.seek(24)
        kv_bytes, info_bytes = f.read(kv_end - 24), f.read(infos_end - kv_end)
        key = b"llama.pooling_type"
        extra = struct.pack("<Q", len(key)) + key + struct.pack("<II", 4, 1)  # uint32 1: mean
        head = struct.pack("<4sIQQ", magic, version, tensors, kvs + 1) + kv_bytes + extra + info_bytes
        with target.open("wb") as out:
            out.write(head + b"\0" * (-len(head) % 32))
            f.seek(data_start)
            while block := f.read(1 << 24):
                out.write(block)
    return target


@pytest.fixture(scope="module")
def embedding_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _as_embedding_model(instruct_model_source(), tmp_path_factory.mktemp("models") / f"{GGUF_EMBEDDER}.gguf")


@pytest.fixture(scope="module")
def cloud() -> Iterator[RecordingProxy]:
    """The cloud island: records whatever reaches it (and forwards to a closed port)."""
    with ProxyServer(RecordingProxy("http://127.0.0.1:9")) as running:
        yield running


@pytest.fixture(scope="module")
def daemon(cloud: RecordingProxy, embedding_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    config = BASE_CONFIG.replace("[engine]\n", f'[engine]\nmodel_paths = ["{embedding_gguf}"]\n') + (
        "\n[server]\nrate_limit_per_s = 0\n"
        "\n[privacy]\nmax_request_chars = 5000\n"
        "\n[policy.thresholds]\nburstable = 1.0      # burstable work leaves this device at the first sample\n"
        f'\n[[islands]]\nid = "{CLOUD}"\nkind = "cloud"\nendpoint = "{cloud.url}/v1"\n'
        'trust = { base = 0.96, certification = "iso27001", jurisdiction = "same-country" }  # T = P = 0.96\n'
        "expected_latency_ms = 1\n"
    )
    running = Daemon(tmp_path_factory.mktemp("embeddings"), config).start()
    try:
        _wait_for_cloud_route(running)
        yield running
    finally:
        running.stop()


def _wait_for_cloud_route(daemon: Daemon) -> None:
    """The local gate for burstable work closes at the first capacity sample: wait until a chat
    with restricted text would go to the cloud (sanitised), so the tests below mean something."""
    deadline = time.monotonic() + 60
    last: Any = None
    with daemon.client() as client:
        while time.monotonic() < deadline:
            response = client.post("/api/route", json={"sensitivity": "restricted", "tier": "burstable"})
            last = response.text
            if response.status_code == 200 and response.json().get("island") == CLOUD:
                return
            time.sleep(0.5)
    pytest.fail(f"the router never chose {CLOUD}: {last}")


@pytest.fixture(scope="module")
def sdk(daemon: Daemon) -> Iterator[openai.OpenAI]:
    client = openai.OpenAI(base_url=f"{daemon.url}/v1", api_key=daemon.token, max_retries=0, timeout=120)
    yield client
    client.close()


def _post(daemon: Daemon, body: dict[str, Any], headers: dict[str, str] | None = None) -> httpx.Response:
    with daemon.client() as client:
        return client.post("/v1/embeddings", json=body, headers=headers or {})


def _audit_row(daemon: Daemon, request_id: str) -> dict[str, Any]:
    with daemon.client() as client:
        rows = client.get("/api/audit", params={"limit": 1000}).json()
    found = [r for r in rows if r["request_id"] == request_id]
    assert len(found) == 1, f"one audit row for {request_id}, found {found}"
    return dict(found[0])


def _error(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) >= {"message", "type", "code"}, body
    return str(body["error"]["message"])


def test_vectors_have_the_models_width_and_unit_norm(sdk: openai.OpenAI) -> None:
    texts = ["The lighthouse keeper found a message in a bottle.", "Quarterly revenue grew by four percent."]
    result = sdk.embeddings.create(model="default", input=texts, encoding_format="float")
    assert result.model == DEFAULT_MODEL_ID
    assert [d.index for d in result.data] == [0, 1]
    for item in result.data:
        assert len(item.embedding) == 384  # all-MiniLM-L6-v2
        assert math.isclose(math.fsum(x * x for x in item.embedding), 1.0, rel_tol=1e-4)
    assert 10 <= result.usage.prompt_tokens == result.usage.total_tokens < 60  # WordPiece tokens with [CLS]/[SEP]
    similarity = float(np.dot(result.data[0].embedding, result.data[1].embedding))
    assert similarity < 0.5  # two unrelated sentences are not the same vector


def test_the_same_text_gives_the_same_vector_and_a_paraphrase_a_near_one(sdk: openai.OpenAI) -> None:
    text = "The cat sat on the mat."
    first = sdk.embeddings.create(model="all-minilm", input=text, encoding_format="float").data[0].embedding
    again = sdk.embeddings.create(model=DEFAULT_MODEL_ID, input=[text], encoding_format="float").data[0].embedding
    near = sdk.embeddings.create(model="default", input="A cat was sitting on the mat.", encoding_format="float")
    assert first == again
    assert float(np.dot(first, near.data[0].embedding)) > 0.8


def test_base64_the_sdks_default_decodes_to_the_same_floats(daemon: Daemon, sdk: openai.OpenAI) -> None:
    texts = ["alpha beta gamma", "delta epsilon"]
    floats = _post(daemon, {"model": "default", "input": texts}).json()
    packed = _post(daemon, {"model": "default", "input": texts, "encoding_format": "base64"}).json()
    for plain, encoded in zip(floats["data"], packed["data"], strict=True):
        assert isinstance(encoded["embedding"], str)
        decoded = np.frombuffer(base64.b64decode(encoded["embedding"]), dtype="<f4")
        assert decoded.tolist() == plain["embedding"]
    by_sdk = sdk.embeddings.create(model="default", input=texts)  # no encoding_format: the SDK asks for base64
    assert [d.embedding for d in by_sdk.data] == [d["embedding"] for d in floats["data"]]


def test_response_names_the_island_and_route(daemon: Daemon) -> None:
    response = _post(daemon, {"model": "default", "input": "hello there", "user": "user-42"})
    assert response.status_code == 200
    body = response.json()
    meta = body["islandrun"]
    assert body["object"] == "list" and body["data"][0]["object"] == "embedding"
    assert meta["island"] == "local" and meta["island_kind"] == "local" and meta["sanitized"] is False
    assert response.headers["X-IslandRun-Island"] == "local"
    assert response.headers["X-IslandRun-Route-Id"] == meta["route_id"]
    row = _audit_row(daemon, meta["request_id"])
    assert row["event"] == "route" and row["outcome"] == "ok" and row["island"] == "local"
    assert row["route_id"] == meta["route_id"] and "embeddings: 1 text" in row["detail"]


@pytest.mark.parametrize(("text", "entity"), [(CARD_TEXT, "CREDIT_CARD"), (MEDICAL_TEXT, "MEDICAL")])
def test_sensitive_text_is_embedded_here_and_never_sent(
    daemon: Daemon, cloud: RecordingProxy, text: str, entity: str
) -> None:
    before = len(cloud.exchanges)
    response = _post(daemon, {"model": "default", "input": [text]}, BURSTABLE)
    assert response.status_code == 200, response.text
    meta = response.json()["islandrun"]
    assert meta["island"] == "local" and meta["sensitivity"] == "restricted" and meta["sanitized"] is False
    assert len(cloud.exchanges) == before  # nothing reached the cloud island
    row = _audit_row(daemon, meta["request_id"])
    assert row["outcome"] == "ok" and row["island"] == "local" and row["sensitivity"] == "restricted"
    assert row["entities"].get(entity, 0) >= 1
    raw = b"".join(p.read_bytes() for p in (daemon.home / "data").glob("audit.sqlite3*"))
    assert CARD.encode() not in raw and b"00482913" not in raw
    # the same vector as the same text embedded as primary work (the route changed nothing in the text)
    primary = _post(daemon, {"model": "default", "input": [text]}, {"X-IslandRun-Tier": "primary"}).json()
    assert primary["data"][0]["embedding"] == response.json()["data"][0]["embedding"]


def test_refused_when_this_device_cannot_take_it_and_nothing_is_sent(daemon: Daemon, cloud: RecordingProxy) -> None:
    """A latency bound that only the cloud island meets: the route prefers the cloud, which would
    need the text sanitised; this device is out too: refused, nothing sent, the audit row says so."""
    before = len(cloud.exchanges)
    headers = {**BURSTABLE, "X-IslandRun-Max-Latency-Ms": "5"}
    response = _post(daemon, {"model": "default", "input": [CARD_TEXT, "and a harmless second text"]}, headers)
    assert response.status_code == 409, response.text
    message = _error(response)
    assert CLOUD in message and "sanitised" in message and "nothing left this device" in message
    assert "local: " in message and "latency" in message
    assert len(cloud.exchanges) == before
    with daemon.client() as client:
        rows = client.get("/api/audit", params={"limit": 5}).json()
    row = rows[0]
    assert row["outcome"] == "no-eligible-island" and row["island"] is None
    assert row["sensitivity"] == "restricted" and row["entities"].get("CREDIT_CARD") == 1
    assert "embeddings: 2 texts" in row["detail"]


def test_the_client_floor_counts(daemon: Daemon) -> None:
    response = _post(daemon, {"model": "default", "input": "the weather is fine"}, {"X-IslandRun-Sensitivity": "0.7"})
    assert response.status_code == 200
    assert response.json()["islandrun"]["sensitivity"] == "confidential"


def test_a_chat_model_or_an_unknown_one_is_named(sdk: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as chat_model:
        sdk.embeddings.create(model=EMBEDDED_MODEL_NAME, input="hi")
    assert "not an embedding model" in chat_model.value.message and DEFAULT_MODEL_ID in chat_model.value.message
    with pytest.raises(openai.NotFoundError) as unknown:
        sdk.embeddings.create(model="text-embedding-3-small", input="hi")
    assert "text-embedding-3-small" in unknown.value.message and DEFAULT_MODEL_ID in unknown.value.message


def test_a_gguf_embedding_model_runs_on_the_local_engine(sdk: openai.OpenAI, daemon: Daemon) -> None:
    texts = ["The cat sat on the mat.", "Stock markets fell sharply on Monday."]
    result = sdk.embeddings.create(model=GGUF_EMBEDDER, input=texts, encoding_format="float")
    assert result.model == GGUF_EMBEDDER
    for item in result.data:
        assert len(item.embedding) == 576  # SmolLM2-135M's embedding length
        assert math.isclose(math.fsum(x * x for x in item.embedding), 1.0, rel_tol=1e-4)
    assert result.usage.prompt_tokens >= 10  # the model's own tokenizer, counted by llama.cpp
    again = sdk.embeddings.create(model=GGUF_EMBEDDER, input=texts[0], encoding_format="float")
    assert np.allclose(again.data[0].embedding, result.data[0].embedding, atol=1e-4)
    wrong = _post(daemon, {"model": GGUF_EMBEDDER, "input": "hi", "dimensions": 64})
    assert wrong.status_code == 400 and f"dimensions: {GGUF_EMBEDDER} gives 576-dimensional" in _error(wrong)
    listed = _post(daemon, {"model": "nope", "input": "hi"})
    assert listed.status_code == 404 and GGUF_EMBEDDER in _error(listed)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"input": [1, 2, 3]}, "input[0]: token ids"),
        ({"input": [[101, 2000, 102]]}, "input[0]: token ids"),
        ({"input": ["fine", 7]}, "input[1]: token ids"),
        ({"input": ""}, "input[0]: an empty text"),
        ({"input": ["fine", "   "]}, "input[1]: an empty text"),
        ({"input": []}, "input: give at least one text"),
        ({"input": ["x"] * 2049}, "at most 2048"),
        ({"input": "hi", "dimensions": 128}, "dimensions: all-MiniLM-L6-v2-onnx-int8 gives 384-dimensional"),
        ({"input": "hi", "encoding_format": "int8"}, "encoding_format"),
        ({"input": "hi", "truncate": True}, "truncate"),
        ({"input": "hi", "islandrun": {"collection": "notes"}}, "islandrun.collection"),
        ({}, "input"),
    ],
)
def test_bad_requests_are_400s_naming_the_field(daemon: Daemon, body: dict[str, Any], named: str) -> None:
    response = _post(daemon, {"model": "default", **body})
    assert response.status_code == 400, response.text
    assert named in _error(response)


def test_own_width_dimensions_is_accepted(daemon: Daemon) -> None:
    response = _post(daemon, {"model": "default", "input": "hi", "dimensions": 384})
    assert response.status_code == 200 and len(response.json()["data"][0]["embedding"]) == 384


def test_more_text_than_mist_screens_is_413(daemon: Daemon) -> None:
    response = _post(daemon, {"model": "default", "input": ["word " * 600, "word " * 600]})
    assert response.status_code == 413
    assert "max_request_chars" in _error(response)


def test_the_audit_chain_still_verifies(daemon: Daemon) -> None:
    with daemon.client() as client:
        assert client.get("/api/audit/verify").json()["ok"]
    db = daemon.home / "data" / "audit.sqlite3"
    assert sqlite3.connect(db).execute("SELECT count(*) FROM audit WHERE detail LIKE '%embeddings:%'").fetchone()[0]
