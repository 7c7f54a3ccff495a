"""The second stage of MIST: a local language model judges what patterns cannot see.

It is optional and off unless a capable local model is configured (``[privacy] classifier_model``;
the embedded 270M base model is not one). It takes an async ``complete(prompt) -> str`` so that
it never imports the engines; any failure, timeout or unreadable answer counts as RESTRICTED,
never as public (DESIGN §2 "Fault tolerance").
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from ..sensitivity import SensitivityLevel

__all__ = ["NOT_CAPABLE", "PROMPT", "Complete", "ModelClassifier", "build_classifier"]

Complete = Callable[[str], Awaitable[str]]

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

_LABEL = re.compile(r"\b(public|internal|confidential|restricted)\b", re.IGNORECASE)
_MAX_CHARS = 6000


@dataclass(frozen=True, slots=True)
class ModelClassifier:
    complete: Complete
    timeout_s: float = 10.0

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


# Local models too small to judge sensitivity: naming one leaves the stage off (the embedded
# 270M base model has no instruction tuning; its labels would be noise).
NOT_CAPABLE = frozenset({"gemma-3-270m"})


def build_classifier(
    model_name: str | None, complete_for: Callable[[str], Complete] | None, timeout_s: float
) -> tuple[ModelClassifier | None, str]:
    """The classifier for ``[privacy] classifier_model`` and why it is on or off.

    ``complete_for(model_name)`` is supplied by whoever owns the local engine (the daemon), so that
    this module never imports the engines.
    """
    if model_name is None:
        return None, "model classifier off (no classifier_model configured)"
    if model_name in NOT_CAPABLE:
        return None, f"model classifier off: {model_name!r} is too small to judge sensitivity"
    if complete_for is None:
        return None, "model classifier off: no local engine is available"
    return ModelClassifier(complete_for(model_name), timeout_s), f"model classifier on ({model_name})"
