"""On SQLite, API reads run on the event loop's thread and writes on aiosqlite's workers (hub/sqlite_reads.py)."""

from __future__ import annotations

import threading

from sqlalchemy import event, text

from hub.config import Settings
from hub.db import Database
from tests.support import hub_command


def record_threads(database: Database) -> None:
    """Give every connection a `thread_id()` SQL function: the thread the statement runs on."""
    for engine in database.engines:
        event.listen(
            engine.sync_engine,
            "connect",
            lambda connection, _record: connection.create_function("thread_id", 0, threading.get_ident),
        )


async def test_request_reads_run_on_the_loop_thread_and_other_work_on_workers(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'hub.sqlite3'}"
    hub_command(url, "db", "upgrade")
    database = Database(Settings(database_url=url))
    record_threads(database)
    try:
        async with database.request_read() as session:
            request_thread = (await session.execute(text("SELECT thread_id()"))).scalar_one()
            version = (await session.execute(text("SELECT version FROM data_version"))).scalar_one()
        async with database.read() as session:
            other_thread = (await session.execute(text("SELECT thread_id()"))).scalar_one()
        assert request_thread == threading.get_ident()
        assert other_thread != threading.get_ident()
        assert await database.data_version() == version
    finally:
        await database.dispose()
