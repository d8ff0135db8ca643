"""Clusters of the network that work mostly among themselves (Louvain)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.build import simple_projection


@dataclass(frozen=True)
class Community:
    """Member keys (sorted) and the community's share of the partition's modularity."""

    members: list[str]
    modularity: float


@dataclass(frozen=True)
class Partition:
    """Communities, largest first (ties by first key), and the modularity of the whole split."""

    communities: list[Community]
    modularity: float


def communities(graph: nx.MultiDiGraph[str], *, resolution: float = 1.0, seed: int = 0) -> Partition:
    """Split the network into communities with Louvain on the undirected simple projection.

    The same graph, resolution and seed always give the same answer. Each community's share is
    ``L_c / m - resolution * (d_c / 2m)**2`` (its inner links and degree total over the m links);
    the shares add up to the partition's modularity. A network without links has modularity 0.
    Louvain is slow on very large graphs (tens of seconds at 100k nodes).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network, or a view such as `graph.build.as_of`.
    resolution : float
        Above 1 favours smaller communities, below 1 larger ones.
    seed : int
        Seed of Louvain's node order.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N(key, "AGENCY", key) for key in "abcxyz"],
    ...     [L("1", "PARTNERS_WITH", "a", "b"), L("2", "PARTNERS_WITH", "b", "c"), L("3", "PARTNERS_WITH", "c", "a"),
    ...      L("4", "PARTNERS_WITH", "x", "y"), L("5", "PARTNERS_WITH", "y", "z"), L("6", "PARTNERS_WITH", "z", "x"),
    ...      L("7", "PARTNERS_WITH", "c", "x")],
    ... )
    >>> split = communities(g)
    >>> [community.members for community in split.communities], round(split.modularity, 3)
    ([['a', 'b', 'c'], ['x', 'y', 'z']], 0.357)
    """
    simple = simple_projection(graph)
    found = nx.community.louvain_communities(simple, weight=None, resolution=resolution, seed=seed)
    groups = sorted((sorted(members) for members in found), key=lambda members: (-len(members), members[0]))
    shares = [_share(simple, members, resolution) for members in groups]
    return Partition(
        communities=[Community(members=members, modularity=share) for members, share in zip(groups, shares)],
        modularity=round(sum(shares), 12),
    )


def _share(simple: nx.Graph[str], members: list[str], resolution: float) -> float:
    """One community's term of the modularity sum."""
    links = simple.number_of_edges()
    if links == 0:
        return 0.0
    inner = simple.subgraph(members).number_of_edges()
    degree = sum(count for _node, count in simple.degree(members))
    return round(inner / links - resolution * (degree / (2 * links)) ** 2, 12)
