"""The chat window's view-model: conversations (kept on this device), streaming with Stop, the
model and collection pickers, and each reply's badge and explanation. Nothing here draws.

Messages go to the daemon as any app's would (``POST /v1/chat/completions``, streamed). The text
of a reply reaches the view in batches (``FLUSH_S``), never one relayout per token. The badge's
explanation is the router's own (the ``route`` event's ``explanation`` for the reply's request
id, from the tray's one event feed), saved with the reply; when the window never saw that event
(the feed was down) it falls back to the reply's row in the audit log.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

from islandrun.core.errors import IslandRunError

from .api import JSON, ApiClient, ApiError
from .chat_client import stream_chat
from .chat_store import AsyncChatStore, Conversation, Message
from .events import DaemonEvent
from .qt_async import async_slot

__all__ = ["FLUSH_S", "ChatModel", "badge_text", "explain_audit_row", "refusal_text"]

FLUSH_S = 0.05  # streamed text reaches the view at most 20 times a second
_KEEP_EXPLANATIONS = 500


def badge_text(meta: dict[str, Any], islands: dict[str, JSON]) -> str:
    """Where a reply ran and what left this device, in words (empty until the daemon said)."""
    if not meta.get("island"):
        return ""
    island_id = str(meta["island"])
    island = islands.get(island_id, {})
    kind = str(meta.get("island_kind") or island.get("kind") or "")
    tier = f", tier {island['tier']}" if "tier" in island else ""
    if kind == "local":
        where = f"Ran on this computer ({island_id}{tier})"
        left = "nothing left this device"
    else:
        name = str(island.get("name") or island_id)
        where = f"Ran on {name} ({kind or 'remote'}{tier})"
        replaced = {str(k): int(v) for k, v in dict(meta.get("replaced") or {}).items()}
        if replaced:
            counts = ", ".join(f"{kind_} ×{n}" for kind_, n in sorted(replaced.items()))
            left = f"left this device: the conversation, with {counts} replaced"
        else:
            left = "left this device: the conversation as written (nothing found to replace)"
    parts = [where, left]
    if meta.get("collection"):
        sources = meta.get("sources")
        count = f", {len(sources)} passages" if isinstance(sources, list) else ""
        parts.append(f"from collection {meta['collection']}{count}")
    return " · ".join(parts)


def explain_audit_row(row: JSON) -> str:
    """An audit row in words (the fallback explanation: no values, only types and counts)."""
    entities = ", ".join(f"{k} ×{v}" for k, v in sorted(dict(row.get("entities") or {}).items())) or "none"
    lines = [
        f"request {row.get('request_id')} → {row.get('island')} (tier {row.get('tier')}), outcome {row.get('outcome')}",
        f"  sensitivity {row.get('sensitivity')}; entities found: {entities}; sanitized: "
        f"{'yes' if row.get('sanitized') else 'no'}; cost ${float(row.get('cost_usd') or 0.0):.4f}",
    ]
    if row.get("detail"):
        lines.append(f"  {row['detail']}")
    return "\n".join(lines)


def refusal_text(exc: IslandRunError) -> str:
    status = f" ({exc.status})" if isinstance(exc, ApiError) else ""
    return f"Not answered{status}: {exc.message}"


class ChatModel(QObject):
    conversationsChanged = Signal(list)  # [Conversation], newest first
    conversationOpened = Signal(object, list)  # Conversation | None, [Message]
    messageAdded = Signal(object)  # Message
    messageChanged = Signal(object)  # Message (text batch, badge, status)
    busyChanged = Signal(bool)
    accepted = Signal()  # the daemon took the message: the input can be cleared
    refused = Signal(str)  # the daemon's message; the typed text stays in the input
    modelsLoaded = Signal(list, str)  # ids, the one to select
    collectionsLoaded = Signal(list)  # [{"name", "island", "island_name"}]
    explanationReady = Signal(str, str)  # title, text
    failed = Signal(str)  # something else went wrong (loading, the conversations file)
    pickersLoaded = Signal()  # the daemon answered: a loading problem shown before is over

    def __init__(self, client: ApiClient, store: AsyncChatStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.store = store
        self.conversation: Conversation | None = None
        self.messages: list[Message] = []
        self.islands: dict[str, JSON] = {}
        self.models: list[str] = []
        self.explanations: OrderedDict[str, str] = OrderedDict()  # request id → the router's explanation
        self.max_tokens: int | None = None  # None: the model's own limit (tests bound it to stay quick)
        self.flushes = 0  # text batches sent to the view (measured by the tests)
        self.chunks = 0  # chunks received
        self._task: asyncio.Task[None] | None = None
        self._pickers: set[asyncio.Task[None]] = set()  # picker reloads in flight (ended by aclose)
        self._flush_pending: asyncio.TimerHandle | None = None
        self._background: set[asyncio.Task[None]] = set()

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    # -- loading -------------------------------------------------------------------------

    @async_slot()
    async def load(self) -> None:
        """The conversations (opening the newest), the models, the collections and the islands."""
        try:
            conversations = await self.store.conversations()
        except IslandRunError as exc:
            self.failed.emit(exc.message)
            return
        self.conversationsChanged.emit(conversations)
        if self.conversation is None and conversations:
            await self._open(conversations[0])
        await self.load_pickers()

    def reload_pickers(self) -> None:
        """Models and collections again (the daemon came up, or its collections changed). The task is
        kept so :meth:`aclose` can end it: none may outlive the tray's loop half-way through a request."""
        task = asyncio.get_event_loop().create_task(self.load_pickers(), name="islandrun-chat-pickers")
        self._pickers.add(task)
        task.add_done_callback(self._pickers.discard)

    async def load_pickers(self) -> None:
        try:
            listing, collections, islands = await asyncio.gather(
                self.client.request("GET", "/v1/models"), self.client.collections(), self.client.islands()
            )
        except IslandRunError as exc:
            self.failed.emit(f"Models and collections cannot be listed: {exc.message}")
            return
        self.islands = {str(i["id"]): i for i in islands}
        self.pickersLoaded.emit()
        self.models = [str(m["id"]) for m in listing.get("data", [])] or ["default"]
        wanted = self.conversation.model if self.conversation is not None else ""
        self.modelsLoaded.emit(self.models, wanted if wanted in self.models else self.models[0])
        self.collectionsLoaded.emit([dict(c) for c in collections])

    @async_slot(str)
    async def open(self, conversation_id: str) -> None:
        for conversation in await self.store.conversations():
            if conversation.id == conversation_id:
                await self._open(conversation)

    async def _open(self, conversation: Conversation | None) -> None:
        self.conversation = conversation
        self.messages = [] if conversation is None else await self.store.messages(conversation.id)
        self.conversationOpened.emit(conversation, list(self.messages))

    @async_slot()
    async def new_conversation(self) -> None:
        await self._open(None)

    @async_slot(str)
    async def delete(self, conversation_id: str) -> None:
        await self.store.delete(conversation_id)
        if self.conversation is not None and self.conversation.id == conversation_id:
            await self._open(None)
        self.conversationsChanged.emit(await self.store.conversations())

    # -- sending -------------------------------------------------------------------------

    def send(self, text: str, model: str, collection: str | None) -> bool:
        """Start a reply (False when one is running or there is nothing to send)."""
        if self.busy or not text.strip():
            return False
        self._task = asyncio.get_running_loop().create_task(self._send(text, model, collection), name="islandrun-chat")
        self.busyChanged.emit(True)
        return True

    def stop(self) -> None:
        """Stop the reply: the response is closed, so the daemon stops generating."""
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def aclose(self) -> None:
        self.stop()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for task in list(self._pickers):
            task.cancel()
        await asyncio.gather(*self._pickers, return_exceptions=True)

    async def _send(self, text: str, model: str, collection: str | None) -> None:
        try:
            await self._converse(text, model, collection)
        except IslandRunError as exc:  # the conversations file itself failed
            self.failed.emit(exc.message)
        finally:
            self.busyChanged.emit(False)

    async def _converse(self, text: str, model: str, collection: str | None) -> None:
        if self.conversation is None:
            title = " ".join(text.split())[:60]
            self.conversation = await self.store.create(title, model, collection)
            self.messages = []
            self.conversationsChanged.emit(await self.store.conversations())
        else:
            await self.store.update(self.conversation.id, model, collection)
        conversation_id = self.conversation.id
        question = await self.store.add(conversation_id, "user", text)
        self.messages.append(question)
        self.messageAdded.emit(question)
        history = [
            {"role": m.role, "content": m.content}
            for m in self.messages
            if m.status in ("ok", "stopped") and m.content.strip()
        ]
        reply: Message | None = None
        status, text_so_far = "ok", ""
        meta: dict[str, Any] = {}
        self.chunks = self.flushes = 0
        try:
            async with contextlib.aclosing(
                stream_chat(self.client, history, model, collection, self.max_tokens)
            ) as chunks:
                async for chunk in chunks:
                    self.chunks += 1
                    if reply is None:
                        reply = await self.store.add(conversation_id, "assistant", "", "streaming")
                        self.messages.append(reply)
                        self.accepted.emit()
                        self.messageAdded.emit(reply)
                    if chunk.islandrun or (chunk.model and "model" not in meta):
                        meta = {**({"model": chunk.model} if chunk.model else {}), **meta, **chunk.islandrun}
                        reply.islandrun = meta
                        reply.explanation = reply.explanation or self.explanations.get(str(meta.get("request_id")))
                        self._flush(reply)
                    if chunk.text:
                        reply.content += chunk.text
                        self._schedule_flush(reply)
        except asyncio.CancelledError:
            status = "stopped"
        except IslandRunError as exc:
            if reply is None:  # refused before any answer: the question stays in the input
                question.status = "unanswered"
                await self.store.set_status(question.id, "unanswered")
                self.messageChanged.emit(question)
                note = await self.store.add(conversation_id, "assistant", refusal_text(exc), "error")
                self.messages.append(note)
                self.messageAdded.emit(note)
                self.refused.emit(exc.message)
                return
            status, text_so_far = "error", f"\n\n[The answer broke off: {exc.message}]"
        if self._flush_pending is not None:
            self._flush_pending.cancel()
            self._flush_pending = None
        if reply is None:  # stopped before the daemon answered
            question.status = "unanswered"
            await self.store.set_status(question.id, "unanswered")
            self.messageChanged.emit(question)
            self.refused.emit("Stopped before an answer came.")
            return
        reply.content += text_so_far
        reply.status = status
        await asyncio.shield(self.store.finish(reply.id, reply.content, status, meta, reply.explanation))
        self._flush(reply)

    def _schedule_flush(self, reply: Message) -> None:
        if self._flush_pending is None:
            self._flush_pending = asyncio.get_running_loop().call_later(FLUSH_S, self._flush, reply)

    def _flush(self, reply: Message) -> None:
        if self._flush_pending is not None:
            self._flush_pending.cancel()
            self._flush_pending = None
        self.flushes += 1
        self.messageChanged.emit(reply)

    # -- explanations --------------------------------------------------------------------

    def on_event(self, event: DaemonEvent) -> None:
        """``route`` events from the tray's feed: the router's explanation by request id."""
        if event.type != "route" or "explanation" not in event.data:
            return
        request_id = str(event.data.get("request_id"))
        self.explanations[request_id] = str(event.data["explanation"])
        while len(self.explanations) > _KEEP_EXPLANATIONS:
            self.explanations.popitem(last=False)
        for message in self.messages:
            if message.islandrun.get("request_id") == request_id and message.explanation is None:
                message.explanation = self.explanations[request_id]
                if message.status != "streaming":
                    self._later(self.store.explain(message.id, message.explanation))

    def _later(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._background.add(task)  # keep a reference until it is done
        task.add_done_callback(self._background.discard)

    @async_slot(int)
    async def explain(self, message_id: int) -> None:
        """Show why a reply ran where it did: the router's explanation, or its audit row."""
        message = next((m for m in self.messages if m.id == message_id), None)
        if message is None:
            return
        request_id = str(message.islandrun.get("request_id") or "")
        title = f"Why this reply ran on {message.islandrun.get('island', '?')}"
        known = message.explanation or self.explanations.get(request_id)
        if known:
            if message.explanation is None:
                message.explanation = known
                await self.store.explain(message.id, known)
            self.explanationReady.emit(title, f"The router's explanation:\n\n{known}")
            return
        try:
            rows = await self.client.audit(1000)
        except IslandRunError as exc:
            self.explanationReady.emit(title, f"The explanation cannot be read now: {exc.message}")
            return
        row = next((r for r in rows if r.get("request_id") == request_id), None)
        if row is None:
            self.explanationReady.emit(
                title, f"No explanation is known for request {request_id or '?'} (not in the last 1,000 audit rows)."
            )
            return
        self.explanationReady.emit(
            title, f"From the audit log (the route event was not seen here):\n\n{explain_audit_row(row)}"
        )
