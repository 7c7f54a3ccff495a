"""Ollama's native API on the wire: its request bodies as strict models, and their translation into
IslandRun's neutral chat job (an OpenAI-shaped :class:`~.openai_models.ChatCompletionRequest`).

Nothing given is dropped in silence. A field or option IslandRun cannot honour is a 400 naming it:
``think``, ``logprobs``, ``raw``, ``suffix``, ``template``, ``context``, the image-generation fields,
and the sampling options with no OpenAI counterpart (``top_k``, ``min_p``, ``repeat_penalty`` …).
The load-time options (``num_ctx``, ``num_gpu``, ``num_thread`` …) only tune how Ollama loads a
model; here the model is loaded once per daemon with ``[engine]``'s settings, so they are accepted
and listed in the answer's ``islandrun.ignored`` (as is ``keep_alive``).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import OllamaRequestError

__all__ = [
    "LOAD_TIME_OPTIONS",
    "ChatBody",
    "EmbedBody",
    "EmbeddingsBody",
    "GenerateBody",
    "ModelBody",
    "OllamaRequestError",
    "chat_job",
    "generate_job",
    "ignored_options",
    "parse",
    "tool_calls_out",
    "unload_requested",
]

# Options that tune how Ollama loads a model (set once per daemon here, in [engine]): accepted, reported.
LOAD_TIME_OPTIONS = frozenset(
    {
        "num_ctx",
        "num_batch",
        "num_gpu",
        "main_gpu",
        "low_vram",
        "f16_kv",
        "logits_all",
        "vocab_only",
        "use_mmap",
        "use_mlock",
        "embedding_only",
        "num_thread",
        "numa",
    }
)
# Ollama sampling options with no counterpart in the neutral job: refused, never ignored.
_UNSUPPORTED_OPTIONS = frozenset(
    {
        "num_keep",
        "top_k",
        "min_p",
        "typical_p",
        "tfs_z",
        "repeat_last_n",
        "repeat_penalty",
        "mirostat",
        "mirostat_tau",
        "mirostat_eta",
        "penalize_newline",
    }
)
M = TypeVar("M", bound=BaseModel)
_IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"))


_Strict = ConfigDict(extra="forbid", allow_inf_nan=False)


class SamplingOptions(BaseModel):
    """The ``options`` IslandRun applies; the load-time ones are accepted apart (see module doc)."""

    model_config = _Strict

    temperature: float | None = None
    top_p: float | None = None
    seed: int | None = None
    num_predict: int | None = None
    stop: Annotated[list[str], Field(max_length=16)] | str | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None


class ToolFunction(BaseModel):
    model_config = _Strict

    name: Annotated[str, Field(min_length=1, max_length=200)]
    arguments: dict[str, Any] = {}
    index: int | None = None
    description: str | None = None


class ToolCall(BaseModel):
    model_config = _Strict

    function: ToolFunction
    id: str | None = None
    type: Literal["function"] | None = None


class Message(BaseModel):
    model_config = _Strict

    role: Literal["system", "user", "assistant", "tool"]
    content: str | None = ""
    images: list[str] | None = None
    tool_calls: list[ToolCall] | None = None
    tool_name: str | None = None
    thinking: str | None = None


class _Generation(BaseModel):
    model_config = _Strict

    model: Annotated[str, Field(max_length=500)] = ""
    stream: bool | None = None  # Ollama streams unless told not to
    format: Literal["", "json"] | dict[str, Any] | None = None
    options: dict[str, Any] | None = None
    keep_alive: float | str | None = None
    think: bool | str | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None

    @model_validator(mode="after")
    def _refused(self) -> _Generation:
        if self.think:
            raise ValueError("think: IslandRun does not return a separate reasoning trace; leave think off")
        if self.logprobs or self.top_logprobs:
            raise ValueError("logprobs, top_logprobs: not available through the Ollama API here; leave them off")
        return self


class ChatBody(_Generation):
    messages: Annotated[list[Message], Field(max_length=4096)] = []
    tools: Annotated[list[dict[str, Any]], Field(max_length=128)] | None = None


class GenerateBody(_Generation):
    prompt: str | None = None
    system: str | None = None
    images: list[str] | None = None
    suffix: str | None = None
    template: str | None = None
    context: list[int] | None = None
    raw: bool | None = None
    width: int | None = None
    height: int | None = None
    steps: int | None = None

    @model_validator(mode="after")
    def _unsupported(self) -> GenerateBody:
        given = [name for name in ("suffix", "template", "context") if getattr(self, name)]
        given += ["raw"] if self.raw else []
        given += [name for name in ("width", "height", "steps") if getattr(self, name) is not None]
        if given:
            raise ValueError(
                f"{', '.join(given)}: not supported here (IslandRun applies each model's own chat template "
                "to the prompt; fill-in-the-middle, raw prompts, token contexts and image generation are not "
                "available); use /api/chat for a conversation"
            )
        return self


class EmbedBody(BaseModel):
    model_config = _Strict

    model: Annotated[str, Field(max_length=500)] = ""
    input: str | list[str]
    truncate: bool | None = None
    options: dict[str, Any] | None = None
    keep_alive: float | str | None = None
    dimensions: Annotated[int, Field(ge=1)] | None = None


class EmbeddingsBody(BaseModel):
    model_config = _Strict

    model: Annotated[str, Field(max_length=500)] = ""
    prompt: str
    options: dict[str, Any] | None = None
    keep_alive: float | str | None = None


class ModelBody(BaseModel):
    """``/api/show`` and ``/api/pull``: ``model`` (older clients send ``name``)."""

    model_config = _Strict

    model: Annotated[str, Field(max_length=500)] = ""
    name: Annotated[str, Field(max_length=500)] = ""
    verbose: bool | None = None
    insecure: bool | None = None
    stream: bool | None = None

    @property
    def wanted(self) -> str:
        return self.model or self.name


def parse(raw: bytes, model: type[M]) -> M:
    """The body as ``model``; whatever the Content-Type says (``curl -d`` sends a form type)."""
    try:
        data = json.loads(raw or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise OllamaRequestError(f"the body is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise OllamaRequestError("the body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise OllamaRequestError(_problems(exc)) from None


def _problems(exc: ValidationError) -> str:
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "body"
        message = str(err["msg"]).removeprefix("Value error, ")
        problems.append(message if err["type"] == "value_error" else f"{where}: {message}")
    return "invalid request: " + "; ".join(problems)


def ignored_options(options: dict[str, Any] | None) -> list[str]:
    """Load-time options given (accepted, reported), after refusing the ones nothing applies."""
    given = {key for key, value in (options or {}).items() if value is not None}
    unsupported = sorted(given & _UNSUPPORTED_OPTIONS)
    if unsupported:
        raise OllamaRequestError(
            f"options {', '.join(unsupported)}: IslandRun cannot apply these (it samples with temperature, "
            "top_p, seed, num_predict, stop, frequency_penalty and presence_penalty); remove them"
        )
    unknown = sorted(given - _UNSUPPORTED_OPTIONS - LOAD_TIME_OPTIONS - set(SamplingOptions.model_fields))
    if unknown:
        raise OllamaRequestError(f"options {', '.join(unknown)}: not Ollama options")
    return sorted(given & LOAD_TIME_OPTIONS)


def _sampling(options: dict[str, Any] | None) -> dict[str, Any]:
    wanted = {k: v for k, v in (options or {}).items() if v is not None and k in SamplingOptions.model_fields}
    try:
        chosen = SamplingOptions.model_validate(wanted)
    except ValidationError as exc:
        raise OllamaRequestError(_problems(exc).replace("invalid request: ", "invalid request: options.")) from None
    job: dict[str, Any] = chosen.model_dump(exclude_none=True, exclude={"num_predict"})
    if chosen.num_predict is not None:
        if chosen.num_predict == 0:
            raise OllamaRequestError("options.num_predict: 0 generates nothing; give a positive number (or -1)")
        if chosen.num_predict > 0:  # -1 (until the model stops) and -2 (fill the context): IslandRun's limit
            job["max_tokens"] = chosen.num_predict
    return job


def _format(format_: str | dict[str, Any] | None) -> dict[str, Any]:
    if format_ == "json":
        return {"response_format": {"type": "json_object"}}
    if isinstance(format_, dict):
        schema = {"name": "ollama_format", "schema": format_, "strict": True}
        return {"response_format": {"type": "json_schema", "json_schema": schema}}
    return {}


def _image_part(image: str, where: str) -> dict[str, Any]:
    """An Ollama image (base64, no header) as an OpenAI ``image_url`` part with a data URL, so the
    privacy and vision rules see it as every other image."""
    text = image.split(",", 1)[1] if image.startswith("data:") else image
    try:
        head = base64.b64decode(text[:64] + "=" * (-len(text[:64]) % 4), validate=False)
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise OllamaRequestError(f"{where}: not base64-encoded image data") from None
    mime = next((kind for magic, kind in _IMAGE_TYPES if head.startswith(magic)), None)
    if mime is None and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        mime = "image/webp"
    if mime is None:
        raise OllamaRequestError(f"{where}: not a PNG, JPEG, GIF or WebP image")
    return {"type": "image_url", "image_url": {"url": f"data:{mime};base64,{text}"}}


def _content(text: str | None, images: list[str] | None, where: str) -> str | list[dict[str, Any]]:
    if not images:
        return text or ""
    parts: list[dict[str, Any]] = [{"type": "text", "text": text}] if text else []
    return parts + [_image_part(image, f"{where}.images[{i}]") for i, image in enumerate(images)]


def _messages(messages: list[Message]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    open_calls: list[tuple[str, str]] = []  # (id, name) of calls not yet answered by a tool message
    for n, message in enumerate(messages):
        where = f"messages[{n}]"
        if message.thinking:
            raise OllamaRequestError(f"{where}.thinking: reasoning traces cannot be sent on; remove it")
        if message.images and message.role != "user":
            raise OllamaRequestError(f"{where}.images: only user messages carry images")
        if message.tool_calls and message.role != "assistant":
            raise OllamaRequestError(f"{where}.tool_calls: only assistant messages carry tool calls")
        item: dict[str, Any] = {"role": message.role, "content": _content(message.content, message.images, where)}
        if message.tool_calls:
            item["tool_calls"] = []
            for i, call in enumerate(message.tool_calls):
                call_id = call.id or f"call_{n}_{i}"
                open_calls.append((call_id, call.function.name))
                arguments = json.dumps(call.function.arguments, ensure_ascii=False)
                function = {"name": call.function.name, "arguments": arguments}
                item["tool_calls"].append({"id": call_id, "type": "function", "function": function})
        if message.role == "tool":
            item["tool_call_id"] = _answered(open_calls, message.tool_name, where)
            if message.tool_name:
                item["name"] = message.tool_name
        elif message.tool_name:
            raise OllamaRequestError(f"{where}.tool_name: only tool messages name a tool")
        out.append(item)
    return out


def _answered(open_calls: list[tuple[str, str]], name: str | None, where: str) -> str:
    """The id of the call a tool message answers: the oldest open call of that name (or the oldest)."""
    for i, (call_id, called) in enumerate(open_calls):
        if name is None or called == name:
            del open_calls[i]
            return call_id
    if name is None:
        raise OllamaRequestError(f"{where}: a tool result with no tool call before it; give tool_name")
    return f"call_{name}"


def _common(body: _Generation, stream: bool) -> dict[str, Any]:
    if not body.model:
        raise OllamaRequestError("model: required (GET /api/tags lists the models)")
    return {"model": body.model, "stream": stream, **_format(body.format), **_sampling(body.options)}


def chat_job(body: ChatBody, stream: bool) -> dict[str, Any]:
    """The neutral job for ``/api/chat`` (to validate as a ChatCompletionRequest)."""
    job = _common(body, stream)
    job["messages"] = _messages(body.messages)
    if body.tools:
        job["tools"] = body.tools
    return job


def generate_job(body: GenerateBody, stream: bool) -> dict[str, Any]:
    """``/api/generate``: the prompt (after ``system``) as one user turn through the chat flow."""
    job = _common(body, stream)
    messages: list[dict[str, Any]] = [{"role": "system", "content": body.system}] if body.system else []
    messages.append({"role": "user", "content": _content(body.prompt, body.images, "body")})
    job["messages"] = messages
    return job


def tool_calls_out(calls: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """OpenAI-shaped tool calls (arguments as a JSON string) in Ollama's shape (arguments an object)."""
    out = []
    for index, call in enumerate(calls):
        function = call.get("function", {})
        raw = function.get("arguments") or "{}"
        try:
            arguments = json.loads(raw) if isinstance(raw, str) else raw
        except json.JSONDecodeError:
            arguments = {"_raw": raw}  # the model wrote no valid JSON: keep it whole, never drop it
        named = {"index": index, "name": function.get("name", ""), "arguments": arguments}
        out.append({"id": call.get("id", f"call_{index}"), "function": named})
    return out


def unload_requested(keep_alive: float | str | None) -> bool:
    """``keep_alive`` 0 (``0``, ``"0"``, ``"0s"``, ``"0m"``): Ollama's "unload now"."""
    if keep_alive is None:
        return False
    if isinstance(keep_alive, int | float):
        return keep_alive == 0
    return keep_alive.strip().rstrip("smh") in ("0", "0.0")
