"""The privacy port over MIST: detection off the event loop, the level, and the scan preview."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..privacy.config import PrivacyConfig
from ..privacy.detector import default_detector
from ..privacy.entities import Entity
from ..sensitivity import SensitivityLevel
from .ports import Assessment

__all__ = ["MistPrivacy"]


class MistPrivacy:
    def __init__(self, config: PrivacyConfig) -> None:
        self.config = config
        self.detector = default_detector()

    def _detect(self, texts: Sequence[str]) -> list[Entity]:
        found: list[Entity] = []
        for text in texts:
            found.extend(self.detector.detect(text))
        return found

    async def assess(self, texts: Sequence[str]) -> Assessment:
        entities = await asyncio.to_thread(self._detect, texts)
        counts = Counter(e.type.value for e in entities)
        level = _level_of(entities)
        return Assessment(level, level.score, dict(counts), tuple(sorted(counts)))

    async def scan(self, text: str) -> dict[str, Any]:
        entities = await asyncio.to_thread(self._detect, [text])
        level = _level_of(entities)
        return {
            "level": level.value,
            "score": level.score,
            "entities": [
                {"type": e.type.value, "start": e.start, "end": e.end, "text": e.text, "score": e.score}
                for e in entities
            ],
        }


def _level_of(entities: Sequence[Entity]) -> SensitivityLevel:
    if not entities:
        return SensitivityLevel.PUBLIC
    return SensitivityLevel.RESTRICTED
