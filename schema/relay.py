"""Relay cursor connections with totalCount (the global IDs themselves are in hub.ids)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry

from hub.paging import Page
from schema.context import Info
from schema.plain import plain

T = TypeVar("T")


@plain
def first_cursor(root: PageInfo, info: Info) -> str | None:
    return root.page.cursor_of(root.page.items[0]) if root.page.items else None


@plain
def last_cursor(root: PageInfo, info: Info) -> str | None:
    return root.page.cursor_of(root.page.items[-1]) if root.page.items else None


@strawberry.type(description="Where a page sits in its list, for asking for the next or previous one.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(resolver=first_cursor, description="Cursor of the first item of the page.")
    end_cursor: str | None = strawberry.field(resolver=last_cursor, description="Cursor of the last item of the page.")
    page: strawberry.Private[Page]


@plain
def edge_cursor(root: Edge, info: Info) -> str:
    return root.page.cursor_of(root.item)


@strawberry.type(description="One item of a connection with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(resolver=edge_cursor, description="Pass as `after` or `before` to page from this item.")
    node: T = strawberry.field(description="The item.")
    item: strawberry.Private[object]  # what the page holds (a row), before `wrap` made the node of it
    page: strawberry.Private[Page]


@strawberry.type(description="A page of a list, with cursors (Relay cursor connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Paging state of this page.")
    count_total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds, across all pages.")
    async def total_count(self) -> int:
        return await self.count_total()


def connection_from_page(page: Page, count_total: Callable[[], Awaitable[int]], wrap=lambda item: item) -> Connection:
    """A Connection for one page of hub items; cursors are encoded, and `count_total` run, only when asked for."""
    return Connection(
        edges=[Edge(node=wrap(item), item=item, page=page) for item in page.items],
        page_info=PageInfo(has_next_page=page.has_next_page, has_previous_page=page.has_previous_page, page=page),
        count_total=count_total,
    )
