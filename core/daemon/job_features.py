"""What a chat job asks of the island that runs it, and the 400 when no island that may run it can.

:func:`job_needs` reads the neutral job once: tools (unless ``tool_choice`` is ``none``),
``response_format`` JSON, ``logprobs``, and image, audio and file parts. The router keeps the job
off islands that lack any of them (``features`` filter). When that stood in the way — some island
would otherwise have taken the job, at once or after waiting its turn — :func:`unsupported_feature`
turns the routing failure into a 400 naming the parameter and the islands that support it: the
client asked for something specific, and that is what it must hear, not capacity reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..engines.grammars import check_schema
from ..engines.request_checks import check_tool_choice, check_tools
from ..errors import IslandRunError, NoEligibleIslandError
from ..islands import Feature, Island
from ..privacy.payload import ChatPayload
from .errors import FeatureUnavailableError
from .openai_models import ChatCompletionRequest

__all__ = ["FeatureUnavailableError", "check_job", "job_needs", "unsupported_feature"]

_PART_NEEDS: dict[str, Feature] = {
    "image_url": Feature.VISION,
    "input_image": Feature.VISION,
    "image": Feature.VISION,
    "input_audio": Feature.AUDIO,
    "audio": Feature.AUDIO,
    "file": Feature.FILES,
    "input_file": Feature.FILES,
}

# The request parameter behind each feature, as the client wrote it.
PARAMETER: dict[Feature, str] = {
    Feature.TOOLS: "tools",
    Feature.JSON_OUTPUT: "response_format",
    Feature.LOGPROBS: "logprobs",
    Feature.VISION: "image content parts",
    Feature.AUDIO: "audio content parts",
    Feature.FILES: "file content parts",
}


def check_job(payload: ChatPayload) -> None:
    """Refuse, before routing, tools and schemas no island could use: malformed tool definitions, a
    ``tool_choice`` naming no tool, a JSON schema that is not one (400 naming the spot). Whether a
    valid schema can be enforced is the engine's to say, once it is known where the job runs."""
    check_tools(payload.tools)
    check_tool_choice(payload.tool_choice, payload.tools)
    spec = (payload.response_format or {}).get("json_schema")
    if isinstance(spec, Mapping) and spec.get("schema") is not None:
        check_schema(spec["schema"], "response_format.json_schema.schema")


def job_needs(body: ChatCompletionRequest, messages: Sequence[Mapping[str, Any]]) -> frozenset[Feature]:
    needs: set[Feature] = set()
    if body.uses_tools():
        needs.add(Feature.TOOLS)
    if body.response_format is not None and body.response_format.structured:
        needs.add(Feature.JSON_OUTPUT)
    if body.logprobs:
        needs.add(Feature.LOGPROBS)
    for message in messages:
        content = message.get("content")
        if isinstance(content, list):
            for part in content:
                if isinstance(part, Mapping) and str(part.get("type")) in _PART_NEEDS:
                    needs.add(_PART_NEEDS[str(part.get("type"))])
    return frozenset(needs)


def unsupported_feature(
    exc: NoEligibleIslandError, needs: frozenset[Feature], islands: Iterable[Island]
) -> IslandRunError:
    """A 400 naming the parameter when only ``features`` kept the job off an island; else ``exc`` itself."""
    # An island that only lacked the feature (or was only busy as well: busy work waits its turn on
    # this device) would have taken the job: the feature is what stood in the way.
    blocked = sorted(
        island_id
        for island_id, why in exc.reasons.items()
        if any(reason.startswith("features:") for reason in why)
        and all(reason.startswith(("features:", "capacity:")) for reason in why)
    )
    if not blocked:
        return exc
    known = list(islands)
    lines = []
    for feature in sorted(needs):
        able = [i.id for i in known if feature in i.features]
        where = f"islands that support it: {', '.join(able)}" if able else "no configured island supports it"
        lines.append(f"{PARAMETER[feature]} ({feature.value}): {where}")
    reasons = "; ".join(f"{i}: {'; '.join(r.removeprefix('features: ') for r in exc.reasons[i])}" for i in blocked)
    others = {i: why for i, why in exc.reasons.items() if i not in blocked}
    other_text = "".join(f"\n  - {i}: {'; '.join(why)}" for i, why in sorted(others.items()))
    return FeatureUnavailableError(
        "this request asks for what the islands that may run it cannot do, so it was not sent: "
        + " | ".join(lines)
        + f". Would have run on {reasons}."
        + (f" Excluded for other reasons:{other_text}" if other_text else "")
    )
