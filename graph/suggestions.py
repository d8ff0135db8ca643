"""Likely new partners or participants for a node, by link prediction on shared neighbours."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from graph.build import label, neighbours

SKIPPED_KINDS = frozenset({"PLAN", "TASK"})
NAMED_IN_REASON = 3


@dataclass(frozen=True)
class Suggestion:
    """A node worth linking to, its scores, and the shared neighbours (sorted keys) behind them."""

    key: str
    kind: str
    score: float
    jaccard: float
    adamic_adar: float
    common: list[str]
    reason: str


def suggestions(graph: nx.MultiDiGraph, for_node: str, *, top: int = 10) -> list[Suggestion]:
    """Nodes not yet linked to `for_node` that share the most (and rarest) neighbours with it.

    Works on the undirected simple projection, as networkx's ``jaccard_coefficient`` and
    ``adamic_adar_index`` do, but only around `for_node`: candidates are the nodes two hops
    away (others share no neighbour and score 0), plans and tasks excepted. The combined
    score is the mean of both measures, each divided by its best value among the candidates,
    so it lies in (0, 1]. Scores are rounded to 12 decimals; ties are ordered by key.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network, or a view such as `graph.build.as_of`.
    for_node : str
        Node key.
    top : int
        How many suggestions to return (1 or more).

    Raises
    ------
    KeyError
        If `for_node` is not in the graph.
    ValueError
        If `top` is below 1.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("a", "AGENCY", "A"), N("b", "AGENCY", "B"), N("i", "INITIATIVE", "Lễ hội"), N("t", "TASK", "T")],
    ...     [L("l1", "RESPONSIBLE_FOR", "a", "i"), L("l2", "SUPPORTS", "b", "i"), L("l3", "PART_OF", "t", "i")],
    ... )
    >>> [(found.key, found.score, found.jaccard, found.reason) for found in suggestions(g, "a")]
    [('b', 1.0, 1.0, 'shares 1 neighbour: Lễ hội')]
    """
    if top < 1:
        raise ValueError(f"top must be 1 or more, not {top}")
    mine = neighbours(graph, for_node)
    around = {middle: neighbours(graph, middle) for middle in mine}
    common: dict[str, set[str]] = defaultdict(set)
    for middle, others in around.items():
        for candidate in others:
            if candidate != for_node and candidate not in mine and graph.nodes[candidate]["kind"] not in SKIPPED_KINDS:
                common[candidate].add(middle)
    if not common:
        return []
    jaccard = {
        candidate: len(shared) / len(mine | neighbours(graph, candidate)) for candidate, shared in common.items()
    }
    adamic_adar = {
        candidate: sum(1 / math.log(len(around[middle])) for middle in shared) for candidate, shared in common.items()
    }
    best_jaccard, best_adamic_adar = max(jaccard.values()), max(adamic_adar.values())
    score = {
        candidate: round((jaccard[candidate] / best_jaccard + adamic_adar[candidate] / best_adamic_adar) / 2, 12)
        for candidate in common
    }
    chosen = sorted(common, key=lambda candidate: (-score[candidate], candidate))[:top]
    return [
        Suggestion(
            key=candidate,
            kind=graph.nodes[candidate]["kind"],
            score=score[candidate],
            jaccard=round(jaccard[candidate], 12),
            adamic_adar=round(adamic_adar[candidate], 12),
            common=sorted(common[candidate]),
            reason=_reason(graph, sorted(common[candidate])),
        )
        for candidate in chosen
    ]


def _reason(graph: nx.MultiDiGraph, shared: list[str]) -> str:
    """'shares 4 neighbours: A, B, C and 1 more' — the first few shared neighbours by name."""
    names = ", ".join(label(graph, key) for key in shared[:NAMED_IN_REASON])
    more = f" and {len(shared) - NAMED_IN_REASON} more" if len(shared) > NAMED_IN_REASON else ""
    noun = "neighbour" if len(shared) == 1 else "neighbours"
    return f"shares {len(shared)} {noun}: {names}{more}"
