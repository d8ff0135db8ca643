"""Turning node and link records into one MultiDiGraph, keeping it current, and viewing it by date.

The graph is keyed by global IDs: node key = the node's ID, edge key = the link's ID, so a link
can be found, replaced or removed by its ID alone (an index of link ends sits in
``graph.graph["link_ends"]``). Archived nodes are left out, and a link whose end is not in the
graph is left out with it: restoring a node means upserting it together with its links.

Nodes and links exist in time (DESIGN.md §3a): a node from its own start to its own end, a node
with no start of its own from the earliest start of what it is PART_OF, and a link from `since`
to `until` while both its ends exist. `as_of` shows one day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

LINK_ENDS = "link_ends"


@dataclass(frozen=True)
class NodeRecord:
    """What the graph needs to know about one node; a city's field and regions drive suggestions."""

    key: str
    kind: str
    name_vi: str
    name_en: str | None = None
    archived: bool = False
    creative_field: str | None = None
    region: str | None = None
    subregion: str | None = None
    starts: date | None = None  # when it begins and ends (DESIGN.md §3a); None: open, or a start inherited along PART_OF
    ends: date | None = None


@dataclass(frozen=True)
class LinkRecord:
    """What the graph needs to know about one link; `since`/`until` of None are open ends."""

    key: str
    kind: str
    source: str
    target: str
    role: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class GraphStats:
    """How many nodes and links, in total and by kind (kinds in alphabetical order)."""

    nodes: int
    links: int
    nodes_by_kind: dict[str, int]
    links_by_kind: dict[str, int]


def build_graph(nodes: Iterable[NodeRecord], links: Iterable[LinkRecord]) -> nx.MultiDiGraph[str]:
    """Build the network from records, the same way `apply_change` would grow it.

    Parameters
    ----------
    nodes : iterable of NodeRecord
        Archived ones are left out.
    links : iterable of LinkRecord
        Links whose ends are not in the graph are left out.

    Returns
    -------
    networkx.MultiDiGraph
        Node attributes ``kind``, ``name_vi``, ``name_en``, ``creative_field``, ``region``,
        ``subregion``, ``starts``, ``ends``; edge key = link key, edge attributes
        ``kind``, ``role``, ``since``, ``until``.

    Examples
    --------
    >>> g = build_graph(
    ...     [NodeRecord("a", "AGENCY", "Sở VHTT"), NodeRecord("i", "INITIATIVE", "Lễ hội")],
    ...     [LinkRecord("l1", "RESPONSIBLE_FOR", "a", "i", role="LEAD")],
    ... )
    >>> g.nodes["a"]["kind"], list(g.edges(keys=True))
    ('AGENCY', [('a', 'i', 'l1')])
    >>> g.edges["a", "i", "l1"]["role"]
    'LEAD'
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.graph[LINK_ENDS] = {}
    apply_change(graph, upsert_nodes=nodes, upsert_links=links)
    return graph


def apply_change(
    graph: nx.MultiDiGraph[str],
    *,
    upsert_nodes: Iterable[NodeRecord] = (),
    remove_nodes: Iterable[str] = (),
    upsert_links: Iterable[LinkRecord] = (),
    remove_links: Iterable[str] = (),
) -> None:
    """Apply one write to the graph in place, at a cost proportional to the change.

    Removals come first, then node upserts, then link upserts, so a change can replace a link
    and add the node it now points at in one go. Removing an unknown key is a no-op, upserting
    an archived node removes it, and removing a node removes its links.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph made by `build_graph` (not a view).
    upsert_nodes, upsert_links : iterable of NodeRecord, LinkRecord
        Records to add or replace, by key.
    remove_nodes, remove_links : iterable of str
        Keys to remove.

    Examples
    --------
    >>> g = build_graph([NodeRecord("a", "AGENCY", "A"), NodeRecord("b", "AGENCY", "B")], [])
    >>> apply_change(g, upsert_links=[LinkRecord("l1", "PART_OF", "a", "b")])
    >>> list(g.edges(keys=True))
    [('a', 'b', 'l1')]
    >>> apply_change(g, upsert_nodes=[NodeRecord("b", "AGENCY", "B", archived=True)])
    >>> sorted(g), g.number_of_edges()
    (['a'], 0)
    """
    ends: dict[str, tuple[str, str]] = graph.graph[LINK_ENDS]
    for key in remove_links:
        _remove_link(graph, ends, key)
    for key in remove_nodes:
        _remove_node(graph, ends, key)
    for node in upsert_nodes:
        if node.archived:
            _remove_node(graph, ends, node.key)
        else:
            graph.add_node(
                node.key,
                kind=node.kind,
                name_vi=node.name_vi,
                name_en=node.name_en,
                creative_field=node.creative_field,
                region=node.region,
                subregion=node.subregion,
                starts=node.starts,
                ends=node.ends,
            )
    for link in upsert_links:
        if ends.get(link.key) != (link.source, link.target):
            _remove_link(graph, ends, link.key)
        if link.source in graph and link.target in graph:
            graph.add_edge(
                link.source,
                link.target,
                key=link.key,
                kind=link.kind,
                role=link.role,
                since=link.since,
                until=link.until,
            )
            ends[link.key] = (link.source, link.target)


def _remove_link(graph: nx.MultiDiGraph[str], ends: dict[str, tuple[str, str]], key: str) -> None:
    if key in ends:
        source, target = ends.pop(key)
        graph.remove_edge(source, target, key=key)


def _remove_node(graph: nx.MultiDiGraph[str], ends: dict[str, tuple[str, str]], key: str) -> None:
    if key in graph:
        for _source, _target, link in [*graph.out_edges(key, keys=True), *graph.in_edges(key, keys=True)]:
            ends.pop(link, None)
        graph.remove_node(key)


def as_of(graph: nx.MultiDiGraph[str], day: date) -> nx.MultiDiGraph[str]:
    """A read-only view of the nodes that exist on `day` and the links in force among them; nothing is copied.

    A node exists from its start to its end (`starts`, `ends`; see `starts_on`); a link is in
    force when ``since <= day <= until``, a missing bound being open, and both its ends exist.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network, or a view of it.
    day : datetime.date
        The day to look at.

    Returns
    -------
    networkx.MultiDiGraph
        A subgraph view: link changes among its nodes show through, the set of nodes is fixed
        when the view is made.

    Examples
    --------
    >>> g = build_graph(
    ...     [NodeRecord("c1", "CITY", "Hà Nội", starts=date(2019, 1, 1)), NodeRecord("c2", "CITY", "Bologna")],
    ...     [LinkRecord("p", "PARTNERS_WITH", "c1", "c2", until=date(2020, 12, 31))],
    ... )
    >>> as_of(g, date(2020, 6, 1)).number_of_edges(), as_of(g, date(2024, 1, 1)).number_of_edges()
    (1, 0)
    >>> sorted(as_of(g, date(2018, 6, 1)))
    ['c2']
    """
    starts: dict[str, date | None] = {}
    existing = {key for key in graph if exists(graph, key, day, starts)}

    def valid(source: str, target: str, key: str) -> bool:
        return in_force(graph.succ[source][target][key], day)

    return nx.subgraph_view(graph, filter_node=existing.__contains__, filter_edge=valid)  # type: ignore[arg-type]  # link ids are the edge keys


def in_force(link: dict[str, Any], day: date) -> bool:
    """Whether a link's own dates cover `day` (open bounds cover everything).

    Examples
    --------
    >>> in_force({"since": date(2023, 1, 1), "until": None}, date(2024, 1, 1))
    True
    """
    return (link["since"] is None or link["since"] <= day) and (link["until"] is None or day <= link["until"])


def starts_on(graph: nx.MultiDiGraph[str], key: str, known: dict[str, date | None] | None = None) -> date | None:
    """The day a node begins: its own start, else the earliest start of the wholes it is PART_OF.

    None means it has always existed: no start of its own and nothing dated above it. A PART_OF
    cycle counts as undated. `known` caches answers across calls.

    Examples
    --------
    >>> g = build_graph(
    ...     [NodeRecord("p", "PLAN", "P", starts=date(2023, 5, 31)), NodeRecord("i", "INITIATIVE", "I"),
    ...      NodeRecord("e", "EVENT", "E")],
    ...     [LinkRecord("l1", "PART_OF", "i", "p"), LinkRecord("l2", "PART_OF", "e", "i")],
    ... )
    >>> starts_on(g, "e")
    datetime.date(2023, 5, 31)
    """
    known = {} if known is None else known
    if key not in known:
        known[key] = None  # a cycle back here finds it undated
        own = graph.nodes[key]["starts"]
        wholes = [whole for _part, whole, kind in graph.out_edges(key, data="kind") if kind == "PART_OF"]  # type: ignore[var-annotated]  # types-networkx: data="kind" yields the value
        inherited = [starts_on(graph, whole, known) for whole in wholes]
        known[key] = own if own is not None or not wholes or None in inherited else min(inherited)  # type: ignore[type-var]
    return known[key]


def exists(graph: nx.MultiDiGraph[str], key: str, day: date, known: dict[str, date | None] | None = None) -> bool:
    """Whether a node exists on `day`: begun (`starts_on`) and not yet over (its own `ends`).

    Examples
    --------
    >>> g = build_graph([NodeRecord("e", "EVENT", "E", starts=date(2024, 11, 9), ends=date(2024, 11, 17))], [])
    >>> exists(g, "e", date(2024, 11, 17)), exists(g, "e", date(2024, 11, 18))
    (True, False)
    """
    start, end = starts_on(graph, key, known), graph.nodes[key]["ends"]
    return (start is None or start <= day) and (end is None or day <= end)


def stats(graph: nx.MultiDiGraph[str]) -> GraphStats:
    """Count nodes and links by kind, for the network overview.

    Examples
    --------
    >>> g = build_graph(
    ...     [NodeRecord("a", "AGENCY", "A"), NodeRecord("b", "AGENCY", "B")],
    ...     [LinkRecord("l1", "PART_OF", "a", "b")],
    ... )
    >>> stats(g)
    GraphStats(nodes=2, links=1, nodes_by_kind={'AGENCY': 2}, links_by_kind={'PART_OF': 1})
    """
    nodes: Counter[str] = Counter(kind for _key, kind in graph.nodes(data="kind"))  # type: ignore[misc]  # types-networkx: data="kind" yields the value
    links: Counter[str] = Counter(kind for _source, _target, kind in graph.edges(data="kind"))  # type: ignore[var-annotated]  # types-networkx: data="kind" yields the value
    return GraphStats(
        nodes=graph.number_of_nodes(),
        links=graph.number_of_edges(),
        nodes_by_kind=dict(sorted(nodes.items())),
        links_by_kind=dict(sorted(links.items())),
    )


def neighbours(graph: nx.MultiDiGraph[str], key: str) -> set[str]:
    """The nodes linked to `key` in either direction, without `key` itself.

    Raises
    ------
    KeyError
        If `key` is not in the graph.

    Examples
    --------
    >>> g = build_graph(
    ...     [NodeRecord("a", "AGENCY", "A"), NodeRecord("i", "INITIATIVE", "I"), NodeRecord("s", "CITY", "S")],
    ...     [LinkRecord("l1", "RESPONSIBLE_FOR", "a", "i"), LinkRecord("l2", "PARTICIPATES_IN", "s", "i")],
    ... )
    >>> sorted(neighbours(g, "i"))
    ['a', 's']
    """
    found = set(graph.succ[key]) | set(graph.pred[key])
    found.discard(key)
    return found


def simple_projection(graph: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """The undirected simple graph the analytics run on: each linked pair once, no self-loops.

    Nodes (with their ``kind``) and edges are inserted in key order, so seeded algorithms give
    the same answer however the graph was grown.

    Examples
    --------
    >>> g = build_graph(
    ...     [NodeRecord("b", "AGENCY", "B"), NodeRecord("a", "AGENCY", "A")],
    ...     [LinkRecord("l1", "PART_OF", "a", "b"), LinkRecord("l2", "PARTNERS_WITH", "b", "a")],
    ... )
    >>> simple = simple_projection(g)
    >>> list(simple.nodes(data="kind")), list(simple.edges)
    ([('a', 'AGENCY'), ('b', 'AGENCY')], [('a', 'b')])
    """
    simple: nx.Graph[str] = nx.Graph()
    simple.add_nodes_from((key, {"kind": kind}) for key, kind in sorted(graph.nodes(data="kind")))  # type: ignore[str-unpack]  # types-networkx: data="kind" yields the value
    pairs = {(source, target) if source < target else (target, source) for source, target in graph.edges()}
    simple.add_edges_from(sorted((source, target) for source, target in pairs if source != target))
    return simple


def label(graph: nx.MultiDiGraph[str], key: str) -> str:
    """A readable name for explanations: the English name, else the Vietnamese one.

    Examples
    --------
    >>> g = build_graph([NodeRecord("c", "CITY", "Hà Nội", "Hanoi"), NodeRecord("s", "CREATIVE_SPACE", "Zone 9")], [])
    >>> label(g, "c"), label(g, "s")
    ('Hanoi', 'Zone 9')
    """
    node = graph.nodes[key]
    name: str = node["name_en"] or node["name_vi"]
    return name
