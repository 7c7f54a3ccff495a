"""The privacy port over MIST: both assessment stages off the event loop, and the scan preview.

The optional second stage (a local model labelling what patterns cannot see) gets its
completions from the local engine, as primary work; MIST itself never imports the engines.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from ..engines.local import LocalEngine
from ..engines.types import ChatMessage, ChatRequest
from ..privacy.assess import assess_async
from ..privacy.classifier import Complete, ModelClassifier, build_classifier
from ..privacy.config import PrivacyConfig
from ..privacy.detector import detector_from_config
from ..privacy.payload import ChatPayload
from ..privacy.preview import scan_preview
from ..routing.policy import Priority
from .ports import Assessment

__all__ = ["MistPrivacy"]

log = logging.getLogger(__name__)


def _completer(engine: LocalEngine) -> Any:
    def complete_for(model: str) -> Complete:
        async def complete(prompt: str) -> str:
            request = ChatRequest(
                (ChatMessage("user", prompt),),
                model=model,
                max_tokens=8,
                temperature=0.0,
                seed=0,
                priority=Priority.PRIMARY,
            )
            return (await engine.chat(request)).text

        return complete

    return complete_for


class MistPrivacy:
    def __init__(self, config: PrivacyConfig, engine: LocalEngine | None = None) -> None:
        self.config = config
        self.detector = detector_from_config(config)
        self.classifier: ModelClassifier | None
        self.classifier, self.classifier_state = build_classifier(
            config.classifier_model, None if engine is None else _completer(engine), config.classifier_timeout_s
        )
        log.info("privacy: %s", self.classifier_state)

    async def warm_up(self) -> None:
        await asyncio.to_thread(self.detector.warm_up)

    async def assess_payload(self, payload: ChatPayload) -> Assessment:
        found = await assess_async(payload, self.detector, self.classifier)
        return Assessment(found.level, found.score, found.counts, tuple(found.reasons))

    async def scan(self, text: str) -> dict[str, Any]:
        """MIST's preview: level, reasons, findings with their placeholders, the sanitized text."""
        return await asyncio.to_thread(scan_preview, text, self.detector)
