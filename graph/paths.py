"""How two nodes are connected, and what surrounds a node, ignoring link direction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.build import neighbours


@dataclass(frozen=True)
class Hop:
    """One step of a path: the link taken, with its ends as stored (`source` → `target`)."""

    link: str
    source: str
    target: str


@dataclass(frozen=True)
class Path:
    """Node keys from start to end, and the hop between each consecutive pair."""

    nodes: list[str]
    hops: list[Hop]


@dataclass(frozen=True)
class Neighborhood:
    """Node keys and the link keys among them, each sorted."""

    nodes: list[str]
    links: list[str]


def shortest_path(
    graph: nx.MultiDiGraph[str],
    source: str,
    target: str,
    *,
    max_hops: int,
    kinds: Iterable[str] | None = None,
) -> Path | None:
    """A shortest path between two nodes over links in either direction, or None.

    Among several shortest paths the one with the lexicographically smallest sequence of node
    keys wins, and between two nodes linked more than once the smallest link key is used, so the
    answer is stable.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network, or a view such as `graph.build.as_of`.
    source, target : str
        Node keys.
    max_hops : int
        Longest path accepted (0 or more).
    kinds : iterable of str, optional
        Node kinds the path may pass through; `source` and `target` are always allowed.

    Returns
    -------
    Path or None
        None when no path of at most `max_hops` links exists.

    Raises
    ------
    KeyError
        If `source` or `target` is not in the graph.
    ValueError
        If `max_hops` is negative.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("a", "AGENCY", "A"), N("i", "INITIATIVE", "I"), N("c", "CITY", "C")],
    ...     [L("l1", "RESPONSIBLE_FOR", "a", "i"), L("l2", "PARTICIPATES_IN", "c", "i")],
    ... )
    >>> path = shortest_path(g, "a", "c", max_hops=2)
    >>> path.nodes
    ['a', 'i', 'c']
    >>> path.hops[1]
    Hop(link='l2', source='c', target='i')
    >>> shortest_path(g, "a", "c", max_hops=1) is None
    True
    """
    if max_hops < 0:
        raise ValueError(f"max_hops must be 0 or more, not {max_hops}")
    for key in (source, target):
        if key not in graph:
            raise KeyError(key)
    allowed = None if kinds is None else frozenset(kinds)
    distance = _distances_to(graph, target, source, max_hops, allowed)
    if source not in distance:
        return None
    nodes = [source]
    while nodes[-1] != target:
        here = nodes[-1]
        nodes.append(min(key for key in neighbours(graph, here) if distance.get(key) == distance[here] - 1))
    return Path(nodes=nodes, hops=[_hop(graph, here, there) for here, there in zip(nodes, nodes[1:])])


def _distances_to(graph: nx.MultiDiGraph[str], target: str, source: str, max_hops: int, allowed: frozenset[str] | None) -> dict[str, int]:
    """Hops from each node to `target`, found breadth-first until `source` turns up."""
    distance = {target: 0}
    frontier = [target]
    for hops in range(1, max_hops + 1):
        if source in distance or not frontier:
            break
        reached = []
        for here in frontier:
            for there in neighbours(graph, here):
                if there not in distance and (there == source or allowed is None or graph.nodes[there]["kind"] in allowed):
                    distance[there] = hops
                    reached.append(there)
        frontier = reached
    return distance


def _hop(graph: nx.MultiDiGraph[str], here: str, there: str) -> Hop:
    """The smallest-keyed link between two adjacent nodes, whichever way it points."""
    stored = [(key, here, there) for key in graph.succ[here].get(there, {})]
    stored += [(key, there, here) for key in graph.pred[here].get(there, {})]
    link, source, target = min(stored)
    return Hop(link=link, source=source, target=target)


def neighborhood(graph: nx.MultiDiGraph[str], center: str, *, depth: int, kinds: Iterable[str] | None = None) -> Neighborhood:
    """The nodes within `depth` links of `center` (either direction) and the links among them.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network, or a view such as `graph.build.as_of`.
    center : str
        Node key; always part of the answer.
    depth : int
        Number of hops (0 or more).
    kinds : iterable of str, optional
        Node kinds to keep; the search only passes through nodes it keeps, so the answer is
        connected.

    Raises
    ------
    KeyError
        If `center` is not in the graph.
    ValueError
        If `depth` is negative.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("a", "AGENCY", "A"), N("i", "INITIATIVE", "I"), N("c", "CITY", "C")],
    ...     [L("l1", "RESPONSIBLE_FOR", "a", "i"), L("l2", "PARTICIPATES_IN", "c", "i")],
    ... )
    >>> neighborhood(g, "a", depth=1)
    Neighborhood(nodes=['a', 'i'], links=['l1'])
    >>> neighborhood(g, "a", depth=2, kinds=["AGENCY", "CITY"])
    Neighborhood(nodes=['a'], links=[])
    """
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    if center not in graph:
        raise KeyError(center)
    allowed = None if kinds is None else frozenset(kinds)
    found = {center}
    frontier = {center}
    for _ in range(depth):
        frontier = {
            there
            for here in frontier
            for there in neighbours(graph, here)
            if there not in found and (allowed is None or graph.nodes[there]["kind"] in allowed)
        }
        found |= frontier
    links = {key for here in found for there, keys in graph.succ[here].items() if there in found for key in keys}
    return Neighborhood(nodes=sorted(found), links=sorted(links))
