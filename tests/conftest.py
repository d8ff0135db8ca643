"""Fixtures: a seeded hub served over HTTP, once per database backend."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

pytest_plugins = ["tests.browser"]  # the `browser` fixture of the browser tests

from hub.config import Limits  # noqa: E402
from tests.support import BACKENDS, GraphQLClient, HubServer, drop_database, fresh_database, hub_command, issue_token  # noqa: E402


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def seeded_database(backend, tmp_path_factory) -> str:
    """A database migrated and seeded through the CLI, shared by the read-only tests."""
    url = fresh_database(backend, tmp_path_factory.mktemp(backend))
    hub_command(url, "db", "upgrade")
    hub_command(url, "seed")
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def hub_server(seeded_database, backend):
    server = HubServer(seeded_database, backend).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def api(hub_server):
    """An anonymous caller: the public."""
    client = GraphQLClient(hub_server.url)
    yield client
    client.close()


@pytest.fixture(scope="session")
def staff_api(hub_server, seeded_database):
    """A staff member reading the shared seeded hub (personal data, histories)."""
    client = GraphQLClient(hub_server.url, issue_token(seeded_database, "staff", "Staff reader"))
    yield client
    client.close()


@pytest.fixture(scope="session")
def admin_api(hub_server, seeded_database):
    """An administrator reading the shared seeded hub (the audit log, tokens)."""
    client = GraphQLClient(hub_server.url, issue_token(seeded_database, "admin", "Administrator"))
    yield client
    client.close()


@pytest.fixture
def empty_database(backend, tmp_path) -> str:
    """A migrated database with nothing in it, for tests that write."""
    url = fresh_database(backend, tmp_path)
    hub_command(url, "db", "upgrade")
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def writable_server(backend, tmp_path_factory):
    """A seeded hub of the test module's own, so its writes do not disturb other modules."""
    url = fresh_database(backend, tmp_path_factory.mktemp(f"{backend}-writes"))
    hub_command(url, "db", "upgrade")
    hub_command(url, "seed")
    server = HubServer(url, backend).start()
    yield server
    server.stop()
    drop_database(url)


@pytest.fixture(scope="module")
def write_api(writable_server):
    """A staff member writing to the module's own hub."""
    client = GraphQLClient(writable_server.url, issue_token(writable_server.database_url, "staff", "Staff writer"))
    yield client
    client.close()


@pytest.fixture(scope="module")
def admin_write_api(writable_server):
    """An administrator on the module's own hub: reads the audit log of the writes made there."""
    client = GraphQLClient(writable_server.url, issue_token(writable_server.database_url, "admin", "Administrator"))
    yield client
    client.close()


@pytest.fixture(scope="module")
def deep_server(seeded_database, backend):
    """The seeded hub with room for deep nested queries (12 levels, 25,000 nodes), past the defaults."""
    server = HubServer(seeded_database, backend, limits=Limits(max_depth=12, max_nodes=25_000)).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def deep_api(deep_server):
    client = GraphQLClient(deep_server.url)
    yield client
    client.close()


async def _drop_table(database_url: str, table: str) -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            cascade = " CASCADE" if database_url.startswith("postgresql") else ""
            await connection.execute(text(f"DROP TABLE {table}{cascade}"))
    finally:
        await engine.dispose()


@pytest.fixture
def broken_server(empty_database, backend):
    """A hub whose database lost a table it reads: every city query fails in a way nobody planned."""
    asyncio.run(_drop_table(empty_database, "cities"))
    server = HubServer(empty_database, backend).start()
    yield server
    server.stop()
