"""Finding a model file in a registry: Hugging Face (``org/repo`` + file or quant tag) or Ollama.

What each registry publishes and this module reads (nothing else):

- **Hugging Face**: the repository's file list, ``GET {endpoint}/api/models/{repo}/tree/{rev}``
  (each GGUF with its size and LFS SHA-256), then ``HEAD {endpoint}/{repo}/resolve/{rev}/{file}``
  without following the redirect: ``X-Linked-Etag`` is the LFS SHA-256 and ``X-Linked-Size`` the
  size (the plain ``ETag``/``Content-Length`` when the file is not in LFS). The download is a
  ``GET`` of the same ``resolve`` URL, following its redirect. 401/403 mean the repository is
  gated or private: a token is needed (``HF_TOKEN``, else the OS keyring entry ``huggingface``,
  stored by ``islandrun models hf-token``).
  The endpoint is ``$HF_ENDPOINT`` (as in ``huggingface_hub``), else ``https://huggingface.co``.
- **Ollama**: ``GET {registry}/v2/{namespace}/{model}/manifests/{tag}``; the layer of media type
  ``application/vnd.ollama.image.model`` is the GGUF, named by its digest ``sha256:…``, fetched
  from ``{registry}/v2/{namespace}/{model}/blobs/{digest}``. The registry is
  ``$ISLANDRUN_OLLAMA_REGISTRY``, else ``https://registry.ollama.ai``.

Names: ``hf:ORG/REPO[:QUANT]``, ``hf.co/ORG/REPO[:QUANT]`` or plain ``ORG/REPO[:QUANT]`` (a slash
means Hugging Face); ``MODEL[:TAG]`` (no slash) or ``ollama:[NAMESPACE/]MODEL[:TAG]`` means Ollama.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

import httpx

from .errors import PullAuthError, PullError, PullNetworkError, PullNotFoundError

__all__ = [
    "OLLAMA_MODEL_MEDIA_TYPE",
    "ModelSpec",
    "RemoteFile",
    "hf_endpoint",
    "hf_token",
    "ollama_registry",
    "parse_spec",
    "resolve",
]

OLLAMA_MODEL_MEDIA_TYPE = "application/vnd.ollama.image.model"
_MANIFEST_ACCEPT = "application/vnd.docker.distribution.manifest.v2+json"
_PREFERRED_QUANTS = ("Q4_K_M", "Q4_K_S", "Q5_K_M", "Q4_0", "Q8_0")
_SHARD = re.compile(r"-\d{5}-of-(\d{5})\.gguf$", re.IGNORECASE)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class ModelSpec:
    source: Literal["huggingface", "ollama"]
    repo: str  # HF: org/repo; Ollama: namespace/model
    tag: str | None  # HF: quant tag or None; Ollama: tag
    file: str | None = None  # HF: an explicit file name


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """One file to download, with what the registry says it must be."""

    source: Literal["huggingface", "ollama"]
    name: str  # the local model name it is recorded under
    url: str
    size: int
    sha256: str  # lowercase hex
    filename: str  # the file name in the models folder
    headers: dict[str, str] = field(default_factory=dict, repr=False)  # auth, never printed


def hf_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def ollama_registry() -> str:
    return os.environ.get("ISLANDRUN_OLLAMA_REGISTRY", "https://registry.ollama.ai").rstrip("/")


def hf_token() -> tuple[str | None, str]:
    """A Hugging Face token and where it came from: ``$HF_TOKEN``, else the OS keyring."""
    token = os.environ.get("HF_TOKEN")
    if token:
        return token, "HF_TOKEN"
    try:
        from ..remote.credentials import KeyringCredentials

        found = KeyringCredentials().get("huggingface")
    except Exception as exc:  # no usable keyring: say so when a token turns out to be needed
        return None, f"the OS keyring could not be read ({type(exc).__name__})"
    return (found, "the OS keyring") if found else (None, "no token in $HF_TOKEN or the OS keyring")


def parse_spec(text: str, file: str | None = None) -> ModelSpec:
    """Read a pull name (see the module docstring); ``file`` picks a Hugging Face file by name."""
    raw = text.strip()
    for prefix in ("hf:", "hf.co/", "huggingface.co/", "https://huggingface.co/"):
        if raw.startswith(prefix):
            return _hf_spec(raw[len(prefix) :], file)
    if raw.startswith("ollama:"):
        return _ollama_spec(raw[len("ollama:") :])
    if "/" in raw:
        return _hf_spec(raw, file)
    return _ollama_spec(raw)


def _hf_spec(rest: str, file: str | None) -> ModelSpec:
    repo, _, tag = rest.partition(":")
    if repo.count("/") != 1 or not all(repo.split("/")):
        raise PullError(f"{rest!r} is not a Hugging Face repository name (ORG/REPO[:QUANT])")
    return ModelSpec("huggingface", repo, tag or None, file)


def _ollama_spec(rest: str) -> ModelSpec:
    model, _, tag = rest.partition(":")
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)?", model):
        raise PullError(f"{rest!r} is not an Ollama model name (MODEL[:TAG] or NAMESPACE/MODEL:TAG)")
    return ModelSpec("ollama", model if "/" in model else f"library/{model}", tag or "latest")


def _check(response: httpx.Response, what: str, needs_token_hint: str = "") -> None:
    if response.status_code in (401, 403):
        raise PullAuthError(
            f"{what} needs a token (HTTP {response.status_code}: gated or private); {needs_token_hint}".rstrip("; ")
        )
    if response.status_code == 404:
        raise PullNotFoundError(f"{what} was not found (HTTP 404)")
    if response.status_code >= 400:
        raise PullError(f"{what}: the registry answered HTTP {response.status_code}")


def _get(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    try:
        return client.request(method, url, **kwargs)
    except httpx.TransportError as exc:
        host = httpx.URL(url).host
        raise PullNetworkError(f"could not reach {host} ({type(exc).__name__}: {exc}); check the network") from None


def resolve(spec: ModelSpec, client: httpx.Client) -> RemoteFile:
    """What to download for ``spec``, with its size and SHA-256 as the registry publishes them."""
    return _resolve_hf(spec, client) if spec.source == "huggingface" else _resolve_ollama(spec, client)


def _choose_gguf(spec: ModelSpec, files: list[dict[str, Any]]) -> dict[str, Any]:
    ggufs = [
        f for f in files if str(f.get("path", "")).lower().endswith(".gguf") and "mmproj" not in str(f["path"]).lower()
    ]
    names = [str(f["path"]) for f in ggufs]
    if spec.file is not None:
        chosen = [f for f in ggufs if f["path"] == spec.file or str(f["path"]).rsplit("/", 1)[-1] == spec.file]
        if not chosen:
            raise PullNotFoundError(f"{spec.repo} has no GGUF file {spec.file!r}; it has: {', '.join(names) or 'none'}")
        return chosen[0]
    if not ggufs:
        raise PullNotFoundError(f"{spec.repo} has no GGUF files (llama.cpp needs GGUF)")
    wanted = [spec.tag] if spec.tag else list(_PREFERRED_QUANTS)
    for tag in wanted:
        hits = [f for f in ggufs if re.search(rf"[-_.]{re.escape(tag)}[-_.]", str(f["path"]), re.IGNORECASE)]
        if hits:
            return hits[0]
    if spec.tag is None and len(ggufs) == 1:
        return ggufs[0]
    what = f"no file with the quant tag {spec.tag!r}" if spec.tag else "several GGUF files and none is Q4_K_M"
    raise PullNotFoundError(f"{spec.repo} has {what}; pick one with a tag or --file: {', '.join(names)}")


def _resolve_hf(spec: ModelSpec, client: httpx.Client) -> RemoteFile:
    base = hf_endpoint()
    token, token_from = hf_token()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    hint = (
        "accept the model's licence on its Hugging Face page, then store a token with "
        "`islandrun models hf-token` or set HF_TOKEN"
        + (f" (a token from {token_from} was sent and refused)" if token else f" ({token_from})")
    )
    tree = _get(
        client, "GET", f"{base}/api/models/{spec.repo}/tree/main", params={"recursive": "true"}, headers=headers
    )
    _check(tree, f"the Hugging Face repository {spec.repo}", hint)
    chosen = _choose_gguf(spec, list(tree.json()))
    path = str(chosen["path"])
    shard = _SHARD.search(path)
    if shard and shard.group(1) != "00001":
        raise PullError(f"{path} is one part of a split model; split models cannot be pulled yet")
    url = f"{base}/{spec.repo}/resolve/main/{quote(path)}"
    head = _get(client, "HEAD", url, headers=headers, follow_redirects=False)
    _check(head, f"{spec.repo}/{path}", hint)
    etag = (head.headers.get("x-linked-etag") or head.headers.get("etag") or "").strip('W/"').lower()
    lfs = chosen.get("lfs") or {}
    sha = etag if _SHA256.match(etag) else str(lfs.get("oid", "")).lower()
    if not _SHA256.match(sha):
        raise PullError(f"Hugging Face published no SHA-256 for {spec.repo}/{path}; refusing an unverifiable download")
    if lfs.get("oid") and str(lfs["oid"]).lower() != sha:
        raise PullError(f"Hugging Face gave two different SHA-256 for {spec.repo}/{path}; try again later")
    size = int(head.headers.get("x-linked-size") or lfs.get("size") or chosen.get("size") or 0)
    if size <= 0:
        raise PullError(f"Hugging Face published no size for {spec.repo}/{path}")
    stem = path.rsplit("/", 1)[-1][: -len(".gguf")]
    return RemoteFile("huggingface", f"hf:{spec.repo}/{stem}", url, size, sha, f"{stem}.gguf", headers)


def _resolve_ollama(spec: ModelSpec, client: httpx.Client) -> RemoteFile:
    base = ollama_registry()
    tag = spec.tag or "latest"
    what = f"the Ollama model {spec.repo.removeprefix('library/')}:{tag}"
    manifest = _get(client, "GET", f"{base}/v2/{spec.repo}/manifests/{tag}", headers={"Accept": _MANIFEST_ACCEPT})
    _check(manifest, what, "private Ollama models cannot be pulled")
    layers = [layer for layer in manifest.json().get("layers", []) if layer.get("mediaType") == OLLAMA_MODEL_MEDIA_TYPE]
    if not layers:
        raise PullNotFoundError(f"{what} has no GGUF model layer")
    digest = str(layers[0].get("digest", ""))
    sha = digest.removeprefix("sha256:")
    if not digest.startswith("sha256:") or not _SHA256.match(sha):
        raise PullError(f"{what}: the manifest's digest {digest!r} is not a SHA-256")
    short = spec.repo.removeprefix("library/")
    name = f"ollama:{short}:{tag}"
    filename = f"ollama-{short.replace('/', '-')}-{tag}.gguf"
    return RemoteFile("ollama", name, f"{base}/v2/{spec.repo}/blobs/{digest}", int(layers[0]["size"]), sha, filename)
