"""Dispatch to remote islands: retries and failover before the first token, never after it.

:meth:`RemoteDispatcher.complete` and :meth:`RemoteDispatcher.stream` take the router's eligible
islands in order (best first) and a :class:`RemoteRequest`. For each island in turn they:

1. sanitize the conversation when the island's trust is below the source's and it is outside the
   personal group (MIST's sanitizer, in a thread), build the API's request body, and run the
   egress guard over that exact body (a blocked payload stops the whole request: it is not tried
   on the next island);
2. send it, retrying on 408/409/429/5xx, connection errors and timeouts with backoff, until a
   first token arrives (streamed) or the whole reply does (not streamed);
3. on any failure before the first token, move to the next island; when none is left raise
   :class:`RemoteUnavailableError` naming what happened on each;
4. restore placeholders in the reply (text and tool-call arguments; streamed replies through
   MIST's stream restorer, so a placeholder split across chunks comes back whole);
5. report usage (reported, or estimated — :mod:`.cost`) and its cost at the serving island's prices.

After the first token a failure raises :class:`MidStreamError`: the stream ends there and is not
continued anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from ..config import Config
from ..islands import Island, IslandKind
from ..privacy.boundary import needs_sanitizing
from ..privacy.detector import Detector
from ..privacy.vault import VaultStore
from .anthropic_messages import AnthropicMessages
from .cost import settle_usage
from .errors import CredentialsError, MidStreamError, RemoteRequestError, RemoteUnavailableError, UpstreamError
from .openai_compat import OpenAICompatible
from .outbound import Outbound, PrivacyGate, as_is, screen_inline
from .redaction import redact
from .settings import RemoteTimeouts, RetryPolicy
from .types import ApiKind, RemoteChunk, RemoteFinishReason, RemoteRequest, RemoteResult
from .wire import Delta, HttpCall, ToolCallAssembler, WireAdapter, WireRequest, error_from_status, sse_events

__all__ = ["CredentialSource", "RemoteDispatcher", "apis_from_config"]

log = logging.getLogger(__name__)


class CredentialSource(Protocol):
    async def api_key(self, island_id: str) -> str | None:
        """The island's key, or None when it has none (a keyless edge server)."""
        ...


_ADAPTERS: dict[str, WireAdapter] = {
    "openai": OpenAICompatible(),
    "islandrun": OpenAICompatible(),  # a peer's daemon speaks the OpenAI-compatible API
    "anthropic": AnthropicMessages(),
}


@dataclass
class _Attempt:
    """One request's state across islands: the sanitized copy is made once and reused."""

    request: RemoteRequest
    conversation_id: str
    ready: Awaitable[object] | None = None  # awaited before the first send
    failures: list[tuple[str, str]] = field(default_factory=list)
    sanitized: Outbound | None = None


@dataclass
class _Prepared:
    island: Island
    adapter: WireAdapter
    outbound: Outbound
    call: HttpCall
    api_key: str | None
    key_problem: str | None


def _phase(exc: httpx.TimeoutException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connect"
    if isinstance(exc, httpx.WriteTimeout):
        return "write"
    if isinstance(exc, httpx.PoolTimeout):
        return "connection pool"
    return "read"


class RemoteDispatcher:
    """Sends chat requests to remote islands (see the module docstring for the rules).

    ``apis`` maps island id to the API it speaks (``openai`` | ``anthropic`` | ``islandrun``; the
    config's ``api`` field, see :func:`apis_from_config`); an island missing there speaks
    ``openai``. ``credentials`` may be None for islands that need no key.
    """

    def __init__(
        self,
        *,
        vaults: VaultStore,
        credentials: CredentialSource | None,
        http: httpx.AsyncClient,
        apis: Mapping[str, ApiKind] | None = None,
        detector: Detector | None = None,
        timeouts: RemoteTimeouts | None = None,
        retry: RetryPolicy | None = None,
        clients: Callable[[Island], httpx.AsyncClient | None] | None = None,
    ) -> None:
        self.vaults = vaults
        self.credentials = credentials
        self.http = http
        # Islands that need a client of their own (paired peers: mutual TLS pinned to the peer's
        # certificate); None from it means the shared client.
        self._clients = clients
        self.apis: dict[str, ApiKind] = dict(apis or {})
        self.gate = PrivacyGate(vaults, detector)
        self.timeouts = timeouts or RemoteTimeouts()
        self.retry = retry or RetryPolicy()

    def api_of(self, island: Island) -> ApiKind:
        if island.kind is IslandKind.PEER:
            return "islandrun"
        return self.apis.get(island.id, "openai")

    def client_of(self, island: Island) -> httpx.AsyncClient:
        own = None if self._clients is None else self._clients(island)
        if own is None and island.kind is IslandKind.PEER:
            raise RemoteRequestError(
                f"island {island.id!r}: this device is not paired with that peer; nothing was sent"
            )
        return own or self.http

    # -- public API --------------------------------------------------------------------------

    async def complete(
        self, islands: Sequence[Island], request: RemoteRequest, *, ready: Awaitable[object] | None = None
    ) -> RemoteResult:
        """The whole reply from the first island that gives one; restored, with usage and cost.

        ``ready``: awaited (shielded) after the request is prepared and before anything is sent —
        the daemon's durable record that it is about to leave, committed meanwhile."""
        attempt = self._attempt(request, ready)
        try:
            for island in islands:
                try:
                    return await self._complete_on(island, attempt)
                except (UpstreamError, RemoteRequestError) as exc:
                    attempt.failures.append((island.id, _why(exc)))
                    log.info("island %s failed before replying: %s", island.id, _why(exc))
            raise RemoteUnavailableError(attempt.failures)
        finally:
            self._done(attempt)

    async def stream(
        self, islands: Sequence[Island], request: RemoteRequest, *, ready: Awaitable[object] | None = None
    ) -> AsyncIterator[RemoteChunk]:
        """The reply in restored pieces from the first island that produces a first token.

        The last chunk carries ``finish_reason``, ``usage``, ``cost_usd`` and the tool calls.
        Closing the iterator early closes the upstream connection. ``ready``: as for :meth:`complete`.
        """
        attempt = self._attempt(request, ready)
        try:
            for island in islands:
                try:
                    prepared, response, deltas, first = await self._open_with_retries(island, attempt)
                except (UpstreamError, RemoteRequestError) as exc:
                    attempt.failures.append((island.id, _why(exc)))
                    log.info("island %s failed before its first token: %s", island.id, _why(exc))
                    continue
                relay = self._relay(prepared, deltas, first, attempt)
                try:
                    async for chunk in relay:
                        yield chunk
                finally:
                    await relay.aclose()
                    await _quietly_close(deltas)
                    await response.aclose()
                return
            raise RemoteUnavailableError(attempt.failures)
        finally:
            self._done(attempt)

    async def list_models(self, island: Island) -> list[str]:
        """The model ids the island's API lists (``GET /models``)."""
        adapter = _ADAPTERS[self.api_of(island)]
        key, _ = await self._key(island)
        call = adapter.models_call(_endpoint(island), key)
        try:
            response = await self.client_of(island).request(
                call.method, call.url, headers=dict(call.headers), timeout=self.timeouts.httpx_timeout(stream=False)
            )
        except httpx.HTTPError as exc:
            raise UpstreamError(island.id, f"listing models failed: {redact(str(exc) or type(exc).__name__)}") from None
        if response.status_code >= 400:
            raise error_from_status(
                island.id, response.status_code, _detail(adapter, response, key), response.headers.get("retry-after")
            )
        return adapter.parse_models(response.json())

    # -- preparing ---------------------------------------------------------------------------

    def _attempt(self, request: RemoteRequest, ready: Awaitable[object] | None = None) -> _Attempt:
        conversation = request.conversation_id or f"horizon-{secrets.token_hex(8)}"
        # a future, so that every island tried may wait on it (a coroutine can be awaited once)
        return _Attempt(request, conversation, None if ready is None else asyncio.ensure_future(ready))

    def _done(self, attempt: _Attempt) -> None:
        if attempt.request.conversation_id is None:
            self.vaults.forget(attempt.conversation_id)  # a one-off request's vault dies with it

    async def _key(self, island: Island) -> tuple[str | None, str | None]:
        if self.credentials is None:
            return None, None
        try:
            return await self.credentials.api_key(island.id), None
        except CredentialsError as exc:
            # Sent without a key: a keyless edge server still works; one that needs a key answers
            # 401 and the failure names the keyring problem.
            return None, exc.message

    async def _prepare(self, island: Island, attempt: _Attempt, *, stream: bool) -> _Prepared:
        request = attempt.request
        adapter = _ADAPTERS[self.api_of(island)]
        endpoint = _endpoint(island)
        key, key_problem = await self._key(island)
        sanitize = needs_sanitizing(island, request.source_trust)
        model = request.model or (island.models[0] if island.models else None)
        extensions = request.islandrun if self.api_of(island) == "islandrun" else {}

        def build(outbound: Outbound) -> HttpCall:
            wire = WireRequest(
                outbound.payload.messages,
                model,
                request.max_tokens,
                request.temperature,
                request.top_p,
                request.seed,
                outbound.payload.stop,
                outbound.payload.tools,
                outbound.payload.tool_choice,
                outbound.payload.response_format,
                request.sampling,
                extensions,
            )
            return adapter.chat_call(endpoint, wire, key, stream=stream)

        if not sanitize:
            outbound = as_is(request)
            return _Prepared(island, adapter, outbound, build(outbound), key, key_problem)

        def sanitize_and_check() -> tuple[Outbound, HttpCall]:
            if attempt.sanitized is None:
                attempt.sanitized = self.gate.sanitize(attempt.conversation_id, request)
            call = build(attempt.sanitized)
            self.gate.check(call.body, attempt.sanitized, f"island {island.id!r}")
            return attempt.sanitized, call

        if screen_inline(request.messages, request.tools):
            outbound, call = sanitize_and_check()
        else:
            outbound, call = await asyncio.to_thread(sanitize_and_check)
        return _Prepared(island, adapter, outbound, call, key, key_problem)

    @staticmethod
    async def _until_ready(attempt: _Attempt) -> None:
        if attempt.ready is not None:
            await asyncio.shield(attempt.ready)

    # -- not streamed ------------------------------------------------------------------------

    async def _complete_on(self, island: Island, attempt: _Attempt) -> RemoteResult:
        prepared = await self._prepare(island, attempt, stream=False)
        await self._until_ready(attempt)
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.timeouts.total):
                body = await self._with_retries(prepared, lambda: self._post_once(prepared))
        except TimeoutError:
            raise UpstreamError(island.id, f"no reply within {self.timeouts.total:g} s (total)") from None
        reply = prepared.adapter.parse_reply(island.id, body)
        outbound = prepared.outbound
        calls = outbound.restore_calls(reply.tool_calls)
        usage, cost = settle_usage(
            island.prices, outbound.messages, reply.text, reply.tool_calls, reply.prompt_tokens, reply.completion_tokens
        )
        return RemoteResult(
            island=island,
            model=reply.model or (prepared.call.body or {}).get("model", ""),
            text=outbound.restore_text(reply.text),
            finish_reason=reply.finish_reason,
            usage=usage,
            cost_usd=cost,
            tool_calls=calls,
            sanitized=outbound.sanitized,
            entity_counts=dict(outbound.entity_counts),
            failed_over=tuple(attempt.failures),
            time_to_first_token_s=time.perf_counter() - started,
            sources=reply.sources,
            logprobs=reply.logprobs,
        )

    async def _post_once(self, prepared: _Prepared) -> Any:
        call = prepared.call
        island_id = prepared.island.id
        try:
            response = await self.client_of(prepared.island).request(
                call.method,
                call.url,
                headers=dict(call.headers),
                json=call.body,
                timeout=self.timeouts.httpx_timeout(stream=False),
            )
        except httpx.TimeoutException as exc:
            raise UpstreamError(island_id, f"timed out ({_phase(exc)})", retryable=True) from None
        except httpx.TransportError as exc:
            raise UpstreamError(island_id, _transport(exc, prepared.api_key), retryable=True) from None
        if response.status_code >= 400:
            raise self._status_error(prepared, response, _detail(prepared.adapter, response, prepared.api_key))
        try:
            return response.json()
        except ValueError:
            raise UpstreamError(island_id, f"the reply is not JSON (HTTP {response.status_code})") from None

    # -- streamed ----------------------------------------------------------------------------

    async def _open_with_retries(
        self, island: Island, attempt: _Attempt
    ) -> tuple[_Prepared, httpx.Response, AsyncIterator[Delta], list[Delta]]:
        prepared = await self._prepare(island, attempt, stream=True)
        await self._until_ready(attempt)
        try:
            async with asyncio.timeout(self.timeouts.total):
                opened = await self._with_retries(prepared, lambda: self._open_once(prepared))
        except TimeoutError:
            raise UpstreamError(island.id, f"no first token within {self.timeouts.total:g} s (total)") from None
        response, deltas, first = opened
        return prepared, response, deltas, first

    async def _open_once(self, prepared: _Prepared) -> tuple[httpx.Response, AsyncIterator[Delta], list[Delta]]:
        """Send, then read until the first token (text, a tool call or the finish): a failure up to
        here is still a failure *before* the first token, so retries and failover are allowed."""
        call = prepared.call
        island_id = prepared.island.id
        response: httpx.Response | None = None
        deltas: AsyncIterator[Delta] | None = None
        try:
            async with asyncio.timeout(self.timeouts.first_token):
                http = self.client_of(prepared.island)
                request = http.build_request(
                    call.method,
                    call.url,
                    headers=dict(call.headers),
                    json=call.body,
                    timeout=self.timeouts.httpx_timeout(stream=True),
                )
                response = await http.send(request, stream=True)
                if response.status_code >= 400:
                    await response.aread()
                    raise self._status_error(prepared, response, _detail(prepared.adapter, response, prepared.api_key))
                deltas = prepared.adapter.deltas(island_id, sse_events(response))
                first: list[Delta] = []
                async for delta in deltas:
                    first.append(delta)
                    if delta.text or delta.tool_parts or delta.finish_reason:
                        return response, deltas, first
                raise UpstreamError(island_id, "the stream ended before any token")
        except BaseException as exc:
            if deltas is not None:
                await _quietly_close(deltas)
            if response is not None:
                await response.aclose()
            if isinstance(exc, TimeoutError):
                raise UpstreamError(
                    island_id, f"no first token within {self.timeouts.first_token:g} s", retryable=True
                ) from None
            if isinstance(exc, httpx.TimeoutException):
                raise UpstreamError(island_id, f"timed out ({_phase(exc)})", retryable=True) from None
            if isinstance(exc, httpx.TransportError):
                raise UpstreamError(island_id, _transport(exc, prepared.api_key), retryable=True) from None
            raise

    async def _relay(
        self, prepared: _Prepared, deltas: AsyncIterator[Delta], first: list[Delta], attempt: _Attempt
    ) -> AsyncGenerator[RemoteChunk, None]:
        island = prepared.island
        outbound = prepared.outbound
        restorer = outbound.restorer()
        tools = ToolCallAssembler()
        raw: list[str] = []
        delivered = 0
        model = str((prepared.call.body or {}).get("model") or "")
        finish: RemoteFinishReason | None = None
        prompt_tokens: int | None = None
        completion_tokens: int | None = None
        sources: tuple[Mapping[str, Any], ...] = ()
        logprobs: list[Mapping[str, Any]] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeouts.total

        async def pieces() -> AsyncIterator[Delta]:
            for delta in first:
                yield delta
            while True:
                try:
                    async with asyncio.timeout_at(min(deadline, loop.time() + self.timeouts.idle)):
                        delta = await anext(deltas)
                except StopAsyncIteration:
                    return
                yield delta

        try:
            async for delta in pieces():
                model = delta.model or model
                prompt_tokens = delta.prompt_tokens if delta.prompt_tokens is not None else prompt_tokens
                completion_tokens = (
                    delta.completion_tokens if delta.completion_tokens is not None else completion_tokens
                )
                finish = delta.finish_reason or finish
                sources = sources if delta.sources is None else delta.sources
                logprobs.extend(delta.logprobs)
                for part in delta.tool_parts:
                    tools.add(*part)
                if delta.text:
                    raw.append(delta.text)
                    shown = delta.text if restorer is None else restorer.feed(delta.text)
                    if shown:
                        delivered += len(shown)
                        yield RemoteChunk(
                            island,
                            model,
                            shown,
                            sanitized=outbound.sanitized,
                            entity_counts=dict(outbound.entity_counts),
                        )
        except TimeoutError:
            raise MidStreamError(
                island.id, f"no data for {self.timeouts.idle:g} s (or the total time ran out)", delivered
            ) from None
        except UpstreamError as exc:
            raise MidStreamError(island.id, exc.reason, delivered) from None
        except httpx.HTTPError as exc:
            raise MidStreamError(island.id, _transport(exc, prepared.api_key), delivered) from None
        tail = "" if restorer is None else restorer.flush()
        calls = tools.calls()
        usage, cost = settle_usage(
            island.prices, outbound.messages, "".join(raw), calls, prompt_tokens, completion_tokens
        )
        yield RemoteChunk(
            island,
            model,
            tail,
            finish_reason=finish or "stop",
            usage=usage,
            cost_usd=cost,
            tool_calls=outbound.restore_calls(calls),
            sanitized=outbound.sanitized,
            entity_counts=dict(outbound.entity_counts),
            failed_over=tuple(attempt.failures),
            sources=sources,
            logprobs=tuple(logprobs) if logprobs else None,
        )

    # -- shared ------------------------------------------------------------------------------

    async def _with_retries(self, prepared: _Prepared, once: Any) -> Any:
        tries = 0
        while True:
            tries += 1
            try:
                return await once()
            except UpstreamError as exc:
                delay = self.retry.delay(tries, exc.retry_after_s) if exc.retryable else None
                if delay is None:
                    if tries > 1:
                        exc.reason += f" (after {tries} tries)"
                    raise
                log.info("island %s: %s; retrying in %.2f s", prepared.island.id, exc.reason, delay)
                await asyncio.sleep(delay)

    def _status_error(self, prepared: _Prepared, response: httpx.Response, detail: str) -> UpstreamError:
        error = error_from_status(prepared.island.id, response.status_code, detail, response.headers.get("retry-after"))
        if response.status_code in (401, 403) and prepared.key_problem:
            error.reason += f"; no key could be read: {prepared.key_problem}"
        return error


def apis_from_config(config: Config) -> dict[str, ApiKind]:
    """Island id → the API it speaks, from the config's ``[[islands]]`` ``api`` fields."""
    return {island.id: island.api for island in config.islands}


def _endpoint(island: Island) -> str:
    if not island.endpoint:
        raise RemoteRequestError(f"island {island.id!r} has no endpoint; set `endpoint` in its config")
    return island.endpoint


def _why(exc: UpstreamError | RemoteRequestError) -> str:
    return exc.reason if isinstance(exc, UpstreamError) else exc.message


def _detail(adapter: WireAdapter, response: httpx.Response, key: str | None) -> str:
    try:
        text = adapter.error_text(response.json())
    except ValueError:
        text = response.text[:300]
    return redact(text, key or "")


def _transport(exc: httpx.HTTPError, key: str | None) -> str:
    name = type(exc).__name__
    text = str(exc)
    return redact(f"{name}: {text}" if text else name, key or "")


async def _quietly_close(deltas: AsyncIterator[Delta]) -> None:
    aclose = getattr(deltas, "aclose", None)
    if aclose is not None:
        with contextlib.suppress(Exception):  # already failing: the original error is what matters
            await aclose()
