"""The daemon's errors, in one place, under the project's error root (:class:`IslandRunError`).

Each says what happened and what to do in words a user understands; the HTTP status each one
answers with is in :mod:`.error_status` (one table), and every wire format renders them in its own
error shape.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING

from ..collections.errors import CollectionError
from ..engines.errors import ModelNotFoundError
from ..errors import ConfigError, IslandRunError, NoEligibleIslandError
from ..islands import Island, IslandKind

if TYPE_CHECKING:
    from ..routing.router import RouteDecision
    from .instance import DaemonInfo


class ToolArgumentsError(IslandRunError):
    """An island's tool call whose arguments are not a JSON object (Anthropic's ``input`` must be one)."""

    def __init__(self, name: str, arguments: str) -> None:
        super().__init__(
            f"the island called tool {name!r} with arguments that are not a JSON object: {arguments[:80]!r}",
            title="Malformed tool call",
        )


class ApprovalDeniedError(IslandRunError):
    outcome = "denied"  # the audit row's and the route.failed event's outcome

    def __init__(self, reason: str) -> None:
        super().__init__(f"the offload was not approved ({reason}); nothing left this device", title="Not approved")


class ApprovalTimeoutError(ApprovalDeniedError):
    """Nobody answered in time: refused as a *deny* is, but recorded as what it was."""

    outcome = "approval-timeout"


class RememberRefusedError(IslandRunError):
    """``remember_minutes`` on an answer that cannot be remembered (a 400: nothing was decided)."""

    def __init__(self, why: str) -> None:
        super().__init__(f"this approval cannot be remembered: {why}; it is still waiting", title="Not remembered")


class ApprovalNotFoundError(IslandRunError):
    def __init__(self, approval_id: str) -> None:
        super().__init__(
            f"no pending approval {approval_id!r} (answered already, or expired)", title="Unknown approval"
        )


class AppTokenError(IslandRunError):
    title = "App tokens"


class OptionsError(IslandRunError):
    def __init__(self, problem: str) -> None:
        super().__init__(problem, title="Invalid IslandRun options")


class ClientGoneError(IslandRunError):
    def __init__(self) -> None:
        super().__init__("the client disconnected; the request was cancelled", title="Client gone")


class DaemonError(IslandRunError):
    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message, title=f"Daemon answered {status}")


class CollectionBusyError(CollectionError):
    title = "Collection is being indexed"

    def __init__(self, name: str) -> None:
        super().__init__(f"collection {name!r} is being indexed; wait for it to finish (collection.indexed event)")


class NoQuestionError(CollectionError):
    title = "Nothing to search for"

    def __init__(self, collection: str) -> None:
        super().__init__(
            f"the request names collection {collection!r} but has no user message to search it for; "
            "put the question in the last user message"
        )


class EmbeddingInputError(IslandRunError):
    """The texts cannot be embedded as given (400)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem, title="Invalid embedding input")


class UnknownEmbeddingModelError(ModelNotFoundError):
    """No model of that name here (404), with the embedding models there are."""

    def __init__(self, name: str, known: list[str], note: str = "") -> None:
        super().__init__(name, known)
        self.message = f"no embedding model is called {name!r}{note}; embedding models here: {', '.join(known)}"
        self.args = (self.message,)


class NotAnEmbeddingModelError(IslandRunError):
    """A chat model was named (400)."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(
            f"{name!r} is a chat model, not an embedding model; embedding models here: {', '.join(known)}",
            title="Not an embedding model",
        )


class EmbedderUnavailableError(IslandRunError):
    """The bundled embedder cannot load on this device (missing package or runtime)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the bundled embedding model cannot run here: {reason}", title="Embeddings unavailable")


class EmbeddingRefusedError(NoEligibleIslandError):
    """This device cannot take the request and no other island may (409); nothing left."""

    def __init__(self, request_id: str, reasons: dict[str, list[str]], preferred: RouteDecision | None) -> None:
        self.request_id = request_id
        self.reasons = reasons
        lines = [f"embedding request {request_id} refused; nothing left this device."]
        if preferred is not None and preferred.island.kind is not IslandKind.LOCAL:
            why = "it would need the text sanitised (its trust is below this device's)" if preferred.sanitize else ""
            lines.append(
                f"The route prefers {preferred.island.id!r}, but embeddings run on this device only"
                + (f": {why}, and embeddings of sanitised text are useless." if why else ".")
            )
        lines.append("This device cannot take it:")
        lines.extend(f"  - {island}: {'; '.join(why)}" for island, why in reasons.items())
        RoutingErrorInit(self, "\n".join(lines))


def RoutingErrorInit(error: IslandRunError, message: str) -> None:
    IslandRunError.__init__(error, message, title="Embedding refused")


class GrantNotFoundError(IslandRunError):
    def __init__(self, grant_id: str) -> None:
        super().__init__(f"no remembered grant {grant_id!r} (revoked already, or expired)", title="Unknown grant")


class AlreadyRunningError(IslandRunError):
    def __init__(self, info: DaemonInfo | None) -> None:
        where = f" (pid {info.pid}, http://127.0.0.1:{info.port})" if info else ""
        super().__init__(f"IslandRun is already running for this user{where}", title="Already running")


class TokenFileError(IslandRunError):
    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(
            f"the API token file {path} {problem}; remove it (or run `islandrun token --rotate`) and start again",
            title="API token file unusable",
        )


class NotRunningError(IslandRunError):
    def __init__(self) -> None:
        super().__init__("the IslandRun daemon is not running; start it with `islandrun serve`", title="Not running")


class IslandIdMismatchError(IslandRunError):
    def __init__(self, path_id: str, body_id: str) -> None:
        super().__init__(f"the body's id {body_id!r} differs from the path's {path_id!r}", title="Island id mismatch")


class FeatureUnavailableError(IslandRunError):
    """The islands that may run this request cannot do what it asks (HTTP 400)."""

    title = "Not supported here"


class NoKeyForThisIslandError(IslandRunError):
    def __init__(self, island_id: str, why: str) -> None:
        super().__init__(f"island {island_id!r} takes no key: {why}", title="No key for this island")


class ConfigFileBrokenError(IslandRunError):
    def __init__(self, error: ConfigError) -> None:
        super().__init__(
            f"the config file does not load, so it was not changed (fix it by hand first): {error.message}",
            title="Config file broken",
        )


class IslandExistsError(IslandRunError):
    def __init__(self, island_id: str) -> None:
        super().__init__(f"an island with id {island_id!r} is configured already", title="Island exists")


class SettingsNotSavedError(IslandRunError):
    """The change could not be written or applied; the file and the running daemon are as they were."""

    def __init__(self, cause: BaseException) -> None:
        self.disk_full = isinstance(cause, OSError) and cause.errno == errno.ENOSPC
        why = "the disk is full" if self.disk_full else str(cause) or type(cause).__name__
        super().__init__(
            f"the settings were not changed ({why}); the config file and the running daemon are as they were",
            title="Settings not saved",
        )


class IslandNotConfiguredError(IslandRunError):
    def __init__(self, island_id: str) -> None:
        super().__init__(f"no configured island has id {island_id!r}", title="Unknown island")


class UnsupportedParameterError(IslandRunError):
    """A request parameter this API does not honour (HTTP 400); the message names it."""

    title = "Unsupported parameter"

    def __init__(self, parameter: str, problem: str) -> None:
        self.parameter = parameter
        super().__init__(f"{parameter}: {problem}")


class OllamaRequestError(IslandRunError):
    """A body IslandRun cannot run as given (400); the message names the field."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem, title="Invalid request")


class DiscoveryOffError(IslandRunError):
    def __init__(self) -> None:
        super().__init__(
            "the personal group is off on this device ([discovery] enabled = false in the config file)",
            title="Discovery is off",
        )


class NotOnPeerListenerError(IslandRunError):
    def __init__(self) -> None:
        super().__init__("not found", title="Not found")


class NotDispatchableError(IslandRunError):
    def __init__(self, island: Island) -> None:
        super().__init__(
            f"island {island.id!r} ({island.kind.value}) was chosen, but this build cannot send requests to "
            f"{island.kind.value} islands yet; nothing left this device",
            title="Island not reachable",
        )


class PortInUseError(IslandRunError):
    def __init__(self, port: int, why: str) -> None:
        super().__init__(
            f"cannot listen on 127.0.0.1:{port} ({why}); set another port with `islandrun serve --port N`"
            " or [server] port in the config file",
            title="Port in use",
        )
