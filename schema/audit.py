"""The audit trail in GraphQL: `auditLog` at the root and `history` on every node."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from hub.audit import AuditTarget, audit_page, count_entries, is_node_target
from hub.ids import LINK_TYPE_NAME, REPORT_TYPE_NAME, TYPE_NAMES, to_global_id
from hub.models import AuditEntry as AuditRow
from hub.models import NodeKind
from hub.paging import PageRequest
from schema.context import Info
from schema.errors import hub_refusals
from schema.relay import Connection, connection_from_page


@strawberry.type(description="One write: who made it, what it changed, and the values before and after.")
class AuditEntry:
    row: strawberry.Private[AuditRow]

    @strawberry.field(description="When the write was committed.")
    def at(self) -> datetime:
        return self.row.at

    @strawberry.field(description="Who made the write.")
    def actor(self) -> str:
        return self.row.actor

    @strawberry.field(description="CREATE, UPDATE, ARCHIVE, RESTORE or DELETE.")
    def action(self) -> str:
        return self.row.action

    @strawberry.field(description="Global ID of the node or link written.")
    def target_id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(_type_name(self.row.target_type), self.row.target_id))

    @strawberry.field(description="The node written, when it is a node that still exists.")
    async def target(self, info: Info) -> Annotated[Node, strawberry.lazy("schema.node")] | None:  # noqa: F821 (named, not imported: schema.node imports this module)
        if not is_node_target(self.row.target_type):
            return None
        return await info.context.loaders.node.load(self.row.target_id)

    @strawberry.field(description="Stored values before the write (null for a creation).")
    def before(self) -> JSON | None:
        return self.row.before

    @strawberry.field(description="Stored values after the write (null for a deletion).")
    def after(self) -> JSON | None:
        return self.row.after


def _type_name(target_type: str) -> str:
    return {AuditTarget.LINK.value: LINK_TYPE_NAME, AuditTarget.REPORT.value: REPORT_TYPE_NAME}.get(target_type) or TYPE_NAMES[
        NodeKind(target_type)
    ]


async def audit_connection(
    info: Info, request: PageRequest, *, target: tuple[str, int] | None = None, actor: str | None = None
) -> Connection[AuditEntry]:
    """A page of the audit log, newest first."""
    with hub_refusals():
        page = await info.context.read(lambda session: audit_page(session, page=request, target=target, actor=actor))
    return connection_from_page(
        page,
        lambda: info.context.read(lambda session: count_entries(session, target=target, actor=actor)),
        wrap=lambda row: AuditEntry(row=row),
    )
