"""Network questions that never stall the server (DESIGN.md §7): costly ones off the event loop, every answer kept.

Costly questions (centrality, communities, gaps) run in a worker thread, one at a time per
process, behind a bounded queue; cheap ones run inline on the event loop. Every answer is kept
per (data version, question, arguments, day) in a bounded LRU, so asking again before the next
write costs nothing. Asking what is already being computed waits for that computation.

Why so, measured on `seeds.synthetic` at 1k / 10k / 100k nodes (2-core machine, one thread):
- The worker computes on a frozen copy of the graph (`GraphSnapshot.frozen`), taken under the
  snapshot's lock: 6 ms / 70 ms / 1.0 s, a tenth or less of the cheapest costly question (gaps
  63 ms / 0.8 s / 8.9 s; PageRank 78 ms / 0.8 s / 13 s; Louvain 56 ms / 1.0 s / 21 s;
  betweenness 1.6 s / 9 s). Computing on the live graph under the lock instead copies nothing,
  but the next write's graph update (`advance`, on the event loop) would wait for the lock the
  whole computation long, stalling the server. Questions queued at one version share one copy.
- A thread hop costs 30–50 µs, but the cheap questions (path, neighborhood, collaborators,
  responsibility, responsibility_matrix, suggestions, stats) take 0.1–2 ms on typical nodes and at
  most 0.2–0.5 s at 100k nodes (a path across the city ring, depth 3 around the plan, the plan's
  suggestions): less than the copy a thread needs, and queued behind a betweenness run they would
  wait tens of seconds. They stay inline.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict, deque
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.snapshot import GraphSnapshot
from hub.config import Limits
from hub.errors import ErrorCode, HubError

OFFLOADED = frozenset({"centrality", "communities", "gaps"})
KEPT_ANSWERS = 256  # per process; answers of an older data version are never asked for again and age out
CENTRALITY_COSTS = {"DEGREE": 2, "PAGERANK": 10, "EIGENVECTOR": 10, "BETWEENNESS": 25}
COSTS = {"communities": 15, "gaps": 10, "suggestions": 5}

Key = tuple[int, str, tuple[tuple[str, Hashable], ...], date | None]


def question_cost(field_name: str, arguments: Mapping[str, Any]) -> int:
    """The rate-limit points one `network` field costs, in proportion to the work it asks of the server.

    Measured on the synthetic network at 1k / 10k / 100k nodes:

    ===================================================  ======  ==================================
    field                                                points  work
    ===================================================  ======  ==================================
    centrality(measure: BETWEENNESS)                     25      1.6 s / 9–20 s / 26–32 s (sampled
                                                                 above 2,000 nodes)
    communities                                          15      56 ms / 1.0 s / 21 s
    centrality(measure: PAGERANK or EIGENVECTOR)         10      78 ms / 0.8 s / 13 s
    gaps                                                 10      63 ms / 0.8 s / 8.9 s
    suggestions                                          5       ≤ 2 ms / ≤ 15 ms / ≤ 0.45 s (the
                                                                 plan's, 500 busy neighbours)
    centrality(measure: DEGREE), the default             2       5 ms / 51 ms / 1.0 s
    anything else: stats, path, neighborhood,            1       ≤ 2 ms / ≤ 15 ms / ≤ 0.5 s
    collaborators, responsibility, responsibilityMatrix
    ===================================================  ======  ==================================

    A kept answer costs the same: the points price the question, not whether this process
    happens to have it. A measure that is not a known name (an unresolved value) is charged as
    the costliest.

    Examples
    --------
    >>> question_cost("centrality", {"measure": "BETWEENNESS", "top": 5}), question_cost("centrality", {})
    (25, 2)
    >>> question_cost("gaps", {}), question_cost("path", {"from": "a", "to": "b"})
    (10, 1)
    """
    if field_name == "centrality":
        measure = arguments.get("measure", "DEGREE")
        return CENTRALITY_COSTS.get(getattr(measure, "value", measure), max(CENTRALITY_COSTS.values()))
    return COSTS.get(field_name, 1)


@dataclass(eq=False)
class _Job:
    """One costly question asked and not yet answered, and how many askers still wait for it."""

    key: Key
    snapshot: GraphSnapshot
    arguments: dict[str, Any]
    future: asyncio.Future
    waiters: int = 0


class NetworkQuestions:
    """This process's network answers: costly questions computed one at a time in a worker thread, all kept.

    `computed` counts the computations made (inline or in the worker; a kept answer adds none) and
    `waiting` the costly questions waiting their turn: what an operator (or a test) can watch.
    """

    def __init__(self, *, kept: int = KEPT_ANSWERS) -> None:
        self.computed = 0
        self._capacity = kept
        self._kept: OrderedDict[Key, Any] = OrderedDict()
        self._jobs: dict[Key, _Job] = {}  # waiting or running
        self._waiting: deque[_Job] = deque()
        self._running: _Job | None = None
        self._frozen: tuple[GraphSnapshot, GraphSnapshot] | None = None  # (live, its copy), the worker's own

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def answer(
        self,
        *,
        snapshot: GraphSnapshot,
        question: str,
        arguments: Mapping[str, Hashable],
        day: date | None,
        limits: Limits,
        inputs: Mapping[str, Any] | None = None,
    ) -> Any:
        """The snapshot's answer to `question` (graph.snapshot.QUESTIONS) as of `day`, given `arguments` and `inputs`.

        `inputs` are further arguments that follow from the data version (a gap's report dates),
        so they are not part of the key. A costly question waits at most `limits.request_timeout`
        seconds; past it the asker gets LIMIT_EXCEEDED while the computation goes on, its answer
        kept for the next asker. When `limits.network_queue` questions already wait, a new one is
        refused at once with LIMIT_EXCEEDED.
        """
        key: Key = (snapshot.version, question, tuple(sorted(arguments.items())), day)
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        called = {**arguments, **(inputs or {})}
        if question not in OFFLOADED:
            found = snapshot.ask(question, day, called)
            self.computed += 1
            self._keep(key, found)
            return found
        job = self._jobs.get(key) or self._enqueue(key, snapshot, called, limits.network_queue)
        job.waiters += 1
        if self._running is None:
            self._start_next()
        try:
            return await asyncio.wait_for(asyncio.shield(job.future), limits.request_timeout)
        except TimeoutError:
            raise HubError(
                ErrorCode.LIMIT_EXCEEDED,
                f"The network question took longer than the request timeout of {limits.request_timeout:g} seconds; "
                "it is still being computed, and asking again later gets its answer.",
                extensions={"limit": "request_timeout", "value": limits.request_timeout},
            ) from None
        finally:
            job.waiters -= 1

    def _enqueue(self, key: Key, snapshot: GraphSnapshot, arguments: dict[str, Any], bound: int) -> _Job:
        if self._running is not None and len(self._waiting) >= bound:
            raise HubError(
                ErrorCode.LIMIT_EXCEEDED,
                f"{bound} costly network questions already wait their turn in this server; ask again shortly.",
                extensions={"limit": "network_queue", "value": bound},
            )
        future = asyncio.get_running_loop().create_future()
        future.add_done_callback(_retrieved)
        job = self._jobs[key] = _Job(key, snapshot, arguments, future)
        self._waiting.append(job)
        return job

    def _start_next(self) -> None:
        """Start the next question someone still waits for; questions all of whose askers left are dropped."""
        self._running = None
        while self._waiting:
            job = self._waiting.popleft()
            if job.waiters == 0:
                del self._jobs[job.key]
                job.future.cancel()
                continue
            self._running = job
            loop = asyncio.get_running_loop()
            threading.Thread(target=self._work, args=(job, loop), name="network-question", daemon=True).start()
            return
        self._frozen = None  # idle: the copy's memory goes back

    def _work(self, job: _Job, loop: asyncio.AbstractEventLoop) -> None:
        """In the worker thread: compute on a frozen copy, then hand the outcome to the event loop."""
        try:
            frozen = self._freeze(job.snapshot)
            _, question, _, day = job.key
            outcome: tuple[bool, Any, int] = (True, frozen.ask(question, day, job.arguments), frozen.version)
        except Exception as error:  # the askers get it, as they would have inline
            outcome = (False, error, job.key[0])
        try:
            loop.call_soon_threadsafe(self._finish, job, outcome)
        except RuntimeError:  # the loop has closed: the server stopped, nobody is left to answer
            pass

    def _freeze(self, snapshot: GraphSnapshot) -> GraphSnapshot:
        """The copy the previous question used when the graph has not moved since, else a new one."""
        if self._frozen is None or self._frozen[0] is not snapshot or self._frozen[1].version != snapshot.version:
            self._frozen = (snapshot, snapshot.frozen())
        return self._frozen[1]

    def _finish(self, job: _Job, outcome: tuple[bool, Any, int]) -> None:
        succeeded, value, version = outcome
        del self._jobs[job.key]
        if succeeded:
            self.computed += 1
            self._keep((version, *job.key[1:]), value)  # the copy may be newer than the version asked at
            job.future.set_result(value)
        else:
            job.future.set_exception(value)
        self._start_next()

    def _keep(self, key: Key, found: Any) -> None:
        self._kept[key] = found
        self._kept.move_to_end(key)
        while len(self._kept) > self._capacity:
            self._kept.popitem(last=False)


def _retrieved(future: asyncio.Future) -> None:
    """Mark a failure as seen, so one whose askers all left is not reported as never retrieved."""
    if not future.cancelled():
        future.exception()
