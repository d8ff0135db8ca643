"""The per-operation context: who is asking, the hub's services, one read session, the loaders and the language."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from hub.access import PUBLIC, Viewer
from hub.config import Settings
from hub.db import Database
from hub.network import NetworkCache
from schema.lang import Lang
from schema.loaders import Loaders

T = TypeVar("T")


@dataclass
class Context:
    """One operation's view of the hub; resolvers reach the store only through `read`.

    The door (web.door) makes one per operation, for the caller it has just authenticated, so an
    operation never runs for a caller the store no longer knows.
    """

    settings: Settings
    database: Database
    network: NetworkCache
    lang: Lang
    viewer: Viewer = PUBLIC  # who is asking, from the token the door checked
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)  # names the operation in the log and to the client
    loaders: Loaders = field(init=False)
    _session: AsyncSession | None = field(default=None, init=False)
    _scope: AsyncExitStack = field(default_factory=AsyncExitStack, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)
    _closed: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.read)

    @property
    def actor(self) -> str:
        """How the audit log names the caller of a write."""
        return self.viewer.actor

    async def read(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `work` on the operation's session; one at a time, as a session allows."""
        async with self._lock:
            if self._closed:  # a resolver left running by an operation already answered: its result is unused
                raise RuntimeError("The request has been answered; its session is closed.")
            if self._session is None:
                self._session = await self._scope.enter_async_context(self.database.request_read())
            return await work(self._session)

    async def close(self) -> None:
        """Return the session to the pool once the operation has been answered.

        An error can answer an operation while other resolvers still read (graphql-core does not
        cancel them): wait for the read under way, and refuse later ones, so no connection leaks.
        What the loaders hold is let go too: they and this context refer to each other, so the
        loaded rows would otherwise wait for the cycle collector (a fifth to a third of a directory
        answer's CPU under load).
        """
        async with self._lock:
            self._closed = True
            self._session = None
            self.loaders.clear()
            await self._scope.aclose()

    async def renew(self) -> None:
        """Start afresh for a subscription's next event: a new session and empty loaders see the newest data."""
        async with self._lock:
            self._session = None
            await self._scope.aclose()
            self.loaders = Loaders(self.read)


Info = strawberry.Info[Context, None]
