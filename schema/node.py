"""The `Node` interface every kind implements, and `Link`, the typed edge between two nodes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from hub.access import require_staff
from hub.errors import HubError
from hub.links import Direction
from hub.models import Link as LinkRow
from hub.models import Node as NodeRow
from hub.models import NodeKind as NodeKindValue
from hub.paging import PageRequest, page_list
from hub.ids import LINK_TYPE_NAME, TYPE_NAMES, to_global_id
from schema.audit import AuditEntry, audit_connection
from schema.access import authorize
from schema.context import Info
from schema.enums import LinkDirection, LinkKind, LinkRole, NodeKind, ReportingCadence
from schema.errors import graphql_error
from schema.lang import Lang, pick
from schema.relay import Connection, connection_from_page

# The paging arguments of every connection field.
First = Annotated[int | None, strawberry.argument(description="Return at most this many items from the start (1..100, default 20).")]
After = Annotated[str | None, strawberry.argument(description="Return items after this cursor.")]
Last = Annotated[int | None, strawberry.argument(description="Return at most this many items from the end (1..100).")]
Before = Annotated[str | None, strawberry.argument(description="Return items before this cursor.")]


def page_request(first: int | None, after: str | None, last: int | None, before: str | None) -> PageRequest:
    request = PageRequest(first=first, after=after, last=last, before=before)
    try:
        request.size()
    except HubError as error:
        raise graphql_error(error) from None
    return request


@strawberry.interface(description="Anything in the network: plans, initiatives, tasks, agencies, spaces, designers, cities, events.")
class Node:
    @classmethod
    def resolve_type(cls, row: NodeRow, _info, _abstract_type) -> str:
        """The object type of a row, from its kind: one lookup instead of trying each type's `is_type_of`."""
        return TYPE_NAMES[NodeKindValue(row.kind)]

    # Plain attributes of the row: GraphQL reads them without a resolver call (no Info, no arguments).
    global_id: strawberry.ID = strawberry.field(name="id", description="Global ID, usable with `node(id:)`.")
    kind: NodeKind = strawberry.field(description="What kind of node this is.")

    @strawberry.field(description="The name in the asked language (default: Accept-Language, else Vietnamese).")
    def name(self, info: Info, lang: Annotated[Lang | None, strawberry.argument(description="Language of the name.")] = None) -> str:
        return pick(lang or info.context.lang, self.name_vi, self.name_en)

    @strawberry.field(description="Vietnamese name.")
    def name_vi(self) -> str:
        return self.name_vi

    @strawberry.field(description="English name, when one is known.")
    def name_en(self) -> str | None:
        return self.name_en

    @strawberry.field(description="Other names this node is known by (spellings without diacritics, abbreviations).")
    def aliases(self) -> list[str]:
        return list(self.aliases or [])

    @strawberry.field(description="A short description in the asked language, when one is known.")
    def description(self, info: Info, lang: Annotated[Lang | None, strawberry.argument(description="Language of the description.")] = None) -> str | None:
        return pick(lang or info.context.lang, self.description_vi, self.description_en)

    @strawberry.field(description="Where the facts about this node come from (URL or citation).")
    def source(self) -> str | None:
        return self.source

    @strawberry.field(description="Revision number; increases with every change.")
    def version(self) -> int:
        return self.version

    @strawberry.field(description="When the node was recorded.")
    def created_at(self) -> datetime:
        return self.created_at

    @strawberry.field(description="When the node last changed.")
    def updated_at(self) -> datetime:
        return self.updated_at

    @strawberry.field(description="The links of this node, ordered by kind then age.")
    async def links(
        self,
        info: Info,
        kind: Annotated[list[LinkKind] | None, strawberry.argument(description="Only links of these kinds.")] = None,
        direction: Annotated[LinkDirection, strawberry.argument(description="Outgoing, incoming or both.")] = Direction.BOTH,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Link]:
        request = page_request(first, after, last, before)
        kinds = frozenset(k.value for k in kind or ())
        rows: list[LinkRow] = await info.context.loaders.links.load((self.id, kinds, Direction(direction)))
        try:
            page = page_list(rows, cursor_of=lambda link: link.id, request=request, order_name="links")
        except HubError as error:
            raise graphql_error(error) from None

        async def total() -> int:
            return len(rows)

        return connection_from_page(page, total, wrap=lambda row: Link.from_row(row, via=self.id))


    @strawberry.field(description="Every write to this node, newest first.")
    async def history(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[AuditEntry]:
        authorize(info, require_staff, "Read a node's history")
        return await audit_connection(info, page_request(first, after, last, before), target=(self.kind, self.id))


@strawberry.type(description="A typed, time-bounded relation between two nodes, with its own source.")
class Link:
    """A link row's values copied once, so GraphQL reads its scalars as plain attributes."""

    global_id: strawberry.ID = strawberry.field(name="id", description="Global ID of the link.")
    kind: LinkKind = strawberry.field(description="What the link says: responsible for, part of, partners with…")
    role: LinkRole | None = strawberry.field(description="The part the `from` node plays, e.g. LEAD or SPONSOR.")
    since: date | None = strawberry.field(description="First day the link holds, when known.")
    until: date | None = strawberry.field(description="Last day the link holds, when known.")
    note: str | None = strawberry.field(description="A short note on the link.")
    source: str | None = strawberry.field(description="Where the fact comes from (URL or citation).")
    reporting_cadence: ReportingCadence | None = strawberry.field(
        description="How often the responsible agency reports (RESPONSIBLE_FOR links)."
    )
    version: int = strawberry.field(description="Revision number; increases with every change.")
    row_id: strawberry.Private[int]
    from_id: strawberry.Private[int]
    to_id: strawberry.Private[int]
    via: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: LinkRow, via: int | None = None) -> Link:
        """The link as GraphQL shows it; `via` is the node it was reached from, if any (see `other`)."""
        return cls(
            global_id=strawberry.ID(to_global_id(LINK_TYPE_NAME, row.id)),
            kind=row.kind,
            role=row.role,
            since=row.since,
            until=row.until,
            note=row.note,
            source=row.source,
            reporting_cadence=row.reporting_cadence,
            version=row.version,
            row_id=row.id,
            from_id=row.from_id,
            to_id=row.to_id,
            via=via,
        )

    @strawberry.field(description="Every write to this link, newest first.")
    async def history(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[AuditEntry]:
        authorize(info, require_staff, "Read a link's history")
        return await audit_connection(info, page_request(first, after, last, before), target=("LINK", self.row_id))

    # The node ends hand GraphQL the loader's awaitable: no coroutine of their own to schedule per link.
    @strawberry.field(name="from", description="The node the link starts from.")
    def from_(self, info: Info) -> Node:
        return info.context.loaders.node.load(self.from_id)

    @strawberry.field(description="The node the link points to.")
    def to(self, info: Info) -> Node:
        return info.context.loaders.node.load(self.to_id)

    @strawberry.field(description="The end that is not the node you came from (`to` when reached directly).")
    def other(self, info: Info) -> Node:
        other_id = self.from_id if self.via == self.to_id else self.to_id
        return info.context.loaders.node.load(other_id)


def implements(model: type[NodeRow]):
    """Let GraphQL tell which object type an ORM row of `model` is."""

    def is_type_of(cls, obj, _info) -> bool:
        return isinstance(obj, model)

    return classmethod(is_type_of)


