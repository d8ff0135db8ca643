"""Many concurrent requests, one round trip: calls that arrive while one is in flight share the next.

Under load, every request wanting the same kind of answer from the database (the data version, a
rate-limit charge) queues; one batch runs at a time and answers everyone waiting in it. Each caller
still gets an answer from a round trip that began after it asked, so nothing is answered from a
read older than the request; the database is asked once per batch instead of once per request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Answer = TypeVar("Answer")


class Coalescer(Generic[Item, Answer]):
    """Run `run_batch` on every item asked for while the previous batch was running; one batch at a time."""

    def __init__(self, run_batch: Callable[[list[Item]], Awaitable[Sequence[Answer]]]) -> None:
        self._run_batch = run_batch
        self._waiting: list[tuple[Item, asyncio.Future[Answer]]] = []
        self._runner: asyncio.Task | None = None
        self.batches = 0  # how many batches have run (tests read it)

    async def ask(self, item: Item) -> Answer:
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._runner is None:
            self._runner = asyncio.create_task(self._run())
        return await future

    async def _run(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                self.batches += 1
                try:
                    answers = await self._run_batch([item for item, _ in batch])
                except Exception as error:  # everyone in this batch gets the failure; the next batch tries afresh
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_, future), answer in zip(batch, answers, strict=True):
                    if not future.done():  # its caller gave up (a cancelled request)
                        future.set_result(answer)
        finally:
            self._runner = None
