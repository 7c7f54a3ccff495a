"""Every field of a chat request that travels to an island, walked in one place.

MIST reads and rewrites a request only through :func:`map_payload`, so no field can be
sanitised on one path and forgotten on another. A :class:`ChatPayload` is what may leave the
device: the messages, the tool definitions and the stop sequences. The walk visits

- message text: string content, ``text`` and ``refusal`` content parts, and the text fields some
  clients send back on assistant turns (``refusal``, ``reasoning_content``, ``reasoning``);
- text that is a JSON document (tool results, JSON pasted in a turn): each string *and number*
  inside, decoded first (so ``\\u00e9`` escapes cannot hide a value) and re-encoded only when
  something in it was replaced;
- a participant's ``name`` and function names (in tool definitions, tool calls and tool turns);
- tool-call arguments (a JSON document: strings and numbers, each number with its key as context; what a
  key says about its value — a quantity, an identifier, a name or a diagnosis — is :mod:`.json_keys`);
- tool definitions: descriptions, titles, enum values, defaults and examples anywhere in the
  parameter schema (structural keywords such as ``type`` and ``required`` are left as they are; a lower-case
  enum code such as ``celsius`` goes to :meth:`FieldMapper.token`, replaced only where the vault knows it);
- ``stop`` sequences (the sanitiser reads a speaker's tag as one: :mod:`.stop_sequences`);
- ``tool_choice`` (the function it names, mapped like every function name) and ``response_format``
  (a JSON schema's name and description, and the schema walked like a tool's parameters).

What cannot be sanitised is named, never passed over in silence: non-text content parts (images,
audio, files) are listed by :func:`opaque_parts` so the caller can refuse them for a lower-trust
island; a message key, content part type or tool type MIST does not know raises
:class:`UnsupportedFieldError` (a 400), as does JSON nested deeper than :data:`MAX_DEPTH`.
Keys whose value is empty (``null``, ``""``, ``[]``, ``{}``) carry nothing and are dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from .errors import PrivacyError
from .json_keys import identifier_words as _key_words_of
from .json_keys import is_token, number_role

__all__ = [
    "MAX_DEPTH",
    "ChatPayload",
    "FieldMapper",
    "PayloadTexts",
    "UnsupportedFieldError",
    "identifier_words",
    "map_payload",
    "number_text",
    "opaque_parts",
    "participant_names",
    "payload_texts",
    "read_texts",
]

MAX_DEPTH = 64  # JSON nesting (tool arguments, schemas, JSON text) beyond this is refused
# How a key or a function name reads as words (json_keys), once per name: a request repeats its keys in every
# slot of a list and every turn's tool call, and assessment and the sanitiser both read them.
identifier_words = lru_cache(maxsize=4096)(_key_words_of)

# Message keys that hold text a model reads (assistant turns sent back by some clients).
_TEXT_KEYS = ("refusal", "reasoning_content", "reasoning")
_MESSAGE_KEYS = frozenset({"role", "content", "name", "tool_calls", "tool_call_id", *_TEXT_KEYS})
_TEXT_PARTS = {"text": "text", "input_text": "text", "output_text": "text", "refusal": "refusal"}
# Parts that carry media or files: they cannot be sanitised (see opaque_parts).
OPAQUE_PART_TYPES = frozenset({"image_url", "input_image", "image", "input_audio", "audio", "file", "input_file"})
_PARTICIPANTS = frozenset({"user", "assistant", "system", "developer"})
_NAMING_KEYS = ("name", "key", "field", "label", "variable", "setting")
_VALUE_KEYS = frozenset({"value", "val", "data", "content"})
# A JSON key that is structure, not data: an identifier, dotted or dashed ("user.name", "x-api-key")
_PLAIN_KEY = re.compile(r"[A-Za-z_$@][A-Za-z0-9_.\-$]*")
# JSON-schema keywords whose string values are structure, not prose: left as they are.
_SCHEMA_STRUCTURE = frozenset(
    {"type", "format", "$ref", "$schema", "$id", "$defs", "required", "pattern", "contentEncoding", "contentMediaType"}
)


class UnsupportedFieldError(PrivacyError):
    """A part of the request MIST cannot read, so it may not travel (HTTP 400)."""

    title = "Unsupported request field"

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        super().__init__(f"{where}: {problem}; nothing was sent")


@dataclass(frozen=True, slots=True)
class ChatPayload:
    """What of a chat request may leave the device (OpenAI shapes)."""

    messages: tuple[Mapping[str, Any], ...]
    tools: tuple[Mapping[str, Any], ...] = ()
    stop: tuple[str, ...] = ()
    tool_choice: str | Mapping[str, Any] | None = None  # "auto" | "none" | "required" | a named function
    response_format: Mapping[str, Any] | None = None  # OpenAI's: text | json_object | json_schema


class FieldMapper(Protocol):
    """What :func:`map_payload` calls for each field; ``where`` is the field's path (``messages[2].content``)."""

    def text(self, text: str, where: str) -> str: ...

    def value(self, text: str, key: str, where: str) -> str:
        """A string inside JSON, with its key as context (``"password": "..."``)."""
        ...

    def number(self, value: int | float, key: str, where: str) -> Any: ...

    def token(self, text: str, where: str) -> str:
        """A lower-case code in a schema's ``enum`` (``celsius``), not prose (:func:`.json_keys.is_token`)."""
        ...

    def participant(self, name: str, where: str) -> str: ...

    def function_name(self, name: str, where: str) -> str: ...


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class _Walk:
    def __init__(self, mapper: FieldMapper) -> None:
        self.mapper = mapper

    # -- JSON values -------------------------------------------------------------------------

    def json_value(self, value: Any, key: str, where: str, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise UnsupportedFieldError(where, f"JSON nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, str):
            return self.mapper.value(value, key, where)
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int | float):
            return self.mapper.number(value, key, where)
        if isinstance(value, list):
            return [self.json_value(v, key, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
        if isinstance(value, dict):
            # {"name": "SMTP_PASSWORD", "value": "…"}: the sibling that names the value is its key
            named = next((value[n] for n in _NAMING_KEYS if isinstance(value.get(n), str)), None)
            out: dict[str, Any] = {}
            for k, v in value.items():
                key = str(k)
                # A key shaped like an identifier ("patient_id") is structure and stays; any other key may be
                # data ({"Ingrid Solberg": {...}}, an e-mail or a number as a key) and is read like a value.
                mapped = key if _PLAIN_KEY.fullmatch(key) else self.mapper.value(key, "", f"{where}.{key}")
                if mapped in out:
                    raise UnsupportedFieldError(
                        f"{where}.{key}", "two keys of one object would become the same placeholder"
                    )
                out[mapped] = self.json_value(
                    v, named if k in _VALUE_KEYS and named else key, f"{where}.{key}", depth + 1
                )
            return out
        raise UnsupportedFieldError(where, f"a value of type {type(value).__name__} cannot be read")

    def json_text(self, text: str, where: str, *, key: str = "") -> str:
        """Text that is a JSON document is mapped value by value (escapes decoded); other text as text."""
        stripped = text.strip()
        if stripped[:1] not in ("{", "[") or stripped[-1:] not in ("}", "]"):
            return self.mapper.text(text, where)
        try:
            parsed = json.loads(stripped)
        except RecursionError:
            raise UnsupportedFieldError(where, f"JSON nested more than {MAX_DEPTH} levels deep") from None
        except ValueError:
            return self.mapper.text(text, where)
        mapped = self.json_value(parsed, key, where, 0)
        return text if mapped == parsed else json.dumps(mapped, ensure_ascii=False)

    def schema(self, value: Any, where: str, depth: int, parent_key: str = "") -> Any:
        """A tool's JSON schema: prose and values are mapped, structural keywords kept."""
        if depth > MAX_DEPTH:
            raise UnsupportedFieldError(where, f"schema nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for k, v in value.items():
                if k in _SCHEMA_STRUCTURE:
                    out[k] = v
                else:
                    out[k] = self.schema(v, f"{where}.{k}", depth + 1, str(k))
            return out
        if isinstance(value, list):
            return [self.schema(v, f"{where}[{i}]", depth + 1, parent_key) for i, v in enumerate(value)]
        if isinstance(value, str):
            if parent_key == "enum" and is_token(value):
                return self.mapper.token(value, where)
            return self.mapper.text(value, where)
        return value  # numbers in a schema are bounds (minimum, maxLength): structure

    # -- messages ----------------------------------------------------------------------------

    def part(self, part: Any, where: str) -> Any:
        if not isinstance(part, Mapping):
            raise UnsupportedFieldError(where, "a content part must be an object")
        kind = str(part.get("type", ""))
        if kind in OPAQUE_PART_TYPES:
            return dict(part)
        field = _TEXT_PARTS.get(kind)
        if field is None or not isinstance(part.get(field), str):
            raise UnsupportedFieldError(where, f"content parts of type {kind!r} are not supported")
        extra = [k for k in part if k not in ("type", field) and not _empty(part[k])]
        if extra:
            raise UnsupportedFieldError(f"{where}.{extra[0]}", "this content-part field is not supported")
        return {"type": kind, field: self.json_text(part[field], f"{where}.{field}")}

    def tool_call(self, call: Any, where: str) -> dict[str, Any]:
        if not isinstance(call, Mapping) or not isinstance(call.get("function"), Mapping):
            raise UnsupportedFieldError(where, "a tool call must be an object with a function")
        function = call["function"]
        out: dict[str, Any] = {k: v for k, v in call.items() if k != "function"}
        mapped: dict[str, Any] = {}
        if isinstance(function.get("name"), str):
            mapped["name"] = self.mapper.function_name(function["name"], f"{where}.function.name")
        arguments = function.get("arguments")
        if isinstance(arguments, str):
            mapped["arguments"] = self.arguments(arguments, f"{where}.function.arguments")
        elif arguments is not None:
            raise UnsupportedFieldError(f"{where}.function.arguments", "tool-call arguments must be a JSON string")
        out["function"] = mapped
        return out

    def arguments(self, arguments: str, where: str) -> str:
        try:
            parsed = json.loads(arguments)
        except RecursionError:
            raise UnsupportedFieldError(where, f"JSON nested more than {MAX_DEPTH} levels deep") from None
        except ValueError:
            return self.mapper.text(arguments, where)
        mapped = self.json_value(parsed, "", where, 0)
        return arguments if mapped == parsed else json.dumps(mapped, ensure_ascii=False)

    def message(self, message: Mapping[str, Any], where: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        role = message.get("role")
        for key, value in message.items():
            if _empty(value) and key not in ("content", "role"):
                continue  # nothing in it to lose
            at = f"{where}.{key}"
            if key not in _MESSAGE_KEYS:
                raise UnsupportedFieldError(at, "this message field is not supported")
            if key == "content":
                if isinstance(value, str):
                    out[key] = self.json_text(value, at)
                elif isinstance(value, list):
                    out[key] = [self.part(p, f"{at}[{i}]") for i, p in enumerate(value)]
                elif value is None:
                    out[key] = None
                else:
                    raise UnsupportedFieldError(at, "content must be a string or a list of parts")
            elif key == "name":
                if not isinstance(value, str):
                    raise UnsupportedFieldError(at, "name must be a string")
                out[key] = (
                    self.mapper.participant(value, at)
                    if role in _PARTICIPANTS
                    else self.mapper.function_name(value, at)
                )
            elif key == "tool_calls":
                if not isinstance(value, list):
                    raise UnsupportedFieldError(at, "tool_calls must be a list")
                out[key] = [self.tool_call(c, f"{at}[{i}]") for i, c in enumerate(value)]
            elif key in _TEXT_KEYS:
                if not isinstance(value, str):
                    raise UnsupportedFieldError(at, "this field must be text")
                out[key] = self.mapper.text(value, at)
            else:  # role, tool_call_id: ids and structure
                out[key] = value
        return out

    # -- tools -------------------------------------------------------------------------------

    def tool(self, tool: Mapping[str, Any], where: str) -> dict[str, Any]:
        kind = tool.get("type", "function")
        function = tool.get("function")
        if kind != "function" or not isinstance(function, Mapping):
            raise UnsupportedFieldError(where, f"tools of type {kind!r} are not supported (only function tools)")
        extra = [k for k in tool if k not in ("type", "function") and not _empty(tool[k])]
        if extra:
            raise UnsupportedFieldError(f"{where}.{extra[0]}", "this tool field is not supported")
        out: dict[str, Any] = {}
        for key, value in function.items():
            at = f"{where}.function.{key}"
            if key == "name" and isinstance(value, str):
                out[key] = self.mapper.function_name(value, at)
            elif key == "description" and isinstance(value, str):
                out[key] = self.mapper.text(value, at)
            elif key == "parameters":
                out[key] = self.schema(value, at, 0)
            elif key == "strict" and isinstance(value, bool):
                out[key] = value
            elif _empty(value):
                continue
            else:
                raise UnsupportedFieldError(at, "this function-tool field is not supported")
        return {"type": "function", "function": out}

    def tool_choice(self, choice: str | Mapping[str, Any] | None) -> str | Mapping[str, Any] | None:
        if choice is None or isinstance(choice, str):
            return choice
        function = choice.get("function")
        if choice.get("type") != "function" or not isinstance(function, Mapping):
            raise UnsupportedFieldError("tool_choice", "only a function tool can be named")
        extra = [k for k in function if k != "name" and not _empty(function[k])]
        if extra or not isinstance(function.get("name"), str):
            raise UnsupportedFieldError("tool_choice.function", "a named tool choice holds the function's name only")
        return {"type": "function", "function": {"name": self.mapper.function_name(function["name"], "tool_choice")}}

    def response_format(self, form: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
        if form is None or form.get("type") in ("text", "json_object"):
            return form
        spec = form.get("json_schema")
        if form.get("type") != "json_schema" or not isinstance(spec, Mapping):
            raise UnsupportedFieldError("response_format", f"response_format of type {form.get('type')!r}")
        out: dict[str, Any] = {}
        for key, value in spec.items():
            at = f"response_format.json_schema.{key}"
            if key == "name" and isinstance(value, str):
                out[key] = self.mapper.function_name(value, at)
            elif key == "description" and isinstance(value, str):
                out[key] = self.mapper.text(value, at)
            elif key == "schema":
                out[key] = self.schema(value, at, 0)
            elif key == "strict" and isinstance(value, bool):
                out[key] = value
            elif not _empty(value):
                raise UnsupportedFieldError(at, "this response_format field is not supported")
        return {"type": "json_schema", "json_schema": out}


def map_payload(payload: ChatPayload, mapper: FieldMapper) -> ChatPayload:
    """A copy of ``payload`` with ``mapper`` applied to every field that travels (see the module docstring)."""
    walk = _Walk(mapper)
    messages = tuple(walk.message(m, f"messages[{i}]") for i, m in enumerate(payload.messages))
    tools = tuple(walk.tool(t, f"tools[{i}]") for i, t in enumerate(payload.tools))
    stop = tuple(mapper.text(s, f"stop[{i}]") for i, s in enumerate(payload.stop))
    choice = walk.tool_choice(payload.tool_choice)
    form = walk.response_format(payload.response_format)
    return ChatPayload(messages, tools, stop, choice, form)


def participant_names(messages: Sequence[Mapping[str, Any]]) -> list[str]:
    """The ``name`` of each participant (a person, as far as MIST is concerned)."""
    return [
        str(m["name"])
        for m in messages
        if isinstance(m.get("name"), str) and m["name"] and m.get("role") in _PARTICIPANTS
    ]


def opaque_parts(messages: Sequence[Mapping[str, Any]]) -> list[str]:
    """Where the request carries content MIST cannot read: ``messages[1].content[0] (image_url)``."""
    found = []
    for i, message in enumerate(messages):
        content = message.get("content")
        if isinstance(content, list):
            for j, part in enumerate(content):
                if isinstance(part, Mapping) and part.get("type") in OPAQUE_PART_TYPES:
                    found.append(f"messages[{i}].content[{j}] ({part.get('type')})")
    return found


def number_text(value: int | float) -> str:
    """A JSON number as the sanitiser reads and replaces it."""
    return str(value) if isinstance(value, int) else repr(value)


@dataclass(frozen=True, slots=True)
class PayloadTexts:
    """What assessment reads of a payload, from one walk.

    ``texts``: every text in order, a JSON value with its key as written (``patient_id: NL-448213``): the
    wording the level table looks for and what the model classifier reads. ``probes``: what detection
    reads, one tuple per field, in the very forms the sanitiser detects (a JSON value bare *and* after its
    key read as words, ``patient id: NL-448213``; a function name as words), so that on the daemon's path
    (assessed, then sanitised, by one detector that keeps recent texts' findings) each text is detected once.
    """

    texts: list[str]
    probes: list[tuple[str, ...]]


class _Collect:
    """A mapper that changes nothing and keeps every text it is shown (see :class:`PayloadTexts`)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.probes: list[tuple[str, ...]] = []

    def _keep(self, text: str, *probes: str) -> None:
        self.texts.append(text)
        self.probes.append(probes or (text,))

    def text(self, text: str, where: str) -> str:
        self._keep(text)
        return text

    def value(self, text: str, key: str, where: str) -> str:
        if key and text:  # the sanitiser reads the value alone and after its key (its context)
            self._keep(f"{key}: {text}", text, f"{identifier_words(key)}: {text}")
        else:
            self._keep(f"{key}: {text}" if key else text, text)
        return text

    def number(self, value: int | float, key: str, where: str) -> Any:
        digits = number_text(value)
        if key and number_role(key, value) == "quantity":  # not detected by the sanitiser either
            self.texts.append(f"{key}: {value}")
            return value
        self._keep(f"{key}: {value}" if key else str(value), f"{identifier_words(key)}: {digits}" if key else digits)
        return value

    def token(self, text: str, where: str) -> str:
        self.texts.append(text)  # read by assessment, not detected (a code; the sanitiser replaces it by the vault)
        return text

    def participant(self, name: str, where: str) -> str:
        self._keep(name)
        return name

    def function_name(self, name: str, where: str) -> str:
        self._keep(name, identifier_words(name))
        return name


def read_texts(payload: ChatPayload) -> PayloadTexts:
    """Every text of the payload and what detection reads of it, in one walk. Raises :class:`UnsupportedFieldError`."""
    collect = _Collect()
    map_payload(payload, collect)
    return PayloadTexts(collect.texts, collect.probes)


def payload_texts(payload: ChatPayload) -> list[str]:
    """Every text of the payload in order (see :class:`PayloadTexts`). Raises :class:`UnsupportedFieldError`."""
    return read_texts(payload).texts
