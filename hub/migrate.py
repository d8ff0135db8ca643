"""Schema migrations through Alembic, configured in code so no ini file has to be found."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from hub.db import create_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def current_revision(database_url: str) -> str | None:
    """The revision the database is at, None when it was never migrated: what an upgrade reports it did."""

    async def read() -> str | None:
        engine = create_engine(database_url, pool_size=1)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())
        finally:
            await engine.dispose()

    return asyncio.run(read())


def upgrade(database_url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the database to `revision`, safe on an up-to-date one; the revisions before and after, to say what changed."""
    before = current_revision(database_url)
    command.upgrade(alembic_config(database_url), revision)
    return before, current_revision(database_url)
