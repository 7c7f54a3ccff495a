"""Structured values of a request about no one are not personal (issue 16, HC: harmless requests go out unchanged).

A tool argument ``{"city": "Lyon"}``, an enum of meeting rooms named after mountains, a tool description naming the
operator's airline, the date of a flight search: each is read without the sentence it belongs to, so the name
finder takes "Lyon" or "Everest" for a person and the date for someone's. Such a value is personal only when the
request is about someone. So in the structured fields (tool definitions, tool-call arguments and function names,
JSON tool results, stop sequences) places, organizations, dates and the Latin-script name finder's doubtful persons
(below 0.8: no given name, title or label backs them) are held back in the sanitiser's first pass, and learned only when
something else in the request, or earlier in its conversation, is personal: any finding of the messages' own text
(judged there in its sentence), a person the lists back, an identifier, a contact, a health term, a value typed by
its key (``"dob"``, ``"patient_name"``). A request about no one sends them as they are; one about someone replaces
them as before. Cost: a string test per finding of a structured field.
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType

__all__ = ["held_back", "structured_field"]

_PUBLIC_KINDS = frozenset({EntityType.LOCATION, EntityType.ORGANIZATION, EntityType.DATE})
_DOUBTFUL_PERSON = 0.8  # the name finder's score for a person a list, title or label backs
_STRUCTURED_STARTS = ("tools[", "stop[", "response_format")
# Only the Latin-script name finder's doubt: the other scripts' finders score a sure name lower ("ನಾಗರಾಜ್ ಶೆಟ್ಟಿ")
_LATIN_NAME_SOURCES = frozenset({"names", "names-lowercase"})
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\s'’.-]+")


def structured_field(where: str) -> bool:
    """Whether ``where`` (a payload path: ``messages[2].tool_calls[0].function.arguments.city``) is a structured
    field rather than a message's own text (``messages[0].content``, ``messages[0].content[1].text``)."""
    return where.startswith(_STRUCTURED_STARTS) or ".tool_calls[" in where or ".content." in where


def held_back(entity: Entity) -> bool:
    """Whether a finding of a structured field waits for the request to prove personal (see the module docstring)."""
    if entity.type in _PUBLIC_KINDS:
        return True
    return (
        entity.type is EntityType.PERSON
        and entity.score < _DOUBTFUL_PERSON
        and (" " not in entity.text or entity.source == "names")  # "harriet blackwood": a full name in lower case
        and entity.source in _LATIN_NAME_SOURCES
        and _LATIN.fullmatch(entity.text) is not None
    )
