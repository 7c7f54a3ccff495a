"""Simon Willison's `llm` CLI with the daemon configured as an OpenAI-compatible model, the way its docs
say: `extra-openai-models.yaml` in the user dir (`LLM_USER_PATH`, a temp dir here) and the daemon's token
stored with `llm keys set`. Then `llm -m islandrun "..."` prints an answer, streamed and not, with a
system prompt, and with `--schema` (JSON the user can parse)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from daemon.conftest import Daemon

from .conftest import CHAT_MODEL

LLM = str(Path(sys.executable).with_name("llm"))

pytestmark = pytest.mark.clients

MODELS_YAML = """\
- model_id: islandrun
  model_name: {model}
  api_base: "{url}/v1"
  api_key_name: islandrun
  supports_schema: true
"""


@pytest.fixture(scope="module")
def llm_env(daemon: Daemon, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    user = tmp_path_factory.mktemp("llm-user")
    (user / "extra-openai-models.yaml").write_text(MODELS_YAML.format(model=CHAT_MODEL, url=daemon.url))
    env = {**os.environ, "LLM_USER_PATH": str(user)}
    env.pop("OPENAI_API_KEY", None)
    env.pop("LLM_OPENAI_SHOW_RESPONSES", None)
    stored = llm(env, "keys", "set", "islandrun", "--value", daemon.token)
    assert stored.returncode == 0, stored.stderr
    return env


def llm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LLM, *args], env=env, capture_output=True, text=True, timeout=240, check=False)


def test_the_model_is_listed(llm_env: dict[str, str]) -> None:
    listed = llm(llm_env, "models", "list")
    assert listed.returncode == 0, listed.stderr
    assert "islandrun" in listed.stdout


def test_a_prompt_prints_an_answer(llm_env: dict[str, str]) -> None:
    answered = llm(llm_env, "-m", "islandrun", "-o", "max_tokens", "16", "Name three colours.")
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.strip()


def test_no_stream_and_a_system_prompt(llm_env: dict[str, str]) -> None:
    answered = llm(
        llm_env, "-m", "islandrun", "--no-stream", "-s", "Answer in one word.", "-o", "max_tokens", "8", "Sky colour?"
    )
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.strip()


def test_the_answer_is_logged_with_its_model(llm_env: dict[str, str]) -> None:
    answered = llm(llm_env, "-m", "islandrun", "-o", "max_tokens", "8", "Say hello.")
    assert answered.returncode == 0, answered.stderr
    logged = llm(llm_env, "logs", "-n", "1", "--json")
    assert logged.returncode == 0, logged.stderr
    entry = json.loads(logged.stdout)[0]
    assert entry["model"] == "islandrun"
    assert entry["response"].strip() == answered.stdout.strip()


def test_schema_gives_json_that_parses(llm_env: dict[str, str]) -> None:
    # Greedy and with room: sampled at the default temperature, the small model once rambled inside the
    # "country" string until max_tokens (80 then) cut the object short, which no grammar can prevent (a schema
    # without maxLength does not bound a string). The grammar itself is checked in tests/engines.
    answered = llm(
        llm_env,
        "-m",
        "islandrun",
        "--schema",
        "name, country",
        "-o",
        "temperature",
        "0",
        "-o",
        "max_tokens",
        "200",
        "A city and its country.",
    )
    assert answered.returncode == 0, answered.stderr
    data = json.loads(answered.stdout)
    assert isinstance(data.get("name"), str) and isinstance(data.get("country"), str)


def test_a_wrong_key_is_an_error_the_user_sees(daemon: Daemon, llm_env: dict[str, str]) -> None:
    refused = llm(llm_env, "-m", "islandrun", "--key", "not-the-token", "-o", "max_tokens", "4", "hi")
    assert refused.returncode != 0
    assert "401" in refused.stderr or "token" in refused.stderr.lower()
