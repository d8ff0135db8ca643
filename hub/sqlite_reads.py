"""SQLite reads for API requests, run on the event loop's own thread.

aiosqlite runs every call on a worker thread per connection, and Python's sqlite3 lets go of the
GIL around each row it steps through. With the event loop busy answering other requests, each row
of a read then waits for the GIL to come back: some 800 futex calls and a third of the CPU of a
directory answer. In WAL mode a read never waits for a lock and the hub's reads take well under a
millisecond, so these connections run them inline. Writes keep aiosqlite's threads: a write may
wait for another process's lock, and that wait must not stop the loop.
"""

from __future__ import annotations

import sqlite3
from functools import partial

import aiosqlite


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection, whose calls run at once on the calling thread instead of its worker's.

    The worker thread still opens and closes the connection, so sqlite3 must allow use from both.
    """

    async def _execute(self, fn, *args, **kwargs):
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def inline_connector(path: str, timeout: float):
    """An `async_creator` for SQLAlchemy's aiosqlite dialect: connections of this module's kind to `path`."""

    async def connect() -> InlineConnection:
        connection = InlineConnection(partial(sqlite3.connect, path, timeout=timeout, check_same_thread=False), 64)
        connection._thread.daemon = True  # as the dialect does for its own connections
        return await connection

    return connect
