"""The shapes of `network` answers: each GraphQL type holds the keys graph/ returned and loads its nodes when asked."""

from __future__ import annotations

import enum
from datetime import date

import strawberry

from hub.ids import from_global_id
from schema.context import Info
from schema.node import Link, Node


async def _nodes(info: Info, keys: list[str]) -> list[Node]:
    return [node for node in await info.context.loaders.node.load_many([from_global_id(k)[1] for k in keys]) if node is not None]


async def _node(info: Info, key: str) -> Node | None:
    return await info.context.loaders.node.load(from_global_id(key)[1])


async def _links(info: Info, keys: list[str]) -> list[Link]:
    rows = await info.context.loaders.link.load_many([from_global_id(k)[1] for k in keys])
    return [Link.from_row(row) for row in rows if row is not None]


@strawberry.type(description="How many of something there are.")
class KindCount:
    kind: str = strawberry.field(description="A node or link kind.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="The size of the network.")
class NetworkStats:
    nodes: int = strawberry.field(description="Nodes in the network (archived ones are not).")
    links: int = strawberry.field(description="Links in the network.")
    nodes_by_kind: list[KindCount] = strawberry.field(description="Nodes per kind.")
    links_by_kind: list[KindCount] = strawberry.field(description="Links per kind.")


@strawberry.type(description="A chain of links from one node to another.")
class NetworkPath:
    node_keys: strawberry.Private[list[str]]
    link_keys: strawberry.Private[list[str]]

    @strawberry.field(description="The nodes along the way, from the start to the end.")
    async def nodes(self, info: Info) -> list[Node]:
        return await _nodes(info, self.node_keys)

    @strawberry.field(description="The links taken, one per hop, in order.")
    async def links(self, info: Info) -> list[Link]:
        return await _links(info, self.link_keys)


@strawberry.type(description="A node's surroundings: the nodes within reach and the links among them.")
class Neighborhood:
    node_keys: strawberry.Private[list[str]]
    link_keys: strawberry.Private[list[str]]

    @strawberry.field(description="The nodes within reach.")
    async def nodes(self, info: Info) -> list[Node]:
        return await _nodes(info, self.node_keys)

    @strawberry.field(description="The links among them.")
    async def edges(self, info: Info) -> list[Link]:
        return await _links(info, self.link_keys)


@strawberry.type(description="Someone a node works with, and through what.")
class Collaborator:
    key: strawberry.Private[str]
    shared_keys: strawberry.Private[list[str]]
    weight: int = strawberry.field(description="How many initiatives and events they share (a partnership counts one).")
    partner: bool = strawberry.field(description="Whether they are directly linked as partners.")

    @strawberry.field(description="The collaborator.")
    async def node(self, info: Info) -> Node | None:
        return await _node(info, self.key)

    @strawberry.field(description="The initiatives and events they share.")
    async def shared(self, info: Info) -> list[Node]:
        return await _nodes(info, self.shared_keys)


@strawberry.type(description="An agency responsible for an initiative, directly or through anything PART_OF it (events, tasks).")
class ResponsibleAgency:
    agency_key: strawberry.Private[str]
    item_keys: strawberry.Private[list[str]]
    parent_keys: strawberry.Private[list[str]]
    role: str | None = strawberry.field(description="LEAD, CO_LEAD, COORDINATE, SUPPORT or DIRECT.")
    reason: str = strawberry.field(description='Where the role was found, in words: "leads Hanoi Creative Design Festival 2024".')

    @strawberry.field(description="The agency.")
    async def agency(self, info: Info) -> Node | None:
        return await _node(info, self.agency_key)

    @strawberry.field(description="Where the role was found: the initiative itself, or the events and tasks PART_OF it.")
    async def through(self, info: Info) -> list[Node]:
        return await _nodes(info, self.item_keys)

    @strawberry.field(description="The agencies it is part of, nearest first.")
    async def parents(self, info: Info) -> list[Node]:
        return await _nodes(info, self.parent_keys)


@strawberry.type(description="One agency's roles in one initiative.")
class MatrixCell:
    agency_key: strawberry.Private[str]
    initiative_key: strawberry.Private[str]
    item_keys: strawberry.Private[list[str]]
    roles: list[str] = strawberry.field(description="Its roles (an empty string stands for a link with no role).")

    @strawberry.field(description="Where the roles were found: the initiative itself, or the events and tasks PART_OF it.")
    async def through(self, info: Info) -> list[Node]:
        return await _nodes(info, self.item_keys)

    @strawberry.field(description="The agency.")
    async def agency(self, info: Info) -> Node | None:
        return await _node(info, self.agency_key)

    @strawberry.field(description="The initiative.")
    async def initiative(self, info: Info) -> Node | None:
        return await _node(info, self.initiative_key)


@strawberry.enum(description="How to measure importance in the network.")
class CentralityMeasure(enum.Enum):
    DEGREE = "DEGREE"
    BETWEENNESS = "BETWEENNESS"
    PAGERANK = "PAGERANK"
    EIGENVECTOR = "EIGENVECTOR"


@strawberry.type(description="A node's score on a centrality measure.")
class CentralityEntry:
    key: strawberry.Private[str]
    score: float = strawberry.field(description="The score.")
    rank: int = strawberry.field(description="1 for the most central.")
    measure: str = strawberry.field(description="The measure computed (EIGENVECTOR falls back to PAGERANK if it cannot converge).")
    sampled: bool = strawberry.field(description="Whether betweenness was estimated from a sample of sources (large graphs).")
    sample_size: int | None = strawberry.field(description="How many sources were sampled, when sampled.")

    @strawberry.field(description="The node.")
    async def node(self, info: Info) -> Node | None:
        return await _node(info, self.key)


@strawberry.type(description="A group of nodes more linked with each other than with the rest (Louvain).")
class CommunityGroup:
    member_keys: strawberry.Private[list[str]]
    modularity: float = strawberry.field(description="This community's share of the partition's modularity.")

    @strawberry.field(description="The members.")
    async def members(self, info: Info) -> list[Node]:
        return await _nodes(info, self.member_keys)


@strawberry.type(description="Something that needs attention, and why.")
class GapItem:
    key: strawberry.Private[str]
    reason: str = strawberry.field(description="Why it is a gap.")

    @strawberry.field(description="The node or link concerned (null for a link).")
    async def node(self, info: Info) -> Node | None:
        if from_global_id(self.key)[0] == "Link":
            return None
        return await _node(info, self.key)


@strawberry.type(description="A node whose links have all ended.")
class DormantItem:
    key: strawberry.Private[str]
    reason: str = strawberry.field(description="Why it is dormant: how many links ended, and when the last did.")
    last_ended: date = strawberry.field(description="The day its last link ended.")

    @strawberry.field(description="The node.")
    async def node(self, info: Info) -> Node | None:
        return await _node(info, self.key)


@strawberry.type(description="An agency whose loss would cut part of the network off.")
class CutPoint:
    key: strawberry.Private[str]
    cut_off_keys: strawberry.Private[list[str]]
    reason: str = strawberry.field(description="How many nodes its loss would cut off.")

    @strawberry.field(description="The agency.")
    async def node(self, info: Info) -> Node | None:
        return await _node(info, self.key)

    @strawberry.field(description="The nodes that would lose every path to the largest remaining part without it.")
    async def cut_off(self, info: Info) -> list[Node]:
        return await _nodes(info, self.cut_off_keys)


@strawberry.type(description="Where coordination breaks, on one day.")
class NetworkGaps:
    no_lead: list[GapItem] = strawberry.field(
        description="Initiatives and tasks with no LEAD or DIRECT agency on them or on anything PART_OF them; the reason says what was looked at."
    )
    stale_assignments: list[GapItem] = strawberry.field(description="Assignments with no recent progress report.")
    isolated: list[GapItem] = strawberry.field(description="Creative spaces and designers with no links at all.")
    dormant: list[DormantItem] = strawberry.field(description="Creative spaces and designers whose links have all ended.")
    single_points_of_failure: list[CutPoint] = strawberry.field(
        description="Agencies whose loss would cut nodes off from the rest of the network, most cut off first."
    )
    overloaded: list[GapItem] = strawberry.field(description="Agencies holding many responsibilities.")


@strawberry.type(description="A likely partner or participant: a city alike in field or place, or a node that shares neighbours.")
class SuggestionEntry:
    key: strawberry.Private[str]
    common_keys: strawberry.Private[list[str]]
    score: float = strawberry.field(
        description="Sum of the factors: same field 1, same subregion 1 (same region only 0.5), shared neighbours up to 1."
    )
    jaccard: float = strawberry.field(description="Jaccard coefficient of their neighbourhoods.")
    adamic_adar: float = strawberry.field(description="Adamic–Adar index.")
    factors: list[str] = strawberry.field(
        description="Each thing that counted, most telling first: the same creative field, the same subregion or region, "
        "events both took part in, partners both work with, other shared neighbours."
    )
    reason: str = strawberry.field(description="Why it is suggested: the factors in one sentence.")

    @strawberry.field(description="The suggested node.")
    async def node(self, info: Info) -> Node | None:
        return await _node(info, self.key)

    @strawberry.field(description="The neighbours they have in common.")
    async def common(self, info: Info) -> list[Node]:
        return await _nodes(info, self.common_keys)
