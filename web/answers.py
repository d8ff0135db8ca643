"""Kept answers: whole HTTP answers served again, before GraphQL runs, while the data is unchanged.

The hub is read far more often than it is written. A request asked again, by a caller who may see
the same things (role and scope, never the token itself), in the same language and media type, is
answered with the bytes of its first answer if the data version is still the one that answer was
computed at. The door still identifies and charges the caller; nothing is parsed, validated or
executed. A write bumps the version, so the next read in any process misses and runs afresh.

Only a clean answer to a query that selects nothing changing without a write (`viewer`, `tokens`)
is kept. `today` is part of the key: a few answers ("overdue as of today") change at midnight.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date

import orjson
from graphql import DocumentNode, FieldNode, Visitor, visit

from hub.access import Viewer
from web.bounded import BoundedCache

UNCACHEABLE_FIELDS = frozenset({"viewer", "tokens", "lastUsedAt"})  # change without a data version bump
KEY_OVERHEAD = 200  # bytes a key costs besides its request text


@dataclass(frozen=True)
class Audience:
    """What decides which data a caller may see: the role and its scope."""

    role: str
    city_id: int | None = None
    agency_id: int | None = None

    @classmethod
    def of(cls, viewer: Viewer) -> Audience:
        return cls(viewer.role.value, viewer.city_id, viewer.agency_id)


@dataclass(frozen=True)
class KeptAnswer:
    """An HTTP answer as it was sent, and the data version it was computed at."""

    status: int
    media_type: str
    body: bytes
    data_version: int


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    stores: int = 0
    evictions: int = 0
    entries: int = 0
    bytes: int = 0


def request_identity(method: str, normalised_document: str, operation_name: object, variables: object) -> bytes:
    """What a request asks, whatever its spacing, comments or key order (a persisted query is its document)."""
    return orjson.dumps([method, normalised_document, operation_name, variables], option=orjson.OPT_SORT_KEYS)


def cacheable(document: DocumentNode) -> bool:
    """Whether answers to `document` may be kept: it selects nothing that changes without a write."""
    fields: set[str] = set()

    class FieldNames(Visitor):
        def enter_field(self, node: FieldNode, *_args) -> None:
            fields.add(node.name.value)

    visit(document, FieldNames())
    return not (fields & UNCACHEABLE_FIELDS)


class AnswerCache:
    """Kept answers by request identity, audience, language, media type and day, bounded in entries and bytes."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self._kept: BoundedCache[KeptAnswer] = BoundedCache(max_entries=max_entries, max_bytes=max_bytes)
        self._stats = CacheStats()

    @property
    def enabled(self) -> bool:
        return self._kept.max_entries > 0

    def key(self, *, identity: bytes, media_type: str, viewer: Viewer, lang: str) -> Hashable | None:
        """The key an answer to this request is kept under; None when it is too large to keep."""
        key = (identity, media_type, Audience.of(viewer), lang, date.today())
        return key if self._kept.fits(len(identity) + KEY_OVERHEAD) else None

    def kept(self, key: Hashable) -> KeptAnswer | None:
        """The answer kept under `key`, whatever its data version (not counted: it may be out of date)."""
        return self._kept.get(key)

    def hit(self) -> None:
        """Count an answer served from the cache."""
        self._stats.hits += 1

    def keep(self, key: Hashable, answer: KeptAnswer | None) -> None:
        """Count a cacheable query that ran, and keep its answer when there is one to keep."""
        self._stats.misses += 1
        if answer is not None and self._kept.put(key, answer, size=len(answer.body) + len(key[0]) + KEY_OVERHEAD):
            self._stats.stores += 1

    def stats(self) -> CacheStats:
        return CacheStats(**{**vars(self._stats), "entries": len(self._kept), "bytes": self._kept.bytes, "evictions": self._kept.evictions})
