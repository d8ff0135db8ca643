"""Calls arriving while a batch is in flight share the next batch; each is answered from a batch begun after it asked."""

from __future__ import annotations

import asyncio

import pytest

from hub.coalesce import Coalescer


async def test_callers_waiting_together_share_one_batch_begun_after_they_asked():
    started: list[list[int]] = []
    release = asyncio.Event()

    async def run_batch(items: list[int]) -> list[int]:
        started.append(items)
        await release.wait()
        return [item * 10 for item in items]

    coalescer = Coalescer(run_batch)
    first = asyncio.create_task(coalescer.ask(1))
    await asyncio.sleep(0)  # the first batch is now in flight
    later = [asyncio.create_task(coalescer.ask(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    release.set()
    assert await first == 10
    assert [await task for task in later] == [20, 30, 40]
    # the calls made while the first batch ran were not answered by it, but by one more batch
    assert started == [[1], [2, 3, 4]]
    assert coalescer.batches == 2


async def test_a_failed_batch_fails_its_callers_and_the_next_batch_runs_afresh():
    calls = 0

    async def run_batch(items: list[str]) -> list[str]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("dropped")
        return items

    coalescer = Coalescer(run_batch)
    with pytest.raises(ConnectionError):
        await coalescer.ask("a")
    assert await coalescer.ask("b") == "b"
