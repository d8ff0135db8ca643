"""Rate limiter benchmark: what charging one operation costs on each store.

Run: `.venv/bin/python bench/ratelimit_bench.py [POSTGRES_URL]` (default: $HUB_TEST_POSTGRES_URL; without
one only the memory store is measured). The PostgreSQL figures are taken on a throwaway database
created next to the one named and dropped afterwards. For each store it prints the median and 95th
percentile of one charge made alone, and the cost per charge when 32 charges run at once, on one
caller's row (contended) and on 32 callers' rows; PostgreSQL also gets a `SELECT 1` round trip on
the same pool for reference.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import scratch_postgres_database  # noqa: E402

from hub.config import Settings, normalize_database_url  # noqa: E402
from hub.db import Database  # noqa: E402
from hub.migrate import upgrade  # noqa: E402
from hub.ratelimit import MemoryRateStore, RateLimiter  # noqa: E402

ALONE = 2000
AT_ONCE = 32
ROUNDS = 100
BUDGET = 10**9


async def one_at_a_time(charge) -> list[float]:
    """Microseconds per charge, each awaited before the next."""
    times = []
    for _ in range(ALONE):
        start = time.perf_counter()
        await charge(0)
        times.append((time.perf_counter() - start) * 1e6)
    return times


async def together(charge, callers: int) -> float:
    """Microseconds per charge when AT_ONCE charges run concurrently, spread over `callers` keys."""
    start = time.perf_counter()
    for _ in range(ROUNDS):
        await asyncio.gather(*(charge(number % callers) for number in range(AT_ONCE)))
    return (time.perf_counter() - start) * 1e6 / (ROUNDS * AT_ONCE)


async def measure(name: str, limiter: RateLimiter, reference=None) -> None:
    async def charge(caller: int) -> None:
        await limiter.charge(f"bench:{caller}", 1, BUDGET)

    await one_at_a_time(charge)  # warm-up: connections opened, statements prepared
    alone = await one_at_a_time(charge)
    quantiles = statistics.quantiles(alone, n=20)
    print(f"{name}: one charge alone  median {statistics.median(alone):8.1f} µs   p95 {quantiles[18]:8.1f} µs")
    print(f"{name}: {AT_ONCE} at once, one caller  {await together(charge, 1):8.1f} µs per charge")
    print(f"{name}: {AT_ONCE} at once, {AT_ONCE} callers {await together(charge, AT_ONCE):8.1f} µs per charge")
    if reference is not None:
        await one_at_a_time(reference)
        round_trip = await one_at_a_time(reference)
        print(f"{name}: SELECT 1 round trip  median {statistics.median(round_trip):8.1f} µs (for reference)")


async def bench_postgres(url: str) -> None:
    await asyncio.to_thread(upgrade, url)
    database = Database(Settings(database_url=url))

    async def select_one(_caller: int) -> None:
        async with database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    limiter = RateLimiter.for_database(url)
    await measure("postgresql", limiter, select_one)
    await limiter.dispose()
    await database.dispose()


def main() -> None:
    asyncio.run(measure("memory    ", RateLimiter(MemoryRateStore())))
    postgres_url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HUB_TEST_POSTGRES_URL")
    if not postgres_url:
        print("postgresql: skipped (give a PostgreSQL URL or set HUB_TEST_POSTGRES_URL)")
        return
    with scratch_postgres_database(postgres_url) as url:
        asyncio.run(bench_postgres(normalize_database_url(url)))


if __name__ == "__main__":
    main()
