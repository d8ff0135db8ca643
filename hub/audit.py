"""The audit trail: who changed what, with the row before and after, written with the change itself."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.models import AuditEntry, Link, Node, ProgressReport
from hub.paging import Page, PageRequest, SortKey, count, paginate

# Columns that say nothing a reader of the trail needs (derived from the names).
_DERIVED = {"sort_name", "search_key", "country_key"}


class Action(str, enum.Enum):
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    ARCHIVE = "ARCHIVE"
    RESTORE = "RESTORE"
    DELETE = "DELETE"


class AuditTarget(str, enum.Enum):
    """What an entry is about when it is not a node; a node's entries carry its kind (a NodeKind value)."""

    LINK = "LINK"
    REPORT = "REPORT"


_NOT_NODES = tuple(target.value for target in AuditTarget)


def is_node_target(target_type: str) -> bool:
    """Whether an entry's target type is a node kind rather than a link or a report."""
    return target_type not in _NOT_NODES


def snapshot(row: Node | Link | ProgressReport) -> dict[str, Any]:
    """The row's stored values as JSON-ready data."""
    values = {}
    for attribute in inspect(row).mapper.column_attrs:
        if attribute.key in _DERIVED:
            continue
        value = getattr(row, attribute.key)
        values[attribute.key] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return values


def target_type(row: Node | Link | ProgressReport) -> str:
    """Nodes by their kind; links and reports, which have none, by what they are."""
    if isinstance(row, Link):
        return AuditTarget.LINK.value
    if isinstance(row, ProgressReport):
        return AuditTarget.REPORT.value
    return row.kind


async def record(
    session: AsyncSession, *, actor: str, action: Action, row: Node | Link | ProgressReport, before: dict | None
) -> AuditEntry:
    """Append one entry for a write already flushed in this transaction."""
    entry = AuditEntry(
        actor=actor,
        action=action.value,
        target_type=target_type(row),
        target_id=row.id,
        before=before,
        after=None if action is Action.DELETE else snapshot(row),
        data_version=session.info.get("data_version"),
    )
    session.add(entry)
    return entry


def _entries(*, target: tuple[str, int] | None = None, actor: str | None = None) -> Select:
    statement = select(AuditEntry)
    if target is not None:
        kind, row_id = target
        same_type = AuditEntry.target_type == kind if not is_node_target(kind) else AuditEntry.target_type.not_in(_NOT_NODES)
        statement = statement.where(AuditEntry.target_id == row_id, same_type)
    if actor is not None:
        statement = statement.where(AuditEntry.actor == actor)
    return statement


async def audit_page(
    session: AsyncSession, *, page: PageRequest, target: tuple[str, int] | None = None, actor: str | None = None
) -> Page[AuditEntry]:
    """Entries newest first; `target` is (AuditTarget value, id) or (node kind, id)."""
    return await paginate(
        session,
        _entries(target=target, actor=actor),
        order_name="audit",
        keys=[SortKey(AuditEntry.id, descending=True)],
        id_column=AuditEntry.id,
        request=page,
    )


async def count_entries(session: AsyncSession, *, target: tuple[str, int] | None = None, actor: str | None = None) -> int:
    return await count(session, _entries(target=target, actor=actor))


class BulkChanges:
    """Audit for bulk writers (seeding, imports): remember rows before changing them, record once flushed."""

    def __init__(self, actor: str) -> None:
        self.actor = actor
        self._before: dict[int, tuple[Node | Link, dict | None]] = {}
        self._changed: list[Node | Link] = []

    def watch(self, row: Node | Link) -> None:
        """Call before changing `row`: a stored row's values are kept as its `before`."""
        self._before.setdefault(id(row), (row, snapshot(row) if row.id is not None else None))

    def changed(self, row: Node | Link) -> None:
        if all(row is not seen for seen in self._changed):
            self._changed.append(row)

    async def record(self, session: AsyncSession) -> None:
        """One CREATE or UPDATE entry per changed row; call after the rows are flushed."""
        await session.flush()
        for row in self._changed:
            before = self._before.get(id(row), (row, None))[1]
            await record(session, actor=self.actor, action=Action.UPDATE if before else Action.CREATE, row=row, before=before)
        self._changed.clear()
