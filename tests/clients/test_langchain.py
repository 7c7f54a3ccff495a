"""langchain-openai against the daemon: `ChatOpenAI` invoke and stream, `bind_tools` (forced with
tool_choice: the embedded model is a 135M toy), `with_structured_output` with a pydantic model (json_schema
and function-calling methods), and `OpenAIEmbeddings` — what a LangChain user checks."""

from __future__ import annotations

import math
from typing import Annotated

import pytest
from daemon.conftest import Daemon
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from pydantic import BaseModel, Field, SecretStr

from .conftest import CHAT_MODEL, EMBED_MODEL

pytestmark = pytest.mark.clients


class City(BaseModel):
    """A city and the country it is in."""

    name: Annotated[str, Field(max_length=30, description="the city")]
    country: Annotated[str, Field(max_length=30, description="its country")]


@tool
def get_weather(city: str) -> str:
    """The current weather in a city."""
    return f"sunny in {city}"


def chat(daemon: Daemon, **kwargs: object) -> ChatOpenAI:
    return ChatOpenAI(
        model=CHAT_MODEL,
        base_url=f"{daemon.url}/v1",
        api_key=SecretStr(daemon.token),
        max_retries=0,
        timeout=180,
        **kwargs,
    )


def test_invoke_answers_with_usage(daemon: Daemon) -> None:
    answer = chat(daemon, max_completion_tokens=12).invoke("Name three colours.")
    assert isinstance(answer, AIMessage)
    assert isinstance(answer.content, str) and answer.content.strip()
    assert answer.usage_metadata is not None and answer.usage_metadata["output_tokens"] >= 1
    assert answer.response_metadata["finish_reason"] in ("stop", "length")


def test_stream_yields_chunks_that_add_up(daemon: Daemon) -> None:
    chunks = list(chat(daemon, max_completion_tokens=16, stream_usage=True).stream("Name three animals."))
    assert len(chunks) >= 2 and all(isinstance(c, AIMessageChunk) for c in chunks)
    whole = chunks[0]
    for chunk in chunks[1:]:
        whole = whole + chunk
    assert isinstance(whole.content, str) and whole.content.strip()
    assert whole.usage_metadata is not None and whole.usage_metadata["output_tokens"] >= 1


def test_bind_tools_forced_gives_a_tool_call_and_the_result_goes_back(daemon: Daemon) -> None:
    model = chat(daemon, max_completion_tokens=60).bind_tools([get_weather], tool_choice="get_weather")
    question = HumanMessage("What is the weather in Paris?")
    asked = model.invoke([question])
    assert isinstance(asked, AIMessage)
    assert asked.tool_calls, "no tool_calls"
    call = asked.tool_calls[0]
    assert call["name"] == "get_weather"
    assert isinstance(call["args"].get("city"), str)
    assert call["id"]
    # The agent loop's next step: run the tool, send its result back, get text.
    result = ToolMessage(get_weather.invoke(call["args"]), tool_call_id=call["id"])
    answer = chat(daemon, max_completion_tokens=20).bind_tools([get_weather]).invoke([question, asked, result])
    assert isinstance(answer, AIMessage)
    assert answer.response_metadata["finish_reason"] in ("stop", "length", "tool_calls")


def test_with_structured_output_gives_an_instance(daemon: Daemon) -> None:
    structured = chat(daemon, max_completion_tokens=80, temperature=0.0).with_structured_output(City)
    city = structured.invoke("Name a city and its country.")
    assert isinstance(city, City)


def test_with_structured_output_by_function_calling(daemon: Daemon) -> None:
    structured = chat(daemon, max_completion_tokens=80, temperature=0.0).with_structured_output(
        City, method="function_calling"
    )
    city = structured.invoke("Name a city and its country.")
    assert isinstance(city, City)


def test_embeddings(daemon: Daemon) -> None:
    embeddings = OpenAIEmbeddings(
        model=EMBED_MODEL,
        openai_api_base=f"{daemon.url}/v1",
        openai_api_key=SecretStr(daemon.token),
        check_embedding_ctx_length=False,  # tiktoken's tokenizer is OpenAI's, not this model's
        max_retries=0,
    )
    texts = ["The cat sat on the mat.", "Quarterly revenue grew by four percent."]
    vectors = embeddings.embed_documents(texts)
    assert len(vectors) == 2 and all(len(v) == 384 for v in vectors)
    assert all(math.isclose(math.fsum(x * x for x in v), 1.0, rel_tol=1e-3) for v in vectors)
    query = embeddings.embed_query(texts[0])
    assert all(math.isclose(a, b, abs_tol=1e-5) for a, b in zip(query, vectors[0], strict=True))
