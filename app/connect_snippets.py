"""Ready-to-paste snippets for *Connect an app* (no Qt): each reads the token from the environment
variable ``ISLANDRUN_TOKEN`` rather than holding it, so a snippet can be pasted into a file, a chat
or a shell history without leaking the token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["SNIPPETS", "Addresses", "snippet"]

TOKEN_ENV = "ISLANDRUN_TOKEN"  # noqa: S105 - the variable's name, not a token


@dataclass(frozen=True, slots=True)
class Addresses:
    """Where the daemon listens: ``base`` is ``http://127.0.0.1:PORT`` (no ``/v1``)."""

    base: str
    ollama: str | None = None

    @property
    def openai(self) -> str:
        return self.base + "/v1"


def _curl(a: Addresses) -> str:
    return f"""export {TOKEN_ENV}="$(islandrun token)"
curl {a.openai}/chat/completions \\
  -H "Authorization: Bearer ${TOKEN_ENV}" \\
  -H "Content-Type: application/json" \\
  -d '{{"model": "default", "messages": [{{"role": "user", "content": "Hello!"}}]}}'"""


def _python(a: Addresses) -> str:
    return f"""# pip install openai ; export {TOKEN_ENV}="$(islandrun token)"
import os
from openai import OpenAI

client = OpenAI(base_url="{a.openai}", api_key=os.environ["{TOKEN_ENV}"])
reply = client.chat.completions.create(
    model="default",
    messages=[{{"role": "user", "content": "Hello!"}}],
)
print(reply.choices[0].message.content)"""


def _javascript(a: Addresses) -> str:
    return f"""// npm install openai ; export {TOKEN_ENV}="$(islandrun token)"
import OpenAI from "openai";

const client = new OpenAI({{ baseURL: "{a.openai}", apiKey: process.env.{TOKEN_ENV} }});
const reply = await client.chat.completions.create({{
  model: "default",
  messages: [{{ role: "user", content: "Hello!" }}],
}});
console.log(reply.choices[0].message.content);"""


def _anthropic(a: Addresses) -> str:
    return f"""# pip install anthropic ; export {TOKEN_ENV}="$(islandrun token)"
# IslandRun serves Anthropic's /v1/messages on the same address.
import os
import anthropic

client = anthropic.Anthropic(base_url="{a.base}", api_key=os.environ["{TOKEN_ENV}"])
reply = client.messages.create(
    model="default", max_tokens=256, messages=[{{"role": "user", "content": "Hello!"}}]
)
print(reply.content[0].text)"""


def _ollama(a: Addresses) -> str:
    if a.ollama is None:
        return """# Ollama's API is off. To serve it (on Ollama's address 127.0.0.1:11434), add to config.toml:
#
#   [ollama]
#   enabled = true
#
# and restart the daemon (or run `islandrun serve --ollama` once). See docs/ollama-api.md."""
    return f"""# pip install ollama ; export {TOKEN_ENV}="$(islandrun token)"
import os
import ollama

client = ollama.Client(host="{a.ollama}", headers={{"Authorization": "Bearer " + os.environ["{TOKEN_ENV}"]}})
reply = client.chat(model="default", messages=[{{"role": "user", "content": "Hello!"}}])
print(reply.message.content)"""


def _open_webui(a: Addresses) -> str:
    ollama = (
        f"\n# Or its Ollama connection: URL {a.ollama}, the same token as the key (needs --network=host)."
        if a.ollama
        else ""
    )
    port = a.base.rsplit(":", 1)[-1]
    return f"""# Open WebUI: Admin Panel → Settings → Connections → OpenAI API
#   URL: {a.openai}   (Open WebUI in Docker: see below)
#   Key: a token of its own, `islandrun apps add open-webui` (revocable on its own)
#
# In Docker the app cannot reach 127.0.0.1: open an extra listener in config.toml
#   [server]
#   extra_listen = ["127.0.0.1:{int(port) + 1 if port.isdigit() else 47521}"]
#   allowed_hosts = ["host.docker.internal"]
# and use http://host.docker.internal:PORT/v1 (docs/connecting-apps.md has the details).{ollama}"""


def _continue(a: Addresses) -> str:
    return f"""# Continue (VS Code / JetBrains): ~/.continue/config.yaml
# Put the token in ~/.continue/.env as  {TOKEN_ENV}=<the token>  (or an app token:
# `islandrun apps add continue`).
models:
  - name: IslandRun
    provider: openai
    model: default
    apiBase: {a.openai}
    apiKey: ${{{{ secrets.{TOKEN_ENV} }}}}
    roles: [chat, edit, apply]"""


SNIPPETS: dict[str, Callable[[Addresses], str]] = {
    "curl": _curl,
    "Python (openai)": _python,
    "JavaScript (openai)": _javascript,
    "Open WebUI": _open_webui,
    "Continue": _continue,
    "Python (anthropic)": _anthropic,
    "Python (ollama)": _ollama,
}


def snippet(name: str, addresses: Addresses) -> str:
    return SNIPPETS[name](addresses)
