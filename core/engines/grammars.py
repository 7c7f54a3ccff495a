"""Constrained output: JSON schemas checked, then turned into llama.cpp grammars (GBNF).

Three things are constrained by a grammar during sampling, so what comes out always parses:

- ``response_format`` ``json_object`` (any JSON object) and ``json_schema`` (the schema);
- a forced tool call (``tool_choice`` ``"required"`` or a named function): ``{"name": ..., "arguments": ...}``
  where ``name`` is one of the allowed tools and ``arguments`` follows that tool's ``parameters``;
- ``tool_choice`` ``"auto"`` together with a JSON ``response_format``: either a call or the format.

Schemas are checked against the JSON Schema meta-schema (``jsonschema_rs``) and then converted with
llama-cpp-python's own converter (``llama_cpp.llama_grammar.json_schema_to_gbnf``). That converter
silently ignores some keywords (numeric bounds, ``patternProperties`` …): a schema that uses one of
:data:`UNENFORCEABLE` is refused where its output is constrained, never generated against a grammar
that would let values through the schema forbids. Everything here raises
:class:`InvalidRequestError` whose message starts with the parameter path, before any generation.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import InvalidRequestError

if TYPE_CHECKING:
    from llama_cpp import Llama

__all__ = [
    "ANY_OBJECT",
    "UNENFORCEABLE",
    "call_schema",
    "check_grammar_with_model",
    "check_schema",
    "either",
    "gbnf_for",
]

ANY_OBJECT: Mapping[str, Any] = {"type": "object"}

# Keywords llama-cpp-python 0.3.36's converter ignores or cannot express (they would let through
# values the schema forbids); "not" and the like make it fail outright.
UNENFORCEABLE = frozenset(
    {
        "not",
        "if",
        "then",
        "else",
        "patternProperties",
        "propertyNames",
        "dependentRequired",
        "dependentSchemas",
        "dependencies",
        "contains",
        "minContains",
        "maxContains",
        "uniqueItems",
        "multipleOf",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minProperties",
        "maxProperties",
        "unevaluatedProperties",
        "unevaluatedItems",
        "$dynamicRef",
        "$recursiveRef",
    }
)
# Keywords whose value is a map of names to schemas (their keys are names, not keywords)
_SCHEMA_MAPS = frozenset({"properties", "$defs", "definitions", "patternProperties", "dependentSchemas"})
_VALUE_KEYWORDS = frozenset({"enum", "const", "default", "examples", "required", "description", "title"})


def check_schema(schema: Any, where: str) -> None:
    """Refuse what is not a JSON schema (meta-schema check), naming ``where`` and the spot inside."""
    import jsonschema_rs

    if not isinstance(schema, Mapping | bool):
        raise InvalidRequestError(f"{where}: a JSON schema is an object, not {type(schema).__name__}")
    _check_refs(schema, where)  # first: the validator would fetch a remote reference
    try:
        jsonschema_rs.meta.validate(_plain(schema))
        jsonschema_rs.validator_for(_plain(schema))  # unresolvable $ref, bad regex
    except jsonschema_rs.ValidationError as exc:
        inside = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in exc.instance_path)
        raise InvalidRequestError(f"{where}{inside}: not a valid JSON schema: {exc.message}") from None
    except Exception as exc:  # ReferencingError, ValueError (a pattern that is no regex)
        raise InvalidRequestError(f"{where}: not a valid JSON schema: {exc}") from None


def _check_refs(node: Any, where: str) -> None:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if "$schema" in node and not _is_local_draft(node["$schema"]):
            raise InvalidRequestError(f"{where}.$schema: only the standard JSON Schema drafts are supported")
        if isinstance(ref, str) and not ref.startswith("#/"):
            raise InvalidRequestError(
                f"{where}.$ref: only references inside the schema ('#/...') are supported, not {ref!r}"
            )
        for key, value in node.items():
            _check_refs(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_refs(value, f"{where}[{i}]")


def _is_local_draft(uri: Any) -> bool:
    """A ``$schema`` the validator knows without fetching (drafts 4, 6, 7, 2019-09, 2020-12)."""
    known = ("draft-04/schema", "draft-06/schema", "draft-07/schema", "draft/2019-09/schema", "draft/2020-12/schema")
    return (
        isinstance(uri, str)
        and uri.startswith(("http://json-schema.org/", "https://json-schema.org/"))
        and any(uri.rstrip("#").endswith(k) for k in known)
    )


def _check_enforceable(node: Any, where: str, *, schema_position: bool = True) -> None:
    """Refuse keywords the grammar cannot enforce (see :data:`UNENFORCEABLE`)."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if schema_position and key in UNENFORCEABLE:
                raise InvalidRequestError(
                    f"{where}: the keyword {key!r} cannot be enforced by the local engine's output grammar; "
                    "remove it (or use tool_choice 'auto' without a JSON response_format)"
                )
            if not schema_position or key in _VALUE_KEYWORDS:
                continue
            if key in _SCHEMA_MAPS and isinstance(value, Mapping):
                for name, sub in value.items():
                    _check_enforceable(sub, f"{where}.{key}.{name}")
            else:
                _check_enforceable(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_enforceable(value, f"{where}[{i}]")


def call_schema(tools: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The schema of one call of any of ``tools``: ``{"name": <one of them>, "arguments": <its parameters>}``.

    A tool's ``$ref`` pointers are moved under ``$defs/tool-N`` so that tools never share a namespace."""
    defs: dict[str, Any] = {}
    variants: list[dict[str, Any]] = []
    for i, tool in enumerate(tools):
        function = tool["function"]
        parameters = function.get("parameters") or ANY_OBJECT
        if _has_ref(parameters):
            key = f"tool-{i}"
            defs[key] = _rebase(parameters, f"#/$defs/{key}")
            parameters = {"$ref": f"#/$defs/{key}"}
        variants.append(
            {
                "type": "object",
                "properties": {"name": {"const": function["name"]}, "arguments": parameters},
                "required": ["name", "arguments"],
                "additionalProperties": False,
            }
        )
    schema: dict[str, Any] = variants[0] if len(variants) == 1 else {"anyOf": variants}
    if defs:
        schema = {**schema, "$defs": defs}
    return schema


def either(first: Mapping[str, Any], second: Mapping[str, Any]) -> dict[str, Any]:
    """A schema matching ``first`` or ``second`` (their own ``$ref`` pointers kept working)."""
    defs: dict[str, Any] = {}
    branches: list[Any] = []
    for key, schema in (("either-0", first), ("either-1", second)):
        if _has_ref(schema):
            defs[key] = _rebase(schema, f"#/$defs/{key}")
            branches.append({"$ref": f"#/$defs/{key}"})
        else:
            branches.append(dict(schema))
    combined: dict[str, Any] = {"anyOf": branches}
    if defs:
        combined["$defs"] = defs
    return combined


def _has_ref(node: Any) -> bool:
    if isinstance(node, Mapping):
        return "$ref" in node or any(_has_ref(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_ref(v) for v in node)
    return False


def _rebase(node: Any, base: str) -> Any:
    """``node`` with every ``#/...`` reference pointing under ``base`` (where ``node`` will live)."""
    if isinstance(node, Mapping):
        out = {k: _rebase(v, base) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            out["$ref"] = base + ref[1:]
        return out
    if isinstance(node, list):
        return [_rebase(v, base) for v in node]
    return node


def gbnf_for(schema: Mapping[str, Any] | bool, where: str) -> str:
    """The grammar for output valid against ``schema`` (checked: meta-schema, enforceable keywords)."""
    check_schema(schema, where)
    _check_enforceable(schema, where)
    return _convert(json.dumps(_plain(schema), sort_keys=False), where)


@functools.lru_cache(maxsize=64)
def _convert(schema_json: str, where: str) -> str:
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    try:
        gbnf = str(json_schema_to_gbnf(schema_json))
    except (AssertionError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise InvalidRequestError(f"{where}: cannot be turned into an output grammar: {exc}") from None
    # The converter's string character (llama-cpp-python 0.3.36) lets raw control characters into a JSON
    # string, which no JSON parser accepts (a tab or newline the model writes inside "…"): JSON forbids them
    # unescaped, so the grammar does too.
    return gbnf.replace(_LOOSE_CHAR, _JSON_CHAR)


_LOOSE_CHAR = 'char ::= [^"\\\\] |'
_JSON_CHAR = 'char ::= [^"\\\\\\x7F\\x00-\\x1F] |'


def check_grammar_with_model(llama: Llama, gbnf: str, where: str) -> None:
    """Let llama.cpp parse ``gbnf`` once before generating: a grammar it rejects would otherwise
    reach the sampler chain as a null sampler."""
    import llama_cpp

    sampler = llama_cpp.llama_sampler_init_grammar(llama._model.vocab, gbnf.encode("utf-8"), b"root")
    if not sampler:
        raise InvalidRequestError(f"{where}: llama.cpp cannot parse the grammar made from this schema")
    llama_cpp.llama_sampler_free(sampler)


def _plain(node: Any) -> Any:
    """Mappings and tuples as dicts and lists (what JSON libraries take)."""
    if isinstance(node, Mapping):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_plain(v) for v in node]
    return node
