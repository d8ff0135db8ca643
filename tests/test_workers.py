"""Scale-out: several server processes on one PostgreSQL database agree, and live updates cross between them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx
import pytest

from tests.support import ROOT, GraphQLClient, LiveClient, drop_database, fresh_database, hub_command, issue_token

pytestmark = pytest.mark.slow  # left out of `make test-fast`

STATS = "{ network { stats { nodes nodesByKind { kind count } } } }"
NETWORK_CHANGED = "subscription { networkChanged(kinds: [INITIATIVE]) { id action } }"
CREATE_INITIATIVE = """
mutation ($input: InitiativeCreateInput!) { initiativeCreate(input: $input) { initiative { id } userErrors { field code } } }
"""
SETTLE = 0.5  # seconds for a subscribe message to reach the broker of a process the test cannot look into


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServeProcess:
    """`python -m hub serve` in a subprocess, as an operator starts it; ready once /healthz answers."""

    def __init__(self, database_url: str, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hub", "serve", "--port", str(self.port), *args],
            cwd=ROOT,
            env={**os.environ, "HUB_DATABASE_URL": database_url},
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"the server did not start:\n{self.output}")
            time.sleep(0.1)

    def _healthy(self) -> bool:
        try:
            return httpx.get(self.url + "/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    @property
    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def shared_database(tmp_path_factory):
    url = fresh_database("postgres", tmp_path_factory.mktemp("workers"))
    hub_command(url, "db", "upgrade")
    hub_command(url, "seed")
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def staff_token(shared_database) -> str:
    return issue_token(shared_database, "staff", "Staff across processes")


def initiatives_in(stats: dict) -> int:
    return next(entry["count"] for entry in stats["nodesByKind"] if entry["kind"] == "INITIATIVE")


def test_a_write_through_one_process_reaches_the_other(shared_database, staff_token):
    first, second = ServeProcess(shared_database), ServeProcess(shared_database)
    writer, reader = GraphQLClient(first.url, staff_token), GraphQLClient(second.url, staff_token)
    subscriber = LiveClient(second.url, {"token": staff_token})
    try:
        before = reader.data(STATS)["network"]["stats"]  # the second process builds its graph now
        subscriber.subscribe(NETWORK_CHANGED)
        time.sleep(SETTLE)

        created = writer.data(CREATE_INITIATIVE, {"input": {"nameVi": "Sáng kiến liên tiến trình", "scope": "LOCAL"}})
        initiative = created["initiativeCreate"]["initiative"]["id"]

        message = subscriber.receive()
        assert message["payload"]["data"]["networkChanged"] == {"id": initiative, "action": "CREATED"}
        after = reader.data(STATS)["network"]["stats"]
        assert after["nodes"] == before["nodes"] + 1
        assert initiatives_in(after) == initiatives_in(before) + 1
    finally:
        subscriber.close()
        writer.close()
        reader.close()
        first.stop()
        second.stop()


def test_workers_share_one_port_and_every_one_hears_every_write(shared_database, staff_token):
    server = ServeProcess(shared_database, "--workers", "2")
    client = GraphQLClient(server.url, staff_token)
    subscribers = [LiveClient(server.url, {"token": staff_token}) for _ in range(6)]  # spread over both workers
    try:
        for subscriber in subscribers:
            subscriber.subscribe(NETWORK_CHANGED)
        time.sleep(SETTLE)

        created = client.data(CREATE_INITIATIVE, {"input": {"nameVi": "Sáng kiến nhiều tiến trình", "scope": "LOCAL"}})
        initiative = created["initiativeCreate"]["initiative"]["id"]

        for subscriber in subscribers:
            assert subscriber.receive()["payload"]["data"]["networkChanged"]["id"] == initiative
    finally:
        for subscriber in subscribers:
            subscriber.close()
        client.close()
        server.stop()


def test_workers_are_refused_on_sqlite(tmp_path):
    url = fresh_database("sqlite", tmp_path)

    result = hub_command(url, "serve", "--workers", "2", check=False)

    assert result.returncode == 2
    assert "needs PostgreSQL" in result.stderr and "--workers 1" in result.stderr
