"""`models pull` against a local registry server (``registry_server.py``).

No server outside this machine is reachable where these tests run (package registries only),
so a local HTTP server implements the parts of the Hugging Face file API (tree listing,
``resolve`` with its redirect and ``X-Linked-Etag``/``X-Linked-Size`` headers, range requests) and
of the Ollama registry (manifests, blobs by digest) that the code uses. Everything else is real:
the HTTP client, the files, the atomic rename, and a real small tmpfs for the full-disk case
(skipped, saying why, where mounting is not allowed).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from islandrun.core.engines.catalog import UserModelStore
from islandrun.core.engines.errors import (
    PullAuthError,
    PullCancelledError,
    PullChecksumError,
    PullDiskFullError,
    PullNetworkError,
    PullNotFoundError,
)
from islandrun.core.engines.pull import partial_path, pull
from islandrun.core.engines.registries import parse_spec

from .registry_server import Blob, Registry, RegistryServer, tiny_gguf

MiB = 1 << 20
DATA = tiny_gguf(3 * MiB)


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Registry, RegistryServer]]:
    reg = Registry(
        hf={
            "acme/tiny-GGUF": {
                "tiny-Q4_K_M.gguf": Blob(DATA),
                "tiny-Q8_0.gguf": Blob(DATA[:-1000]),
                "mmproj-tiny-f16.gguf": Blob(b"GGUF-projector"),
                "README.md": Blob(b"# tiny"),
            },
            "acme/broken-GGUF": {"broken-Q4_K_M.gguf": Blob(DATA, published_sha="ab" * 32)},
            "acme/gated-GGUF": {"gated-Q4_K_M.gguf": Blob(DATA)},
        },
        gated={"acme/gated-GGUF": "hf_secret"},
        ollama={"library/tiny:1b": Blob(DATA)},
    )
    with RegistryServer(reg) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("ISLANDRUN_OLLAMA_REGISTRY", server.url)
        monkeypatch.delenv("HF_TOKEN", raising=False)
        yield reg, server


def _only_models(folder: Path) -> list[str]:
    """Files a model scan would see (``*.gguf`` outside the hidden part-file folder)."""
    return sorted(p.name for p in folder.rglob("*.gguf") if ".partial" not in p.parts)


def test_names_pick_the_registry() -> None:
    assert parse_spec("acme/tiny-GGUF:Q8_0").source == "huggingface"
    assert parse_spec("hf.co/acme/tiny-GGUF").tag is None
    spec = parse_spec("llama3.2:1b")
    assert (spec.source, spec.repo, spec.tag) == ("ollama", "library/llama3.2", "1b")
    assert parse_spec("ollama:someone/model").repo == "someone/model"


def test_hugging_face_pull_by_quant_tag_is_verified_atomic_and_recorded(
    registry: tuple[Registry, RegistryServer], tmp_path: Path
) -> None:
    reg, _ = registry
    seen: list[tuple[int, int]] = []
    store = UserModelStore(tmp_path / "models.json")
    result = pull("acme/tiny-GGUF", folder=tmp_path / "models", store=store, progress=lambda d, t: seen.append((d, t)))
    path = tmp_path / "models" / "tiny-Q4_K_M.gguf"  # Q4_K_M is chosen without a tag; mmproj never
    assert result.entry.path == path and path.read_bytes() == DATA
    assert result.entry.name == "hf:acme/tiny-GGUF/tiny-Q4_K_M"
    assert [e.name for e in store.load()] == [result.entry.name]
    assert seen[-1] == (len(DATA), len(DATA)) and len(seen) >= 3
    assert not any((tmp_path / "models" / ".partial").iterdir())
    assert any(r.startswith("HEAD /acme/tiny-GGUF/resolve/main/") for r in reg.requests)
    other = pull("acme/tiny-GGUF:q8_0", folder=tmp_path / "models", store=store)
    assert other.entry.path.name == "tiny-Q8_0.gguf"


def test_ollama_pull_follows_the_manifest_to_the_blob(
    registry: tuple[Registry, RegistryServer], tmp_path: Path
) -> None:
    result = pull("tiny:1b", folder=tmp_path, store=UserModelStore(tmp_path / "models.json"))
    assert result.entry.name == "ollama:tiny:1b"
    assert hashlib.sha256(result.entry.path.read_bytes()).hexdigest() == hashlib.sha256(DATA).hexdigest()


def test_a_cut_connection_is_resumed_with_a_range_request(
    registry: tuple[Registry, RegistryServer], tmp_path: Path
) -> None:
    reg, _ = registry
    reg.cut_after = MiB + 12345
    result = pull("tiny:1b", folder=tmp_path, store=UserModelStore(tmp_path / "models.json"))
    assert result.entry.path.read_bytes() == DATA
    assert reg.ranges and int(reg.ranges[0].removeprefix("bytes=").rstrip("-")) >= MiB


def test_a_part_file_left_by_an_earlier_run_is_resumed(
    registry: tuple[Registry, RegistryServer], tmp_path: Path
) -> None:
    reg, _ = registry
    remote_sha = hashlib.sha256(DATA).hexdigest()
    part = tmp_path / ".partial" / f"{remote_sha}.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(DATA[: 2 * MiB])
    result = pull("tiny:1b", folder=tmp_path, store=UserModelStore(tmp_path / "models.json"))
    assert result.resumed_from == 2 * MiB and result.downloaded_bytes == len(DATA) - 2 * MiB
    assert reg.ranges == [f"bytes={2 * MiB}-"]
    assert result.entry.path.read_bytes() == DATA and not part.exists()


def test_a_wrong_checksum_deletes_the_download(registry: tuple[Registry, RegistryServer], tmp_path: Path) -> None:
    with pytest.raises(PullChecksumError, match="SHA-256"):
        pull("acme/broken-GGUF", folder=tmp_path, store=UserModelStore(tmp_path / "models.json"))
    assert _only_models(tmp_path) == [] and not any((tmp_path / ".partial").iterdir())


def test_not_found_and_gated_give_clear_errors(
    registry: tuple[Registry, RegistryServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UserModelStore(tmp_path / "models.json")
    with pytest.raises(PullNotFoundError, match="404"):
        pull("acme/missing-GGUF", folder=tmp_path, store=store)
    with pytest.raises(PullNotFoundError, match="404"):
        pull("nosuchmodel:7b", folder=tmp_path, store=store)
    with pytest.raises(PullNotFoundError, match="Q2_K"):
        pull("acme/tiny-GGUF:Q2_K", folder=tmp_path, store=store)
    with pytest.raises(PullAuthError, match="models hf-token"):
        pull("acme/gated-GGUF", folder=tmp_path, store=store)
    monkeypatch.setenv("HF_TOKEN", "hf_secret")
    assert pull("acme/gated-GGUF", folder=tmp_path, store=store).entry.path.is_file()
    assert _only_models(tmp_path) == ["gated-Q4_K_M.gguf"]


def test_network_down_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISLANDRUN_OLLAMA_REGISTRY", "http://127.0.0.1:9")  # discard port: nothing listens
    with pytest.raises(PullNetworkError, match=r"could not reach 127\.0\.0\.1"):
        pull("tiny:1b", folder=tmp_path, store=UserModelStore(tmp_path / "models.json"))


def test_cancelling_keeps_the_part_file_and_no_model(registry: tuple[Registry, RegistryServer], tmp_path: Path) -> None:
    reg, _ = registry
    reg.delay_s = 0.01
    cancel = threading.Event()

    def progress(done: int, _total: int) -> None:
        if done >= MiB:
            cancel.set()

    with pytest.raises(PullCancelledError, match="resume"):
        pull(
            "tiny:1b", folder=tmp_path, store=UserModelStore(tmp_path / "models.json"), progress=progress, cancel=cancel
        )
    assert _only_models(tmp_path) == []
    parts = list((tmp_path / ".partial").iterdir())
    assert len(parts) == 1 and MiB <= parts[0].stat().st_size < len(DATA)
    reg.delay_s = 0.0
    assert pull("tiny:1b", folder=tmp_path, store=UserModelStore(tmp_path / "models.json")).resumed_from >= MiB


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MiB tmpfs (needs root and mount rights: skipped elsewhere, saying so)."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root; the full-disk test cannot run here")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"could not mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_is_refused_before_the_download_and_when_it_fills(
    registry: tuple[Registry, RegistryServer], small_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reg, _ = registry
    store = UserModelStore(tmp_path / "models.json")
    with pytest.raises(PullDiskFullError, match="MiB free"):
        pull("tiny:1b", folder=small_disk, store=store)
    assert reg.ranges == [] and not any(r.startswith("GET /cdn/") for r in reg.requests)
    # the disk fills during the download (another program wrote meanwhile): told, part file gone
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(1 << 40, 0, 1 << 40))  # type: ignore[attr-defined]
    with pytest.raises(PullDiskFullError, match="filled up"):
        pull("tiny:1b", folder=small_disk, store=store)
    assert _only_models(small_disk) == [] and not any((small_disk / ".partial").iterdir())


def test_partial_files_are_named_by_digest_and_hidden(tmp_path: Path) -> None:
    from islandrun.core.engines.registries import RemoteFile

    remote = RemoteFile("ollama", "ollama:x:1", "http://x", 1, "f" * 64, "x.gguf")
    assert partial_path(remote, tmp_path) == tmp_path / ".partial" / f"{'f' * 64}.part"
