"""The hub next to PostGraphile 5 on the same PostgreSQL database, in one run; prints figures.

Creates a throw-away database (migrated and seeded by the hub), a read-only role for PostGraphile,
starts PostGraphile, the hub and a bare strawberry app (bench/bare_app.py, shared with load.py) on
free ports, checks that the hub and PostGraphile return the same data for the benchmark's query, then loads them with wrk
at concurrency 16 in alternating rounds, in two modes:
- warm: the same query again and again (the hub's response cache answers it);
- cold: a side connection bumps the data version continuously, so the hub's cache misses
  (PostGraphile and the bare app don't look at it, but they run with the same background load).
Usage: .venv/bin/python bench/peers/run.py [--seconds T] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import multiprocessing
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ADMIN_URL = os.environ.get("PEERS_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432")
CONCURRENCY = 16
SERVER_CORES = {0, 1}  # every server gets the same two cores; wrk is not pinned
HUGE = str(10**9)
BUMP_PAUSE = 0.0005  # s; far more bumps than the hub answers cold, without spinning a core

CITIES = 50
HUB_QUERY = """{ cities(first: 50) { edges { node { id name
  links(first: 10) { edges { node { kind other { id name } } } } } } } }"""
# PostGraphile has no `cities` ordered by name, so it lists city rows of `nodes` by sort name (as
# the hub does) and follows each link relation (from, to) separately; the check merges them.
POSTGRAPHILE_QUERY = """{ allNodeRows(condition: {kind: "CITY", archivedAt: null},
  orderBy: [SORT_NAME_ASC, ROW_ID_ASC], first: 50) { nodes { rowId kind nameVi
  outgoing: linksByFromId(first: 10, orderBy: [KIND_ASC, ROW_ID_ASC]) {
    nodes { rowId kind far: nodeRowByToId { rowId kind nameVi } } }
  incoming: linksByToId(first: 10, orderBy: [KIND_ASC, ROW_ID_ASC]) {
    nodes { rowId kind far: nodeRowByFromId { rowId kind nameVi } } } } } }"""
READABLE_TABLES = ("nodes", "cities", "plans", "initiatives", "tasks", "agencies", "creative_spaces", "designers",
                   "events", "links")  # fmt: skip


@dataclass
class Database:
    name: str
    owner_url: str  # the hub's and the bare app's
    reader_url: str  # PostGraphile's
    bumper_url: str  # the cold mode's side connection


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    database_user: str  # whose PostgreSQL backends count as this server's database CPU


@dataclass
class Round:
    server: str
    mode: str
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float
    db_cpu_ms: float
    failures: int
    cache_miss_share: float | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pin() -> None:
    os.sched_setaffinity(0, SERVER_CORES & os.sched_getaffinity(0) or os.sched_getaffinity(0))


# --- database -------------------------------------------------------------------------------------


async def admin(*statements: str, database: str = "postgres") -> None:
    connection = await asyncpg.connect(f"{ADMIN_URL}/{database}")
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def bench_database():
    """A fresh, migrated, seeded database, a SELECT-only role on the hub's node and link tables for
    PostGraphile, and a role that may only bump the data version."""
    name, role, bumper = (f"peers_{what}_{os.getpid()}" for what in ("bench", "reader", "bumper"))
    asyncio.run(admin(f"CREATE DATABASE {name}"))
    try:
        env = {**os.environ, "HUB_DATABASE_URL": f"{ADMIN_URL}/{name}"}
        for command in (["db", "upgrade"], ["seed"]):
            subprocess.run([sys.executable, "-m", "hub", *command], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        asyncio.run(admin(f"CREATE ROLE {role} LOGIN", f"GRANT USAGE ON SCHEMA public TO {role}",
                          f"GRANT SELECT ON {', '.join(READABLE_TABLES)} TO {role}", f"CREATE ROLE {bumper} LOGIN",
                          f"GRANT SELECT, UPDATE ON data_version TO {bumper}", database=name))  # fmt: skip
        host = ADMIN_URL.split("@", 1)[1]
        yield Database(name, f"{ADMIN_URL}/{name}", f"postgresql://{role}@{host}/{name}",
                       f"postgresql://{bumper}@{host}/{name}")  # fmt: skip
    finally:
        asyncio.run(admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"DROP ROLE IF EXISTS {role}",
                          f"DROP ROLE IF EXISTS {bumper}"))  # fmt: skip


def bump_forever(database_url: str) -> None:
    """Keep moving the data version, so every hub request finds its cached answer out of date."""

    async def run() -> None:
        connection = await asyncpg.connect(database_url)
        await connection.execute("SET synchronous_commit = off")
        while True:
            await connection.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")
            await asyncio.sleep(BUMP_PAUSE)

    asyncio.run(run())


@contextmanager
def bumping(database_url: str):
    process = multiprocessing.get_context("spawn").Process(target=bump_forever, args=(database_url,), daemon=True)
    process.start()
    try:
        yield
    finally:
        process.terminate()
        process.join()


# --- servers --------------------------------------------------------------------------------------


def start(name: str, command: list[str], env: dict, port: int, database_user: str) -> Server:
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, preexec_fn=pin,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    url = f"http://127.0.0.1:{port}/graphql"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} stopped at start:\n{process.stderr.read().decode()[-3000:]}")
        try:
            post(url, "{ __typename }")
            process.stderr.close()  # nothing reads it from here on
            return Server(name, url, process, database_user)
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{name} did not answer within 60 s")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()


def postgraphile_command() -> list[str]:
    if not (HERE / "node_modules").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    node = HERE / "node_modules" / "node" / "bin" / "node"
    cli = (HERE / "node_modules" / ".bin" / "postgraphile").resolve()
    return [str(node), str(cli), "-C", str(HERE / "graphile.config.mjs")]


def post(url: str, query: str) -> dict:
    request = urllib.request.Request(url, json.dumps({"query": query}).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


# --- the check ------------------------------------------------------------------------------------


def row_id(global_id: str) -> tuple[str, int]:
    type_name, _, number = base64.b64decode(global_id).decode().partition(":")
    return type_name, int(number)


TYPE_NAMES = {"PLAN": "Plan", "INITIATIVE": "Initiative", "TASK": "Task", "AGENCY": "Agency", "CITY": "City",
              "CREATIVE_SPACE": "CreativeSpace", "DESIGNER": "Designer", "EVENT": "Event"}  # fmt: skip


def hub_answer(data: dict) -> list:
    """[(city, name, [(kind, far end, far name)...])...] with IDs as (type name, row id)."""
    return [
        (row_id(c["node"]["id"]), c["node"]["name"],
         [(e["node"]["kind"], row_id(e["node"]["other"]["id"]), e["node"]["other"]["name"])
          for e in c["node"]["links"]["edges"]])
        for c in data["cities"]["edges"]
    ]  # fmt: skip


def postgraphile_answer(data: dict, links_per_city: int = 10) -> list:
    """The same shape, merging outgoing and incoming links into the hub's order (kind, then link id)."""
    answer = []
    for city in data["allNodeRows"]["nodes"]:
        links = {}
        for relation in ("outgoing", "incoming"):
            for link in city[relation]["nodes"]:
                far = link["far"]
                links.setdefault(link["rowId"], (link["kind"], link["rowId"], (TYPE_NAMES[far["kind"]], far["rowId"]),
                                                 far["nameVi"]))  # fmt: skip
        merged = sorted(links.values())[:links_per_city]
        answer.append(((TYPE_NAMES[city["kind"]], city["rowId"]), city["nameVi"],
                       [(kind, far, name) for kind, _, far, name in merged]))  # fmt: skip
    return answer


def check(hub: Server, postgraphile: Server, bare: Server, cities: int) -> str:
    """Compare the answers to the benchmark's query asking for `cities` cities (the hub's page ≤ 100)."""
    hub_query, peer_query = (q.replace(f"first: {CITIES})", f"first: {cities})") for q in (HUB_QUERY, POSTGRAPHILE_QUERY))
    hub_data, bare_data = post(hub.url, hub_query), post(bare.url, hub_query)
    peer_data = post(postgraphile.url, peer_query)
    for name, result in (("hub", hub_data), ("PostGraphile", peer_data), ("bare", bare_data)):
        if result.get("errors"):
            raise SystemExit(f"{name} answered with errors: {result['errors']}")
    ours, theirs = hub_answer(hub_data["data"]), postgraphile_answer(peer_data["data"])
    if ours != theirs:
        raise SystemExit(f"hub and PostGraphile disagree:\nhub: {ours}\nPostGraphile: {theirs}")
    if bare_data != hub_data:
        raise SystemExit("the bare app and the hub disagree")
    links = sum(len(links) for _, _, links in ours)
    return f"same data for {cities} asked: {len(ours)} cities, {links} links with their far ends; the bare app's JSON is identical"


# --- load -----------------------------------------------------------------------------------------


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process, its live descendants and its reaped children."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = sum(int(x) for x in fields[11:15]) if int(entry) == pid else sum(int(x) for x in fields[11:13])
    family, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent and p not in family]
        family.update(children)
        frontier += children
    return sum(times.get(p, 0) for p in family) / os.sysconf("SC_CLK_TCK")


def database_cpu_seconds(user: str, database: str) -> float:
    """CPU time of the PostgreSQL backends serving `user` on `database` (found by their process titles)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            title = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
            if f": {user} {database} " not in title:
                continue
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def cache_counts(server: Server) -> tuple[int, int]:
    with urllib.request.urlopen(server.url.replace("/graphql", "/metrics"), timeout=10) as response:
        lines = dict(line.split() for line in response.read().decode().splitlines() if line)
    return int(lines["hub_response_cache_hits"]), int(lines["hub_response_cache_misses"])


def wrk(server: Server, body: Path, seconds: float) -> dict:
    command = ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
               "-s", str(HERE / "post.lua"), server.url, "--", str(body)]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(server: Server, database: str, body: Path, mode: str, seconds: float) -> Round:
    counts = cache_counts(server) if server.name == "hub" else None
    cpu, db_cpu = tree_cpu_seconds(server.process.pid), database_cpu_seconds(server.database_user, database)
    figures = wrk(server, body, seconds)
    cpu = tree_cpu_seconds(server.process.pid) - cpu
    db_cpu = database_cpu_seconds(server.database_user, database) - db_cpu
    requests = max(figures["requests"], 1)
    miss_share = None
    if counts is not None:
        hits, misses = (after - before for after, before in zip(cache_counts(server), counts))
        miss_share = misses / max(hits + misses, 1)
    return Round(server.name, mode, requests / (figures["duration_us"] / 1e6), figures["p50_us"] / 1000,
                 figures["p99_us"] / 1000, cpu * 1000 / requests, db_cpu * 1000 / requests,
                 figures["errors"] + figures["non_2xx"], miss_share)  # fmt: skip


def load_rounds(servers: list[Server], database: str, bodies: dict[str, Path], mode: str, seconds: float,
                warmup: float) -> list[Round]:  # fmt: skip
    for server in servers:
        wrk(server, bodies[server.name], warmup)
    rounds = []
    for _ in range(2):
        for server in servers:
            rounds.append(measure(server, database, bodies[server.name], mode, seconds))
            print(f"  {mode:4} {server.name:12} {rounds[-1].rps:8.0f} req/s", flush=True)
    return rounds


# --- report ---------------------------------------------------------------------------------------


def table(rounds: list[Round]) -> str:
    lines = ["| mode | server | req/s | p50 ms | p99 ms | server CPU ms/req | its PostgreSQL CPU ms/req "
             "| hub cache misses | failures |", "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for mode in ("warm", "cold"):
        for server in ("hub", "PostGraphile", "bare"):
            mine = [r for r in rounds if r.mode == mode and r.server == server]
            if not mine:
                continue
            mean = lambda key: sum(getattr(r, key) for r in mine) / len(mine)  # noqa: E731, B023 -- used within this iteration
            misses = "" if mine[0].cache_miss_share is None else f"{mean('cache_miss_share'):.0%}"
            lines.append(f"| {mode} | {server} | {mean('rps'):.0f} | {mean('p50_ms'):.1f} | {mean('p99_ms'):.1f} "
                         f"| {mean('cpu_ms'):.2f} | {mean('db_cpu_ms'):.2f} | {misses} | {sum(r.failures for r in mine)} |")  # fmt: skip
    return "\n".join(lines)


def ratios(rounds: list[Round]) -> str:
    def rps(mode: str, server: str) -> float:
        mine = [r.rps for r in rounds if r.mode == mode and r.server == server]
        return sum(mine) / len(mine)

    def cpu(mode: str, server: str) -> float:
        mine = [r.cpu_ms + r.db_cpu_ms for r in rounds if r.mode == mode and r.server == server]
        return sum(mine) / len(mine)

    warm, cold = rps("warm", "hub") / rps("warm", "PostGraphile"), rps("cold", "hub") / rps("cold", "PostGraphile")
    bare = rps("cold", "hub") / rps("cold", "bare")
    return "\n".join([
        f"hub / PostGraphile, warm: {warm:.2f}x req/s, {cpu('warm', 'hub') / cpu('warm', 'PostGraphile'):.2f}x CPU per "
        f"request, its PostgreSQL's included (target: req/s >= 1.00x) -> {'met' if warm >= 1 else 'NOT met'}",
        f"hub / PostGraphile, cold: {cold:.2f}x req/s, {cpu('cold', 'hub') / cpu('cold', 'PostGraphile'):.2f}x CPU per request, "
        "its PostgreSQL's included",
        f"hub cold / bare strawberry: {bare:.0%} of its req/s (target: >= 50%) -> {'met' if bare >= 0.5 else 'NOT met'}",
    ])  # fmt: skip


def user_of(url: str) -> str:
    return url.split("://", 1)[1].split("@", 1)[0]


def server_commands(database: Database) -> list[tuple]:
    """(name, command, environment for a port, PostgreSQL user) of each server, PostGraphile first."""
    hub_env = {"HUB_DATABASE_URL": database.owner_url, "HUB_ENV": "production", "HUB_METRICS_READERS": "public",
               "HUB_RATE_ANONYMOUS": HUGE, "HUB_RATE_TOKEN": HUGE}  # fmt: skip
    return [
        ("PostGraphile", postgraphile_command(),
         lambda port: {"PEERS_DATABASE_URL": database.reader_url, "PEERS_PORT": str(port)}, user_of(database.reader_url)),
        ("hub", [sys.executable, "-m", "hub", "serve"], lambda port: {**hub_env, "HUB_PORT": str(port)},
         user_of(database.owner_url)),
        ("bare", [sys.executable, "-m", "uvicorn", "--app-dir", "bench", "--factory", "bare_app:create_app",
                  "--loop", "web.event_loop:DeepStackLoop"],  # the loop `hub serve` runs on (web/event_loop.py)
         lambda port: {"HUB_DATABASE_URL": database.owner_url, "UVICORN_PORT": str(port)}, "-"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measured round (default 10)")
    parser.add_argument("--quick", action="store_true", help="2-second rounds, to see that everything works")
    args = parser.parse_args()
    seconds, warmup = (2.0, 1.0) if args.quick else (args.seconds, max(1.0, args.seconds / 5))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (Debian: apt-get install wrk)")
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.node()}; {os.cpu_count()} cores; "
          f"{seconds:g} s rounds at concurrency {CONCURRENCY}; load average {os.getloadavg()[0]:.1f} before", flush=True)  # fmt: skip
    with ExitStack() as stack:
        database = stack.enter_context(bench_database())
        bodies = {}
        for name, query in (("hub", HUB_QUERY), ("PostGraphile", POSTGRAPHILE_QUERY), ("bare", HUB_QUERY)):
            bodies[name] = path = Path(f"/tmp/peers-{os.getpid()}-{name}.json")
            path.write_text(json.dumps({"query": query}))
            stack.callback(path.unlink)
        servers = []
        for name, command, env, database_user in server_commands(database):
            port = free_port()
            servers.append(start(name, command, env(port), port, database_user))
            stack.callback(stop, servers[-1])
        postgraphile, hub, bare = servers
        for cities in (CITIES, 100):  # the benchmark's query, then every city of the seed
            print("check:", check(hub, postgraphile, bare, cities), flush=True)
        rounds = load_rounds([hub, postgraphile], database.name, bodies, "warm", seconds, warmup)
        with bumping(database.bumper_url):
            rounds += load_rounds([hub, postgraphile, bare], database.name, bodies, "cold", seconds, warmup)
    print(f"\nload average {os.getloadavg()[0]:.1f} after (other work on the machine skews req/s; CPU per request less so)")
    print(table(rounds))
    print()
    print(ratios(rounds))


if __name__ == "__main__":
    main()
