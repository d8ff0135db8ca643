"""The per-request context: the hub's database, one read session, the loaders and the language."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import AsyncExitStack
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection
from starlette.responses import Response

from hub.access import PUBLIC, Viewer, require_reader
from hub.config import Settings
from hub.db import Database
from hub.errors import HubError
from hub.network import NetworkCache
from hub.ratelimit import RateLimiter
from schema.lang import Lang

T = TypeVar("T")


@dataclass
class Context:
    """One request's view of the hub; resolvers reach the store only through `read`."""

    settings: Settings
    database: Database
    network: NetworkCache
    request: HTTPConnection | None
    lang: Lang
    response: Response | None = None  # the HTTP answer (None over a WebSocket): set it through answer_http and add_http_headers
    viewer: Viewer = PUBLIC  # who is asking, from the request's token
    auth_error: HubError | None = None  # a token that was sent but refused; the whole operation is refused
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)  # names the request in the log and to the client
    rate_limiter: RateLimiter | None = None  # charges each operation to its caller; None: no rate limits
    connection_params: dict | None = None  # WebSocket only: the `connection_init` payload
    cache_key: Hashable | None = None  # set when the answer could be kept (web.caching)
    cache_version: int | None = None  # the data version the answer is computed at, read before computing it
    answer_cacheable: bool = False  # set by the ResponseCaching extension for a clean answer to a cacheable query
    loaders: "Loaders" = field(init=False)
    _session: AsyncSession | None = field(default=None, init=False)
    _scope: AsyncExitStack = field(default_factory=AsyncExitStack, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)
    _closed: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        from schema.loaders import Loaders

        self.loaders = Loaders(self)
        self.add_http_headers({"X-Request-Id": self.request_id})

    def attach_response(self, response: Response) -> None:
        """Give a context made before the HTTP answer existed (web.caching looks requests up first) its answer."""
        self.response = response
        self.add_http_headers({"X-Request-Id": self.request_id})

    @property
    def actor(self) -> str:
        """How the audit log names the caller of a write."""
        return self.viewer.actor

    def admit(self) -> None:
        """The door every operation passes (HTTP or WebSocket): a refused token, or no token where reads are closed, stops it."""
        if self.auth_error is not None:
            raise self.auth_error
        require_reader(self.viewer, public_reads=self.settings.public_reads)

    def answer_http(self, status_code: int, headers: dict[str, str]) -> None:
        """Set the HTTP answer's status and headers; over a WebSocket there is no HTTP answer, so nothing is set."""
        if isinstance(self.response, Response):
            self.response.status_code = status_code
        self.add_http_headers(headers)

    def add_http_headers(self, headers: dict[str, str]) -> None:
        """Add headers to the HTTP answer, if there is one (not over a WebSocket)."""
        if isinstance(self.response, Response):
            self.response.headers.update(headers)

    async def read(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `work` on the request's session; one at a time, as a session allows."""
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

    def for_operation(self) -> "Context":
        """A context for one more operation of the same caller (over a WebSocket, each operation gets its own)."""
        return replace(self, request_id=uuid.uuid4().hex)

    async def renew(self) -> None:
        """Start afresh for a subscription's next event: a new session and empty loaders see the newest data."""
        from schema.loaders import Loaders

        async with self._lock:
            self._session = None
            await self._scope.aclose()
            self.loaders = Loaders(self)


Info = strawberry.Info[Context, None]

