"""The HTTP status of every IslandRun error, in one table every front end reads.

OpenAI's, Anthropic's and Ollama's front ends render errors in their own shapes, but the status a
failure gets is decided here once, so the same failure is the same status on every API.
"""

from __future__ import annotations

from ..collections import CollectionDatabaseError, CollectionExistsError, CollectionNotFoundError
from ..discovery.errors import PeerNotFoundError
from ..engines.errors import EngineBusyError, InvalidModelError, InvalidRequestError, ModelNotFoundError
from ..errors import BudgetExceededError, IslandRunError, NoEligibleIslandError, UnknownModelError
from ..privacy.errors import EgressBlockedError, RequestTooLargeError, UnsanitizableContentError
from ..remote.errors import CredentialsError, MidStreamError, RemoteUnavailableError, UpstreamError
from .errors import (
    ApprovalDeniedError,
    ApprovalNotFoundError,
    CollectionBusyError,
    ConfigFileBrokenError,
    DiscoveryOffError,
    EmbedderUnavailableError,
    FeatureUnavailableError,
    IslandExistsError,
    IslandNotConfiguredError,
    NoQuestionError,
    NotDispatchableError,
    NotOnPeerListenerError,
    SettingsNotSavedError,
)

__all__ = ["status_for"]

# The first match wins; anything else from IslandRun is a 400 (the request was the problem).
_STATUS: tuple[tuple[type[IslandRunError], int], ...] = (
    (NoEligibleIslandError, 409),
    (FeatureUnavailableError, 400),
    (NoQuestionError, 400),
    (CollectionNotFoundError, 404),
    (CollectionExistsError, 409),
    (CollectionBusyError, 409),  # an index run of it is going
    (CollectionDatabaseError, 503),  # the collections database cannot be opened or written
    (NotOnPeerListenerError, 404),
    (PeerNotFoundError, 404),
    (DiscoveryOffError, 409),
    (ConfigFileBrokenError, 409),
    (IslandExistsError, 409),
    (IslandNotConfiguredError, 404),
    (BudgetExceededError, 402),
    (ApprovalDeniedError, 403),
    (ModelNotFoundError, 404),
    (UnknownModelError, 404),
    (ApprovalNotFoundError, 404),
    (EngineBusyError, 503),
    (EmbedderUnavailableError, 503),  # the bundled embedding model could not load
    (NotDispatchableError, 503),
    (RemoteUnavailableError, 502),  # every candidate island failed before answering
    (MidStreamError, 502),
    (UpstreamError, 502),
    (CredentialsError, 503),  # no key in the keyring, or no keyring: the message says what to do
    (EgressBlockedError, 403),  # an original value would have left: blocked, nothing sent
    (UnsanitizableContentError, 403),  # images/files for an island that needs sanitising: refused by policy
    (RequestTooLargeError, 413),  # more text than MIST screens per request
    (InvalidModelError, 422),
    (InvalidRequestError, 400),
)


def status_for(exc: IslandRunError) -> int:
    if isinstance(exc, SettingsNotSavedError):
        return 507 if exc.disk_full else 503
    for kind, status in _STATUS:
        if isinstance(exc, kind):
            return status
    return 400
