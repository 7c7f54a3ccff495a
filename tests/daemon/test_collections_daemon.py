"""Document collections through a real daemon: a folder added with `islandrun collections add` while
`islandrun serve` runs, then chat requests that name it (body option, header, the older `dataset`
alias) answered on this island from its passages, with the sources in the response, the streamed
chunks and the audit log; the refusals (a collection nobody holds, no question, conflicting names,
out-of-range options) and `GET /api/collections` (never paths or content).

Everything is real: the daemon on the embedded model, the CLI indexing into the data dir's SQLite
with the bundled MiniLM embedder, the files on disk (including junk a real folder holds). As root the
mode-000 file is readable; to cover that case too, drop root's file-permission override:
    setpriv --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search \
        .venv/bin/python -m pytest tests/daemon/test_collections_daemon.py -p no:cacheprovider"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import ISLANDRUN, Daemon

NAME = "handbook"
VACATION_FACT = "Employees get 31 vacation days per year"
VACATION = f"""# Vacation policy

{VACATION_FACT}. Vacation days are requested in the staff portal at least two weeks in advance and
approved by the team lead. Up to five unused vacation days carry over into the next year; the rest
expire on the last day of March. Part-time employees get vacation days in proportion to their
contracted hours. Public holidays are not counted as vacation days. During the notice period,
remaining vacation days are either taken or paid out with the final salary.
"""
PRINTER = """Printer setup: the office printer on floor two takes toner cartridge TN-2420.
Paper jams are cleared from the rear tray; the front panel shows the error code.
"""
QUESTION = "How many vacation days do employees get per year?"


def _islandrun(daemon: Daemon, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI with the daemon's own config, data and runtime dirs."""
    done = subprocess.run([ISLANDRUN, *args], env=daemon.env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    running = Daemon(tmp_path_factory.mktemp("collections-daemon")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def handbook(daemon: Daemon, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two real documents and the junk a real folder holds, added after the daemon started."""
    folder = tmp_path_factory.mktemp("handbook-docs")
    (folder / "vacation.md").write_text(VACATION)
    (folder / "printer.txt").write_text(PRINTER)
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 8)  # binary content under a text name
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)  # not a PDF inside
    (folder / "locked.md").write_text("Parking: the garage gate code changes every Monday.\n")
    (folder / "locked.md").chmod(0)  # unreadable, except for root with its usual capabilities
    report = json.loads(_islandrun(daemon, "collections", "add", NAME, str(folder), "--json").stdout)
    readable = ["locked.md"] if _can_read(folder / "locked.md") else []
    assert sorted(report["indexed"]) == sorted(["printer.txt", "vacation.md", *readable])
    assert {s["path"] for s in report["skipped"]} >= {"garbage.txt", "broken.pdf"}
    return folder


def _can_read(path: Path) -> bool:
    try:
        path.read_bytes()
    except PermissionError:
        return False
    return True


def _ask(
    daemon: Daemon,
    messages: list[dict[str, str]] | str = QUESTION,
    options: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    max_tokens: int = 16,
) -> httpx.Response:
    if isinstance(messages, str):
        messages = [{"role": "user", "content": messages}]
    body: dict[str, Any] = {"model": "default", "messages": messages, "max_tokens": max_tokens, "temperature": 0}
    if options is not None:
        body["islandrun"] = options
    with daemon.client() as client:
        return client.post("/v1/chat/completions", json=body, headers=headers or {})


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    message: str = response.json()["error"]["message"]
    return message


def test_a_question_is_answered_here_from_the_document_that_holds_the_fact(daemon: Daemon, handbook: Path) -> None:
    body = _ok(_ask(daemon, options={"collection": NAME}))
    meta = body["islandrun"]
    assert meta["island"] == "local" and meta["collection"] == NAME
    sources = meta["sources"]
    assert sources and sources[0]["source"] == "vacation.md"
    assert [s["number"] for s in sources] == list(range(1, len(sources) + 1))
    for source in sources:
        assert set(source) == {"number", "source", "chunk_id", "score", "island"}
        assert isinstance(source["chunk_id"], int) and isinstance(source["score"], float)
        assert source["island"] == "local"
    assert len({s["chunk_id"] for s in sources}) == len(sources)
    assert VACATION_FACT not in json.dumps(meta) and str(handbook) not in json.dumps(meta)  # references, not text
    assert body["choices"][0]["message"]["content"].strip()

    # The passages really reach the model: the same question without a collection is far shorter.
    plain = _ok(_ask(daemon))
    assert "collection" not in plain["islandrun"] and "sources" not in plain["islandrun"]
    grounded_tokens, plain_tokens = body["usage"]["prompt_tokens"], plain["usage"]["prompt_tokens"]
    assert grounded_tokens > plain_tokens + 100, (grounded_tokens, plain_tokens)


def test_passages_are_retrieved_for_the_last_user_message(daemon: Daemon, handbook: Path) -> None:
    conversation = [
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": "Which toner cartridge does the office printer take?"},
        {"role": "assistant", "content": "TN-2420 [1]."},
        {"role": "user", "content": QUESTION},
    ]
    sources = _ok(_ask(daemon, conversation, {"collection": NAME}, max_tokens=4))["islandrun"]["sources"]
    assert sources[0]["source"] == "vacation.md"
    turned = [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": "31 [1]."},
        {"role": "user", "content": "Which toner cartridge does the office printer take?"},
    ]
    sources = _ok(_ask(daemon, turned, {"collection": NAME}, max_tokens=4))["islandrun"]["sources"]
    assert sources[0]["source"] == "printer.txt"


def test_the_header_and_the_older_dataset_name_work_too(daemon: Daemon, handbook: Path) -> None:
    for options, headers in (
        (None, {"X-IslandRun-Collection": NAME}),
        ({"dataset": NAME}, None),
        (None, {"X-IslandRun-Dataset": NAME}),
    ):
        meta = _ok(_ask(daemon, options=options, headers=headers, max_tokens=4))["islandrun"]
        assert meta["collection"] == NAME and meta["sources"][0]["source"] == "vacation.md", (options, headers)


def test_two_different_collection_names_are_refused(daemon: Daemon, handbook: Path) -> None:
    message = _error(_ask(daemon, options={"collection": NAME, "dataset": "other"}), 400)
    assert "collection" in message.lower() or "dataset" in message.lower()
    headers = {"X-IslandRun-Collection": NAME, "X-IslandRun-Dataset": "other"}
    _error(_ask(daemon, headers=headers), 400)


def test_max_passages_limits_the_sources(daemon: Daemon, handbook: Path) -> None:
    both = "Vacation days and printer toner?"  # words of both documents
    default = _ok(_ask(daemon, both, {"collection": NAME}, max_tokens=4))["islandrun"]["sources"]
    assert {"vacation.md", "printer.txt"} <= {s["source"] for s in default} and len(default) <= 5
    one = _ok(_ask(daemon, both, {"collection": NAME, "max_passages": 1}, max_tokens=4))["islandrun"]["sources"]
    assert [s["chunk_id"] for s in one] == [default[0]["chunk_id"]]
    headers = {"X-IslandRun-Collection": NAME, "X-IslandRun-Max-Passages": "1"}
    assert len(_ok(_ask(daemon, both, headers=headers, max_tokens=4))["islandrun"]["sources"]) == 1
    for bad in (0, 21):
        _error(_ask(daemon, both, {"collection": NAME, "max_passages": bad}), 400)
    _error(_ask(daemon, both, headers={**headers, "X-IslandRun-Max-Passages": "many"}), 400)


def test_a_streamed_answer_ends_with_its_sources(daemon: Daemon, handbook: Path) -> None:
    body = {
        "model": "default",
        "messages": [{"role": "user", "content": QUESTION}],
        "max_tokens": 16,
        "stream": True,
        "islandrun": {"collection": NAME},
    }
    with daemon.client() as client, client.stream("POST", "/v1/chat/completions", json=body) as response:
        assert response.status_code == 200, response.read()
        lines = list(response.iter_lines())
    chunks = [json.loads(x.removeprefix("data: ")) for x in lines if x.startswith("data: ") and x != "data: [DONE]"]
    assert not any("error" in chunk for chunk in chunks), chunks
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c.get("choices"))
    assert text.strip()
    finished = [c for c in chunks if c.get("choices") and c["choices"][0]["finish_reason"]]
    assert len(finished) == 1
    meta = finished[0]["islandrun"]
    assert meta["collection"] == NAME
    assert meta["sources"][0]["source"] == "vacation.md" and meta["sources"][0]["island"] == "local"


def test_a_question_matching_nothing_gets_no_sources(daemon: Daemon, handbook: Path) -> None:
    """The model is told the documents do not contain the answer; no unrelated passage is cited."""
    response = _ok(_ask(daemon, "Zebras quasars xylophones?", {"collection": NAME}, max_tokens=8))
    assert response["islandrun"]["collection"] == NAME and response["islandrun"]["sources"] == []


def test_a_collection_nobody_holds_is_refused(daemon: Daemon, handbook: Path) -> None:
    message = _error(_ask(daemon, options={"collection": "tax-2031"}), 409)
    assert "tax-2031" in message or "does not hold dataset" in message


def test_a_request_without_a_question_is_refused(daemon: Daemon, handbook: Path) -> None:
    for messages in (
        [{"role": "system", "content": "You answer from the handbook."}],
        [{"role": "user", "content": ""}],
        [{"role": "user", "content": "   "}],
    ):
        message = _error(_ask(daemon, messages, {"collection": NAME}), 400)
        assert "user" in message.lower() or "question" in message.lower(), message


def test_junk_and_unreadable_files_are_never_sources(daemon: Daemon, handbook: Path) -> None:
    meta = _ok(_ask(daemon, "vacation days garbage broken locked", {"collection": NAME, "max_passages": 20}))
    found = {s["source"] for s in meta["islandrun"]["sources"]}
    assert "garbage.txt" not in found and "broken.pdf" not in found
    if _can_read(handbook / "locked.md"):
        pytest.skip("this process reads a mode-000 file (root): the unreadable case needs another user")
    assert "locked.md" not in found


def test_the_collection_list_shows_counts_never_paths_or_content(
    daemon: Daemon, handbook: Path, tmp_path: Path
) -> None:
    with daemon.client() as client:
        before = client.get("/api/collections")
    assert before.status_code == 200
    entries = {e["name"]: e for e in before.json()}
    entry = entries[NAME]
    assert entry["island"] == "local" and entry["island_name"]
    assert entry["documents"] == (3 if _can_read(handbook / "locked.md") else 2) and entry["bytes"] > len(VACATION)
    assert entry["chunks"] >= entry["documents"] and entry["updated"] > 0 and entry["embeddings"]
    assert str(handbook) not in before.text and VACATION_FACT not in before.text

    # Added with the CLI while the daemon runs: listed, and a request can name it at once.
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    (recipes / "bread.md").write_text("# Sourdough\n\nSourdough bread bakes at 240 degrees for 45 minutes.\n")
    _islandrun(daemon, "collections", "add", "recipes", str(recipes))
    with daemon.client() as client:
        after = client.get("/api/collections").json()
    assert {"recipes", NAME} <= {e["name"] for e in after}
    assert next(e for e in after if e["name"] == "recipes")["documents"] == 1
    meta = _ok(_ask(daemon, "At what temperature does sourdough bread bake?", {"collection": "recipes"}, max_tokens=4))
    assert [s["source"] for s in meta["islandrun"]["sources"]] == ["bread.md"]


def test_the_audit_log_has_the_grounded_request(daemon: Daemon, handbook: Path) -> None:
    request_id = _ok(_ask(daemon, options={"collection": NAME}, max_tokens=4))["islandrun"]["request_id"]
    with daemon.client() as client:
        rows = [r for r in client.get("/api/audit", params={"limit": 200}).json() if r["request_id"] == request_id]
        assert client.get("/api/audit/verify").json()["ok"]
    assert rows and any(r["outcome"] == "ok" and r["island"] == "local" for r in rows), rows
    assert VACATION_FACT not in json.dumps(rows)
