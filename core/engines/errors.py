"""Errors of the local engine, all under :class:`~islandrun.core.errors.IslandRunError`.

IslandRunError
└── EngineError                 anything the local engine refuses or fails to do
    ├── EngineBusyError         the tier queue is full: try later or offload
    ├── ModelNotFoundError      no known model has that name
    ├── InvalidModelError   the file is missing, not GGUF, or truncated/corrupt
    ├── ModelLoadError          llama.cpp could not load a file, or it does not fit the memory budget
    ├── ModelStoreError         the models state file, the embedded model or an add/remove went wrong
    ├── InvalidRequestError     a chat or embedding request the engine cannot run as given
    └── PullError               `models pull` failed (PullNotFoundError, PullAuthError, PullNetworkError,
                                PullChecksumError, PullDiskFullError, PullCancelledError)
"""

from __future__ import annotations

from pathlib import Path

from ..errors import IslandRunError

__all__ = [
    "EngineBusyError",
    "EngineError",
    "InvalidModelError",
    "InvalidRequestError",
    "ModelLoadError",
    "ModelNotFoundError",
    "ModelStoreError",
    "PullAuthError",
    "PullCancelledError",
    "PullChecksumError",
    "PullDiskFullError",
    "PullError",
    "PullNetworkError",
    "PullNotFoundError",
]


class EngineError(IslandRunError):
    title = "Local engine error"


class EngineBusyError(EngineError):
    """The bounded tier queue is full; nothing was queued."""

    title = "Local engine busy"

    def __init__(self, depth: int, limit: int) -> None:
        self.depth = depth
        self.limit = limit
        super().__init__(
            f"the local engine is busy: {depth} requests are running or queued (limit {limit}); "
            "retry later or let the router send this request elsewhere"
        )


class ModelNotFoundError(EngineError):
    title = "Unknown model"

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        listing = ", ".join(known) if known else "none"
        super().__init__(f"no local model is called {name!r}; known models: {listing}")


class InvalidModelError(EngineError):
    """A model file that is missing, is not GGUF, or is truncated/corrupt."""

    title = "Invalid model file"

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class ModelLoadError(EngineError):
    title = "Model failed to load"

    def __init__(self, name: str, path: Path, reason: str) -> None:
        self.name = name
        self.path = path
        self.reason = reason
        super().__init__(f"model {name!r} ({path}) could not be loaded by llama.cpp: {reason}")


class ModelStoreError(EngineError):
    title = "Model store error"


class InvalidRequestError(EngineError):
    title = "Invalid request"


class PullError(EngineError):
    """Downloading a model failed; nothing half-written is left where a model would be found."""

    title = "Model download failed"


class PullNotFoundError(PullError):
    title = "Model not found in the registry"


class PullAuthError(PullError):
    title = "The registry needs a token"


class PullNetworkError(PullError):
    title = "Network error while downloading"


class PullChecksumError(PullError):
    title = "Downloaded file failed its checksum"


class PullDiskFullError(PullError):
    title = "Not enough disk space"


class PullCancelledError(PullError):
    title = "Download cancelled"
