"""`network`: questions about the whole graph — paths, neighbourhoods, responsibility, centrality, gaps.

Each answer comes from the process's cached graph (hub.network) at the newest data version:
hub.network_questions computes it (costly ones off the event loop) and keeps it; here the
arguments are checked and the answer mapped to GraphQL types.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from typing import Annotated

import networkx as nx
import strawberry

from graph.snapshot import GraphSnapshot
from hub.ids import from_global_id
from hub.network import MAX_DEPTH, MAX_HOPS, MAX_TOP, check_bound, known
from hub.reports import last_report_ends
from schema.context import Info
from schema.enums import NodeKind
from schema.errors import hub_refusals
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


@strawberry.type(description="The network as a graph, at the newest data (or as it stood on `asOf`).")
class Network:
    snapshot: strawberry.Private[GraphSnapshot]
    day: strawberry.Private[date | None]

    async def ask(self, info: Info, question: str, arguments: Callable[[nx.MultiDiGraph], dict], on: date | None = None, **inputs):
        """The hub's answer to `question` (hub.network_questions); bad arguments become GraphQL errors naming the argument.

        `arguments` checks the caller's values against the graph as it is now and returns them as
        the graph/ function takes them. The day asked about is the network's `asOf`, unless `on` is given.
        """
        day = on or self.day
        with hub_refusals():
            return await info.context.network.questions.answer(
                snapshot=self.snapshot,
                question=question,
                arguments=arguments(self.snapshot.at(day)),
                day=day,
                limits=info.context.settings.limits,
                inputs=inputs,
            )

    @strawberry.field(description="Counts of nodes and links, by kind.")
    async def stats(self, info: Info) -> NetworkStats:
        found = await self.ask(info, "stats", lambda _graph: {})
        return NetworkStats(
            nodes=found.nodes,
            links=found.links,
            nodes_by_kind=[KindCount(kind=k, count=v) for k, v in sorted(found.nodes_by_kind.items())],
            links_by_kind=[KindCount(kind=k, count=v) for k, v in sorted(found.links_by_kind.items())],
        )

    @strawberry.field(description="The shortest chain of links between two nodes, null when none within maxHops.")
    async def path(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from", description="Where to start.")],
        to: Annotated[strawberry.ID, strawberry.argument(description="Where to arrive.")],
        max_hops: Annotated[int, strawberry.argument(description=f"At most this many links (1..{MAX_HOPS}).")] = 6,
        kinds: Annotated[list[NodeKind] | None, strawberry.argument(description="Only pass through nodes of these kinds.")] = None,
    ) -> NetworkPath | None:
        found = await self.ask(
            info,
            "path",
            lambda graph: {
                "source": known(graph, from_, "from"),
                "target": known(graph, to, "to"),
                "max_hops": check_bound("maxHops", max_hops, 1, MAX_HOPS),
                "kinds": _kinds(kinds),
            },
        )
        return found and NetworkPath(node_keys=found.nodes, link_keys=[hop.link for hop in found.hops])

    @strawberry.field(description="The nodes within `depth` links of a node, and the links among them.")
    async def neighborhood(
        self,
        info: Info,
        of: Annotated[strawberry.ID, strawberry.argument(description="The centre.")],
        depth: Annotated[int, strawberry.argument(description=f"How many links away (1..{MAX_DEPTH}).")] = 1,
        kinds: Annotated[list[NodeKind] | None, strawberry.argument(description="Only nodes of these kinds.")] = None,
    ) -> Neighborhood:
        found = await self.ask(
            info,
            "neighborhood",
            lambda graph: {
                "center": known(graph, of, "of"),
                "depth": check_bound("depth", depth, 1, MAX_DEPTH),
                "kinds": _kinds(kinds),
            },
        )
        return Neighborhood(node_keys=found.nodes, link_keys=found.links)

    @strawberry.field(description="Who works with a node through shared initiatives and events, most shared first.")
    async def collaborators(
        self, info: Info, of: Annotated[strawberry.ID, strawberry.argument(description="The node.")]
    ) -> list[Collaborator]:
        found = await self.ask(info, "collaborators", lambda graph: {"of": known(graph, of, "of")})
        return [Collaborator(key=c.key, shared_keys=c.shared, weight=c.weight, partner=c.partner) for c in found]

    @strawberry.field(description="The agencies responsible for an initiative, by role, with their parent agencies.")
    async def responsibility(
        self, info: Info, initiative: Annotated[strawberry.ID, strawberry.argument(description="The initiative.")]
    ) -> list[ResponsibleAgency]:
        found = await self.ask(
            info, "responsibility", lambda graph: {"initiative": known(graph, initiative, "initiative", kind="INITIATIVE")}
        )
        return [
            ResponsibleAgency(agency_key=a.agency, item_keys=a.items, parent_keys=a.parents, role=role, reason=a.reason)
            for role, agencies in found.roles.items()
            for a in agencies
        ]

    @strawberry.field(description="Agencies × the plan's initiatives, with each agency's roles.")
    async def responsibility_matrix(
        self, info: Info, plan: Annotated[strawberry.ID, strawberry.argument(description="The plan.")]
    ) -> list[MatrixCell]:
        found = await self.ask(info, "responsibility_matrix", lambda graph: {"plan": known(graph, plan, "plan", kind="PLAN")})
        return [
            MatrixCell(agency_key=agency, initiative_key=initiative, item_keys=cell.items, roles=[role or "" for role in cell.roles])
            for agency, row in found.cells.items()
            for initiative, cell in row.items()
        ]

    @strawberry.field(description="The most central nodes by a measure; betweenness is sampled on large graphs.")
    async def centrality(
        self,
        info: Info,
        measure: Annotated[CentralityMeasure, strawberry.argument(description="The measure.")] = CentralityMeasure.DEGREE,
        kinds: Annotated[list[NodeKind] | None, strawberry.argument(description="Rank only nodes of these kinds.")] = None,
        top: Annotated[int, strawberry.argument(description=f"How many (1..{MAX_TOP}).")] = 10,
    ) -> list[CentralityEntry]:
        found = await self.ask(
            info,
            "centrality",
            lambda _graph: {
                "measure": measure.value,
                "kinds": _kinds(kinds),
                "top": check_bound("top", top, 1, MAX_TOP),
            },
        )
        return [
            CentralityEntry(key=r.key, score=r.score, rank=r.rank, measure=found.computed, sampled=found.sampled, sample_size=found.k)
            for r in found.ranking
        ]

    @strawberry.field(description="Communities found by Louvain, largest first; the same seed gives the same answer.")
    async def communities(
        self,
        info: Info,
        resolution: Annotated[float, strawberry.argument(description="Above 1 favours smaller communities (0.1..10).")] = 1.0,
        seed: Annotated[int, strawberry.argument(description="Random seed.")] = 0,
    ) -> list[CommunityGroup]:
        found = await self.ask(
            info, "communities", lambda _graph: {"resolution": check_bound("resolution", resolution, 0.1, 10), "seed": seed}
        )
        return [CommunityGroup(member_keys=c.members, modularity=c.modularity) for c in found.communities]

    @strawberry.field(
        description="Where coordination breaks: no lead, silent assignments, isolated and dormant nodes, single points of failure."
    )
    async def gaps(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description="The day to judge on (default: today).")] = None
    ) -> NetworkGaps:
        day = as_of or self.day or date.today()
        reported = await info.context.read(last_report_ends)
        found = await self.ask(info, "gaps", lambda _graph: {}, on=day, last_reports=reported)
        return NetworkGaps(
            no_lead=_gap_items(found.no_lead),
            stale_assignments=_gap_items(found.stale_assignments),
            isolated=_gap_items(found.isolated),
            dormant=[DormantItem(key=gap.key, reason=gap.reason, last_ended=gap.last_ended) for gap in found.dormant],
            single_points_of_failure=[
                CutPoint(key=gap.key, reason=gap.reason, cut_off_keys=gap.cut_off) for gap in found.single_points_of_failure
            ],
            overloaded=_gap_items(found.overloaded),
        )

    @strawberry.field(description="Likely partners or participants for a node, with the reason.")
    async def suggestions(
        self,
        info: Info,
        for_: Annotated[strawberry.ID, strawberry.argument(name="for", description="The node.")],
        top: Annotated[int, strawberry.argument(description=f"How many (1..{MAX_TOP}).")] = 10,
    ) -> list[SuggestionEntry]:
        found = await self.ask(
            info,
            "suggestions",
            lambda graph: {
                "for_node": known(graph, for_, "for"),
                "top": check_bound("top", top, 1, MAX_TOP),
            },
        )
        return [
            SuggestionEntry(
                key=s.key,
                common_keys=s.common,
                score=s.score,
                jaccard=s.jaccard,
                adamic_adar=s.adamic_adar,
                factors=s.factors,
                reason=s.reason,
            )
            for s in found
        ]


def _gap_items(found) -> list[GapItem]:
    return [GapItem(key=gap.key, reason=gap.reason) for gap in found]


def _kinds(kinds: list | None) -> frozenset[str] | None:
    return frozenset(k.value for k in kinds) if kinds else None


@strawberry.type(description="Network questions.")
class NetworkQueries:
    @strawberry.field(description="The network as a graph: paths, neighbourhoods, responsibility, centrality, communities, gaps.")
    async def network(
        self,
        info: Info,
        as_of: Annotated[
            date | None,
            strawberry.argument(description="See the network as it stood on this day: the nodes that existed then and the links in force."),
        ] = None,
    ) -> Network:
        snapshot = await info.context.read(info.context.network.current)
        return Network(snapshot=snapshot, day=as_of)
