"""What a committed write changed, told to live subscribers: small events drawn from the audit trail.

An event names what changed (ids, kinds, the action and the data version); a subscriber loads
whatever else it needs. Events leave a process only after their transaction commits: with SQLite
the write path hands them to this process's broker, with PostgreSQL a NOTIFY sent inside the
transaction is delivered at commit to every process's listener (hub.listener).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import AuditTarget
from hub.models import AuditEntry, Node

logger = logging.getLogger("hub")
CHANNEL = "hub_changes"
# PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; a bigger write sends its version only.
MAX_PAYLOAD = 7500
# A subscriber this far behind is ended rather than let memory grow without bound.
QUEUE_SIZE = 10_000


@dataclass(frozen=True)
class Change:
    """One audit entry, as much as a subscriber needs to decide whether it cares."""

    audit_id: int
    data_version: int
    action: str  # the audit action: CREATE, UPDATE, ARCHIVE, RESTORE, DELETE
    target: str  # NODE, LINK or REPORT
    kind: str | None  # the node kind or the link kind; None for a report
    row_id: int
    end_kinds: tuple[str, ...] = ()  # a link's end kinds (from, to)
    subject_id: int | None = None  # a report's initiative, task or event

    def touches(self, kinds: Iterable[str] | None) -> bool:
        """A node of one of `kinds`, or a link with an end of one of them; any change when `kinds` is None."""
        if self.target == AuditTarget.REPORT:
            return False
        if kinds is None:
            return True
        wanted = set(kinds)
        return self.kind in wanted if self.target == "NODE" else bool(wanted.intersection(self.end_kinds))


def reports_on(initiative_id: int) -> Callable[[Change], bool]:
    """A progress report submitted on one of the initiative's assignments (the initiative is its target)."""
    return lambda change: change.target == AuditTarget.REPORT and change.action == "CREATE" and change.subject_id == initiative_id


def network_changes(kinds: Iterable[str] | None) -> Callable[[Change], bool]:
    """A node of one of `kinds` changed, or a link touching one; any node or link when `kinds` is None."""
    kinds = None if kinds is None else frozenset(kinds)
    return lambda change: change.touches(kinds)


def every_change(_change: Change) -> bool:
    return True


async def describe(session: AsyncSession, entries: list[AuditEntry]) -> list[Change]:
    """Changes for audit entries, in order; link ends are looked up for their kinds."""
    ends = {
        entry.target_id: (values["from_id"], values["to_id"])
        for entry in entries
        if entry.target_type == AuditTarget.LINK and (values := entry.after or entry.before)
    }
    node_ids = {node_id for pair in ends.values() for node_id in pair}
    kinds = dict((await session.execute(select(Node.id, Node.kind).where(Node.id.in_(node_ids)))).all()) if node_ids else {}
    changes = []
    for entry in entries:
        values = entry.after or entry.before or {}
        if entry.target_type == AuditTarget.LINK:
            target, kind = AuditTarget.LINK.value, values.get("kind")
            end_kinds = tuple(kinds.get(node_id, "") for node_id in ends.get(entry.target_id, ()))
        elif entry.target_type == AuditTarget.REPORT:
            target, kind, end_kinds = AuditTarget.REPORT.value, None, ()
        else:
            target, kind, end_kinds = "NODE", entry.target_type, ()
        changes.append(
            Change(
                audit_id=entry.id,
                data_version=entry.data_version or 0,
                action=entry.action,
                target=target,
                kind=kind,
                row_id=entry.target_id,
                end_kinds=end_kinds,
                subject_id=values.get("target_id") if target == AuditTarget.REPORT else None,
            )
        )
    return changes


async def changes_since(session: AsyncSession, version: int, *, through: int | None = None) -> list[Change]:
    """Every change committed after data version `version` (up to `through`), in commit order: the catch-up path."""
    statement = select(AuditEntry).where(AuditEntry.data_version > version)
    if through is not None:
        statement = statement.where(AuditEntry.data_version <= through)
    entries = list(await session.scalars(statement.order_by(AuditEntry.data_version, AuditEntry.id)))
    return await describe(session, entries)


def encode(version: int, changes: list[Change]) -> str:
    """A NOTIFY payload: the changes themselves, or only the version when they would not fit."""
    payload = json.dumps({"v": version, "changes": [asdict(change) for change in changes]}, separators=(",", ":"))
    if len(payload.encode()) < MAX_PAYLOAD:
        return payload
    return json.dumps({"v": version})


def decode(payload: str) -> tuple[int, list[Change] | None]:
    """The version and its changes; None when the sender left them to be read from the audit log."""
    message = json.loads(payload)
    changes = message.get("changes")
    if changes is None:
        return message["v"], None
    return message["v"], [Change(**{**change, "end_kinds": tuple(change["end_kinds"])}) for change in changes]


class Broker:
    """This process's fan-out: each subscriber gets the published changes it wants, in order, on its own queue."""

    def __init__(self) -> None:
        self._queues: dict[asyncio.Queue[Change | None], Callable[[Change], bool]] = {}

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    def publish(self, changes: list[Change]) -> None:
        for queue, wanted in list(self._queues.items()):
            try:
                for change in filter(wanted, changes):
                    queue.put_nowait(change)
            except asyncio.QueueFull:  # end that subscription (the client sees it complete) rather than grow
                logger.warning("a live subscriber fell %d changes behind and was ended", QUEUE_SIZE)
                del self._queues[queue]
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait(None)

    async def subscribe(self, wanted: Callable[[Change], bool]) -> AsyncIterator[Change]:
        """The changes `wanted` accepts, from now on, until the caller stops iterating."""
        queue: asyncio.Queue[Change | None] = asyncio.Queue(QUEUE_SIZE)
        self._queues[queue] = wanted
        try:
            while (change := await queue.get()) is not None:
                yield change
        finally:
            self._queues.pop(queue, None)
