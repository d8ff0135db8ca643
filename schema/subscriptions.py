"""Live updates over graphql-transport-ws: thin resolvers over the process's broker of committed changes."""

from __future__ import annotations

import enum
from contextvars import ContextVar
from collections.abc import AsyncGenerator, Callable
from typing import Annotated

import strawberry
from graphql import GraphQLError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler

from hub.access import require_admin
from hub.errors import ErrorCode, HubError
from hub.events import Change, every_change, network_changes, reports_on
from hub.ids import LINK_TYPE_NAME, node_key, node_row_id, to_global_id
from hub.models import AuditEntry as AuditRow
from hub.models import NodeKind
from hub.models import ProgressReport as ReportRow
from schema.access import authorize
from schema.audit import AuditEntry
from schema.context import Context, Info
from schema.errors import graphql_error
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
    def of(cls, change: Change) -> "NetworkChange":
        node = change.target == "NODE"
        return cls(
            target=ChangeTarget(change.target),
            kind=change.kind or "",
            id=strawberry.ID(node_key(change.kind, change.row_id) if node else to_global_id(LINK_TYPE_NAME, change.row_id)),
            action=ChangeAction(change.action),
            data_version=change.data_version,
        )


def _admit(info: Info) -> None:
    """The door check of HTTP (a refused token, reads closed to the public), which strawberry skips for subscriptions."""
    try:
        info.context.admit()
    except HubError as error:
        raise graphql_error(error) from None


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
        _admit(info)
        try:
            initiative_id = node_row_id(initiative, field="initiative", kind=NodeKind.INITIATIVE)
        except HubError as error:
            raise graphql_error(error) from None
        async for change in _changes(info, reports_on(initiative_id)):
            row = await info.context.read(lambda session: session.get(ReportRow, change.row_id))
            if row is not None:
                yield ProgressReport(row=row)

    @strawberry.subscription(description="A node or link changed; `kinds` keeps nodes of those kinds and links touching one.")
    async def network_changed(
        self,
        info: Info,
        kinds: Annotated[list[NodeKind] | None, strawberry.argument(description="Only these node kinds (all when omitted).")] = None,
    ) -> AsyncGenerator[NetworkChange, None]:
        _admit(info)
        wanted = network_changes(None if kinds is None else [kind.value for kind in kinds])
        async for change in _changes(info, wanted):
            yield NetworkChange.of(change)

    @strawberry.subscription(description="Each new audit log entry (administrators only).")
    async def audit_appended(self, info: Info) -> AsyncGenerator[AuditEntry, None]:
        _admit(info)
        authorize(info, require_admin, "Read the audit log")
        async for change in _changes(info, every_change):
            row = await info.context.read(lambda session: session.get(AuditRow, change.audit_id))
            if row is not None:
                yield AuditEntry(row=row)


_operation_context: ContextVar[Context | None] = ContextVar("operation_context", default=None)


class LimitedTransportWS(BaseGraphQLTransportWSHandler):
    """graphql-transport-ws with the hub's cap on operations per socket, refused with LIMIT_EXCEEDED.

    Each operation on the socket runs with a context of its own (the socket's caller, a session and
    loaders of its own), so operations running side by side neither share a session nor see each
    other's cached reads, and one's end does not close another's session.
    """

    @property
    def context(self) -> Context:
        return _operation_context.get() or self._socket_context

    @context.setter
    def context(self, value: Context) -> None:
        self._socket_context = value

    async def handle_subscribe(self, message) -> None:
        """Start the operation's task inside its own context (a task copies the context variables it starts with)."""
        token = _operation_context.set(self._socket_context.for_operation())
        try:
            await self._subscribe_within_limit(message)
        finally:
            _operation_context.reset(token)

    async def _subscribe_within_limit(self, message) -> None:
        limit = self.context.settings.limits.max_subscriptions
        if self.connection_acknowledged and message.get("id") not in self.operations and len(self.operations) >= limit:
            error = GraphQLError(
                f"At most {limit} subscriptions may be active on one connection; complete one first.",
                extensions={"code": ErrorCode.LIMIT_EXCEEDED.value, "limit": "max_subscriptions", "value": limit},
            )
            await self.send_message({"id": message["id"], "type": "error", "payload": [error.formatted]})
            return
        await super().handle_subscribe(message)
