"""A curated catalogue of small instruction-tuned models known to run with llama.cpp.

Each entry names what ``islandrun models pull`` fetches (a Hugging Face ``org/repo:QUANT``), the
licence, the approximate file size and the KV-cache bytes per context token (from the model's
architecture: layers × KV heads × head size × 2 (K and V) × 2 bytes of f16). Sizes are the
published ones, rounded; the exact size and SHA-256 are read from the registry at pull time.
Pulling a catalogue name records the model under that short name (``models default qwen3-1.7b``).

Gemma 3 comes from ``ggml-org``'s conversions (text-only GGUF files that llama.cpp loads; Ollama's
Gemma 3 blobs carry vision tensors for Ollama's own engine). Licences: Qwen3 Apache-2.0;
Phi-4-mini MIT; SmolLM2 Apache-2.0; Llama 3.2 its Community License (acceptable-use policy,
attribution); Gemma 3 the Gemma Terms of Use (use restrictions passed on to users).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CURATED", "CuratedModel", "curated_by_name"]

MB = 1_000_000


@dataclass(frozen=True, slots=True)
class CuratedModel:
    name: str  # the short name it is recorded under
    family: str
    params: str
    quant: str
    pull: str  # what `models pull` resolves
    size_bytes: int  # approximate, as published
    kv_bytes_per_token: int  # f16 K+V over all layers
    context: int  # trained context length
    licence: str  # short: Apache-2.0, MIT, Llama 3.2 CL (Community License), Gemma ToU (Terms of Use)
    notes: str = ""

    @property
    def thinks(self) -> bool:
        """Writes a reasoning trace before answering by default (slow on a CPU)."""
        return self.family == "Qwen3"


def _kv(layers: int, kv_heads: int, head_dim: int) -> int:
    return layers * kv_heads * head_dim * 2 * 2


CURATED: tuple[CuratedModel, ...] = (
    CuratedModel(
        "qwen3-0.6b",
        "Qwen3",
        "0.6B",
        "Q4_K_M",
        "unsloth/Qwen3-0.6B-GGUF:Q4_K_M",
        397 * MB,
        _kv(28, 8, 128),
        40960,
        "Apache-2.0",
        "thinks aloud unless told /no_think",
    ),
    CuratedModel(
        "qwen3-1.7b",
        "Qwen3",
        "1.7B",
        "Q4_K_M",
        "unsloth/Qwen3-1.7B-GGUF:Q4_K_M",
        1107 * MB,
        _kv(28, 8, 128),
        40960,
        "Apache-2.0",
        "thinks aloud unless told /no_think",
    ),
    CuratedModel(
        "qwen3-4b",
        "Qwen3",
        "4B",
        "Q4_K_M",
        "unsloth/Qwen3-4B-GGUF:Q4_K_M",
        2497 * MB,
        _kv(36, 8, 128),
        40960,
        "Apache-2.0",
        "thinks aloud unless told /no_think",
    ),
    CuratedModel(
        "llama3.2-1b",
        "Llama 3.2",
        "1B",
        "Q4_K_M",
        "bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
        808 * MB,
        _kv(16, 8, 64),
        131072,
        "Llama 3.2 CL",
    ),
    CuratedModel(
        "llama3.2-3b",
        "Llama 3.2",
        "3B",
        "Q4_K_M",
        "bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M",
        2019 * MB,
        _kv(28, 8, 128),
        131072,
        "Llama 3.2 CL",
    ),
    CuratedModel(
        "gemma3-1b",
        "Gemma 3",
        "1B",
        "Q4_K_M",
        "ggml-org/gemma-3-1b-it-GGUF:Q4_K_M",
        806 * MB,
        _kv(26, 1, 256),
        32768,
        "Gemma ToU",
    ),
    CuratedModel(
        "gemma3-4b",
        "Gemma 3",
        "4B",
        "Q4_K_M",
        "ggml-org/gemma-3-4b-it-GGUF:Q4_K_M",
        2489 * MB,
        _kv(34, 4, 256),
        131072,
        "Gemma ToU",
        "text only (no vision projector)",
    ),
    CuratedModel(
        "phi4-mini",
        "Phi-4-mini",
        "3.8B",
        "Q4_K_M",
        "unsloth/Phi-4-mini-instruct-GGUF:Q4_K_M",
        2491 * MB,
        _kv(32, 8, 128),
        131072,
        "MIT",
    ),
    CuratedModel(
        "qwen3-1.7b-q8",
        "Qwen3",
        "1.7B",
        "Q8_0",
        "unsloth/Qwen3-1.7B-GGUF:Q8_0",
        1834 * MB,
        _kv(28, 8, 128),
        40960,
        "Apache-2.0",
        "higher quality, slower",
    ),
)


def curated_by_name(name: str) -> CuratedModel | None:
    return next((m for m in CURATED if m.name == name), None)
