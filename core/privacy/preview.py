"""A preview of what would leave the device, for the user: ``islandrun privacy scan`` and the
daemon's privacy-scan endpoint return the same thing."""

from __future__ import annotations

from typing import Any

from .assess import assess_texts
from .detector import Detector, default_detector
from .sanitize import Sanitizer
from .vault import Vault

__all__ = ["scan_preview"]


def scan_preview(text: str, detector: Detector | None = None) -> dict[str, Any]:
    """Level, reasons, each finding with the placeholder it would get, and the sanitized text.

    It uses a throw-away vault, so the numbers shown are not those of any real conversation.
    """
    det = detector or default_detector()
    assessment = assess_texts([text], det)
    vault = Vault("preview")
    sanitized, _ = Sanitizer(det).sanitize_text(vault, text)
    return {
        "level": assessment.level.value,
        "score": assessment.score,
        "reasons": list(assessment.reasons),
        "entities": [
            {
                "type": e.type.value,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "score": round(e.score, 3),
                "rule": e.source,
                "placeholder": vault.placeholder_for(e.type, e.text),
            }
            for e in assessment.entities
        ],
        "sanitized": sanitized,
    }
