"""The `Node` interface every kind implements, and `Link`, the typed edge between two nodes."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from inspect import isawaitable
from typing import Annotated

import strawberry

from hub.access import require_staff
from hub.audit import AuditTarget
from hub.ids import LINK_TYPE_NAME, TYPE_NAMES, to_global_id
from hub.links import Direction, LinkTuple
from hub.models import Link as LinkRow
from hub.models import LinkKind as LinkKindValue
from hub.models import Node as NodeRow
from hub.models import NodeKind as NodeKindValue
from hub.paging import PageRequest, page_list
from hub.records import is_node_of_kind
from schema.access import authorize
from schema.audit import AuditEntry, audit_connection
from schema.context import Info
from schema.enums import LinkDirection, LinkKind, LinkRole, NodeKind, ReportingCadence
from schema.errors import hub_refusals
from schema.lang import Lang, pick
from schema.plain import plain
from schema.relay import Connection, connection_from_page

# The paging arguments of every connection field.
First = Annotated[int | None, strawberry.argument(description="Return at most this many items from the start (1..100, default 20).")]
After = Annotated[str | None, strawberry.argument(description="Return items after this cursor.")]
Last = Annotated[int | None, strawberry.argument(description="Return at most this many items from the end (1..100).")]
Before = Annotated[str | None, strawberry.argument(description="Return items before this cursor.")]


def page_request(first: int | None, after: str | None, last: int | None, before: str | None) -> PageRequest:
    request = PageRequest(first=first, after=after, last=last, before=before)
    with hub_refusals():
        request.size()
    return request


def in_lang(info: Info, lang: Lang | str | None, vi: str | None, en: str | None) -> str | None:
    """The text in the asked language, else the request's (a plain resolver gets the enum's value, not its member)."""
    return pick(Lang(lang) if lang else info.context.lang, vi, en)


@plain
def node_name(
    root: NodeRow, info: Info, lang: Annotated[Lang | None, strawberry.argument(description="Language of the name.")] = None
) -> str:
    return in_lang(info, lang, root.name_vi, root.name_en)


@plain
def node_description(
    root: NodeRow, info: Info, lang: Annotated[Lang | None, strawberry.argument(description="Language of the description.")] = None
) -> str | None:
    return in_lang(info, lang, root.description_vi, root.description_en)


@plain
def node_aliases(root: NodeRow, info: Info) -> list[str]:
    return list(root.aliases or [])


@plain
def node_links(
    root: NodeRow,
    info: Info,
    kind: Annotated[list[LinkKind] | None, strawberry.argument(description="Only links of these kinds.")] = None,
    direction: Annotated[LinkDirection, strawberry.argument(description="Outgoing, incoming or both.")] = Direction.BOTH,
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> Connection[Link]:
    request = page_request(first, after, last, before)
    key = (root.id, frozenset(LinkKindValue(k).value for k in kind or ()), Direction(direction))
    rows = info.context.loaders.links.get(key)
    if isawaitable(rows):  # not looked ahead: wait for the loader's batch
        return _links_connection_later(rows, request, via=root.id)
    return _links_connection(rows, request, via=root.id)


@strawberry.interface(description="Anything in the network: plans, initiatives, tasks, agencies, spaces, designers, cities, events.")
class Node:
    @classmethod
    def resolve_type(cls, row: NodeRow, _info, _abstract_type) -> str:
        """The object type of a row, from its kind: one lookup instead of trying each type's `is_type_of`."""
        return TYPE_NAMES[row.kind]  # NodeKind is a str enum: the stored string is its key

    # Attributes of the row, read by GraphQL without a resolver call, and plain resolvers (schema.plain).
    global_id: strawberry.ID = strawberry.field(name="id", description="Global ID, usable with `node(id:)`.")
    kind: NodeKind = strawberry.field(description="What kind of node this is.")

    name: str = strawberry.field(
        resolver=node_name, description="The name in the asked language (default: Accept-Language, else Vietnamese)."
    )
    name_vi: str = strawberry.field(description="Vietnamese name.")
    name_en: str | None = strawberry.field(description="English name, when one is known.")
    aliases: list[str] = strawberry.field(
        resolver=node_aliases, description="Other names this node is known by (spellings without diacritics, abbreviations)."
    )
    description: str | None = strawberry.field(
        resolver=node_description, description="A short description in the asked language, when one is known."
    )
    source: str | None = strawberry.field(description="Where the facts about this node come from (URL or citation).")
    version: int = strawberry.field(description="Revision number; increases with every change.")
    created_at: datetime = strawberry.field(description="When the node was recorded.")
    updated_at: datetime = strawberry.field(description="When the node last changed.")
    links: Connection[Link] = strawberry.field(resolver=node_links, description="The links of this node, ordered by kind then age.")

    @strawberry.field(description="Every write to this node, newest first.")
    async def history(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[AuditEntry]:
        authorize(info, require_staff, "Read a node's history")
        return await audit_connection(info, page_request(first, after, last, before), target=(self.kind, self.id))


async def link_history(
    root: Link, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
) -> Connection[AuditEntry]:
    authorize(info, require_staff, "Read a link's history")
    return await audit_connection(info, page_request(first, after, last, before), target=(AuditTarget.LINK.value, root.row_id))


# A link's node ends are plain resolvers handing GraphQL the loaded row, or else the loader's awaitable.
@plain
def link_from(root: Link, info: Info) -> Node:
    return info.context.loaders.node.get(root.from_id)


@plain
def link_to(root: Link, info: Info) -> Node:
    return info.context.loaders.node.get(root.to_id)


@plain
def link_other(root: Link, info: Info) -> Node:
    return info.context.loaders.node.get(root.from_id if root.via == root.to_id else root.to_id)


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
    def from_row(cls, row: LinkRow | LinkTuple, via: int | None = None) -> Link:
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

    history: Connection[AuditEntry] = strawberry.field(resolver=link_history, description="Every write to this link, newest first.")
    from_: Node = strawberry.field(name="from", resolver=link_from, description="The node the link starts from.")
    to: Node = strawberry.field(resolver=link_to, description="The node the link points to.")
    other: Node = strawberry.field(
        resolver=link_other, description="The end that is not the node you came from (`to` when reached directly)."
    )


def _links_connection(rows: list[LinkTuple], request: PageRequest, via: int) -> Connection[Link]:
    """One page of a node's links (all of them already loaded, in order)."""
    with hub_refusals():
        page = page_list(rows, key_of=lambda link: link.id, request=request, order_name="links")

    async def total() -> int:
        return len(rows)

    return connection_from_page(page, total, wrap=lambda row: Link.from_row(row, via=via))


async def _links_connection_later(rows: Awaitable[list[LinkTuple]], request: PageRequest, via: int) -> Connection[Link]:
    return _links_connection(await rows, request, via)


def implements(kind: NodeKindValue):
    """Let GraphQL tell which object type a node (record or ORM row) is."""

    def is_type_of(cls, obj, _info) -> bool:
        return is_node_of_kind(obj, kind)

    return classmethod(is_type_of)
