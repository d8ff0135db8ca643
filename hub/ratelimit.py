"""Rate limits: points spent per caller in fixed one-minute windows, refused once over budget.

A caller is a key (a token, a client address). Each window is one clock minute; a caller's points
start again from zero when the next one begins. With SQLite the hub is one process, so the points
are kept in memory; with PostgreSQL several processes or hosts serve the hub and share one budget
per caller through the `rate_buckets` table. Spending points is operational state, not data: it
never bumps the data version nor writes the audit log, and backups leave it out.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import BigInteger, Integer, String, bindparam, case, delete, func, select
from sqlalchemy.dialects.postgresql import ARRAY, Insert, insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from hub.coalesce import Coalescer
from hub.models import RateBucket

WINDOW_SECONDS = 60


class RateStore(Protocol):
    """Where points are counted; `spend` adds atomically and answers the caller's total in `window`."""

    async def spend(self, key: str, window: int, cost: int) -> int: ...

    async def dispose(self) -> None: ...


class MemoryRateStore:
    """Points in this process's memory: right when one process serves the hub (SQLite).

    Only the current window is kept: when a new one begins every older count is stale, so all
    are dropped at once.
    """

    def __init__(self) -> None:
        self._window = -1
        self._points: dict[str, int] = {}

    async def spend(self, key: str, window: int, cost: int) -> int:
        if window > self._window:  # an older window (a request begun just before the turn) counts in the newer
            self._window, self._points = window, {}
        points = self._points[key] = self._points.get(key, 0) + cost
        return points

    async def dispose(self) -> None:
        """Nothing to close: the points go with the process."""


def _charge_statement() -> Insert:
    """Add each caller's points to its bucket, or start the count again in a newer window; return the totals.

    The batch comes as two arrays (callers and their points) beside the window, so one statement,
    built once, serves a batch of any size.
    """
    table = RateBucket.__table__
    charges = select(
        func.unnest(bindparam("keys", type_=ARRAY(String))),
        bindparam("window", type_=BigInteger),
        func.unnest(bindparam("points", type_=ARRAY(Integer))),
    )
    statement = insert(table).from_select(["key", "window", "points"], charges)
    current = table.c.window >= statement.excluded.window
    return statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "window": func.greatest(table.c.window, statement.excluded.window),
            "points": case((current, table.c.points + statement.excluded.points), else_=statement.excluded.points),
        },
    ).returning(table.c.key, table.c.points)


_CHARGE = _charge_statement()


class PostgresRateStore:
    """Points in `rate_buckets`, shared by every process on the database.

    One row per caller, holding its latest window: a single INSERT ... ON CONFLICT DO UPDATE adds
    the cost, or starts the count again when the row's window is older, and returns the total, so
    concurrent processes never lose a point. The window never moves back, so a host whose clock
    lags a little adds to the newer window instead of resetting it. Rows of callers gone quiet are
    deleted once per window by each process: one short statement a minute.

    Charges arriving while one is in flight go together in the next statement (hub.coalesce): each
    caller's points are summed, and each charge is answered the total it would have seen alone, so
    the budget is as exact as one statement per charge, at a fraction of the round trips. The
    store has a connection of its own, in autocommit and without waiting for the disk flush at
    commit: a crash may forget the last points, never the data.
    """

    def __init__(self, database_url: str) -> None:
        self._engine = create_async_engine(
            database_url,
            pool_size=1,  # one batch at a time
            max_overflow=0,
            pool_pre_ping=True,
            isolation_level="AUTOCOMMIT",
            connect_args={"server_settings": {"synchronous_commit": "off"}},
        )
        self._pruned_window = -1
        self.charges = Coalescer(self._spend_batch)

    async def spend(self, key: str, window: int, cost: int) -> int:
        return await self.charges.ask((key, window, cost))

    async def _spend_batch(self, charges: list[tuple[str, int, int]]) -> list[int]:
        """One statement for a batch of charges; each answered its caller's total as it stood after that charge."""
        window = max(charge_window for _, charge_window, _ in charges)  # an older window counts in the newer
        costs: dict[str, int] = {}
        for key, _, cost in charges:
            costs[key] = costs.get(key, 0) + cost
        table = RateBucket.__table__
        async with self._engine.connect() as connection:
            if window > self._pruned_window:
                self._pruned_window = window
                await connection.execute(delete(table).where(table.c.window < window))
            charged = {"keys": list(costs), "window": window, "points": list(costs.values())}
            totals = dict((await connection.execute(_CHARGE, charged)).all())
        before = {key: totals[key] - cost for key, cost in costs.items()}  # the caller's points before this batch
        answers = []
        for key, _, cost in charges:
            before[key] += cost
            answers.append(before[key])
        return answers

    async def dispose(self) -> None:
        await self._engine.dispose()


class RateLimiter:
    """Charges callers points against a budget per minute; `clock` gives the time in epoch seconds."""

    def __init__(self, store: RateStore, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    @classmethod
    def for_database(cls, database_url: str) -> RateLimiter:
        """The store that fits the database: shared rows on PostgreSQL, memory for SQLite's one process."""
        if make_url(database_url).get_backend_name() == "postgresql":
            return cls(PostgresRateStore(database_url))
        return cls(MemoryRateStore())

    async def charge(self, key: str, cost: int, budget: int) -> int | None:
        """Spend `cost` of `key`'s points: None while within `budget`, else whole seconds until its window resets.

        Refused requests count too, which changes nothing: the caller is over budget until the
        window ends either way.
        """
        now = self.clock()
        window = int(now // WINDOW_SECONDS)
        points = await self.store.spend(key, window, cost)
        if points <= budget:
            return None
        return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))

    async def dispose(self) -> None:
        """Close the store's connections, if it has any."""
        await self.store.dispose()
