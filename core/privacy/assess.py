"""Assessing a request: detection over every text in the messages, the level table, and the
optional model classifier (DESIGN §2; the daemon calls :func:`assess` or :func:`assess_async`)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from ..sensitivity import SensitivityLevel
from .classifier import ModelClassifier
from .detector import Detector, default_detector
from .entities import Entity
from .levels import Assessment, combine, level_for
from .messages import message_texts

__all__ = ["assess", "assess_async", "assess_texts"]


def assess_texts(texts: Sequence[str], detector: Detector | None = None) -> Assessment:
    """Pattern and lexicon stage only; synchronous and fast (call it from a thread in async code)."""
    det = detector or default_detector()
    try:
        entities: list[Entity] = [e for text in texts for e in det.detect(text)]
    except Exception as exc:  # detection failing must never make a request look public
        return Assessment(SensitivityLevel.RESTRICTED, (), (f"detection failed ({type(exc).__name__}) → restricted",))
    level, reasons = level_for(entities, texts)
    return Assessment(level, tuple(entities), tuple(reasons))


def assess(messages: Sequence[Mapping[str, Any]], detector: Detector | None = None) -> Assessment:
    """The pattern-stage assessment of OpenAI-style ``messages`` (system prompt and tool calls included)."""
    return assess_texts(list(message_texts(messages)), detector)


async def assess_async(
    messages: Sequence[Mapping[str, Any]],
    detector: Detector | None = None,
    classifier: ModelClassifier | None = None,
) -> Assessment:
    """Both stages without blocking the event loop: detection in a thread, then the classifier if one is set."""
    texts = list(message_texts(messages))
    first = await asyncio.to_thread(assess_texts, texts, detector)
    if classifier is None or first.level is SensitivityLevel.RESTRICTED:
        return first
    model_level, reason = await classifier.classify("\n\n".join(texts))
    level = combine(first.level, model_level)
    return Assessment(level, first.entities, (*first.reasons, reason))
