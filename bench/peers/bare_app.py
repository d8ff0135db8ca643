"""The floor under the peer benchmark: a bare strawberry app answering the benchmark's query from memory.

It loads the first cities (by sort name) and their links once from the database, then serves them
with plain resolvers on the same server stack as the hub (uvicorn, default loop and HTTP parser), so
the hub's cold path can be compared with GraphQL execution and nothing else.
Run: PEERS_PORT=PORT python bench/peers/bare_app.py DATABASE_URL
"""

from __future__ import annotations

import asyncio
import base64
import os
import sys
from dataclasses import dataclass, field

import asyncpg
import strawberry
import uvicorn
from strawberry.asgi import GraphQL

CITY_LIMIT = 100  # the hub's largest page
TYPE_NAMES = {
    "PLAN": "Plan", "INITIATIVE": "Initiative", "TASK": "Task", "AGENCY": "Agency",
    "CREATIVE_SPACE": "CreativeSpace", "DESIGNER": "Designer", "CITY": "City", "EVENT": "Event",
}  # fmt: skip


def global_id(kind: str, row_id: int) -> str:
    return base64.b64encode(f"{TYPE_NAMES[kind]}:{row_id}".encode()).decode()


@strawberry.type
class Node:
    id: strawberry.ID
    name: str


@strawberry.type
class Link:
    kind: str
    other: Node


@strawberry.type
class LinkEdge:
    node: Link


@strawberry.type
class LinkConnection:
    edges: list[LinkEdge]


@dataclass
class CityRow:
    id: str
    name: str
    links: list[Link] = field(default_factory=list)


@strawberry.type
class City:
    row: strawberry.Private[CityRow]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.row.id)

    @strawberry.field
    def name(self) -> str:
        return self.row.name

    @strawberry.field
    def links(self, first: int = 20) -> LinkConnection:
        return LinkConnection(edges=[LinkEdge(node=link) for link in self.row.links[:first]])


@strawberry.type
class CityEdge:
    node: City


@strawberry.type
class CityConnection:
    edges: list[CityEdge]


CITIES: list[CityRow] = []


@strawberry.type
class Query:
    @strawberry.field
    def cities(self, first: int = 20) -> CityConnection:
        return CityConnection(edges=[CityEdge(node=City(row=row)) for row in CITIES[:first]])


async def load(database_url: str) -> list[CityRow]:
    """The first cities by sort name, each with its links by kind then id, as the hub lists them."""
    connection = await asyncpg.connect(database_url)
    try:
        cities = await connection.fetch(
            "SELECT id, name_vi FROM nodes WHERE kind = 'CITY' AND archived_at IS NULL"
            " ORDER BY sort_name, id LIMIT $1",
            CITY_LIMIT,
        )
        rows = {c["id"]: CityRow(id=global_id("CITY", c["id"]), name=c["name_vi"]) for c in cities}
        links = await connection.fetch(
            "SELECT l.kind, l.from_id, l.to_id, f.kind AS from_kind, f.name_vi AS from_name,"
            " t.kind AS to_kind, t.name_vi AS to_name FROM links l"
            " JOIN nodes f ON f.id = l.from_id JOIN nodes t ON t.id = l.to_id"
            " WHERE l.from_id = ANY($1) OR l.to_id = ANY($1) ORDER BY l.kind, l.id",
            list(rows),
        )
    finally:
        await connection.close()
    for link in links:
        if link["from_id"] in rows:
            far = Node(id=strawberry.ID(global_id(link["to_kind"], link["to_id"])), name=link["to_name"])
            rows[link["from_id"]].links.append(Link(kind=link["kind"], other=far))
        if link["to_id"] in rows and link["to_id"] != link["from_id"]:
            far = Node(id=strawberry.ID(global_id(link["from_kind"], link["from_id"])), name=link["from_name"])
            rows[link["to_id"]].links.append(Link(kind=link["kind"], other=far))
    return list(rows.values())


def main(database_url: str, port: int) -> None:
    CITIES.extend(asyncio.run(load(database_url)))
    app = GraphQL(strawberry.Schema(query=Query), graphql_ide=None)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info")


if __name__ == "__main__":
    main(sys.argv[1], int(os.environ["PEERS_PORT"]))
