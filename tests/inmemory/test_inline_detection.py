"""Where the daemon detects a request (``core/daemon/privacy_port.py``): a short one in a script whose
detection is loaded at start on the event loop (no thread hops), a long one, or one in Chinese or
Japanese (whose tagger loads on first use, ~1 s) in a thread, so the loop never stalls on it. Either
way the assessment is the one MIST's own async path gives."""

from __future__ import annotations

import threading

import pytest

from islandrun.core.daemon.privacy_port import INLINE_DETECT_CHARS, MistPrivacy
from islandrun.core.privacy.assess import assess_async
from islandrun.core.privacy.config import PrivacyConfig
from islandrun.core.privacy.detector import Detector
from islandrun.core.privacy.entities import Entity
from islandrun.core.privacy.payload import ChatPayload


@pytest.fixture(scope="module")
def privacy() -> MistPrivacy:
    return MistPrivacy(PrivacyConfig(classifier_model=None))


@pytest.fixture
def threads(privacy: MistPrivacy, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the thread each detection ran on."""
    seen: list[str] = []
    original = Detector.detect

    def detect(self: Detector, text: str) -> list[Entity]:
        seen.append(threading.current_thread().name)
        return original(self, text)

    monkeypatch.setattr(Detector, "detect", detect)
    return seen


def _payload(text: str) -> ChatPayload:
    return ChatPayload(({"role": "user", "content": text},))


@pytest.mark.parametrize(
    ("text", "inline"),
    [
        ("Write to Marcus Weber at m.weber@example.org about the invoice.", True),
        ("Schreib Jürgen Müller, Tel. +49 40 3355 7788, wegen der Rechnung.", True),
        ("请给张伟发邮件，他的电话是 138 0013 8000。", False),
        ("Call Marcus Weber about the invoice. " * (INLINE_DETECT_CHARS // 30), False),
    ],
    ids=["english", "german", "chinese", "long"],
)
async def test_short_latin_requests_are_detected_on_the_loop_and_assessed_the_same(
    privacy: MistPrivacy, threads: list[str], text: str, inline: bool
) -> None:
    await privacy.warm_up()
    assert privacy.classifier is None
    found = await privacy.assess_payload(_payload(text))
    assert threads and all((name == threading.main_thread().name) == inline for name in threads)
    privacy.detector.clear_recent()
    expected = await assess_async(_payload(text), privacy.detector)
    assert (found.level, found.entity_counts) == (expected.level, expected.counts)
