"""Batch loaders, built fresh for every request, so nested lists cost one statement per level.

A loader gathers keys until the event loop has turned a few times with no new key, then loads them
in one call. Resolvers at the same depth reach their loads after different numbers of turns (a
field resolved in its parent's coroutine is quicker than one resolved by the executor), so a
loader that fired on the first turn would split one level into several statements.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from hub.links import Direction, LinkTuple, links_by_id, links_touching
from hub.models import Node, ProgressReport
from hub.nodes import get_nodes
from hub.reports import latest_reports

Read = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]  # runs work on the operation's session

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
LinksKey = tuple[int, frozenset[str], Direction]
SETTLE_TURNS = 8


class BatchLoader(Generic[K, V]):
    """Load by key, batched and cached for the request."""

    def __init__(self, load_batch: Callable[[list[K]], Awaitable[Sequence[V]]]) -> None:
        self._load_batch = load_batch
        self._futures: dict[K, asyncio.Future[V]] = {}
        self._pending: dict[K, asyncio.Future[V]] = {}  # asked for, not yet in a batch
        self._dispatcher: asyncio.Task | None = None

    def load(self, key: K) -> Awaitable[V]:
        future = self._futures.get(key)
        if future is None:
            future = self._futures[key] = self._pending[key] = asyncio.get_running_loop().create_future()
            if self._dispatcher is None:
                self._dispatcher = asyncio.create_task(self._dispatch())
        return future

    def get(self, key: K) -> V | Awaitable[V]:
        """The value itself once loaded (so a resolver can answer at once), else an awaitable of it."""
        future = self._futures.get(key)
        if future is not None and future.done() and future.exception() is None:
            return future.result()
        return self.load(key)

    async def load_many(self, keys: Sequence[K]) -> list[V]:
        return list(await asyncio.gather(*(self.load(key) for key in keys)))

    async def load_now(self, keys: Sequence[K]) -> list[V]:
        """Load every key not yet asked for in one batch, at once (look-ahead knows the whole batch already)."""
        loop = asyncio.get_running_loop()
        missing = {key: loop.create_future() for key in dict.fromkeys(keys) if key not in self._futures}
        self._futures.update(missing)
        futures = [self._futures[key] for key in keys]
        if missing:
            await self._fill(missing)
        return list(await asyncio.gather(*futures))

    def clear(self) -> None:
        """Forget every loaded value; a batch still on its way settles its waiters all the same."""
        self._futures = {}

    async def _dispatch(self) -> None:
        seen = -1
        while seen != len(self._pending):
            seen = len(self._pending)
            for _ in range(SETTLE_TURNS):
                await asyncio.sleep(0)
        batch, self._pending, self._dispatcher = self._pending, {}, None
        await self._fill(batch)

    async def _fill(self, batch: dict[K, asyncio.Future[V]]) -> None:
        """Load the batch's keys in one call and settle their futures; on failure every waiter gets the error, and may ask again."""
        try:
            values = await self._load_batch(list(batch))
        except Exception as error:
            for key, future in batch.items():
                if self._futures.get(key) is future:
                    del self._futures[key]
                if not future.done():  # a waiter cancelled by an operation already answered
                    future.set_exception(error)
            return
        for future, value in zip(batch.values(), values, strict=True):
            if not future.done():
                future.set_result(value)


class Loaders:
    """Every loader of one request; they read through the context's single session."""

    def __init__(self, read: Read) -> None:
        self._read = read
        self.node: BatchLoader[int, Node | None] = BatchLoader(self._load_nodes)
        self.links: BatchLoader[LinksKey, list[LinkTuple]] = BatchLoader(self._load_links)
        self.link: BatchLoader[int, LinkTuple | None] = BatchLoader(self._load_link_rows)
        self.latest_report: BatchLoader[int, ProgressReport | None] = BatchLoader(self._load_latest_reports)

    def clear(self) -> None:
        """Let go of everything loaded, once the operation is answered."""
        for loader in (self.node, self.links, self.link, self.latest_report):
            loader.clear()

    async def _load_nodes(self, ids: list[int]) -> list[Node | None]:
        found = await self._read(lambda session: get_nodes(session, ids))
        return [found.get(node_id) for node_id in ids]

    async def _load_link_rows(self, ids: list[int]) -> list[LinkTuple | None]:
        found = await self._read(lambda session: links_by_id(session, ids))
        return [found.get(link_id) for link_id in ids]

    async def _load_latest_reports(self, target_ids: list[int]) -> list[ProgressReport | None]:
        found = await self._read(lambda session: latest_reports(session, target_ids))
        return [found.get(target_id) for target_id in target_ids]

    async def _load_links(self, keys: list[LinksKey]) -> list[list[LinkTuple]]:
        """One statement per distinct (kinds, direction) asked for in this batch."""
        groups: dict[tuple[frozenset[str], Direction], list[int]] = defaultdict(list)
        for node_id, kinds, direction in keys:
            groups[(kinds, direction)].append(node_id)
        results: dict[LinksKey, list[LinkTuple]] = {}
        for (kinds, direction), node_ids in groups.items():
            found = await self._read(lambda session, ids=node_ids, k=kinds, d=direction: links_touching(session, ids, kinds=k, direction=d))
            for node_id in node_ids:
                results[(node_id, kinds, direction)] = found.get(node_id, [])
        return [results[key] for key in keys]
