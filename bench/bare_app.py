"""The ceiling for the load benchmark: a bare strawberry app answering the directory query from memory.

Its types mirror the benchmark's directory query (agencies with their first links and each link's
other end) and nothing else: no database per request, no loaders, no access checks, no limits.
The data is read once, at start-up, from the database in HUB_DATABASE_URL, in the hub's orders
(agencies by name then id, a node's links by kind then id), so it answers with the hub's JSON.

Run: `python -m uvicorn --app-dir bench --factory bare_app:create_app` (bench/load.py does).
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
class Agency:
    id: strawberry.ID
    name: str
    all_links: strawberry.Private[list[Link]]

    @strawberry.field
    def links(self, first: int = 20) -> LinkConnection:
        return LinkConnection(edges=[LinkEdge(node=link) for link in self.all_links[:first]])


@strawberry.type
class AgencyEdge:
    node: Agency


@strawberry.type
class AgencyConnection:
    edges: list[AgencyEdge]


AGENCIES: list[Agency] = []  # filled once at start-up


@strawberry.type
class Query:
    @strawberry.field
    def agencies(self, first: int = 20) -> AgencyConnection:
        return AgencyConnection(edges=[AgencyEdge(node=agency) for agency in AGENCIES[:first]])


async def load_directory(database: Database) -> list[Agency]:
    """Every live agency with all its links, as the hub would list them."""
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
    agencies = sorted((n for n in nodes if n.kind == NodeKind.AGENCY.value), key=lambda n: (n.sort_name, n.id))
    return [Agency(id=others[n.id].id, name=others[n.id].name, all_links=touching[n.id]) for n in agencies]


def create_app() -> Starlette:
    database = Database(Settings.from_env())

    @asynccontextmanager
    async def lifespan(_app: Starlette):
        AGENCIES[:] = await load_directory(database)
        await database.dispose()
        yield

    return Starlette(routes=[Route("/graphql", GraphQL(strawberry.Schema(query=Query)))], lifespan=lifespan)
