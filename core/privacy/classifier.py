"""The second stage of MIST: a local language model judges what patterns cannot see.

``[privacy] classifier_model``: ``"auto"`` (the default) uses the local model that passes the bar
below, or leaves the stage off and says why; a model name forces that model; ``"off"`` turns the
stage off. The classifier takes an async ``complete(prompt) -> str`` so that it never imports the
engines; the daemon asks for the answer as one of the four labels (:data:`LABEL_FORMAT`, a
grammar during sampling). Any failure, timeout or unreadable answer counts as RESTRICTED, never
as public (DESIGN §2 "Fault tolerance"); it can only raise a level (:func:`.assess.assess_async`).

**The bar** (measured, ``benchmarks/privacy/STAGE2.md``): a model whose agreement with the
labelled prompts was measured must reach :data:`MIN_KAPPA` (Cohen's kappa, agreement beyond
chance); one not measured must be instruction-tuned with at least :data:`MIN_JUDGE_PARAMS_B`
billion parameters. The embedded SmolLM2-135M-Instruct was measured below chance, so ``auto``
leaves the stage off on a device with only the embedded models.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..sensitivity import SensitivityLevel

__all__ = [
    "AUTO",
    "LABEL_FORMAT",
    "MEASURED",
    "MIN_JUDGE_PARAMS_B",
    "MIN_KAPPA",
    "NOT_CAPABLE",
    "OFF",
    "PROMPT",
    "Complete",
    "JudgeCandidate",
    "Measured",
    "ModelClassifier",
    "build_classifier",
    "choose_judge",
    "judge_refusal",
    "parse_params",
]

Complete = Callable[[str], Awaitable[str]]

AUTO = "auto"
OFF = "off"

PROMPT = """You label how sensitive a message is before it may leave the user's device.
Answer with exactly one word:
public - nothing personal or confidential;
internal - ordinary work or personal matters, nothing identifying;
confidential - identifies a person or contains their contact details, private business information;
restricted - health, finances, government IDs, credentials, legal or intimate matters.

Message:
<<<
{text}
>>>
Label:"""

LABELS = tuple(level.value for level in SensitivityLevel)
# OpenAI's response_format: the answer is one of the labels, as a JSON string ("restricted")
LABEL_FORMAT: Mapping[str, Any] = {
    "type": "json_schema",
    "json_schema": {"name": "sensitivity", "strict": True, "schema": {"type": "string", "enum": list(LABELS)}},
}

_LABEL = re.compile(r"\b(public|internal|confidential|restricted)\b", re.IGNORECASE)
_MAX_CHARS = 6000


@dataclass(frozen=True, slots=True)
class ModelClassifier:
    complete: Complete
    timeout_s: float = 10.0
    model: str = ""  # the local model that judges (for the log and the warm-up), when known

    async def classify(self, text: str) -> tuple[SensitivityLevel, str]:
        """The model's level and a reason; RESTRICTED with the reason when anything goes wrong."""
        prompt = PROMPT.format(text=text[-_MAX_CHARS:])
        try:
            answer = await asyncio.wait_for(self.complete(prompt), timeout=self.timeout_s)
        except TimeoutError:
            return SensitivityLevel.RESTRICTED, f"classifier timed out after {self.timeout_s:g} s → restricted"
        except Exception as exc:  # any failure of the model counts as the worst case
            return SensitivityLevel.RESTRICTED, f"classifier failed ({type(exc).__name__}) → restricted"
        match = _LABEL.search(answer or "")
        if match is None:
            return SensitivityLevel.RESTRICTED, "classifier gave no label → restricted"
        level = SensitivityLevel(match.group(1).lower())
        return level, f"classifier says {level.value}"


# -- which model may judge -------------------------------------------------------------------

# Local models too small to judge sensitivity even when named: the embedded 270M base model has no
# instruction tuning; its labels would be noise (measured: benchmarks/privacy/STAGE2.md).
NOT_CAPABLE = frozenset({"gemma-3-270m"})
MIN_JUDGE_PARAMS_B = 1.0
MIN_KAPPA = 0.4  # "moderate" agreement beyond chance on the labelled prompts


@dataclass(frozen=True, slots=True)
class Measured:
    """A model's result on ``benchmarks/privacy/stage2_prompts.jsonl`` (bench_stage2.py)."""

    agreement: float  # share of prompts where its label is the reference label
    kappa: float  # Cohen's kappa: 0 is chance, 1 perfect


# From benchmarks/privacy/STAGE2.md (61 prompts, the label asked under a grammar); a model measured
# here is judged by this, not by its size. SmolLM2-135M-Instruct labels most prompts "public",
# sensitive or not: its agreement is below chance.
MEASURED: Mapping[str, Measured] = {
    "smollm2-135m-instruct": Measured(agreement=0.16, kappa=-0.09),
}


@dataclass(frozen=True, slots=True)
class JudgeCandidate:
    """A local model as the selection rule sees it (read from the catalogue by the daemon)."""

    name: str
    params_b: float | None  # billions of parameters; None: unknown
    instruct: bool  # instruction-tuned (a chat template, or a curated instruct model)


def parse_params(label: str | None) -> float | None:
    """Billions of parameters from a size label: ``135M`` → 0.135, ``1.7B``, ``8x7B`` → 56."""
    match = re.fullmatch(r"\s*(?:(\d+)x)?(\d+(?:\.\d+)?)\s*([KMBT])\b.*", label or "", re.IGNORECASE)
    if match is None:
        return None
    experts = int(match.group(1) or 1)
    scale = {"K": 1e-6, "M": 1e-3, "B": 1.0, "T": 1e3}[match.group(3).upper()]
    return experts * float(match.group(2)) * scale


def judge_refusal(candidate: JudgeCandidate) -> str | None:
    """Why ``auto`` will not use this model, or None when it passes the bar."""
    if candidate.name in NOT_CAPABLE:
        return "too small to judge sensitivity"
    measured = MEASURED.get(candidate.name)
    if measured is not None:
        if measured.kappa < MIN_KAPPA:
            return (
                f"measured agreement {measured.agreement:.0%} (kappa {measured.kappa:.2f}, "
                f"below {MIN_KAPPA:g}: too close to chance)"
            )
        return None
    if not candidate.instruct:
        return "not instruction-tuned"
    if candidate.params_b is None:
        return "size unknown"
    if candidate.params_b < MIN_JUDGE_PARAMS_B:
        return f"{candidate.params_b:g}B parameters (below {MIN_JUDGE_PARAMS_B:g}B)"
    return None


def choose_judge(candidates: Sequence[JudgeCandidate], default_model: str | None) -> tuple[str | None, str]:
    """The model ``auto`` picks and why; (None, why not) when none passes the bar.

    The default chat model wins when it passes (it is loaded already); otherwise the smallest model
    that passes (it runs before every request that patterns did not already call restricted).
    """
    passing = [c for c in candidates if judge_refusal(c) is None]
    if not passing:
        refused = "; ".join(f"{c.name}: {judge_refusal(c)}" for c in candidates) or "no local models"
        return None, (
            f"model classifier off: no local model passes the bar ({refused}). Pull one with "
            "`islandrun models pull llama3.2-1b` (or another catalogue model of 1B or more)"
        )
    chosen = next((c for c in passing if c.name == default_model), None)
    if chosen is None:
        chosen = min(passing, key=lambda c: (c.params_b or 0.0, c.name))
    return chosen.name, f"model classifier on ({chosen.name}, chosen automatically)"


def build_classifier(
    model_name: str | None,
    complete_for: Callable[[str], Complete] | None,
    timeout_s: float,
    *,
    candidates: Sequence[JudgeCandidate] = (),
    default_model: str | None = None,
) -> tuple[ModelClassifier | None, str]:
    """The classifier for ``[privacy] classifier_model`` and why it is on or off.

    ``complete_for(model_name)`` is supplied by whoever owns the local engine (the daemon), so that
    this module never imports the engines; ``candidates`` are the local models ``auto`` chooses from.
    """
    if model_name is None or model_name == OFF:
        return None, 'model classifier off ([privacy] classifier_model = "off")'
    if complete_for is None:
        return None, "model classifier off: no local engine is available"
    if model_name == AUTO:
        chosen, why = choose_judge(candidates, default_model)
        if chosen is None:
            return None, why
        return ModelClassifier(complete_for(chosen), timeout_s, chosen), why
    if model_name in NOT_CAPABLE:
        return None, f"model classifier off: {model_name!r} is too small to judge sensitivity"
    refusal = judge_refusal(JudgeCandidate(model_name, None, True)) if model_name in MEASURED else None
    note = f"; below the automatic bar: {refusal}" if refusal else ""
    on = f"model classifier on ({model_name}, configured{note})"
    return ModelClassifier(complete_for(model_name), timeout_s, model_name), on
