"""Who works with whom: actors that share initiatives or events, and declared partners."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

SHARING_LINKS = frozenset({"RESPONSIBLE_FOR", "PARTICIPATES_IN", "HOSTS", "SUPPORTS", "MEMBER_OF"})
SHARED_ITEMS = frozenset({"INITIATIVE", "EVENT"})
ACTORS = frozenset({"AGENCY", "CITY", "CREATIVE_SPACE", "DESIGNER"})


@dataclass(frozen=True)
class Collaborator:
    """An actor working with the one asked about, and why: shared items and/or partnership."""

    key: str
    kind: str
    weight: int
    shared: list[str]
    partner: bool


def collaborators(graph: nx.MultiDiGraph[str], of: str) -> list[Collaborator]:
    """Agencies, cities, spaces and designers that work with `of`, strongest ties first.

    Two actors share an initiative or event when both are linked to it by RESPONSIBLE_FOR,
    PARTICIPATES_IN, HOSTS, SUPPORTS or MEMBER_OF. The weight is the number of shared items,
    plus 1 for a PARTNERS_WITH link in either direction.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network, or a view such as `graph.build.as_of`.
    of : str
        Node key.

    Returns
    -------
    list of Collaborator
        Sorted by weight (highest first), then key; `shared` sorted by key.

    Raises
    ------
    KeyError
        If `of` is not in the graph.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("a", "AGENCY", "A"), N("s", "CREATIVE_SPACE", "S"), N("e", "EVENT", "E"), N("c", "CITY", "C")],
    ...     [
    ...         L("l1", "RESPONSIBLE_FOR", "a", "e", role="LEAD"),
    ...         L("l2", "HOSTS", "s", "e"),
    ...         L("l3", "PARTNERS_WITH", "c", "a"),
    ...     ],
    ... )
    >>> for found in collaborators(g, "a"):
    ...     print(found.key, found.weight, found.shared, found.partner)
    c 1 [] True
    s 1 ['e'] False
    """
    if of not in graph:
        raise KeyError(of)
    kind = graph.nodes.data("kind")
    shared: dict[str, set[str]] = defaultdict(set)
    for _of, item, link in graph.out_edges(of, data="kind"):  # type: ignore[var-annotated]  # types-networkx: data="kind" yields the value
        if link in SHARING_LINKS and kind[item] in SHARED_ITEMS:
            for other, _item, other_link in graph.in_edges(item, data="kind"):  # type: ignore[var-annotated]  # types-networkx: data="kind" yields the value
                if other != of and other_link in SHARING_LINKS and kind[other] in ACTORS:
                    shared[other].add(item)
    partners = {target for _of, target, link in graph.out_edges(of, data="kind") if link == "PARTNERS_WITH"}  # type: ignore[var-annotated]  # types-networkx: data="kind" yields the value
    partners |= {source for source, _of, link in graph.in_edges(of, data="kind") if link == "PARTNERS_WITH"}  # type: ignore[var-annotated]  # types-networkx: data="kind" yields the value
    partners.discard(of)
    found = [
        Collaborator(
            key=other,
            kind=kind[other],  # type: ignore[arg-type]  # types-networkx: data="kind" yields the value
            weight=len(shared[other]) + (other in partners),
            shared=sorted(shared[other]),
            partner=other in partners,
        )
        for other in shared.keys() | partners
    ]
    return sorted(found, key=lambda collaborator: (-collaborator.weight, collaborator.key))
