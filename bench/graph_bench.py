"""Network graph benchmark: build time, memory, a write's update cost, and served vs direct latency.

Run: `.venv/bin/python bench/graph_bench.py [SIZES…]` (default 1000 10000 100000). Each size gets a
fresh SQLite database filled with `seeds.synthetic`; figures are printed as one table per run.
Targets (DESIGN.md §7): served ≤ 1.25× direct; a write's update at 100k ≤ 2× its cost at 1k.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import date, datetime, timezone
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import centrality, gaps, paths  # noqa: E402
from graph.build import LinkRecord  # noqa: E402
from web.app import create_app  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.db import Database  # noqa: E402
from hub.ids import node_key  # noqa: E402
from hub.migrate import upgrade  # noqa: E402
from hub.models import NODE_CLASSES, Link, Node, NodeKind  # noqa: E402
from hub.network import NetworkCache  # noqa: E402
from hub.text import fold, search_key  # noqa: E402
from seeds.synthetic import synthetic_network  # noqa: E402

REQUIRED = {"INITIATIVE": {"scope": "LOCAL"}, "AGENCY": {"agency_kind": "OTHER"}, "CREATIVE_SPACE": {"space_kind": "OTHER"}}
QUERIES = {
    "path": "query ($a: ID!, $b: ID!) { network { path(from: $a, to: $b, maxHops: 10) { nodes { id } } } }",
    "neighborhood": "query ($a: ID!) { network { neighborhood(of: $a, depth: 2) { nodes { id } } } }",
    "centrality": "{ network { centrality(measure: BETWEENNESS, top: 10) { node { id } score } } }",
    "gaps": "{ network { gaps { noLead { reason } singlePointsOfFailure { reason } overloaded { reason } } } }",
}


async def fill(database: Database, size: int) -> dict[str, list[int]]:
    """Insert the synthetic network with bulk statements (the ORM would take minutes at 100k)."""
    net = synthetic_network(size)
    now = datetime.now(timezone.utc)
    by_kind: dict[str, list[int]] = {}
    async with database.write() as session:
        rows = [
            {"id": n["id"], "kind": n["kind"], "name_vi": n["name"], "sort_name": fold(n["name"]), "search_key": search_key(n["name"]),
             "aliases": [], "version": 1, "created_at": now, "updated_at": now}
            for n in net.nodes
        ]
        for start in range(0, len(rows), 5000):
            await session.execute(insert(Node.__table__), rows[start:start + 5000])
        for node in net.nodes:
            by_kind.setdefault(node["kind"], []).append(node["id"])
        for kind, node_ids in by_kind.items():
            table = NODE_CLASSES[NodeKind(kind)].__table__
            extra = REQUIRED.get(kind, {})
            for start in range(0, len(node_ids), 5000):
                await session.execute(insert(table), [{"id": i, **extra} for i in node_ids[start:start + 5000]])
        links = [{"kind": l["kind"], "from_id": l["from"], "to_id": l["to"], "role": l["role"], "version": 1,
                  "created_at": now, "updated_at": now} for l in net.links]
        for start in range(0, len(links), 5000):
            await session.execute(insert(Link.__table__), links[start:start + 5000])
        session.info["wrote"] = True
    return by_kind


def median_seconds(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class Server:
    def __init__(self, url: str) -> None:
        self.app = create_app(Settings(database_url=url))
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


def run(size: int, folder: Path) -> dict[str, float]:
    url = f"sqlite+aiosqlite:///{folder / f'bench-{size}.sqlite3'}"
    upgrade(url)
    database = Database(Settings(database_url=url))
    by_kind = asyncio.run(fill(database, size))

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
    figures = {"nodes": snapshot.graph.number_of_nodes(), "links": snapshot.graph.number_of_edges(),
               "build_s": build_seconds, "build_peak_mb": peak / 2**20}
    first, second = (node_key("CITY", i) for i in (by_kind["CITY"][0], by_kind["CITY"][len(by_kind["CITY"]) // 2]))
    agency = node_key("AGENCY", by_kind["AGENCY"][0])
    direct = {
        "path": lambda: paths.shortest_path(snapshot.graph, first, second, max_hops=10),
        "neighborhood": lambda: paths.neighborhood(snapshot.graph, agency, depth=2),
        "centrality": lambda: centrality.centrality(snapshot.graph, "BETWEENNESS", top=10),
        "gaps": lambda: gaps.gaps(snapshot.graph, as_of=date.today()),
    }
    runs = 5 if size <= 10_000 else 3
    with Server(url) as base, httpx.Client(base_url=base, timeout=600) as client:
        for name, query in QUERIES.items():
            body = {"query": query, "variables": {"a": first if name == "path" else agency, "b": second}}
            client.post("/graphql", json=body).raise_for_status()  # builds the server's graph once
            served = median_seconds(lambda: client.post("/graphql", json=body).raise_for_status(), runs)
            alone = median_seconds(direct[name], runs)
            figures[f"{name}_direct_ms"] = alone * 1e3
            figures[f"{name}_served_ms"] = served * 1e3
            figures[f"{name}_ratio"] = served / alone
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
