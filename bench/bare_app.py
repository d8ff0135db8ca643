"""The ceiling for the benchmarks: a bare strawberry app answering the directory queries from memory.

Its types mirror the benchmarks' directory queries (agencies or cities with their first links and
each link's other end) and nothing else: no database per request, no loaders, no access checks, no
limits. The data is read once, at start-up, from the database in HUB_DATABASE_URL, in the hub's
orders (by name then id, a node's links by kind then id), so it answers with the hub's JSON.

Run: `python -m uvicorn --app-dir bench --factory bare_app:create_app` (bench/load.py and
bench/peers/run.py do).
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import strawberry
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL

from hub.config import Settings
from hub.db import Database
from hub.ids import TYPE_NAMES, to_global_id
from hub.models import Link as LinkRow
from hub.models import Node as NodeRow
from hub.models import NodeKind
from schema.enums import LinkKind


@strawberry.type
class Other:
    id: strawberry.ID
    name: str


@strawberry.type
class Link:
    kind: LinkKind
    other: Other


@strawberry.type
class LinkEdge:
    node: Link


@strawberry.type
class LinkConnection:
    edges: list[LinkEdge]


@strawberry.type
class Listed:
    """An agency or a city of the directory lists."""

    id: strawberry.ID
    name: str
    all_links: strawberry.Private[list[Link]]

    @strawberry.field
    def links(self, first: int = 20) -> LinkConnection:
        return LinkConnection(edges=[LinkEdge(node=link) for link in self.all_links[:first]])


@strawberry.type
class ListedEdge:
    node: Listed


@strawberry.type
class ListedConnection:
    edges: list[ListedEdge]


LISTS: dict[NodeKind, list[Listed]] = {}  # filled once at start-up


def first_of(kind: NodeKind, first: int) -> ListedConnection:
    return ListedConnection(edges=[ListedEdge(node=listed) for listed in LISTS[kind][:first]])


@strawberry.type
class Query:
    @strawberry.field
    def agencies(self, first: int = 20) -> ListedConnection:
        return first_of(NodeKind.AGENCY, first)

    @strawberry.field
    def cities(self, first: int = 20) -> ListedConnection:
        return first_of(NodeKind.CITY, first)


async def load_directory(database: Database) -> dict[NodeKind, list[Listed]]:
    """Every live agency and city with all its links, as the hub would list them."""
    async with database.read() as session:
        nodes = list(await session.scalars(select(NodeRow).where(NodeRow.archived_at.is_(None))))
        links = list(await session.scalars(select(LinkRow).order_by(LinkRow.kind, LinkRow.id)))
    others = {n.id: Other(id=strawberry.ID(to_global_id(TYPE_NAMES[NodeKind(n.kind)], n.id)), name=n.name_vi or n.name_en) for n in nodes}
    touching: dict[int, list[Link]] = {n.id: [] for n in nodes}
    for row in links:
        if row.from_id in touching:
            touching[row.from_id].append(Link(kind=LinkKind(row.kind), other=others[row.to_id]))
        if row.to_id in touching and row.to_id != row.from_id:
            touching[row.to_id].append(Link(kind=LinkKind(row.kind), other=others[row.from_id]))
    ordered = sorted(nodes, key=lambda n: (n.sort_name, n.id))
    return {
        kind: [Listed(id=others[n.id].id, name=others[n.id].name, all_links=touching[n.id]) for n in ordered if n.kind == kind.value]
        for kind in (NodeKind.AGENCY, NodeKind.CITY)
    }


def create_app() -> Starlette:
    database = Database(Settings.from_env())

    @asynccontextmanager
    async def lifespan(_app: Starlette):
        LISTS.update(await load_directory(database))
        await database.dispose()
        yield

    return Starlette(routes=[Route("/graphql", GraphQL(strawberry.Schema(query=Query)))], lifespan=lifespan)
