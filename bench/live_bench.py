"""Live-update latency: from a write's commit to its `networkChanged` event at a WebSocket subscriber.

Run: `.venv/bin/python bench/live_bench.py [WRITES] [POSTGRES_URL]` (default 200 writes; PostgreSQL
from the argument or HUB_TEST_POSTGRES_URL, skipped without one). For each store it serves a fresh
database with uvicorn in a thread, subscribes over graphql-transport-ws, then makes writes one at a
time on the server's own loop, stamping the moment each commit returns; the subscriber stamps the
moment its event arrives. With SQLite the event goes through the in-process broker; with
PostgreSQL through NOTIFY, delivered at commit, and the process's LISTEN connection.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from websockets.sync.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import scratch_postgres_database  # noqa: E402

from hub.config import Settings, normalize_database_url  # noqa: E402
from hub.migrate import upgrade  # noqa: E402
from hub.models import NodeKind  # noqa: E402
from hub.writes import create_node  # noqa: E402
from web.app import create_app  # noqa: E402

SUBSCRIPTION = "subscription { networkChanged(kinds: [INITIATIVE]) { id dataVersion } }"


class Server:
    def __init__(self, database_url: str) -> None:
        self.app = create_app(Settings(database_url=database_url))
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        self.loop = self.server.servers[0].get_loop()  # uvicorn's loop, where the app's database lives
        return self

    def write(self, n: int) -> float:
        """One committed write on the server's loop; returns when it committed (perf_counter)."""

        async def work() -> float:
            async with self.app.state.database.write() as session:
                await create_node(session, kind=NodeKind.INITIATIVE, given={"nameVi": f"Sáng kiến đo {n}", "scope": "LOCAL"}, actor="bench")
            return time.perf_counter()

        return asyncio.run_coroutine_threadsafe(work(), self.loop).result(30)

    def __exit__(self, *_exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def measure(database_url: str, writes: int) -> list[float]:
    upgrade(database_url)
    latencies = []
    with Server(database_url) as server:
        with connect(f"ws://127.0.0.1:{server.port}/graphql", subprotocols=["graphql-transport-ws"]) as socket:
            socket.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(socket.recv(10))["type"] == "connection_ack"
            socket.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": SUBSCRIPTION}}))
            broker = server.app.state.database.broker
            while broker.subscribers < 1:
                time.sleep(0.01)
            for n in range(writes + 5):
                committed = server.write(n)
                message = json.loads(socket.recv(30))
                received = time.perf_counter()
                assert message["type"] == "next", message
                if n >= 5:  # the first few warm the connections up
                    latencies.append(received - committed)
    return latencies


def report(store: str, latencies: list[float]) -> None:
    ms = sorted(1000 * value for value in latencies)
    p50 = statistics.median(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * len(ms)) - 1)]
    print(f"| {store} | {len(ms)} | {p50:.2f} | {p95:.2f} | {ms[-1]:.2f} |", flush=True)


def main() -> None:
    writes = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    postgres = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("HUB_TEST_POSTGRES_URL")
    print("| store | events | p50 (ms) | p95 (ms) | max (ms) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as directory:
        report("SQLite (in-process broker)", measure(f"sqlite+aiosqlite:///{directory}/live.sqlite3", writes))
    if not postgres:
        print("PostgreSQL skipped: pass its URL or set HUB_TEST_POSTGRES_URL", file=sys.stderr)
        return
    with scratch_postgres_database(postgres) as url:
        report("PostgreSQL (NOTIFY at commit, LISTEN)", measure(normalize_database_url(url), writes))


if __name__ == "__main__":
    main()
