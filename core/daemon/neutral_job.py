"""Building the neutral job from another wire format, refusing what it cannot carry.

A front end (``/v1/completions``, ``/v1/responses``) maps its own parameters onto the fields of
:class:`~.openai_models.ChatCompletionRequest`. :func:`neutral_job` builds it and refuses, with a
400 naming the client's own parameter, any field the neutral job does not declare: a parameter is
never dropped because the job it is translated into has no place for it yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from .errors import UnsupportedParameterError
from .openai_models import ChatCompletionRequest

__all__ = ["UnsupportedParameterError", "neutral_job"]


def neutral_job(job: Mapping[str, Any], named: Mapping[str, str]) -> ChatCompletionRequest:
    """``job``: neutral field → value; ``named``: neutral field → the client's parameter it came from
    (for messages; a field missing there is named as itself)."""
    fields = ChatCompletionRequest.model_fields
    for key in job:
        if key not in fields:
            raise UnsupportedParameterError(named.get(key, key), "not supported by this IslandRun daemon")
    try:
        return ChatCompletionRequest.model_validate(dict(job))
    except ValidationError as exc:
        # Ranges are checked by the front end's own model first; what is left (unreadable text, too
        # deep JSON, too many messages) is reported on the neutral job's field names.
        raise RequestValidationError(exc.errors()) from None
