"""What a request loaded is let go as soon as it is answered, without waiting for the cycle collector.

Under load, rows kept alive by reference cycles until the collector ran cost a fifth to a third of
a directory answer's CPU, measured with bench/directory_profile.py. The server runs in this test's process, so the test can
count the nodes and links (records or ORM rows) still alive after an answer while the cycle
collector is off.
"""

from __future__ import annotations

import asyncio
import gc

from hub.links import LinkTuple
from hub.models import Link, Node
from hub.records import RECORD_TYPES
from schema.loaders import BatchLoader

DIRECTORY = "{ agencies(first: 50) { edges { node { id name links(first: 10) { edges { node { kind other { id name } } } } } } } }"


ROW_TYPES = (Node, Link, LinkTuple, *RECORD_TYPES.values())


def rows_alive() -> int:
    return sum(isinstance(thing, ROW_TYPES) for thing in gc.get_objects())


def test_an_answered_request_leaves_no_rows_behind(api):
    api.data(DIRECTORY)  # anything the first answer builds once (compiled statements, caches) is built
    gc.collect()
    gc.disable()
    try:
        before = rows_alive()
        for first in range(1, 6):  # different queries: none is answered from the response cache
            answer = api.data(DIRECTORY.replace("first: 10", f"first: {first}"))
            assert any(edge["node"]["links"]["edges"] for edge in answer["agencies"]["edges"]), "the seed's agencies have links"
        assert rows_alive() == before
    finally:
        gc.enable()


async def test_a_batch_under_way_when_the_loader_is_cleared_still_answers_its_waiters():
    release = asyncio.Event()

    async def load_batch(keys: list[int]) -> list[int]:
        await release.wait()
        return [key * 10 for key in keys]

    loader: BatchLoader[int, int] = BatchLoader(load_batch)
    waiting = asyncio.gather(loader.load(1), loader.load(2))
    await asyncio.sleep(0.01)  # the batch has been dispatched and waits for its rows
    loader.clear()
    release.set()
    assert await asyncio.wait_for(waiting, 5) == [10, 20]
    assert await asyncio.wait_for(loader.load(1), 5) == 10  # forgotten: loaded afresh


async def test_a_key_asked_for_before_clearing_and_not_yet_dispatched_is_still_answered():
    loader: BatchLoader[int, int] = BatchLoader(lambda keys: asyncio.sleep(0, [key + 1 for key in keys]))
    waiting = loader.load(1)
    loader.clear()
    assert await asyncio.wait_for(waiting, 5) == 2
