"""Sanitization and restore: typed placeholders out, original values back in (DESIGN §2).

:class:`Sanitizer` replaces every detected entity, and every value this conversation's vault
already holds (so a later turn the detector misses still gets its placeholder), in every text of
the messages. :func:`restore` puts the originals back into a reply; :class:`StreamRestorer`
does it for a stream, holding back only a tail that could still become a placeholder.
A placeholder the vault does not know is left as it is.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .detector import Detector, default_detector
from .entities import Entity, EntityType
from .errors import UnsanitizableContentError
from .json_keys import digits_role, number_role, value_type
from .payload import ChatPayload, map_payload, opaque_parts
from .payload import identifier_words as _identifier_words  # the one form assessment reads too (one detection)
from .payload import number_text as _number_text
from .public_fields import held_back, structured_field
from .secrets_patterns import names_a_secret as _secret_key
from .stop_sequences import is_role_tag, tag_name
from .unread_scripts import unread_script
from .vault import PLACEHOLDER_RE, Vault, VaultStore

__all__ = [
    "SanitizedRequest",
    "Sanitizer",
    "StreamRestorer",
    "restore",
    "restore_name",
    "restore_tool_arguments",
]

# The longest text that can still grow into a placeholder: "[" + kind (≤14) + "_" + digits (≤7) + "]".
_MAX_PLACEHOLDER = 1 + 14 + 1 + 7 + 1
_DIGITS = re.compile(r"[0-9]+")  # ASCII digits only: a string value that is a whole number
_PARTIAL = re.compile(r"\[(?:[A-Za-z]{1,14}(?:_\d{0,7})?)?$")
names_a_secret = lru_cache(maxsize=4096)(_secret_key)  # once per key a request repeats


@dataclass(frozen=True, slots=True)
class SanitizedRequest:
    """A request as it may leave for a lower-trust island, and what was replaced in it.

    ``replaced`` counts the replacements by entity type (never values); it is empty, and
    ``sanitized`` False, when nothing needed replacing.
    """

    payload: ChatPayload
    vault: Vault
    replaced: Mapping[str, int] = field(default_factory=dict)

    @property
    def sanitized(self) -> bool:
        return bool(self.replaced)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return [dict(m) for m in self.payload.messages]


class Sanitizer:
    """The one sanitisation path: every field of a request (see :mod:`.payload`), in two passes.

    Pass one *learns*: detection runs over every text of every field and each finding gets its
    placeholder in the conversation's vault. Pass two *replaces* everywhere — findings and every
    value the vault knows, whichever message taught it — so the order of the messages never
    matters (a name first recognised in the last turn is replaced in the first one too).
    """

    def __init__(self, detector: Detector | None = None, store: VaultStore | None = None) -> None:
        self.detector = detector or default_detector()
        self.store = store or VaultStore()

    def sanitize_text(self, vault: Vault, text: str) -> tuple[str, list[Entity]]:
        """``text`` with each entity replaced by its placeholder, and the entities replaced."""
        found = self._detect(vault, text)
        for ent in found:
            vault.placeholder_for(ent.type, ent.text)
        return self._replace(vault, text, found)

    def sanitize_request(
        self, conversation_id: str, payload: ChatPayload, *, allow_opaque: bool = False
    ) -> SanitizedRequest:
        """``payload`` with every sensitive value replaced in every field (the module docstring's two passes).

        Raises :class:`UnsanitizableContentError` when the payload carries content that cannot be
        sanitised (images, audio, files, text in a script MIST cannot read: :mod:`.unread_scripts`) and
        ``allow_opaque`` is False, and
        :class:`~.payload.UnsupportedFieldError` for a field MIST cannot read.
        """
        opaque = opaque_parts(payload.messages)
        if opaque and not allow_opaque:
            raise UnsanitizableContentError(opaque)
        vault = self.store.get(conversation_id)
        learn = _Learn(self, vault)
        map_payload(payload, learn)
        if learn.unread and not allow_opaque:  # text in a script MIST has no names or health terms for
            raise UnsanitizableContentError(learn.unread)
        replacer = _Replace(self, vault, public=learn.finish())
        out = map_payload(payload, replacer)
        return SanitizedRequest(out, vault, dict(replacer.counts))

    def sanitize_messages(self, conversation_id: str, messages: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """A sanitized deep copy of OpenAI-style ``messages`` (:meth:`sanitize_request` without tools or stop)."""
        return self.sanitize_request(conversation_id, ChatPayload(tuple(messages)), allow_opaque=True).messages

    def restorer(self, conversation_id: str) -> StreamRestorer:
        return StreamRestorer(self.store.get(conversation_id))

    # -- the two passes' pieces --------------------------------------------------------------

    def _detect(self, vault: Vault, text: str) -> list[Entity]:
        """Detection of ``text``, cached in the vault (every request carries the whole history again)."""
        hit = vault.detections.get(text)
        if hit is None:
            hit = self.detector.detect(text)
            vault.remember_detection(text, hit)
        return hit

    def _replace(self, vault: Vault, text: str, found: Sequence[Entity]) -> tuple[str, list[Entity]]:
        known = _known_values(vault, text, found)
        entities = sorted([*found, *known], key=lambda e: (e.start, -e.end))
        pieces: list[str] = []
        cursor = 0
        replaced: list[Entity] = []
        for ent in entities:
            if ent.start < cursor:
                continue
            pieces.append(text[cursor : ent.start])
            pieces.append(vault.placeholder_for(ent.type, ent.text))
            cursor = ent.end
            replaced.append(ent)
        pieces.append(text[cursor:])
        return "".join(pieces), replaced


class _Learn:
    """Pass one: detect in every field and give each finding its placeholder."""

    def __init__(self, sanitizer: Sanitizer, vault: Vault) -> None:
        self.sanitizer = sanitizer
        self.vault = vault
        self.unread: list[str] = []  # "messages[1].content (text in Georgian)": fields MIST cannot read
        self.held: list[tuple[EntityType, str]] = []  # public-looking values of structured fields (public_fields)
        self.personal = len(vault) > 0  # the conversation has held a personal value before

    def _learn(self, kind: EntityType, value: str, where: str, entity: Entity | None = None) -> None:
        if entity is not None and structured_field(where) and held_back(entity):
            self.held.append((kind, value))
            return
        self.personal = True
        self.vault.placeholder_for(kind, value)

    def finish(self) -> bool:
        """Learn the held-back values if the request is about someone; True when it is about no one."""
        if self.personal:
            for kind, value in self.held:
                self.vault.placeholder_for(kind, value)
        return not self.personal

    def text(self, text: str, where: str) -> str:
        if (script := unread_script(text)) is not None:
            self.unread.append(f"{where} (text in {script})")
        stop = where.startswith("stop[")
        if stop and is_role_tag(text):
            return text  # "\nUser:", "\nKunde:": a role, no one's name
        found = self.sanitizer._detect(self.vault, text)
        for ent in found:
            self._learn(ent.type, ent.text, where, ent)
        if stop and not found and (name := tag_name(text)) is not None:
            self._learn(EntityType.PERSON, name, where)  # "\nनसरीन:": a participant's tag
        return text

    def value(self, text: str, key: str, where: str) -> str:
        self.text(text, where)
        if key and text.strip() and names_a_secret(_identifier_words(key)):
            self._learn(EntityType.SECRET, text, where)  # "password": "…" — the whole value, quotes and all
            return text
        if key and text:  # the key is context the value lacks on its own ("card_number": "…")
            typed = value_type(key, text)  # "diagnosis": "…", "patient_name": "…": the whole value
            if typed is None and _DIGITS.fullmatch(text):  # "musteriNo": "550193": a number written as text
                role = digits_role(key, text)
                typed = role if role != "quantity" else None
            if typed is not None:
                self._learn(typed, text.strip(), where)
            context = f"{_identifier_words(key)}: "
            for ent in self.sanitizer._detect(self.vault, context + text):
                if ent.end <= len(context):
                    continue
                start, end = max(ent.start, len(context)) - len(context), ent.end - len(context)
                self._learn(ent.type, text[start:end], where, ent)
        return text

    def number(self, value: int | float, key: str, where: str) -> Any:
        role = number_role(key, value)  # the key says what the number is (json_keys)
        if role == "quantity":
            return value  # "amount": 4200, "timestamp": 1765104000: a thing's, not a person's
        digits = _number_text(value)
        context = f"{_identifier_words(key)}: " if key else ""
        probe = context + digits
        for ent in self.sanitizer._detect(self.vault, probe):
            if ent.end > len(context):  # the finding covers the number
                self.personal = True
                self.vault.placeholder_for(ent.type, digits, numeric=True)
                return value
        if role is not None:  # "musteriNo": 550193, "rogi_id": 55120983: an identifier by its key or length
            self.personal = True
            self.vault.placeholder_for(role, digits, numeric=True)
        return value

    def token(self, text: str, where: str) -> str:
        return text  # a code in a schema (enum): replaced only where the vault knows it

    def participant(self, name: str, where: str) -> str:
        self.personal = True
        self.vault.placeholder_for(EntityType.PERSON, name)
        spaced = _identifier_words(name)
        if spaced != name and len(spaced.split()) > 1:  # "maria_kowalski" also as "maria kowalski" in the text
            self.vault.placeholder_for(EntityType.PERSON, spaced)
        return name

    def function_name(self, name: str, where: str) -> str:
        words = _identifier_words(name)
        found = self.sanitizer._detect(self.vault, words)
        if found:
            self._learn(found[0].type, name, where, found[0])
        return name


class _Replace:
    """Pass two: replace findings and every value the vault knows, counting by type."""

    def __init__(self, sanitizer: Sanitizer, vault: Vault, *, public: bool = False) -> None:
        self.sanitizer = sanitizer
        self.vault = vault
        self.counts: Counter[str] = Counter()
        self.public = public  # a request about no one: structured fields keep their public-looking values

    def text(self, text: str, where: str) -> str:
        role = where.startswith("stop[") and is_role_tag(text)  # only what the vault knows (see _Learn.text)
        found = [] if role else self.sanitizer._detect(self.vault, text)
        if self.public and found and structured_field(where):
            found = [e for e in found if not held_back(e)]
        clean, replaced = self.sanitizer._replace(self.vault, text, found)
        self.counts.update(e.type.value for e in replaced)
        return clean

    def value(self, text: str, key: str, where: str) -> str:
        return self.text(text, where)

    def token(self, text: str, where: str) -> str:
        clean, replaced = self.sanitizer._replace(self.vault, text, ())  # only values the vault knows
        self.counts.update(e.type.value for e in replaced)
        return clean

    def number(self, value: int | float, key: str, where: str) -> Any:
        placeholder = self.vault.placeholder_of(_number_text(value))
        if placeholder is None:
            return value
        self.counts[_kind_type(self.vault.kind_of(placeholder)).value] += 1
        return placeholder

    def participant(self, name: str, where: str) -> str:
        self.counts[EntityType.PERSON.value] += 1
        return self.vault.placeholder_for(EntityType.PERSON, name).strip("[]")

    def function_name(self, name: str, where: str) -> str:
        placeholder = self.vault.placeholder_of(name)
        if placeholder is None:
            words = _identifier_words(name)
            if not _known_values(self.vault, words, ()):
                return name
            placeholder = self.vault.placeholder_for(EntityType.ID_OTHER, name)
        self.counts[_kind_type(self.vault.kind_of(placeholder)).value] += 1
        return placeholder.strip("[]")


def _known_values(vault: Vault, text: str, found: Sequence[Entity]) -> list[Entity]:
    """Values the vault knows (from any field of this or an earlier request) that the detector did not flag here."""
    hits = vault.needles_in(text.casefold())
    if not hits:
        return []
    extra: list[Entity] = []
    taken = [(e.start, e.end) for e in found]  # the findings and the values added so far
    for placeholder, pattern in hits:
        for m in pattern.finditer(text):
            start, end = m.span()
            if not any(s < end and start < e for s, e in taken):
                extra.append(Entity(_kind_type(vault.kind_of(placeholder)), start, end, m.group(), 1.0, "vault"))
                taken.append((start, end))
    return extra


_COARSE_TO_TYPE = {
    "PERSON": EntityType.PERSON,
    "LOCATION": EntityType.LOCATION,
    "ORGANIZATION": EntityType.ORGANIZATION,
    "CONTACT": EntityType.EMAIL,
    "ID": EntityType.ID_OTHER,
    "FINANCIAL": EntityType.CREDIT_CARD,
    "SECRET": EntityType.SECRET,
    "DATE": EntityType.DATE,
    "MEDICAL": EntityType.MEDICAL,
    "SENSITIVE": EntityType.SPECIAL_CATEGORY,
}


def _kind_type(coarse: str | None) -> EntityType:
    return _COARSE_TO_TYPE.get(coarse or "", EntityType.ID_OTHER)


def restore(text: str, vault: Vault, *, json_string: bool = False) -> str:
    """``text`` with every placeholder the vault knows replaced by its original value.

    ``json_string=True`` escapes each original for the inside of a JSON string literal: for tool-call
    arguments that arrive as streamed JSON text.
    """

    def back(m: re.Match[str]) -> str:
        original = vault.original(m.group(0))
        if original is None:
            return m.group(0)
        return json.dumps(original, ensure_ascii=False)[1:-1] if json_string else original

    return PLACEHOLDER_RE.sub(back, text)


def restore_tool_arguments(arguments: str, vault: Vault) -> str:
    """Restore inside a tool call's JSON arguments, keeping them valid JSON whatever the originals contain.

    A value that was a JSON number when it left (an account number in arguments) comes back as a number.
    """
    try:
        parsed = json.loads(arguments)
    except (ValueError, TypeError, RecursionError):
        return restore(arguments, vault)
    return json.dumps(_restore_json(parsed, vault), ensure_ascii=False)


def _restore_json(value: Any, vault: Vault) -> Any:
    if isinstance(value, str):
        numeric = vault.numeric_original(value)
        return numeric if numeric is not None else restore(value, vault)
    if isinstance(value, list):
        return [_restore_json(v, vault) for v in value]
    if isinstance(value, dict):
        return {restore(k, vault): _restore_json(v, vault) for k, v in value.items()}  # a key may have left as one
    return value


def restore_name(name: str, vault: Vault) -> str:
    """A function or participant name that left as a pseudonym (``PERSON_417``) back to the original."""
    original = vault.original(f"[{name}]") if PLACEHOLDER_RE.fullmatch(f"[{name}]") else None
    return original if original is not None else restore(name, vault)


class StreamRestorer:
    """Restores a streamed reply chunk by chunk; a placeholder split across chunks is restored whole.

    ``feed`` returns what can be shown now and keeps back only the shortest tail that may still be
    the start of a placeholder (at most 24 characters); ``flush`` returns the rest at the end.
    For the argument deltas of a streamed tool call (JSON text), use ``json_string=True``.
    """

    def __init__(self, vault: Vault, *, json_string: bool = False) -> None:
        self.vault = vault
        self.json_string = json_string
        self._tail = ""

    def feed(self, chunk: str) -> str:
        buffer = self._tail + chunk
        hold = 0
        start = buffer.rfind("[", max(0, len(buffer) - _MAX_PLACEHOLDER))
        if start != -1 and _PARTIAL.match(buffer, start):
            hold = len(buffer) - start
        ready, self._tail = (buffer[: len(buffer) - hold], buffer[len(buffer) - hold :]) if hold else (buffer, "")
        return restore(ready, self.vault, json_string=self.json_string)

    def flush(self) -> str:
        rest, self._tail = self._tail, ""
        return restore(rest, self.vault, json_string=self.json_string)
