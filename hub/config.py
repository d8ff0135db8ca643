"""Settings read once from the environment, so every entry point agrees on them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SQLITE_PATH = Path("var") / "hub.sqlite3"


def _default_database_url() -> str:
    return f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}"


@dataclass(frozen=True)
class Settings:
    """Everything configurable; see the README's configuration table."""

    database_url: str = field(default_factory=_default_database_url)
    host: str = "127.0.0.1"
    port: int = 8000
    sql_echo: bool = False
    home_city: str = "Hanoi"  # the member city whose monitoring report the hub drafts

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        return cls(
            database_url=normalize_database_url(env.get("HUB_DATABASE_URL") or _default_database_url()),
            host=env.get("HUB_HOST", "127.0.0.1"),
            port=int(env.get("HUB_PORT", "8000")),
            sql_echo=env.get("HUB_SQL_ECHO", "") == "1",
            home_city=env.get("HUB_HOME_CITY", "Hanoi"),
        )


def normalize_database_url(url: str) -> str:
    """Accept the plain URLs operators know and pick the async driver for them."""
    for plain, driver in (
        ("postgres://", "postgresql+asyncpg://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain):]
    return url
