"""Relay conventions: opaque global IDs and cursor connections with totalCount."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry

from hub.errors import bad_input
from hub.models import NodeKind
from hub.paging import Page

T = TypeVar("T")

# GraphQL type name of each node kind, as it appears inside global IDs.
TYPE_NAMES: dict[NodeKind, str] = {
    NodeKind.PLAN: "Plan",
    NodeKind.INITIATIVE: "Initiative",
    NodeKind.TASK: "Task",
    NodeKind.AGENCY: "Agency",
    NodeKind.CREATIVE_SPACE: "CreativeSpace",
    NodeKind.DESIGNER: "Designer",
    NodeKind.CITY: "City",
    NodeKind.EVENT: "Event",
}
KIND_BY_TYPE_NAME = {name: kind for kind, name in TYPE_NAMES.items()}
LINK_TYPE_NAME = "Link"
REPORT_TYPE_NAME = "ProgressReport"


def to_global_id(type_name: str, row_id: int) -> str:
    return base64.b64encode(f"{type_name}:{row_id}".encode()).decode()


def from_global_id(global_id: str, *, field: str = "id") -> tuple[str, int]:
    """(type name, row id) of a global ID; a malformed one is refused naming `field`."""
    try:
        type_name, _, raw_id = base64.b64decode(global_id, validate=True).decode().partition(":")
        row_id = int(raw_id)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad_input(f"{global_id!r} is not a valid ID.", field=field) from None
    if type_name not in KIND_BY_TYPE_NAME and type_name not in (LINK_TYPE_NAME, REPORT_TYPE_NAME):
        raise bad_input(f"{global_id!r} is not a valid ID.", field=field)
    return type_name, row_id


def node_row_id(global_id: str, *, field: str = "id", kind: NodeKind | None = None) -> int:
    """The row id behind a node's global ID, optionally insisting on its kind."""
    type_name, row_id = from_global_id(global_id, field=field)
    expected = TYPE_NAMES[kind] if kind else None
    if type_name not in KIND_BY_TYPE_NAME or (expected and type_name != expected):
        raise bad_input(f"{global_id!r} is not the ID of {'a ' + expected if expected else 'a node'}.", field=field)
    return row_id


@strawberry.type(description="Where a page sits in its list, for asking for the next or previous one.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of the page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item of the page.")


@strawberry.type(description="One item of a connection with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as `after` or `before` to page from this item.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, with cursors (Relay cursor connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Paging state of this page.")
    count_total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds, across all pages.")
    async def total_count(self) -> int:
        return await self.count_total()


def connection_from_page(page: Page, count_total: Callable[[], Awaitable[int]], wrap=lambda item: item) -> Connection:
    """A Connection for one page of hub items; `count_total` runs only if totalCount is asked for."""
    edges = [Edge(cursor=cursor, node=wrap(item)) for item, cursor in zip(page.items, page.cursors)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        count_total=count_total,
    )
