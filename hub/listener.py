"""PostgreSQL's LISTEN, one connection per process: other processes' writes reach this one's subscribers.

Every write transaction sends a NOTIFY that PostgreSQL delivers at commit, in commit order. The
listener hands the changes to the process's broker and tells the graph cache to catch up. When its
connection drops, it reconnects with backoff and reads what it missed from the audit log, by data
version, so a subscriber that stayed connected loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import asyncpg
from sqlalchemy.engine import make_url

from hub.db import Database, current_data_version
from hub.events import CHANNEL, changes_since, decode

logger = logging.getLogger("hub")
FIRST_RETRY = 0.1  # seconds; doubled after each failed attempt
LAST_RETRY = 5.0
_DROPPED = object()  # put on the queue when the connection ends


class ChangeListener:
    """Listens while the app runs; `version` is the newest data version handed on to subscribers."""

    def __init__(self, database: Database, on_version: Callable[[], Awaitable[None]] | None = None) -> None:
        self.database = database
        self.on_version = on_version
        self.version: int | None = None
        self.connection: asyncpg.Connection | None = None
        self._tried = asyncio.Event()  # the first attempt to listen succeeded or failed
        self.first_retry = FIRST_RETRY
        self.connections = 0  # how many times LISTEN was set up
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        """Begin listening; returns once LISTEN is in place (no write committed afterwards is missed), or
        once the first attempt failed: the app still starts, /readyz tells, and the listener keeps trying."""
        self._task = asyncio.create_task(self._run(), name="hub-listener")
        await self._tried.wait()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _run(self) -> None:
        retry = self.first_retry
        while True:
            listened = self.connections
            try:
                await self._listen()
            except Exception as problem:  # whatever broke (network, server, a read), listening must resume
                logger.warning("change listener lost its connection (%s); reconnecting in %.1fs", problem, retry)
                self._tried.set()
            else:
                logger.warning("change listener's connection closed; reconnecting in %.1fs", retry)
            if self.connections > listened:  # it was listening: this drop starts the backoff afresh
                retry = self.first_retry
            await asyncio.sleep(retry)
            retry = min(retry * 2, LAST_RETRY)

    async def _listen(self) -> None:
        queue: asyncio.Queue = asyncio.Queue()
        url = make_url(self.database.url).set(drivername="postgresql")
        connection = await asyncpg.connect(url.render_as_string(hide_password=False))
        try:
            connection.add_termination_listener(lambda _connection: queue.put_nowait(_DROPPED))
            await connection.add_listener(CHANNEL, lambda _c, _pid, _channel, payload: queue.put_nowait(payload))
            await self._catch_up()  # after LISTEN: whatever commits from here on is also queued
            self.connection = connection
            self.connections += 1
            self._tried.set()
            while (payload := await queue.get()) is not _DROPPED:
                await self._deliver(payload)
        finally:
            self.connection = None
            await connection.close(timeout=1)

    async def _catch_up(self) -> None:
        """Hand on what was committed while not listening (nothing on the first start)."""
        async with self.database.read() as session:
            newest = await current_data_version(session)
            changes = [] if self.version is None else await changes_since(session, self.version, through=newest)
        self._hand_on(newest, changes)
        if changes:
            await self._refresh_graph()

    async def _deliver(self, payload: str) -> None:
        version, changes = decode(payload)
        if version <= self.version:  # already read from the audit log while catching up
            return
        if changes is None:  # too many for a NOTIFY payload: read them from the audit log
            async with self.database.read() as session:
                changes = await changes_since(session, self.version, through=version)
        self._hand_on(version, changes)
        await self._refresh_graph()

    def _hand_on(self, version: int, changes: list) -> None:
        self.database.broker.publish(changes)
        self.version = max(version, self.version or 0)

    async def _refresh_graph(self) -> None:
        if self.on_version is not None:
            try:
                await self.on_version()
            except Exception:  # the next request catches up anyway; a failed early refresh costs nothing
                logger.warning("could not refresh the network graph ahead of requests", exc_info=True)
