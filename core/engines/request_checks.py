"""Checking a chat request's tools, tool choice, response format and tool history before any work.

:class:`~.types.ChatRequest` runs :func:`check_request` in ``__post_init__``; the daemon may call
the parts (:func:`check_tools`, :func:`check_tool_choice`, :func:`check_response_format`) on raw
values before routing. Every refusal is an :class:`InvalidRequestError` whose message starts with
the parameter path (``tools[2].function.parameters: ...``).

Decisions (documented in docs and the report):

- ``tool_choice`` ``"required"`` or a named function together with a JSON ``response_format`` is
  refused: the forced call is JSON already, shaped by the function's parameters;
- where output is grammar-constrained (forced call, JSON ``response_format``, and ``auto`` with a
  JSON ``response_format``) schemas must be enforceable (:data:`.grammars.UNENFORCEABLE`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import InvalidRequestError
from .grammars import ANY_OBJECT, call_schema, check_schema, either, gbnf_for

if TYPE_CHECKING:
    from .types import ChatMessage, ChatRequest

__all__ = [
    "check_messages",
    "check_request",
    "check_response_format",
    "check_tool_choice",
    "check_tools",
    "forced_tools",
    "output_grammar",
    "response_schema",
]

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TOOL_KEYS = frozenset({"type", "function"})
_FUNCTION_KEYS = frozenset({"name", "description", "parameters", "strict"})
_FORMAT_TYPES = ("text", "json_object", "json_schema")
_JSON_SCHEMA_KEYS = frozenset({"name", "description", "schema", "strict"})


def _unknown(where: str, given: Mapping[str, Any], known: frozenset[str]) -> None:
    extra = sorted(str(k) for k in given if k not in known)
    if extra:
        raise InvalidRequestError(f"{where}: unknown field(s) {', '.join(extra)} (known: {', '.join(sorted(known))})")


def check_tools(tools: Sequence[Any]) -> None:
    """OpenAI function tools: shape, names (unique, ``[A-Za-z0-9_-]{1,64}``), parameters a JSON schema."""
    seen: set[str] = set()
    for i, tool in enumerate(tools):
        where = f"tools[{i}]"
        if not isinstance(tool, Mapping):
            raise InvalidRequestError(f"{where}: a tool is an object")
        _unknown(where, tool, _TOOL_KEYS)
        if tool.get("type") != "function":
            raise InvalidRequestError(f"{where}.type: only 'function' tools are supported (got {tool.get('type')!r})")
        function = tool.get("function")
        if not isinstance(function, Mapping):
            raise InvalidRequestError(f"{where}.function: required, an object with name and parameters")
        _unknown(f"{where}.function", function, _FUNCTION_KEYS)
        name = function.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise InvalidRequestError(f"{where}.function.name: 1 to 64 letters, digits, '_' or '-' (got {name!r})")
        if name in seen:
            raise InvalidRequestError(f"{where}.function.name: {name!r} is given twice")
        seen.add(name)
        if not isinstance(function.get("description", ""), str):
            raise InvalidRequestError(f"{where}.function.description: must be a string")
        if not isinstance(function.get("strict", False), bool | None):
            raise InvalidRequestError(f"{where}.function.strict: must be true or false")
        parameters = function.get("parameters")
        if parameters is not None:
            check_schema(parameters, f"{where}.function.parameters")
            kind = parameters.get("type", "object") if isinstance(parameters, Mapping) else None
            if kind != "object":
                raise InvalidRequestError(
                    f"{where}.function.parameters: the parameters schema must have type 'object' (got {kind!r})"
                )


def _tool_names(tools: Sequence[Mapping[str, Any]]) -> list[str]:
    return [str(t["function"]["name"]) for t in tools]


def check_tool_choice(tool_choice: Any, tools: Sequence[Mapping[str, Any]]) -> None:
    if tool_choice is None or tool_choice in ("auto", "none"):
        return
    if tool_choice == "required":
        if not tools:
            raise InvalidRequestError("tool_choice: 'required' needs tools")
        return
    if isinstance(tool_choice, str):
        raise InvalidRequestError(
            f"tool_choice: {tool_choice!r} is not one of 'auto', 'none', 'required' or a named function"
        )
    if not isinstance(tool_choice, Mapping) or tool_choice.get("type") != "function":
        raise InvalidRequestError('tool_choice: expected {"type": "function", "function": {"name": ...}}')
    _unknown("tool_choice", tool_choice, frozenset({"type", "function"}))
    function = tool_choice.get("function")
    name = function.get("name") if isinstance(function, Mapping) else None
    if not isinstance(name, str):
        raise InvalidRequestError("tool_choice.function.name: required, a string")
    names = _tool_names(tools)
    if name not in names:
        raise InvalidRequestError(f"tool_choice: no tool named {name!r} (tools: {', '.join(names) or 'none given'})")


def check_response_format(response_format: Any) -> None:
    if response_format is None:
        return
    if not isinstance(response_format, Mapping):
        raise InvalidRequestError("response_format: an object with a 'type'")
    kind = response_format.get("type")
    if kind not in _FORMAT_TYPES:
        raise InvalidRequestError(
            f"response_format.type: {kind!r} is not supported (use one of {', '.join(_FORMAT_TYPES)})"
        )
    _unknown(
        "response_format", response_format, frozenset({"type", "json_schema"} if kind == "json_schema" else {"type"})
    )
    if kind != "json_schema":
        return
    spec = response_format.get("json_schema")
    if not isinstance(spec, Mapping):
        raise InvalidRequestError("response_format.json_schema: required for type 'json_schema', an object")
    _unknown("response_format.json_schema", spec, _JSON_SCHEMA_KEYS)
    name = spec.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise InvalidRequestError(
            f"response_format.json_schema.name: 1 to 64 letters, digits, '_' or '-' (got {name!r})"
        )
    if not isinstance(spec.get("strict", False), bool | None):
        raise InvalidRequestError("response_format.json_schema.strict: must be true or false")
    schema = spec.get("schema")
    if schema is not None:
        gbnf_for(schema, "response_format.json_schema.schema")


def response_schema(response_format: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The schema the answer must follow (``json_object``: any object), or None for free text."""
    if response_format is None or response_format.get("type") == "text":
        return None
    if response_format.get("type") == "json_object":
        return ANY_OBJECT
    schema = response_format["json_schema"].get("schema")
    return ANY_OBJECT if schema is None else schema


def forced_tools(request: ChatRequest) -> tuple[Mapping[str, Any], ...]:
    """The tools one of which must be called (``required``: all; a named function: that one); else ()."""
    choice = request.tool_choice
    if choice == "required":
        return request.tools
    if isinstance(choice, Mapping):
        wanted = choice["function"]["name"]
        return tuple(t for t in request.tools if t["function"]["name"] == wanted)
    return ()


def tools_presented(request: ChatRequest) -> bool:
    return bool(request.tools) and request.tool_choice != "none"


def output_grammar(request: ChatRequest) -> tuple[str, str] | None:
    """(GBNF, parameter path) constraining the output, or None: forced call, JSON format, or both kinds."""
    forced = forced_tools(request)
    if forced:
        return gbnf_for(call_schema(forced), "tools"), "tools"
    answer = response_schema(request.response_format)
    if answer is None:
        return None
    if tools_presented(request):  # auto + JSON format: a call in JSON form, or the answer
        return gbnf_for(either(call_schema(request.tools), answer), "response_format"), "response_format"
    return gbnf_for(answer, "response_format"), "response_format"


def check_messages(messages: Sequence[ChatMessage]) -> None:
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if message.role not in ("system", "user", "assistant", "tool"):
            raise InvalidRequestError(f"{where}.role: {message.role!r} is not system, user, assistant or tool")
        if not isinstance(message.content, str):
            raise InvalidRequestError(f"{where}.content: must be text")
        if message.tool_calls and message.role != "assistant":
            raise InvalidRequestError(f"{where}.tool_calls: only assistant messages carry tool calls")
        if message.role == "tool" and not message.tool_call_id:
            raise InvalidRequestError(f"{where}.tool_call_id: required for a tool message")
        for j, call in enumerate(message.tool_calls):
            _check_call(call, f"{where}.tool_calls[{j}]")


def _check_call(call: Any, where: str) -> None:
    if not isinstance(call, Mapping) or call.get("type", "function") != "function":
        raise InvalidRequestError(
            f'{where}: expected {{"id", "type": "function", "function": {{"name", "arguments"}}}}'
        )
    if not isinstance(call.get("id"), str):
        raise InvalidRequestError(f"{where}.id: required, a string")
    function = call.get("function")
    if not isinstance(function, Mapping) or not isinstance(function.get("name"), str):
        raise InvalidRequestError(f"{where}.function.name: required, a string")
    arguments = function.get("arguments", "")
    if not isinstance(arguments, str):
        raise InvalidRequestError(f"{where}.function.arguments: must be a JSON string")
    if arguments.strip():
        try:
            json.loads(arguments)
        except ValueError:
            raise InvalidRequestError(f"{where}.function.arguments: not valid JSON") from None


def check_request(request: ChatRequest) -> None:
    """Everything about tools, formats and tool history; compiles the output grammar (cached)."""
    check_messages(request.messages)
    check_tools(request.tools)
    check_tool_choice(request.tool_choice, request.tools)
    check_response_format(request.response_format)
    if forced_tools(request) and response_schema(request.response_format) is not None:
        raise InvalidRequestError(
            "response_format: a JSON format cannot be combined with tool_choice 'required' or a named function "
            "(the forced call is already JSON shaped by the function's parameters)"
        )
    output_grammar(request)  # schemas that cannot be enforced are refused here, before any generation
