"""Engines and transactions: reads and writes are opened differently, and every write bumps the data version."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import event, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from hub.coalesce import Coalescer
from hub.config import Settings
from hub.events import CHANNEL, Broker, describe, encode
from hub.models import AuditEntry, DataVersion
from hub.sqlite_reads import inline_connector

SQLITE_BUSY_TIMEOUT_MS = 10_000
POOL_OVERFLOW = 10  # connections opened beyond the pool at a peak, closed once returned
_WRITE_OPTION = "hub_write"


def create_engine(database_url: str, *, echo: bool = False, pool_size: int = 5, inline_reads: bool = False) -> AsyncEngine:
    """An async engine keeping `pool_size` connections open; SQLite gets WAL, foreign keys, FULL sync and
    IMMEDIATE write transactions, and with `inline_reads` runs on the event loop's thread (hub.sqlite_reads:
    for reads only).

    A request holds its connection while it is answered, so the pool should cover the requests a
    process serves at once: past it, up to `POOL_OVERFLOW` more are opened and closed again, and a
    connection opened per request costs more than the request itself.
    """
    url = make_url(database_url)
    pooling = {"pool_size": pool_size, "max_overflow": POOL_OVERFLOW}
    if url.get_backend_name() != "sqlite":
        return create_async_engine(url, echo=echo, pool_pre_ping=True, **pooling)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    timeout = SQLITE_BUSY_TIMEOUT_MS / 1000
    if inline_reads:
        connecting = {"async_creator": inline_connector(url.database, timeout)}
    else:
        connecting = {"connect_args": {"timeout": timeout}}
    engine = create_async_engine(url, echo=echo, **connecting, **pooling)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    """Take transaction control from the driver so writes can start with BEGIN IMMEDIATE.

    A deferred transaction that later writes can fail with "database is locked" when another
    writer got there first; taking the write lock at BEGIN makes writers wait their turn instead.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "synchronous=FULL",
            f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection) -> None:
        writes = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


class _WriteSession(Session):
    """The ORM session of write transactions; it remembers whether it flushed any change."""


@event.listens_for(_WriteSession, "after_flush")
def _remember_flush(session: Session, _flush_context) -> None:
    """Setting an attribute to the value it had is no change: only net changes count as a write."""
    if session.new or session.deleted or any(session.is_modified(row) for row in session.dirty):
        mark_written(session)
    session.info.setdefault("audit", []).extend(row for row in session.new if isinstance(row, AuditEntry))


def _inline_read_engine(settings: Settings) -> AsyncEngine | None:
    """For a SQLite file, an engine of its own whose reads run on the loop's thread (hub.sqlite_reads)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return create_engine(settings.database_url, echo=settings.sql_echo, pool_size=settings.database_pool, inline_reads=True)


class Database:
    """The hub's handle on its store: a read path and a write path over one engine."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = settings.database_url
        self.engine = create_engine(settings.database_url, echo=settings.sql_echo, pool_size=settings.database_pool)
        self.broker = Broker()  # this process's live subscribers
        self.notifies = self.engine.dialect.name == "postgresql"  # PostgreSQL tells every process; SQLite only this one
        self._reads = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        # API requests only read. PostgreSQL's READ COMMITTED gives each statement its own snapshot inside a
        # transaction too, so they skip BEGIN and ROLLBACK (two round trips); SQLite reads run on the loop's thread.
        self._inline_reads = _inline_read_engine(settings)
        if self._inline_reads is not None:
            self._request_engine = self._inline_reads
        elif self.notifies:
            self._request_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        else:
            self._request_engine = self.engine
        self._request_reads = async_sessionmaker(self._request_engine, expire_on_commit=False, autoflush=False)
        self._writes = async_sessionmaker(
            self.engine.execution_options(**{_WRITE_OPTION: True}),
            expire_on_commit=False,
            sync_session_class=_WriteSession,
        )
        self.version_reads = Coalescer(self._read_versions)

    async def data_version(self) -> int:
        """The newest committed data version, read after the call began (concurrent callers share one read)."""
        return await self.version_reads.ask(None)

    async def _read_versions(self, callers: list[None]) -> list[int]:
        async with self._request_engine.connect() as connection:
            version = await current_data_version(connection)
        return [version] * len(callers)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reading; it never commits."""
        async with self._reads() as session:
            yield session

    @asynccontextmanager
    async def request_read(self) -> AsyncIterator[AsyncSession]:
        """A session for one API request's reads; on PostgreSQL each statement runs on its own, without a transaction."""
        async with self._request_reads() as session:
            yield session

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """One write transaction: all of it commits, with the data version bumped, or none of it.

        The version is bumped first: its row lock makes writers take their versions in commit order,
        so a reader that knows version N has seen every write numbered up to N. A transaction that
        changed nothing is rolled back, leaving the version where it was. What the write changed is
        told to live subscribers only once it has committed.
        """
        async with self._writes() as session:
            async with session.begin() as transaction:
                session.info["data_version"] = version = await bump_data_version(session)
                yield session
                await session.flush()
                if not session.info.get("wrote"):
                    await transaction.rollback()
                    return
                changes = await describe(session, session.info.get("audit", []))
                if changes and self.notifies:  # PostgreSQL delivers it at commit, and never if the commit fails
                    await session.execute(select(func.pg_notify(CHANNEL, encode(version, changes))))
            if changes and not self.notifies:
                self.broker.publish(changes)

    async def ping(self) -> None:
        """Raise if the database cannot answer a trivial query (used by /readyz)."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    @property
    def engines(self) -> list[AsyncEngine]:
        """Every engine with connections of its own: the main one, and SQLite's for API reads."""
        return [self.engine] if self._inline_reads is None else [self.engine, self._inline_reads]

    async def dispose(self) -> None:
        for engine in self.engines:
            await engine.dispose()


async def current_data_version(session: AsyncSession | AsyncConnection) -> int:
    return (await session.execute(select(DataVersion.version).where(DataVersion.id == 1))).scalar_one()


async def bump_data_version(session: AsyncSession) -> int:
    """Count one more write transaction; the row lock also orders concurrent writers on PostgreSQL."""
    result = await session.execute(
        update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version + 1).returning(DataVersion.version)
    )
    return result.scalar_one()


def mark_written(session: AsyncSession | Session) -> None:
    """Tell `Database.write` that data changed (flushes say so themselves; bulk statements must)."""
    session.info["wrote"] = True
