"""Assessing a request: detection over every text of every field that travels (the same walk the
sanitizer uses, :mod:`.payload`), the level table, and the optional model classifier (DESIGN §2;
the daemon calls :func:`assess_async`). Content MIST cannot read (images, audio, files) makes the
request at least confidential.

Detection reads each field in the forms the sanitiser reads it (:class:`.payload.PayloadTexts`), so a
request assessed and then sanitised by one detector has each text detected once (issue 17)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from ..sensitivity import SensitivityLevel
from .classifier import ModelClassifier
from .detector import Detector, default_detector
from .entities import Entity, EntityType
from .levels import Assessment, combine, level_for
from .payload import ChatPayload, PayloadTexts, opaque_parts, participant_names, read_texts

__all__ = ["as_payload", "assess", "assess_async", "assess_texts"]


def assess_texts(texts: Sequence[str], detector: Detector | None = None, extra: Sequence[Entity] = ()) -> Assessment:
    """Pattern and lexicon stage only; synchronous and fast (call it from a thread in async code).
    ``extra``: findings known without detection (a participant's ``name`` is a person)."""
    return _assess_read(PayloadTexts(list(texts), [(t,) for t in texts]), detector, extra)


def _findings(det: Detector, probes: Sequence[tuple[str, ...]]) -> list[Entity]:
    """Every probe's findings; a field read in several forms (a JSON value alone and after its key) counts
    what its last, fullest form finds, and from the others only what that one did not."""
    entities: list[Entity] = []
    for probe in probes:
        found = det.detect(probe[-1])
        entities += found
        if len(probe) > 1:
            seen = {(e.type, e.text) for e in found}
            for text in probe[:-1]:
                entities += [e for e in det.detect(text) if (e.type, e.text) not in seen]
    return entities


def _assess_read(read: PayloadTexts, detector: Detector | None, extra: Sequence[Entity]) -> Assessment:
    det = detector or default_detector()
    try:
        entities: list[Entity] = [*_findings(det, read.probes), *extra]
    except Exception as exc:  # detection failing must never make a request look public
        return Assessment(SensitivityLevel.RESTRICTED, (), (f"detection failed ({type(exc).__name__}) → restricted",))
    level, reasons = level_for(entities, read.texts)
    return Assessment(level, tuple(entities), tuple(reasons))


def as_payload(request: ChatPayload | Sequence[Mapping[str, Any]]) -> ChatPayload:
    return request if isinstance(request, ChatPayload) else ChatPayload(tuple(request))


def _assess_payload(payload: ChatPayload, read: PayloadTexts, detector: Detector | None) -> Assessment:
    """A participant's ``name`` is a person (it is always pseudonymised); content MIST cannot read is
    at least confidential: it may hold anything."""
    names = participant_names(payload.messages)
    found = _assess_read(read, detector, [Entity(EntityType.PERSON, 0, len(n), n, 1.0, "participant") for n in names])
    opaque = opaque_parts(payload.messages)
    level = combine(found.level, SensitivityLevel.CONFIDENTIAL) if opaque else found.level
    if level is found.level:
        return found
    why = f"content that cannot be screened ({', '.join(opaque[:3])}) → confidential"
    return Assessment(level, found.entities, (*found.reasons, why))


def assess(request: ChatPayload | Sequence[Mapping[str, Any]], detector: Detector | None = None) -> Assessment:
    """The pattern-stage assessment of a request: every field (messages, names, tools, stop) is read."""
    payload = as_payload(request)
    return _assess_payload(payload, read_texts(payload), detector)


async def assess_async(
    request: ChatPayload | Sequence[Mapping[str, Any]],
    detector: Detector | None = None,
    classifier: ModelClassifier | None = None,
) -> Assessment:
    """Both stages without blocking the event loop: detection in a thread, then the classifier if one is set."""
    payload = as_payload(request)
    read = read_texts(payload)
    first = await asyncio.to_thread(_assess_payload, payload, read, detector)
    if classifier is None or first.level is SensitivityLevel.RESTRICTED:
        return first
    model_level, reason = await classifier.classify("\n\n".join(read.texts))
    level = combine(first.level, model_level)
    return Assessment(level, first.entities, (*first.reasons, reason))
