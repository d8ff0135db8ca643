"""The per-request context: the hub's database, one read session, the loaders and the language."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from hub.db import Database
from hub.models import Link as LinkRow
from schema.lang import Lang

T = TypeVar("T")


@dataclass
class Context:
    """One request's view of the hub; resolvers reach the store only through `read`."""

    database: Database
    request: HTTPConnection | None
    lang: Lang
    loaders: "Loaders" = field(init=False)
    _session: AsyncSession | None = field(default=None, init=False)
    _session_scope: object | None = field(default=None, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)

    def __post_init__(self) -> None:
        from schema.loaders import Loaders

        self.loaders = Loaders(self)

    async def read(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `work` on the request's session; one at a time, as a session allows."""
        async with self._lock:
            if self._session is None:
                self._session_scope = self.database.read()
                self._session = await self._session_scope.__aenter__()
            return await work(self._session)

    async def close(self) -> None:
        if self._session_scope is not None:
            scope, self._session_scope, self._session = self._session_scope, None, None
            await scope.__aexit__(None, None, None)


Info = strawberry.Info[Context, None]

__all__ = ["Context", "Info", "LinkRow"]
