"""Relay cursor connections with totalCount (the global IDs themselves are in hub.ids)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry

from hub.paging import Page

T = TypeVar("T")


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
