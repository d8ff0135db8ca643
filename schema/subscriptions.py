"""Live updates over graphql-transport-ws: thin resolvers over the process's broker of committed changes."""

from __future__ import annotations

import enum
from collections.abc import AsyncGenerator, Callable
from typing import Annotated

import strawberry

from hub.access import require_admin
from hub.events import Change, every_change, network_changes, reports_on
from hub.ids import LINK_TYPE_NAME, node_key, node_row_id, to_global_id
from hub.models import AuditEntry as AuditRow
from hub.models import NodeKind
from hub.models import ProgressReport as ReportRow
from schema.access import authorize
from schema.audit import AuditEntry
from schema.context import Info
from schema.errors import hub_refusals
from schema.reports import ProgressReport


@strawberry.enum(description="What a change touched.")
class ChangeTarget(enum.Enum):
    NODE = "NODE"
    LINK = "LINK"


@strawberry.enum(description="What a write did.")
class ChangeAction(enum.Enum):
    CREATED = "CREATE"
    UPDATED = "UPDATE"
    ARCHIVED = "ARCHIVE"
    RESTORED = "RESTORE"
    DELETED = "DELETE"


@strawberry.type(description="A node or link changed; load it by `id` for more.")
class NetworkChange:
    target: ChangeTarget = strawberry.field(description="Whether a node or a link changed.")
    kind: str = strawberry.field(description="The node kind (e.g. INITIATIVE) or the link kind (e.g. RESPONSIBLE_FOR).")
    id: strawberry.ID = strawberry.field(description="Global ID of the node or link.")
    action: ChangeAction = strawberry.field(description="What the write did to it.")
    data_version: int = strawberry.field(description="The write's data version: writes are numbered in commit order.")

    @classmethod
    def of(cls, change: Change) -> NetworkChange:
        node = change.target == "NODE"
        return cls(
            target=ChangeTarget(change.target),
            kind=change.kind or "",
            id=strawberry.ID(node_key(change.kind, change.row_id) if node else to_global_id(LINK_TYPE_NAME, change.row_id)),
            action=ChangeAction(change.action),
            data_version=change.data_version,
        )


async def _changes(info: Info, wanted: Callable[[Change], bool]) -> AsyncGenerator[Change, None]:
    """Committed changes `wanted` accepts; each is read with a fresh session, so it sees the write."""
    try:
        async for change in info.context.database.broker.subscribe(wanted):
            await info.context.renew()
            yield change
    finally:
        await info.context.close()


@strawberry.type(description="Live updates, sent after each write commits.")
class Subscription:
    @strawberry.subscription(description="A progress report was submitted on one of the initiative's assignments.")
    async def progress_reported(
        self, info: Info, initiative: Annotated[strawberry.ID, strawberry.argument(description="The initiative's global ID.")]
    ) -> AsyncGenerator[ProgressReport, None]:
        with hub_refusals():
            initiative_id = node_row_id(initiative, field="initiative", kind=NodeKind.INITIATIVE)
        async for change in _changes(info, reports_on(initiative_id)):
            row = await info.context.read(lambda session: session.get(ReportRow, change.row_id))  # noqa: B023 -- awaited at once
            if row is not None:
                yield ProgressReport(row=row)

    @strawberry.subscription(description="A node or link changed; `kinds` keeps nodes of those kinds and links touching one.")
    async def network_changed(
        self,
        info: Info,
        kinds: Annotated[list[NodeKind] | None, strawberry.argument(description="Only these node kinds (all when omitted).")] = None,
    ) -> AsyncGenerator[NetworkChange, None]:
        wanted = network_changes(None if kinds is None else [kind.value for kind in kinds])
        async for change in _changes(info, wanted):
            yield NetworkChange.of(change)

    @strawberry.subscription(description="Each new audit log entry (administrators only).")
    async def audit_appended(self, info: Info) -> AsyncGenerator[AuditEntry, None]:
        authorize(info, require_admin, "Read the audit log")
        async for change in _changes(info, every_change):
            row = await info.context.read(lambda session: session.get(AuditRow, change.audit_id))  # noqa: B023 -- awaited at once
            if row is not None:
                yield AuditEntry(row=row)
