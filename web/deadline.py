"""The request timeout (Limits.request_timeout): an operation past its deadline is stopped and answered at once.

The work runs as its own task. At the deadline the task is cancelled, which stops it at its next
await (a database query is cancelled, an open write transaction rolls back), and the caller is
answered immediately: the cancelled task finishes its clean-up in the background, so a query
stuck behind a database lock cannot hold the answer back. Work that never awaits (a long pure
computation) cannot be interrupted this way; it is stopped only when it next awaits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from hub.errors import ErrorCode, HubError

T = TypeVar("T")

_finishing: set[asyncio.Task] = set()  # cancelled work still cleaning up; kept referenced until done


class OperationTimedOut(HubError):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            ErrorCode.LIMIT_EXCEEDED,
            f"The operation took longer than the request timeout of {seconds:g} seconds and was stopped.",
            extensions={"limit": "request_timeout", "value": seconds},
        )


async def within(seconds: float, work: Coroutine[Any, Any, T], *, after_stop: Callable[[], Awaitable[None]]) -> T:
    """`work`'s result, or OperationTimedOut once `seconds` pass; `after_stop` runs when stopped work has wound down."""
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
    except asyncio.CancelledError:  # the caller went away: so does the work
        _stop(task, after_stop)
        raise
    if task in done:
        return task.result()
    _stop(task, after_stop)
    raise OperationTimedOut(seconds)


def _stop(task: asyncio.Task, after_stop: Callable[[], Awaitable[None]]) -> None:
    """Cancel `task` without waiting for it; its clean-up and `after_stop` go on in the background."""
    task.cancel()
    cleanup = asyncio.ensure_future(_wind_down(task, after_stop))
    _finishing.add(cleanup)
    cleanup.add_done_callback(_finishing.discard)


async def _wind_down(task: asyncio.Task, after_stop: Callable[[], Awaitable[None]]) -> None:
    await asyncio.wait({task})
    if not task.cancelled():
        task.exception()  # retrieved, so a late failure of stopped work is not reported as unhandled
    await after_stop()
