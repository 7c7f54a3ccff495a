"""Putting tools and tool history in front of the model: through its own chat template, or as text.

llama-cpp-python renders a GGUF's ``tokenizer.chat_template`` with Jinja2 and passes it
``messages``, ``tools`` and ``tool_choice`` (``Jinja2ChatFormatter``). What a template does with
them is found out by rendering it once per loaded model with probe values
(:func:`template_support`): whether the tools' names appear (it renders ``tools``), whether an
assistant message's ``tool_calls`` appear, whether a ``tool`` message's content appears.

What the template handles goes to it in the Hugging Face shape (``arguments`` as an object).
Everything else becomes text, in the Hermes form the parser reads back (:mod:`.tool_calls`):

- tools: a block appended to the system message (or a new system message)::

      You can call these tools. <tools> one JSON per tool </tools> To call one, reply with only
      <tool_call>{"name": ..., "arguments": {...}}</tool_call>

- an assistant message's calls: its content followed by one ``<tool_call>…</tool_call>`` per call;
- a ``tool`` message: a ``user`` message ``<tool_response id="call_…" name="fn">content</tool_response>``.

Nothing of the history is dropped. Message text, tool definitions and arguments go through the
control-token neutraliser, like every other content.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .types import ChatMessage

if TYPE_CHECKING:
    from llama_cpp import Llama

__all__ = ["NO_SUPPORT", "TemplateSupport", "clean_strings", "prompt_messages", "template_support", "tools_block"]

_PROBE_TOOL = "islandrun_probe_tool"
_PROBE_CALL = "islandrun_probe_call"
_PROBE_RESULT = "islandrun_probe_result_7f3a"

Neutralize = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class TemplateSupport:
    tools: bool = False  # renders ``tools``
    tool_calls: bool = False  # renders an assistant message's ``tool_calls``
    tool_role: bool = False  # renders a ``tool`` message


NO_SUPPORT = TemplateSupport()
_cache: weakref.WeakKeyDictionary[Any, TemplateSupport] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def template_of(llama: Llama) -> str | None:
    """The Jinja chat template llama-cpp-python uses for this model, if it uses one."""
    fmt = llama.chat_format or ""
    if llama.chat_handler is not None or not fmt.startswith("chat_template."):
        return None
    key = "tokenizer.chat_template" if fmt == "chat_template.default" else f"tokenizer.{fmt}"
    template = llama.metadata.get(key)
    return template if isinstance(template, str) else None


def probe_template(template: str) -> TemplateSupport:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    formatter = Jinja2ChatFormatter(template=template, eos_token="", bos_token="")
    tool = {"type": "function", "function": {"name": _PROBE_TOOL, "description": "probe", "parameters": {}}}
    user = {"role": "user", "content": "hello"}
    call = {"id": "call_probe", "type": "function", "function": {"name": _PROBE_CALL, "arguments": {"a": 1}}}
    assistant = {"role": "assistant", "content": "", "tool_calls": [call]}
    answer = {"role": "tool", "tool_call_id": "call_probe", "name": _PROBE_CALL, "content": _PROBE_RESULT}

    def renders(marker: str, messages: list[dict[str, Any]], **extra: Any) -> bool:
        try:
            return marker in formatter(messages=messages, **extra).prompt  # type: ignore[arg-type]
        except Exception:  # a template that raises on what it does not know does not support it
            return False

    tool_calls = renders(_PROBE_CALL, [user, assistant])
    return TemplateSupport(
        tools=renders(_PROBE_TOOL, [user], tools=[tool]),
        tool_calls=tool_calls,
        tool_role=tool_calls and renders(_PROBE_RESULT, [user, assistant, answer]),
    )


def template_support(llama: Llama) -> TemplateSupport:
    """What this model's chat template renders (probed once per loaded model)."""
    with _lock:
        found = _cache.get(llama)
    if found is not None:
        return found
    template = template_of(llama)
    support = NO_SUPPORT if template is None else probe_template(template)
    with _lock:
        _cache[llama] = support
    return support


def clean_strings(value: Any, neutralize: Neutralize) -> Any:
    """``value`` with every string neutralised (tools and arguments are content too)."""
    if isinstance(value, str):
        return neutralize(value)
    if isinstance(value, Mapping):
        return {neutralize(str(k)): clean_strings(v, neutralize) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_strings(v, neutralize) for v in value]
    return value


def tools_block(tools: Sequence[Mapping[str, Any]], neutralize: Neutralize) -> str:
    lines = "\n".join(json.dumps(clean_strings(t, neutralize), ensure_ascii=False) for t in tools)
    return (
        "You can call these tools (functions):\n<tools>\n"
        f"{lines}\n</tools>\n"
        "To call a tool, reply with only:\n"
        '<tool_call>\n{"name": "<function name>", "arguments": {<arguments as JSON>}}\n</tool_call>\n'
        "Otherwise answer normally."
    )


def _arguments(call: Mapping[str, Any]) -> Any:
    raw = call.get("function", {}).get("arguments", "")
    try:
        return json.loads(raw) if isinstance(raw, str) and raw.strip() else {}
    except ValueError:
        return raw


def _call_text(call: Mapping[str, Any], neutralize: Neutralize) -> str:
    body = {"name": call["function"]["name"], "arguments": clean_strings(_arguments(call), neutralize)}
    return f"<tool_call>\n{json.dumps(body, ensure_ascii=False)}\n</tool_call>"


def _names_by_id(messages: Sequence[ChatMessage]) -> dict[str, str]:
    return {str(c.get("id")): str(c["function"]["name"]) for m in messages for c in m.tool_calls if "function" in c}


def prompt_messages(
    messages: Sequence[ChatMessage],
    tools: Sequence[Mapping[str, Any]],
    support: TemplateSupport,
    neutralize: Neutralize,
) -> list[dict[str, Any]]:
    """The conversation as dicts for ``create_chat_completion``; ``tools`` are the tools to present
    (empty: none). Tools the template does not render are added to the system message here."""
    names = _names_by_id(messages)
    out: list[dict[str, Any]] = []
    for m in messages:
        content = neutralize(m.content)
        if m.role == "assistant" and m.tool_calls:
            if support.tool_calls:
                calls = [
                    {
                        "id": c.get("id"),
                        "type": "function",
                        "function": {
                            "name": c["function"]["name"],
                            "arguments": clean_strings(_arguments(c), neutralize),
                        },
                    }
                    for c in m.tool_calls
                ]
                out.append({"role": "assistant", "content": content, "tool_calls": calls})
            else:
                text = "\n".join([content, *(_call_text(c, neutralize) for c in m.tool_calls)]).strip()
                out.append({"role": "assistant", "content": text})
        elif m.role == "tool":
            name = m.name or names.get(m.tool_call_id or "", "")
            if support.tool_role:
                out.append({"role": "tool", "content": content, "tool_call_id": m.tool_call_id, "name": name})
            else:
                attrs = json.dumps(m.tool_call_id or "") + (f" name={json.dumps(name)}" if name else "")
                out.append({"role": "user", "content": f"<tool_response id={attrs}>\n{content}\n</tool_response>"})
        else:
            out.append({"role": m.role, "content": content})
    if tools and not support.tools:
        block = tools_block(tools, neutralize)
        if out and out[0]["role"] == "system":
            out[0] = {**out[0], "content": f"{out[0]['content']}\n\n{block}".strip()}
        else:
            out.insert(0, {"role": "system", "content": block})
    return out
