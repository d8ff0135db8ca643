"""Throwaway PostgreSQL databases for the benchmarks: created empty, dropped with everything in them."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import asyncpg


@contextmanager
def scratch_postgres_database(url: str) -> Iterator[str]:
    """A new, empty database on the server `url` names (with or without a database); yields its URL."""
    server = urlsplit(url)._replace(path="", query="").geturl()
    name = f"hub_bench_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server}/{name}"
    finally:
        asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(server: str, statement: str) -> None:
    connection = await asyncpg.connect(f"{server}/postgres")
    try:
        await connection.execute(statement)
    finally:
        await connection.close()
