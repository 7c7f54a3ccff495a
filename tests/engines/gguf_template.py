"""Test helper: a copy of a GGUF file with another ``tokenizer.chat_template`` (the header is
rewritten, the tensor data copied unchanged: tensor offsets are relative to the data section)."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path
from typing import BinaryIO

_SCALAR_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9


def _read_string(f: BinaryIO) -> bytes:
    (n,) = struct.unpack("<Q", f.read(8))
    return f.read(n)


def _skip_value(f: BinaryIO, kind: int) -> None:
    if kind == _STRING:
        _read_string(f)
    elif kind == _ARRAY:
        inner, count = struct.unpack("<IQ", f.read(12))
        for _ in range(count):
            _skip_value(f, inner)
    else:
        f.read(_SCALAR_SIZES[kind])


def _string(value: bytes) -> bytes:
    return struct.pack("<Q", len(value)) + value


def with_chat_template(source: Path, target: Path, template: str) -> Path:
    with source.open("rb") as f:
        magic, version, n_tensors, n_kv = struct.unpack("<4sIQQ", f.read(24))
        assert magic == b"GGUF"
        kvs: list[bytes] = []
        alignment = 32
        for _ in range(n_kv):
            key = _read_string(f)
            (kind,) = struct.unpack("<I", f.read(4))
            start = f.tell()
            _skip_value(f, kind)
            end = f.tell()
            f.seek(start)
            value = f.read(end - start)
            if key == b"general.alignment":
                (alignment,) = struct.unpack("<I", value)
            if key == b"tokenizer.chat_template":
                continue
            kvs.append(_string(key) + struct.pack("<I", kind) + value)
        kvs.append(_string(b"tokenizer.chat_template") + struct.pack("<I", _STRING) + _string(template.encode()))
        infos_start = f.tell()
        for _ in range(n_tensors):
            _read_string(f)
            (dims,) = struct.unpack("<I", f.read(4))
            f.read(8 * dims + 4 + 8)
        infos = (infos_start, f.tell())
        data_start = -(-infos[1] // alignment) * alignment
        f.seek(infos[0])
        tensor_infos = f.read(infos[1] - infos[0])
        header = struct.pack("<4sIQQ", magic, version, n_tensors, len(kvs)) + b"".join(kvs) + tensor_infos
        header += b"\0" * (-len(header) % alignment)
        with target.open("wb") as out:
            out.write(header)
            f.seek(data_start)
            shutil.copyfileobj(f, out, 1 << 20)
    return target


# A Hermes / Qwen 2.5 style template: tools in the system turn, calls as <tool_call> blocks,
# tool results as <tool_response> in a user turn.
HERMES_TEMPLATE = """{%- if tools %}<|im_start|>system
{% if messages[0]['role'] == 'system' %}{{ messages[0]['content'] }}

{% endif %}# Tools

You may call one or more functions to assist with the user query.

You are provided with function signatures within <tools></tools> XML tags:
<tools>
{%- for tool in tools %}
{{ tool | tojson }}
{%- endfor %}
</tools>

For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
<tool_call>
{"name": <function-name>, "arguments": <args-json-object>}
</tool_call><|im_end|>
{% elif messages[0]['role'] == 'system' %}<|im_start|>system
{{ messages[0]['content'] }}<|im_end|>
{% endif %}
{%- for message in messages %}
{%- if message.role == 'user' or (message.role == 'assistant' and not message.tool_calls) -%}
<|im_start|>{{ message.role }}
{{ message.content }}<|im_end|>
{% elif message.role == 'assistant' %}<|im_start|>assistant
{{ message.content }}
{%- for tool_call in message.tool_calls %}
<tool_call>
{"name": "{{ tool_call.function.name }}", "arguments": {{ tool_call.function.arguments | tojson }}}
</tool_call>
{%- endfor %}<|im_end|>
{% elif message.role == 'tool' %}<|im_start|>user
<tool_response>
{{ message.content }}
</tool_response><|im_end|>
{% endif %}
{%- endfor %}
{%- if add_generation_prompt %}<|im_start|>assistant
{% endif %}"""
