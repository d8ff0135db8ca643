"""Real databases and a real server for the tests: SQLite always, PostgreSQL when configured."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import pty
import select
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import create_async_engine

from hub.config import RateLimits, Settings, normalize_database_url
from web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("HUB_TEST_POSTGRES_URL")
REQUIRE_ALL = os.environ.get("HUB_TEST_REQUIRE_ALL") == "1"
BACKENDS = ["sqlite", "postgres"]
UNLIMITED = RateLimits(anonymous=10**9, token=10**9)


def skip_or_fail(reason: str) -> None:
    """Skip a test that needs something missing here; under HUB_TEST_REQUIRE_ALL=1 that is a failure."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (HUB_TEST_REQUIRE_ALL=1 forbids skipping)")
    pytest.skip(reason)


def fresh_database(backend: str, tmp_dir: Path) -> str:
    """The URL of a new, empty database on `backend`."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_dir / f'hub-{uuid.uuid4().hex[:8]}.sqlite3'}"
    if not POSTGRES_URL:
        skip_or_fail("PostgreSQL tests need HUB_TEST_POSTGRES_URL")
    name = f"hub_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
    return normalize_database_url(POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}")


def drop_database(url: str) -> None:
    if url.startswith("postgresql"):
        name = url.rsplit("/", 1)[1]
        asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _postgres_admin(statement: str) -> None:
    engine = create_async_engine(normalize_database_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def hub_command(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run `python -m hub ARGS` against a database, as an operator would."""
    env = {**os.environ, "HUB_DATABASE_URL": database_url, "PYTHONWARNINGS": "error"}
    result = subprocess.run([sys.executable, "-m", "hub", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"hub {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@dataclass
class StatementCounter:
    """Counts SQL statements the server sends, to prove loaders batch."""

    count: int = 0
    statements: list[str] = field(default_factory=list)

    def __call__(self, _conn, _cursor, statement, _params, _context, _executemany) -> None:
        self.count += 1
        self.statements.append(statement)


class HubServer:
    """The real app served by uvicorn on a free port, in a thread of the test process."""

    def __init__(self, database_url: str, backend: str, **settings) -> None:
        self.backend = backend
        self.database_url = database_url
        settings.setdefault("rate_limits", UNLIMITED)  # the suite's many requests; rate tests set their own
        self.app = create_app(Settings(database_url=database_url, **settings))
        config = uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self.url = ""

    def start(self) -> HubServer:
        self._thread.start()
        for _ in range(500):
            if self._server.started:
                break
            self._thread.join(0.02)
        else:
            raise RuntimeError("the hub server did not start")
        port = self._server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)

    def count_statements(self) -> StatementCounter:
        counter = StatementCounter()
        for engine in self.app.state.database.engines:
            event.listen(engine.sync_engine, "before_cursor_execute", counter)
        return counter

    def stop_counting(self, counter: StatementCounter) -> None:
        for engine in self.app.state.database.engines:
            event.remove(engine.sync_engine, "before_cursor_execute", counter)


def issue_token(database_url: str, role: str, name: str, *scope: str) -> str:
    """A new token through the CLI, as an operator issues one; `scope` is e.g. ("--city", city_id)."""
    result = hub_command(database_url, "token", "create", "--role", role, "--name", name, *scope)
    return result.stdout.strip().splitlines()[-1]


class GraphQLClient:
    """Posts GraphQL documents over HTTP, with a bearer token when given, and returns the decoded JSON body."""

    def __init__(self, url: str, token: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=url, timeout=30, headers=headers)

    def __call__(self, query: str, variables: dict | None = None, *, headers: dict | None = None) -> dict:
        response = self.http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        assert response.headers["content-type"].startswith("application/json"), response.text
        return response.json()

    def data(self, query: str, variables: dict | None = None, *, headers: dict | None = None) -> dict:
        """The `data` of a response that must have no errors."""
        body = self(query, variables, headers=headers)
        assert "errors" not in body, body["errors"]
        return body["data"]

    def close(self) -> None:
        self.http.close()


def watch_terminal(process: subprocess.Popen, controller: int, until: Callable[[str], bool]) -> str:
    """What the process draws on its terminal, read as it goes, until `until(drawn)` or the process ends."""
    drawn = b""
    while not until(drawn.decode(errors="replace")):
        ready, _, _ = select.select([controller], [], [], 0.05)
        if ready:
            try:
                drawn += os.read(controller, 65536)
            except OSError:  # the terminal closed: the process is done with it
                break
        elif process.poll() is not None:
            break
    return drawn.decode(errors="replace")


def run_at_terminal(database_url: str, *args: str, stdout, until: Callable[[str], bool] = lambda _drawn: False):
    """Start `python -m hub ARGS` with stderr on a terminal; returns the process and what it drew."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "hub", *args],
        cwd=ROOT,
        env={**os.environ, "HUB_DATABASE_URL": database_url, "PYTHONWARNINGS": "error"},
        stdout=stdout,
        stderr=terminal,
    )
    os.close(terminal)
    try:
        return process, watch_terminal(process, controller, until)
    finally:
        os.close(controller)


class LiveClient:
    """A graphql-transport-ws connection to /graphql: subscribe, then read what the hub sends."""

    def __init__(self, url: str, payload: dict | None = None, headers: dict | None = None) -> None:
        from websockets.sync.client import connect

        self._scope = contextlib.ExitStack()
        self.socket = self._scope.enter_context(
            connect(url.replace("http", "ws", 1) + "/graphql", subprotocols=["graphql-transport-ws"], additional_headers=headers)
        )
        self.socket.send(json.dumps({"type": "connection_init", "payload": payload or {}}))
        assert self.receive()["type"] == "connection_ack"
        self._ids = itertools.count(1)

    def subscribe(self, query: str, variables: dict | None = None) -> str:
        operation = str(next(self._ids))
        self.socket.send(json.dumps({"type": "subscribe", "id": operation, "payload": {"query": query, "variables": variables or {}}}))
        return operation

    def receive(self, timeout: float = 20) -> dict:
        return json.loads(self.socket.recv(timeout))

    def complete(self, operation: str) -> None:
        self.socket.send(json.dumps({"type": "complete", "id": operation}))

    def close(self) -> None:
        self._scope.close()


def wait_for_subscribers(server: HubServer, count: int, timeout: float = 20) -> None:
    """Return once `count` subscriptions listen in the server's process, so a write made next reaches them."""
    broker = server.app.state.database.broker
    deadline = time.monotonic() + timeout
    while broker.subscribers < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{broker.subscribers} subscriptions listen, not {count}")
        time.sleep(0.01)
