"""`network`: questions about the whole graph — paths, neighbourhoods, responsibility, centrality, gaps.

Each answer comes from the process's cached graph (hub.network) at the newest data version:
hub.network_questions computes it (costly ones off the event loop) and keeps it; here the
arguments are checked and the answer mapped to GraphQL types.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import networkx as nx
import strawberry

from graph.snapshot import GraphSnapshot
from hub.network import MAX_DEPTH, MAX_HOPS, MAX_TOP, check_bound, known
from hub.reports import last_report_ends
from schema.context import Info
from schema.enums import NodeKind
from schema.errors import hub_refusals
from schema.network_answers import (
    CentralityEntry,
    CentralityMeasure,
    Collaborator,
    CommunityGroup,
    CutPoint,
    DormantItem,
    GapItem,
    KindCount,
    MatrixCell,
    Neighborhood,
    NetworkGaps,
    NetworkPath,
    NetworkStats,
    ResponsibleAgency,
    SuggestionEntry,
)


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
