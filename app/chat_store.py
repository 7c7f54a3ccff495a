"""The chat window's conversations, kept on this device: one SQLite file in the data dir (no Qt).

``chats.sqlite3`` (WAL, ``user_version`` as the schema version) holds conversations and their
messages; each assistant reply keeps the daemon's ``islandrun`` record (where it ran, what was
replaced) and, once known, the router's explanation, so a badge still explains itself after a
restart. The file is private to this user (0600), like the daemon's own databases.

:class:`ChatStore` is synchronous; :class:`AsyncChatStore` runs it on one worker thread of its
own so the Qt thread never waits on the disk.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from islandrun.core.errors import IslandRunError
from islandrun.core.paths import data_dir

__all__ = [
    "SCHEMA_VERSION",
    "AsyncChatStore",
    "ChatStore",
    "ChatStoreError",
    "Conversation",
    "Message",
    "default_chat_file",
]

SCHEMA_VERSION = 1
T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    collection TEXT,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ok',
    islandrun TEXT,
    explanation TEXT,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation_id, id);
"""


def default_chat_file() -> Path:
    """``chats.sqlite3`` in IslandRun's data dir (resolved at call time)."""
    return data_dir() / "chats.sqlite3"


class ChatStoreError(IslandRunError):
    def __init__(self, message: str) -> None:
        super().__init__(message, title="Conversations cannot be opened")


@dataclass(frozen=True, slots=True)
class Conversation:
    id: str
    title: str
    model: str
    collection: str | None
    updated: float


@dataclass(slots=True)
class Message:
    """One turn. ``status``: ``ok``; ``stopped`` (Stop pressed; the text so far is kept); ``error``
    (the reply failed, ``content`` says why); ``unanswered`` (a user message the daemon refused: it
    is not sent again as history)."""

    id: int
    role: str
    content: str
    status: str = "ok"
    islandrun: dict[str, Any] = field(default_factory=dict)
    explanation: str | None = None


class ChatStore:
    """The conversations file. Use it from one thread at a time (:class:`AsyncChatStore` does)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.created = not path.exists()
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if self.created:
                path.touch(mode=0o600)
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise ChatStoreError(f"{path} cannot be opened: {exc}") from exc
        try:
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise ChatStoreError(f"{path} is not a conversations file IslandRun can read ({exc})") from exc

    def _migrate(self) -> None:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            self.db.close()
            raise ChatStoreError(
                f"{self.path} was written by a newer IslandRun (schema {version}; this one reads {SCHEMA_VERSION}): "
                "it is left untouched"
            )
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=5000")
        if version < SCHEMA_VERSION:
            with self.db:
                self.db.execute("BEGIN")
                self.db.executescript(_SCHEMA)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    # -- conversations -------------------------------------------------------------------

    def conversations(self) -> list[Conversation]:
        rows = self.db.execute(
            "SELECT id, title, model, collection, updated FROM conversations ORDER BY updated DESC, rowid DESC"
        ).fetchall()
        return [Conversation(*row) for row in rows]

    def create(self, title: str, model: str = "", collection: str | None = None) -> Conversation:
        now = time.time()
        conversation = Conversation(uuid.uuid4().hex, title, model, collection, now)
        self.db.execute(
            "INSERT INTO conversations (id, title, model, collection, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
            (conversation.id, title, model, collection, now, now),
        )
        return conversation

    def update(self, conversation_id: str, model: str, collection: str | None) -> None:
        self.db.execute(
            "UPDATE conversations SET model = ?, collection = ?, updated = ? WHERE id = ?",
            (model, collection, time.time(), conversation_id),
        )

    def delete(self, conversation_id: str) -> None:
        self.db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    # -- messages ------------------------------------------------------------------------

    def messages(self, conversation_id: str) -> list[Message]:
        rows = self.db.execute(
            "SELECT id, role, content, status, islandrun, explanation FROM messages "
            "WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        ).fetchall()
        return [
            Message(i, role, content, status, json.loads(meta) if meta else {}, why)
            for i, role, content, status, meta, why in rows
        ]

    def add(self, conversation_id: str, role: str, content: str, status: str = "ok") -> Message:
        now = time.time()
        with self.db:
            self.db.execute("BEGIN")
            cursor = self.db.execute(
                "INSERT INTO messages (conversation_id, role, content, status, created) VALUES (?, ?, ?, ?, ?)",
                (conversation_id, role, content, status, now),
            )
            self.db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))
        return Message(int(cursor.lastrowid or 0), role, content, status)

    def finish(
        self, message_id: int, content: str, status: str, islandrun: dict[str, Any], explanation: str | None = None
    ) -> None:
        """A reply's final text, how it ended and its ``islandrun`` record."""
        self.db.execute(
            "UPDATE messages SET content = ?, status = ?, islandrun = ?, explanation = COALESCE(?, explanation) "
            "WHERE id = ?",
            (
                content,
                status,
                json.dumps(islandrun, ensure_ascii=False) if islandrun else None,
                explanation,
                message_id,
            ),
        )

    def set_status(self, message_id: int, status: str) -> None:
        self.db.execute("UPDATE messages SET status = ? WHERE id = ?", (status, message_id))

    def explain(self, message_id: int, explanation: str) -> None:
        self.db.execute("UPDATE messages SET explanation = ? WHERE id = ?", (explanation, message_id))


class AsyncChatStore:
    """:class:`ChatStore` on a worker thread of its own (calls run one after another, in order)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_chat_file()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="islandrun-chat-store")
        self._store: ChatStore | None = None

    @property
    def created(self) -> bool:
        """True when this start made the file (the first start: the tray opens the chat)."""
        return self._store is not None and self._store.created

    async def _call(self, work: Callable[[ChatStore], T]) -> T:
        def job() -> T:
            if self._store is None:
                self._store = ChatStore(self.path)
            return work(self._store)

        return await asyncio.get_running_loop().run_in_executor(self._pool, job)

    async def open(self) -> None:
        await self._call(lambda store: None)

    async def conversations(self) -> list[Conversation]:
        return await self._call(lambda s: s.conversations())

    async def create(self, title: str, model: str = "", collection: str | None = None) -> Conversation:
        return await self._call(lambda s: s.create(title, model, collection))

    async def update(self, conversation_id: str, model: str, collection: str | None) -> None:
        await self._call(lambda s: s.update(conversation_id, model, collection))

    async def delete(self, conversation_id: str) -> None:
        await self._call(lambda s: s.delete(conversation_id))

    async def messages(self, conversation_id: str) -> list[Message]:
        return await self._call(lambda s: s.messages(conversation_id))

    async def add(self, conversation_id: str, role: str, content: str, status: str = "ok") -> Message:
        return await self._call(lambda s: s.add(conversation_id, role, content, status))

    async def finish(
        self, message_id: int, content: str, status: str, islandrun: dict[str, Any], explanation: str | None = None
    ) -> None:
        await self._call(lambda s: s.finish(message_id, content, status, islandrun, explanation))

    async def set_status(self, message_id: int, status: str) -> None:
        await self._call(lambda s: s.set_status(message_id, status))

    async def explain(self, message_id: int, explanation: str) -> None:
        await self._call(lambda s: s.explain(message_id, explanation))

    async def aclose(self) -> None:
        def close() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        await asyncio.get_running_loop().run_in_executor(self._pool, close)
        self._pool.shutdown(wait=True)
