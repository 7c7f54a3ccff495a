"""The privacy port over MIST: both assessment stages off the event loop (a short request in a
script whose detection is loaded already is read on it: :data:`INLINE_DETECT_CHARS`), and the scan preview.

The optional second stage (a local model labelling what patterns cannot see) gets its
completions from the local engine, as primary work, constrained to one of the four labels;
MIST itself never imports the engines. Which model judges (``[privacy] classifier_model =
"auto"``) is decided in :meth:`MistPrivacy.warm_up` from the local catalogue
(:func:`judge_candidates`), and logged; ``islandrun doctor`` can show the same choice
(:func:`classifier_choice`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from ..engines.base_model import TRANSCRIPT_FORMAT
from ..engines.catalog import ModelCatalog
from ..engines.config import EngineConfig
from ..engines.curated import curated_by_name
from ..engines.errors import EngineError
from ..engines.gguf import read_gguf_header
from ..engines.local import LocalEngine
from ..engines.types import ChatMessage, ChatRequest
from ..privacy.assess import assess, assess_async
from ..privacy.classifier import (
    AUTO,
    LABEL_FORMAT,
    Complete,
    JudgeCandidate,
    ModelClassifier,
    build_classifier,
    choose_judge,
    parse_params,
)
from ..privacy.config import PrivacyConfig
from ..privacy.detector import detector_from_config
from ..privacy.payload import ChatPayload
from ..privacy.preview import scan_preview
from ..routing.policy import Priority
from .ports import Assessment

__all__ = ["INLINE_DETECT_CHARS", "MistPrivacy", "classifier_choice", "engine_completer", "judge_candidates"]

log = logging.getLogger(__name__)

# A request of at most this many characters, all below U+0590 (Latin, Greek, Cyrillic, Armenian), is
# detected on the event loop once the detector is warm, instead of in a thread: detection costs about
# 5 µs a character on this machine (≤ ~5 ms here, the interpreter's GIL switch interval, which a
# detecting thread would hold the loop off for anyway), and the two thread hops cost 0.1-0.4 ms
# (benchmarks/remote/RESULTS.md, run 11). Other scripts go to a thread: the first Chinese or Japanese
# text loads a tagger (~1 s), which must never stall the loop; so does detection with spaCy (slower).
INLINE_DETECT_CHARS = 1000
_INLINE_BELOW = "\u0590"


def engine_completer(engine: LocalEngine) -> Callable[[str], Complete]:
    """``complete_for(model)``: the label the local engine's model gives, sampled greedily under a
    grammar that allows only ``"public"`` … ``"restricted"`` (so a model that would ramble or
    think aloud first still answers with a label)."""

    def complete_for(model: str) -> Complete:
        async def complete(prompt: str) -> str:
            request = ChatRequest(
                (ChatMessage("user", prompt),),
                model=model,
                max_tokens=12,
                temperature=0.0,
                seed=0,
                priority=Priority.PRIMARY,
                response_format=LABEL_FORMAT,
            )
            return (await engine.chat(request)).text

        return complete

    return complete_for


def judge_candidates(catalog: ModelCatalog) -> list[JudgeCandidate]:
    """Every local model with what the selection rule needs: its size and whether it is
    instruction-tuned (a curated catalogue entry says; otherwise the GGUF header: a chat template,
    ``general.size_label``). Blocking file I/O: call it from a thread."""
    found: list[JudgeCandidate] = []
    for entry in catalog.entries():
        curated = curated_by_name(entry.name)
        if curated is not None:
            found.append(JudgeCandidate(entry.name, parse_params(curated.params), True))
            continue
        try:
            header = read_gguf_header(entry.path)
        except EngineError:
            found.append(JudgeCandidate(entry.name, None, False))
            continue
        label = header.metadata.get("general.size_label")
        chats = entry.chat_format not in (None, TRANSCRIPT_FORMAT)
        found.append(
            JudgeCandidate(entry.name, parse_params(str(label)) if label else None, header.has_chat_template or chats)
        )
    return found


def classifier_choice(privacy: PrivacyConfig, engine: EngineConfig) -> tuple[str | None, str]:
    """The model the second stage would use with this configuration, and why (for ``doctor``)."""
    if privacy.classifier_model != AUTO:
        _, why = build_classifier(privacy.classifier_model, lambda _: _never, privacy.classifier_timeout_s)
        return (None if why.startswith("model classifier off") else privacy.classifier_model), why
    catalog = ModelCatalog(engine)
    return choose_judge(judge_candidates(catalog), catalog.default_name())


def detect_inline(payload: ChatPayload) -> bool:
    """Whether ``payload`` is short enough (:data:`INLINE_DETECT_CHARS`, every field that travels
    counted) and in scripts whose detection is loaded at start, to be detected on the event loop."""
    size = 0
    for part in (*payload.messages, *payload.tools):
        for value in part.values():
            text = value if isinstance(value, str) else repr(value)
            size += len(text)
            if size > INLINE_DETECT_CHARS or (text and max(text) >= _INLINE_BELOW):
                return False
    for text in payload.stop:
        size += len(text)
        if size > INLINE_DETECT_CHARS or (text and max(text) >= _INLINE_BELOW):
            return False
    return True


async def _never(prompt: str) -> str:
    raise RuntimeError("classifier_choice only names the model")


class MistPrivacy:
    def __init__(self, config: PrivacyConfig, engine: LocalEngine | None = None) -> None:
        self.config = config
        self.engine = engine
        self.detector = detector_from_config(config)
        self.classifier: ModelClassifier | None = None
        self.classifier_state = "model classifier not chosen yet (warm_up chooses it)"
        self._warm = False  # the detector's lexicons are loaded (warm_up ran)

    async def warm_up(self) -> None:
        """Load the lexicons, choose the classifier's model (the catalogue is read in a thread) and
        load that model, so that the first request's classification does not wait for the load."""
        await asyncio.to_thread(self.detector.warm_up)
        self._warm = True
        self.classifier, self.classifier_state = await asyncio.to_thread(self._build_classifier)
        log.info("privacy: %s", self.classifier_state)
        if self.classifier is not None and self.engine is not None and self.classifier.model:
            try:
                await self.engine.load(self.classifier.model)
            except EngineError as exc:  # it stays on: its failures count as restricted
                log.warning("privacy: the classifier's model %s did not load: %s", self.classifier.model, exc)

    def _build_classifier(self) -> tuple[ModelClassifier | None, str]:
        engine = self.engine
        wanted = self.config.classifier_model
        if engine is None:
            return build_classifier(wanted, None, self.config.classifier_timeout_s)
        classifier, why = build_classifier(
            wanted,
            engine_completer(engine),
            self.config.classifier_timeout_s,
            candidates=judge_candidates(engine.catalog) if wanted == AUTO else (),
            default_model=engine.catalog.default_name(),
        )
        if classifier is not None and wanted not in (AUTO, None):
            try:
                engine.catalog.resolve(wanted)
            except EngineError:  # kept on: each request then counts as restricted (fail closed)
                why += f"; {wanted!r} is not a local model, so every request counts as restricted until it is"
        return classifier, why

    async def assess_payload(self, payload: ChatPayload) -> Assessment:
        if self.classifier is None and self._warm and self.detector.ner == "lexical" and detect_inline(payload):
            found = assess(payload, self.detector)
        else:
            found = await assess_async(payload, self.detector, self.classifier)
        return Assessment(found.level, found.score, found.counts, tuple(found.reasons))

    async def scan(self, text: str) -> dict[str, Any]:
        """MIST's preview: level, reasons, findings with their placeholders, the sanitized text."""
        return await asyncio.to_thread(scan_preview, text, self.detector)
