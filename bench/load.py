"""Load benchmark: the hub's throughput and latency under concurrent clients, next to a bare ceiling.

Run: `.venv/bin/python bench/load.py [--seconds 10] [--clients 16] [--quick]`. It starts real
servers as subprocesses on free ports (rate limits and the response cache off) and drives them with keep-alive clients:
- hub on SQLite, 1 process; hub on PostgreSQL (a fresh database, dropped at the end), 1 and 2
  processes; each serves four operations in turn: the directory list with nested links, a
  diacritics-insensitive search, a network path, and a write (a node's description, versioned);
- bench/bare_app.py, a bare strawberry app serving the directory query's JSON from memory (the
  ceiling). Each configuration's directory runs alternate with the bare app's, in `--rounds`
  rounds, so a drift in the machine's load (which moves either one by a third on a shared host)
  hits both alike; the ratio reported is the median of the rounds' ratios.
Target (DESIGN.md §7): hub / bare on the directory query ≥ 50%, and no errors.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httptools
import uvloop
from scratch import scratch_postgres_database

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
# Rate limits lifted, and whole-response caching off: the target is for answers computed afresh.
SERVER_ENV = {"HUB_RATE_ANONYMOUS": str(10**9), "HUB_RATE_TOKEN": str(10**9), "HUB_RESPONSE_CACHE_ENTRIES": "0"}
CLIENT = "1 process, asyncio + uvloop, raw HTTP/1.1 keep-alive (httptools parser), one connection per client"

# Agencies, not cities: in the seed the first 50 cities have 3 links between them, agencies 73.
DIRECTORY = "{ agencies(first: 50) { edges { node { id name links(first: 10) { edges { node { kind other { id name } } } } } } } }"
SEARCH = '{ search(text: "so van hoa ha noi", first: 20) { id kind name } }'
FIND = "query ($text: String!, $kind: NodeKind!) { search(text: $text, kinds: [$kind], first: 1) { id } }"
PATH = "query ($a: ID!, $b: ID!) { network { path(from: $a, to: $b, maxHops: 10) { nodes { id name } links { kind } } } }"
CITIES = "{ cities(first: 100) { edges { node { id version } } } }"
WRITE = "mutation ($input: CityUpdateInput!) { cityUpdate(input: $input) { city { version } userErrors { field message code } } }"
# Two seeded nodes six links apart.
PATH_ENDS = (("tu hoi sang tao 2026", "EVENT"), ("Bo Van hoa, The thao va Du lich", "AGENCY"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hub_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "hub", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"`hub {' '.join(args)}` failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def prepare(url: str) -> str:
    """Migrate and seed the database at `url`; return a staff token for the writes."""
    env = {**os.environ, "HUB_DATABASE_URL": url}
    hub_cli(env, "db", "upgrade")
    hub_cli(env, "seed")
    return hub_cli(env, "token", "create", "--role", "staff", "--name", "bench").strip().splitlines()[-1]


class Server:
    """A uvicorn subprocess (the hub or the bare app), with access logs off, on a free port, both on the hub's loop."""

    def __init__(self, app: list[str], url: str, workers: int, log: Path) -> None:
        self.port = free_port()
        self.log = log
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            *app,
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--log-level",
            "warning",
            "--loop",
            "web.event_loop:DeepStackLoop",
        ]  # as `creative-hub serve` runs (web/event_loop.py)
        env = {**os.environ, "HUB_DATABASE_URL": url, **SERVER_ENV}
        self.output = log.open("wb")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.output, stderr=subprocess.STDOUT)

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                graphql(self.port, "{ __typename }")
                return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        self.__exit__()
        raise SystemExit(f"server did not start:\n{self.log.read_text()[-3000:]}")

    def __exit__(self, *_exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.output.close()


def graphql(port: int, query: str, variables: dict | None = None) -> dict:
    """One request for setting up and checking (not timed)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", json_body(query, variables), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    if answer.get("errors"):
        raise SystemExit(f"setup query failed: {answer['errors']}")
    return answer["data"]


def http_request(port: int, body: bytes, token: str | None = None) -> bytes:
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\n{auth}Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def json_body(query: str, variables: dict | None = None) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def plain_ok(status: int, body: bytes) -> bool:
    """200 and no GraphQL error; a byte search, as parsing every answer would load the client."""
    return status == 200 and b'"errors":' not in body


@dataclass
class Operation:
    """What one client sends next (`request(client)`) and whether the answer counts as a success."""

    name: str
    request: Callable[[int], bytes]
    ok: Callable[[int, int, bytes], bool] = lambda _client, status, body: plain_ok(status, body)


def fixed(name: str, port: int, query: str, variables: dict | None = None) -> Operation:
    raw = http_request(port, json_body(query, variables))
    return Operation(name, lambda _client: raw)


def writes(port: int, token: str, cities: list[dict], clients: int) -> Operation:
    """Each client updates its own city's description, sending the version it last saw.

    With more clients than cities some share one, and their stale versions count as errors (CONFLICT).
    """
    versions = {client: (cities[client % len(cities)]["id"], cities[client % len(cities)]["version"]) for client in range(clients)}
    counter = itertools.count()

    def request(client: int) -> bytes:
        node_id, version = versions[client]
        variables = {"input": {"id": node_id, "version": version, "descriptionEn": f"load benchmark write {next(counter)}"}}
        return http_request(port, json_body(WRITE, variables), token)

    def ok(client: int, status: int, body: bytes) -> bool:
        if status != 200:
            return False
        payload = json.loads(body)
        result = (payload.get("data") or {}).get("cityUpdate")
        if payload.get("errors") or not result or result["userErrors"]:
            return False
        versions[client] = (versions[client][0], result["city"]["version"])
        return True

    return Operation("write", request, ok)


class Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection: one request at a time, answers parsed by httptools."""

    def __init__(self) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.transport: asyncio.Transport | None = None
        self.answer: asyncio.Future | None = None
        self.body: list[bytes] = []

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as error:
            self._fail(error)

    def connection_lost(self, exc) -> None:
        self._fail(exc or ConnectionError("connection closed"))

    def _fail(self, error: BaseException) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(error)

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_result((self.parser.get_status_code(), b"".join(self.body)))

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        self.body = []
        self.answer = asyncio.get_running_loop().create_future()
        self.transport.write(raw)
        return await self.answer


async def connect(port: int) -> Connection:
    _transport, connection = await asyncio.get_running_loop().create_connection(Connection, "127.0.0.1", port)
    return connection


@dataclass
class Result:
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds the server's processes used while counted
    client_cpu: float = 0.0  # share of one core the load generator used

    def rate(self) -> float:
        return self.requests / self.seconds

    def add(self, other: Result) -> None:
        """Count another run of the same operation in this one."""
        seconds = self.seconds + other.seconds
        self.client_cpu = (self.client_cpu * self.seconds + other.client_cpu * other.seconds) / seconds
        self.requests, self.errors, self.seconds = self.requests + other.requests, self.errors + other.errors, seconds
        self.latencies += other.latencies
        self.server_cpu += other.server_cpu

    def cpu_ms(self) -> float:
        """Server CPU per answer: steadier than req/s on a shared machine, where the server waits for a core."""
        return self.server_cpu * 1e3 / self.requests if self.requests else float("nan")

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1e3 if ordered else float("nan")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its descendants (uvicorn's workers), from /proc (Linux)."""
    total, pending = 0.0, [pid]
    while pending:
        process = Path(f"/proc/{pending.pop()}")
        try:
            fields = (process / "stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in (process / "task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


async def drive(port: int, pid: int, operation: Operation, clients: int, seconds: float, warmup: float) -> Result:
    """`clients` closed-loop clients for warm-up + `seconds`; only the answers after the warm-up count."""
    connections = [await connect(port) for _ in range(clients)]
    result = Result(seconds=seconds)
    start = time.perf_counter()
    counted_from, end = start + warmup, start + warmup + seconds

    async def client(number: int) -> None:
        connection = connections[number]
        while (sent := time.perf_counter()) < end:
            try:
                status, body = await connection.send(operation.request(number))
                good = operation.ok(number, status, body)
            except (OSError, httptools.HttpParserError, ValueError):
                good = False
                connection = connections[number] = await connect(port)
            done = time.perf_counter()
            if sent >= counted_from and done <= end:
                result.requests += 1
                result.errors += not good
                result.latencies.append(done - sent)

    async def meter() -> None:
        await asyncio.sleep(warmup)
        server, own = cpu_seconds(pid), time.process_time()
        await asyncio.sleep(end - time.perf_counter())
        result.server_cpu = cpu_seconds(pid) - server
        result.client_cpu = (time.process_time() - own) / seconds

    # Answers still on their way at the end are awaited, not counted: an abandoned request would
    # keep the server busy into the next measurement.
    await asyncio.gather(meter(), *(client(number) for number in range(clients)))
    for connection in connections:
        connection.transport.close()
    return result


def measure(server: Server, operation: Operation, args: argparse.Namespace, seconds: float | None = None) -> Result:
    seconds = seconds or args.seconds
    return uvloop.run(drive(server.port, server.process.pid, operation, args.clients, seconds, min(args.warmup, seconds / 5)))


def alternate(bare: Server, hub: Server, args: argparse.Namespace) -> tuple[Result, Result, list[float]]:
    """The directory query on the bare app and on the hub in alternating rounds: both totals, and each round's hub / bare req/s."""
    bare_total, hub_total, ratios = Result(), Result(), []
    for _ in range(args.rounds):
        bare_round = measure(bare, fixed("directory", bare.port, DIRECTORY), args, args.seconds / args.rounds)
        hub_round = measure(hub, fixed("directory", hub.port, DIRECTORY), args, args.seconds / args.rounds)
        ratios.append(hub_round.rate() / max(bare_round.rate(), 1e-9))
        bare_total.add(bare_round)
        hub_total.add(hub_round)
    return bare_total, hub_total, ratios


def hub_operations(port: int, token: str, clients: int) -> list[Operation]:
    ends = [graphql(port, FIND, {"text": text, "kind": kind})["search"] for text, kind in PATH_ENDS]
    if not all(ends):
        raise SystemExit(f"the path's ends {PATH_ENDS} are not in the seeded database")
    path = {"a": ends[0][0]["id"], "b": ends[1][0]["id"]}
    if not graphql(port, PATH, path)["network"]["path"]:
        raise SystemExit("no path between the seeded ends")
    cities = [edge["node"] for edge in graphql(port, CITIES)["cities"]["edges"]]
    return [
        fixed("search", port, SEARCH),
        fixed("path", port, PATH, path),
        writes(port, token, cities, clients),
    ]


Row = tuple[str, str, Result]  # configuration, operation, figures
Ratios = dict[str, list[float]]  # configuration: each round's hub / bare req/s on the directory query


def run(args: argparse.Namespace, folder: Path) -> tuple[list[Row], Ratios]:
    sqlite_url = f"sqlite:///{folder / 'bench.sqlite3'}"
    started = time.perf_counter()
    with scratch_postgres_database(args.postgres) as postgres_url:
        with ThreadPoolExecutor() as pool:
            tokens = dict(zip((sqlite_url, postgres_url), pool.map(prepare, (sqlite_url, postgres_url))))
        print(f"{time.perf_counter() - started:5.0f} s  databases migrated and seeded", file=sys.stderr, flush=True)
        configurations = [("sqlite ×1", sqlite_url, 1), ("postgres ×1", postgres_url, 1), ("postgres ×2", postgres_url, 2)]
        rows: list[Row] = []
        ratios: Ratios = {}
        with Server(["--app-dir", "bench", "bare_app:create_app"], postgres_url, 1, folder / "bare.log") as bare:
            expected = graphql(bare.port, DIRECTORY)
            for name, url, workers in configurations:
                with Server(["web.app:create_app"], url, workers, folder / f"hub {name}.log") as hub:
                    if graphql(hub.port, DIRECTORY) != expected:
                        raise SystemExit(f"hub {name}: the directory answer differs from the bare app's")
                    operations = hub_operations(hub.port, tokens[url], args.clients)
                    bare_directory, hub_directory, ratios[f"hub {name}"] = alternate(bare, hub, args)
                    rows += [(f"bare, next to {name}", "directory", bare_directory), (f"hub {name}", "directory", hub_directory)]
                    for operation in operations:
                        rows.append((f"hub {name}", operation.name, measure(hub, operation, args)))
                        print(
                            f"{time.perf_counter() - started:5.0f} s  {rows[-1][0]:<16} {operation.name:<10} {rows[-1][2].rate():8.1f} req/s",
                            file=sys.stderr,
                            flush=True,
                        )
        return rows, ratios


def report(rows: list[Row], ratios: Ratios, args: argparse.Namespace) -> None:
    print(
        f"load benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}; {args.clients} clients, {args.seconds:g} s per operation after {args.warmup:g} s of warm-up"
    )
    print(f"load generator: {CLIENT}")
    print(
        f"{'configuration':<24} {'operation':<10} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'server CPU ms/req':>17} {'client CPU':>10}"
    )
    for name, operation, result in rows:
        print(
            f"{name:<24} {operation:<10} {result.rate():8.1f} {result.percentile(0.5):8.1f} {result.percentile(0.95):8.1f} "
            f"{result.percentile(0.99):8.1f} {result.errors:6d} {result.cpu_ms():17.1f} {result.client_cpu:10.0%}"
        )
    print(f"directory query, hub / bare app in {args.rounds} alternating rounds (target ≥ 50% in req/s):")
    ceiling = rows[0][2]
    for name, operation, result in rows:
        if name.startswith("bare"):
            ceiling = result
        elif operation == "directory":
            rounds = sorted(ratios[name])
            print(
                f"  {name:<16} req/s {statistics.median(rounds):5.0%} (median; rounds {' '.join(f'{r:.0%}' for r in rounds)})   "
                f"server CPU per answer, bare / hub: {ceiling.cpu_ms() / result.cpu_ms():4.0%}"
            )
    errors = sum(result.errors for _name, _operation, result in rows)
    print(f"errors: {errors} (target 0)")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per operation (default 10)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent keep-alive clients (default 16)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating bare / hub rounds sharing the directory's seconds (default 5)")
    parser.add_argument("--quick", action="store_true", help="a smoke run of well under a minute: 1 s per operation, 4 clients")
    parser.add_argument("--postgres", default=POSTGRES, help=f"PostgreSQL server for a throwaway database (default {POSTGRES})")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.clients, args.rounds = 1.0, min(args.clients, 4), 1
    args.warmup = min(1.0, args.seconds / 5)
    with tempfile.TemporaryDirectory() as folder:
        rows, ratios = run(args, Path(folder))
    report(rows, ratios, args)


if __name__ == "__main__":
    main(sys.argv[1:])
