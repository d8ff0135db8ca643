"""Whole responses kept per process, keyed by everything that can change them (DESIGN.md §7).

The hub is read far more often than it is written, so a request asked again by a caller who may
see the same things, in the same language and media type, while the data version is the one its
answer was computed at, gets the bytes of that answer without running GraphQL again. A write bumps
the version, and the next read (in any process) misses, runs fresh and replaces the entry.
Entries are bounded by count and bytes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Audience:
    """What decides which data a caller may see: the role and its scope (never the token itself)."""

    role: str
    city_id: int | None = None
    agency_id: int | None = None


@dataclass(frozen=True)
class CachedAnswer:
    """An HTTP answer as it was sent (what a hit sends again), and the data version it was computed at."""

    status: int
    media_type: str
    body: bytes
    data_version: int


def response_key(*, request: bytes, media_type: str, audience: Audience, lang: str, today: date) -> Hashable:
    """The identity of one request: what it asks (`request`: method, normalised document, operation, variables,
    extensions), who may see what, and the rest.

    `today` is part of the key because a few answers (reports overdue "as of today") change at
    midnight without any write.
    """
    return request, media_type, audience, lang, today


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    stores: int = 0
    evictions: int = 0
    entries: int = 0
    bytes: int = 0


class ResponseCache:
    """A least-recently-used map from keys to response data, bounded by entries and by encoded bytes."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[CachedAnswer, int]] = OrderedDict()
        self._bytes = 0
        self._stats = CacheStats()

    def kept(self, key: Hashable) -> CachedAnswer | None:
        """The answer kept under `key`, whatever its data version (not counted: it may be out of date)."""
        entry = self._entries.get(key)
        return None if entry is None else entry[0]

    def hit(self, key: Hashable) -> None:
        """Count an answer served from the cache, and keep it longest."""
        self._entries.move_to_end(key)
        self._stats.hits += 1

    def miss(self) -> None:
        """Count a cacheable query that had to run."""
        self._stats.misses += 1

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0

    def put(self, key: Hashable, value: CachedAnswer) -> None:
        """Keep `value`; one over a tenth of the byte budget is not worth evicting others for."""
        size = len(value.body)
        if not self.enabled or size > self.max_bytes // 10:
            return
        previous = self._entries.pop(key, None)
        if previous is not None:
            self._bytes -= previous[1]
        self._entries[key] = (value, size)
        self._bytes += size
        self._stats.stores += 1
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            _, (_, evicted_size) = self._entries.popitem(last=False)
            self._bytes -= evicted_size
            self._stats.evictions += 1

    def stats(self) -> CacheStats:
        return CacheStats(**{**vars(self._stats), "entries": len(self._entries), "bytes": self._bytes})
