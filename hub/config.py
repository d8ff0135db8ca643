"""Settings read once from the environment, so every entry point agrees on them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from hub.paging import MAX_PAGE_SIZE

DEFAULT_SQLITE_PATH = Path("var") / "hub.sqlite3"


def _default_database_url() -> str:
    return f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}"


@dataclass(frozen=True)
class Limits:
    """What one request may ask of the server (DESIGN.md §6); each refusal names its limit and value."""

    max_depth: int = 10  # selection depth; introspection is exempt
    max_aliases: int = 15
    max_tokens: int = 2000  # lexical tokens per document
    max_directives: int = 50
    max_page_size: int = MAX_PAGE_SIZE  # `first`/`last`; larger is refused, never clamped; the store's ceiling caps it
    max_nodes: int = 10_000  # the product of nested page sizes, checked before execution
    max_body_bytes: int = 1024 * 1024
    max_subscriptions: int = 20  # per WebSocket
    cache_size: int = 1000  # parsed and validated documents (and persisted queries) kept per process
    document_cache_bytes: int = 16 * 1024 * 1024  # what those documents may hold in all; larger ones are never kept
    request_timeout: float = 30.0  # seconds
    network_queue: int = 8  # costly network questions waiting their turn in a process (hub.network_questions); more are refused

    def __post_init__(self) -> None:
        if self.max_page_size > MAX_PAGE_SIZE:  # the store would refuse such pages anyway: say so at start-up
            raise ValueError(f"max_page_size is {self.max_page_size}, above the store's ceiling of {MAX_PAGE_SIZE} (HUB_MAX_PAGE_SIZE).")


@dataclass(frozen=True)
class RateLimits:
    """Points per minute a caller may spend; a read costs 1, a write `write_cost`."""

    anonymous: int = 600  # per client address
    token: int = 3000  # per token
    write_cost: int = 10


@dataclass(frozen=True)
class Settings:
    """Everything configurable; docs/reference.md#configuration lists each setting."""

    database_url: str = field(default_factory=_default_database_url)
    host: str = "127.0.0.1"
    port: int = 8000
    sql_echo: bool = False
    database_pool: int = 20  # database connections each process keeps open: about the requests it serves at once
    home_city: str = "city:vietnam:hanoi"  # the member city whose monitoring report the hub drafts: its seed key or global ID
    env: str = "development"  # "production" turns off field suggestions
    public_reads: bool = True  # callers without a token may read non-personal data
    allowed_origins: tuple[str, ...] = ()  # browser origins besides the hub's own (CORS, WebSocket)
    metrics_readers: str = "admin"  # who may read /metrics: "admin", "staff" or "public"
    limits: Limits = field(default_factory=Limits)
    response_cache_entries: int = 1000  # whole query responses kept per process; 0 turns the cache off
    response_cache_bytes: int = 64 * 1024 * 1024
    rate_limits: RateLimits = field(default_factory=RateLimits)

    @property
    def production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            database_url=normalize_database_url(env.get("HUB_DATABASE_URL") or _default_database_url()),
            host=env.get("HUB_HOST", "127.0.0.1"),
            port=int(env.get("HUB_PORT", "8000")),
            sql_echo=env.get("HUB_SQL_ECHO", "") == "1",
            database_pool=int(env.get("HUB_DATABASE_POOL", "20")),
            home_city=env.get("HUB_HOME_CITY", "city:vietnam:hanoi"),
            env=env.get("HUB_ENV", "development"),
            public_reads=env.get("HUB_PUBLIC_READS", "1") != "0",
            allowed_origins=tuple(o.strip() for o in env.get("HUB_ALLOWED_ORIGINS", "").split(",") if o.strip()),
            metrics_readers=env.get("HUB_METRICS_READERS", "admin"),
            limits=_from_env(Limits, env),
            response_cache_entries=int(env.get("HUB_RESPONSE_CACHE_ENTRIES", "1000")),
            response_cache_bytes=int(env.get("HUB_RESPONSE_CACHE_BYTES", str(64 * 1024 * 1024))),
            rate_limits=_from_env(RateLimits, env, prefix="HUB_RATE_"),
        )


def _from_env(kind, env: dict[str, str], prefix: str = "HUB_"):
    """A dataclass of numbers, each overridable by PREFIX + its upper-cased name (HUB_MAX_DEPTH, HUB_RATE_TOKEN)."""
    defaults = kind()
    values = {}
    for name, value in vars(defaults).items():
        raw = env.get(prefix + name.upper())
        values[name] = value if raw is None else type(value)(raw)
    return kind(**values)


def normalize_database_url(url: str) -> str:
    """Accept the plain URLs operators know and pick the async driver for them."""
    for plain, driver in (
        ("postgres://", "postgresql+asyncpg://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url
