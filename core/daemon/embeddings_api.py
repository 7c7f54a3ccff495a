"""``/v1/embeddings``: OpenAI's embeddings API, run by :func:`.embedding_flow.embed`.

Embeddings run on this device only, and only where the text may go as it is (docs/embeddings.md):
MIST assesses the texts and the router routes them as for a chat, the vectors come from the
bundled all-MiniLM-L6-v2 or a local GGUF embedding model, and the audit log gets a row. The
response names the island and route in ``islandrun`` and the ``X-IslandRun-*`` headers.

``encoding_format`` ``base64`` (what the openai SDK asks for by default) packs each vector as
little-endian float32. Token-id input, and ``dimensions`` other than the model's own, are 400s
naming the field: nothing a client sends is dropped in silence.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from . import chat_flow, embedding_flow
from .embedding_flow import EmbeddingInputError
from .openai_models import IslandRunOptions

__all__ = ["EmbeddingsRequest", "router"]

router = APIRouter(tags=["OpenAI-compatible"])

_IDS_REFUSED = (
    "token ids are not supported: they are a tokenizer's ids (OpenAI clients send tiktoken's), which mean nothing "
    "to this device's models, and MIST cannot screen them; send the text (LangChain: check_embedding_ctx_length=False)"
)


class EmbeddingsRequest(BaseModel):
    """OpenAI's embeddings request; unknown fields are a 400 naming them."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    input: str | list[str | int | list[int]] = Field(
        description="a text or a list of texts (at most 2048); token ids are refused"
    )
    model: str = Field(description="`default` or `all-minilm` (the bundled all-MiniLM-L6-v2), or a local GGUF model")
    encoding_format: Literal["float", "base64"] | None = None  # None (LiteLLM sends null): float
    dimensions: Annotated[int, Field(ge=1)] | None = Field(
        None, description="only the model's own width: none of the models here can be shortened"
    )
    user: str | None = Field(None, description="accepted; not used")
    islandrun: IslandRunOptions | None = None

    def texts(self) -> list[str]:
        if isinstance(self.input, str):
            return [self.input]
        texts: list[str] = []
        for index, item in enumerate(self.input):
            if not isinstance(item, str):
                raise EmbeddingInputError(f"input[{index}]: {_IDS_REFUSED}")
            texts.append(item)
        return texts


def _encode(vector: list[float], encoding: str | None) -> list[float] | str:
    if encoding in ("float", None):
        return vector
    import numpy as np  # with the first embedding request, not the idle daemon

    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")


@router.post(
    "/v1/embeddings",
    summary="Create embeddings (OpenAI-compatible), on this device only",
    description="IslandRun options come from the body's `islandrun` object or the `X-IslandRun-Tier`, "
    "`-Sensitivity`, `-Conversation-Id` and `-Max-Latency-Ms` headers. The texts are assessed by MIST and "
    "routed; they are embedded on this device or not at all (never sanitised, never sent elsewhere).",
    responses={
        200: {"description": "the embeddings, in the order of the input"},
        400: {"description": "malformed request: empty text, token ids, a chat model, `dimensions`, an unknown field"},
        404: {"description": "unknown model (the message lists the embedding models)"},
        409: {"description": "this device cannot take the request and no other island may (reasons per island)"},
        413: {"description": "more text than [privacy] max_request_chars, or a body over [server] max_body_bytes"},
        503: {"description": "the local engine is busy"},
    },
)
async def embeddings(body: EmbeddingsRequest, request: Request) -> Any:
    options = chat_flow.options_of(request, body.islandrun)
    texts = body.texts()
    if body.dimensions is not None:
        chosen = await embedding_flow.resolve_model(request, body.model)
        if body.dimensions != chosen.dimension:
            raise EmbeddingInputError(
                f"dimensions: {chosen.name} gives {chosen.dimension}-dimensional vectors and cannot shorten them "
                f"(it was not trained to, as OpenAI's text-embedding-3 models were); leave dimensions out"
            )
    done = await embedding_flow.embed(request, body.model, texts, options)
    data = [
        {"object": "embedding", "index": index, "embedding": _encode(vector, body.encoding_format)}
        for index, vector in enumerate(done.vectors)
    ]
    payload = {
        "object": "list",
        "data": data,
        "model": done.model,
        "usage": {"prompt_tokens": done.prompt_tokens, "total_tokens": done.prompt_tokens},
        "islandrun": done.meta,
    }
    headers = {"X-IslandRun-Island": done.island.id, "X-IslandRun-Route-Id": str(done.meta["route_id"])}
    return JSONResponse(payload, headers=headers)
