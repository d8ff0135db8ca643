"""A least-recently-used map bounded by entries and by bytes: every cache the door keeps is one.

A cache bounded in entries only lets a caller grow the process by sending large keys or values
(forty 1 MB documents are 40 MB of keys alone); counting bytes bounds what any sequence of
requests can make the process hold. Whatever is larger than a tenth of the budget is not kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """Values by key, the least recently used dropped first, at most `max_entries` and `max_bytes`.

    >>> cache = BoundedCache(max_entries=2, max_bytes=100)
    >>> [cache.put(key, value, size=10) for key, value in (("a", 1), ("b", 2), ("c", 3))]
    [True, True, True]
    >>> cache.get("a") is None, cache.get("c")
    (True, 3)
    >>> cache.put("big", 4, size=11)  # over a tenth of the byte budget: not kept
    False
    """

    def __init__(self, *, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self.bytes = 0
        self.evictions = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> V | None:
        """The value kept under `key`, now the most recently used; None when there is none."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def fits(self, size: int) -> bool:
        """Whether a value of `size` bytes may be kept at all."""
        return self.max_entries > 0 and size <= self.max_bytes // 10

    def put(self, key: Hashable, value: V, *, size: int) -> bool:
        """Keep `value` (`size` bytes, its key included), evicting the least recently used past either bound;
        False when it is too large to keep."""
        if not self.fits(size):
            return False
        previous = self._entries.pop(key, None)
        if previous is not None:
            self.bytes -= previous[1]
        self._entries[key] = (value, size)
        self.bytes += size
        while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
            _, (_, evicted) = self._entries.popitem(last=False)
            self.bytes -= evicted
            self.evictions += 1
        return True
