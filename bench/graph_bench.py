"""Network graph benchmark: build time, memory, a write's update cost, and served vs direct latency.

Run: `.venv/bin/python bench/graph_bench.py [SIZES…]` (default 1000 10000 100000). Each size gets a
fresh SQLite database filled by `hub.synthetic_load` (as `creative-hub seed --synthetic N` does);
figures are printed as one table per run. "served" is what a first asker waits: the server's
response cache is off and the data version is bumped before each timed request, so the hub
computes every answer; "kept" is the same request asked again at the same version, answered
from the hub's kept network answers. While the served betweenness computes, /healthz is polled
and its slowest answer reported. Targets (DESIGN.md §7): served ≤ 1.25× direct; a write's update
at 100k ≤ 2× its cost at 1k; /healthz answered meanwhile.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import centrality, gaps, paths  # noqa: E402
from graph.build import LinkRecord  # noqa: E402
from hub.config import Limits, Settings  # noqa: E402
from hub.db import Database, mark_written  # noqa: E402
from hub.ids import node_key  # noqa: E402
from hub.migrate import upgrade  # noqa: E402
from hub.network import NetworkCache  # noqa: E402
from hub.synthetic_load import load_synthetic  # noqa: E402
from web.app import create_app  # noqa: E402

QUERIES = {
    "path": "query ($a: ID!, $b: ID!) { network { path(from: $a, to: $b, maxHops: 10) { nodes { id } } } }",
    "neighborhood": "query ($a: ID!) { network { neighborhood(of: $a, depth: 2) { nodes { id } } } }",
    "gaps": "{ network { gaps { noLead { reason } singlePointsOfFailure { reason } overloaded { reason } } } }",
    "centrality": "{ network { centrality(measure: BETWEENNESS, top: 10) { node { id } score } } }",  # last: see healthz
}
# Every answer computed, however long it takes (betweenness at 100k nodes is past the default timeout).
SERVED = Settings(response_cache_entries=0, limits=Limits(request_timeout=3600))


async def write(url: str, work) -> Any:
    """`work(session)` in one write transaction of its own."""
    database = Database(Settings(database_url=url))
    try:
        async with database.write() as session:
            return await work(session)
    finally:
        await database.dispose()


async def count_as_written(session) -> None:
    """A write that changes no row: the data version moves on, so the hub's kept answers no longer apply."""
    mark_written(session)


def median_seconds(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class Server:
    def __init__(self, url: str) -> None:
        self.app = create_app(replace(SERVED, database_url=url))
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        return f"http://127.0.0.1:{self.server.servers[0].sockets[0].getsockname()[1]}"

    def __exit__(self, *_exc) -> None:
        self.server.should_exit = True
        self.thread.join()


def slowest_health_check(base: str, work) -> float:
    """Run `work` while polling /healthz from another thread; the slowest answer's seconds."""
    done, slowest = threading.Event(), [0.0]

    def poll() -> None:
        with httpx.Client(base_url=base, timeout=600) as client:
            while not done.is_set():
                started = time.perf_counter()
                client.get("/healthz").raise_for_status()
                slowest[0] = max(slowest[0], time.perf_counter() - started)
                time.sleep(0.02)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        work()
    finally:
        done.set()
        poller.join()
    return slowest[0]


def run(size: int, folder: Path) -> dict[str, float]:
    url = f"sqlite+aiosqlite:///{folder / f'bench-{size}.sqlite3'}"
    upgrade(url)
    by_kind = asyncio.run(write(url, lambda session: load_synthetic(session=session, size=size))).node_ids
    database = Database(Settings(database_url=url))

    async def build():
        cache = NetworkCache()
        tracemalloc.start()
        started = time.perf_counter()
        async with database.read() as session:
            snapshot = await cache.current(session)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        await database.dispose()
        return snapshot, seconds, peak

    snapshot, build_seconds, peak = asyncio.run(build())
    figures = {
        "nodes": snapshot.graph.number_of_nodes(),
        "links": snapshot.graph.number_of_edges(),
        "build_s": build_seconds,
        "build_peak_mb": peak / 2**20,
    }
    first, second = (node_key("CITY", i) for i in (by_kind["CITY"][0], by_kind["CITY"][len(by_kind["CITY"]) // 2]))
    agency = node_key("AGENCY", by_kind["AGENCY"][0])
    direct = {
        "path": lambda: paths.shortest_path(snapshot.graph, first, second, max_hops=10),
        "neighborhood": lambda: paths.neighborhood(snapshot.graph, agency, depth=2),
        "gaps": lambda: gaps.gaps(snapshot.graph, as_of=date.today()),
        "centrality": lambda: centrality.centrality(snapshot.graph, "BETWEENNESS", top=10),
    }
    runs = 5 if size <= 10_000 else 3
    with Server(url) as base, httpx.Client(base_url=base, timeout=3600) as client:
        for name, query in QUERIES.items():
            body = {"query": query, "variables": {"a": first if name == "path" else agency, "b": second}}
            ask = lambda: client.post("/graphql", json=body).raise_for_status()  # noqa: E731, B023 -- used within this iteration
            ask()  # builds the server's graph once

            def first_asker():
                asyncio.run(write(url, count_as_written))
                return median_seconds(ask, 1)  # noqa: B023 -- called within this iteration

            served = statistics.median(first_asker() for _ in range(runs))
            kept = median_seconds(ask, runs)
            alone = median_seconds(direct[name], runs)
            figures[f"{name}_direct_ms"] = alone * 1e3
            figures[f"{name}_served_ms"] = served * 1e3
            figures[f"{name}_kept_ms"] = kept * 1e3
            figures[f"{name}_ratio"] = served / alone
        asyncio.run(write(url, count_as_written))
        figures["healthz_max_ms"] = slowest_health_check(base, ask) * 1e3  # while betweenness computes
    # Last, as its links would give the direct path calls a shortcut the server's graph lacks.
    counter = iter(range(10**9))

    def one_write():
        n = next(counter)
        snapshot.advance(snapshot.version + 1, upsert_links=[LinkRecord(f"bench-{n}", "PARTNERS_WITH", first, second)])

    figures["write_update_us"] = median_seconds(one_write, 500) * 1e6
    return figures


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 10_000, 100_000]
    with tempfile.TemporaryDirectory() as folder:
        results = {size: run(size, Path(folder)) for size in sizes}
    keys = list(next(iter(results.values())))
    print("figure".ljust(24) + "".join(f"{size:>14,}" for size in sizes))
    for key in keys:
        print(key.ljust(24) + "".join(f"{results[size][key]:>14.3f}" for size in sizes))
    if 1000 in results and 100_000 in results:
        print(f"write update cost, 100k / 1k: {results[100_000]['write_update_us'] / results[1000]['write_update_us']:.2f}x (target ≤ 2x)")


if __name__ == "__main__":
    main(sys.argv[1:])
