"""Which nodes matter most to the network's connectivity, by four standard measures.

All measures run on the undirected simple projection (each linked pair counts once), so a
department linked to an initiative three ways is no more central than one linked once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.build import simple_projection

MEASURES = ("DEGREE", "BETWEENNESS", "PAGERANK", "EIGENVECTOR")
DAMPING = 0.85


@dataclass(frozen=True)
class Ranked:
    """One node's score and its 1-based rank."""

    key: str
    score: float
    rank: int


@dataclass(frozen=True)
class CentralityResult:
    """The top of a ranking, and how it was computed.

    `computed` differs from `measure` when EIGENVECTOR did not converge and PAGERANK was used
    instead; `sampled` and `k` say whether BETWEENNESS used `k` sampled source nodes.
    """

    measure: str
    computed: str
    sampled: bool
    k: int | None
    ranking: list[Ranked]


def centrality(
    graph: nx.MultiDiGraph[str],
    measure: str,
    *,
    kinds: Iterable[str] | None = None,
    top: int = 10,
    sample_above: int = 2000,
    seed: int = 0,
) -> CentralityResult:
    """Rank nodes by DEGREE, BETWEENNESS, PAGERANK or EIGENVECTOR centrality.

    Scores are normalised as networkx does and rounded to 12 decimals; equal scores are ranked
    by key. Exact betweenness costs O(n·m), so above `sample_above` nodes it is estimated from
    ``k = max(1, sample_above**2 // n)`` sampled sources (seeded by `seed`): about the work of
    an exact run on `sample_above` nodes, whatever the size. EIGENVECTOR power iteration can
    fail to converge; PageRank, the damped eigenvector measure, is then used and `computed`
    says so. PageRank is computed here in pure Python (networkx's needs SciPy).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network, or a view such as `graph.build.as_of`.
    measure : str
        One of `MEASURES`.
    kinds : iterable of str, optional
        Node kinds to rank; scores are always computed on the whole network.
    top : int
        How many nodes to return (1 or more).
    sample_above : int
        Largest node count for which betweenness is exact.
    seed : int
        Seed of the betweenness sample.

    Raises
    ------
    ValueError
        For an unknown measure or `top` below 1.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("hub", "AGENCY", "H"), N("x", "INITIATIVE", "X"), N("y", "INITIATIVE", "Y")],
    ...     [L("l1", "RESPONSIBLE_FOR", "hub", "x"), L("l2", "RESPONSIBLE_FOR", "hub", "y")],
    ... )
    >>> result = centrality(g, "BETWEENNESS", top=2)
    >>> result.ranking, result.sampled
    ([Ranked(key='hub', score=1.0, rank=1), Ranked(key='x', score=0.0, rank=2)], False)
    >>> centrality(g, "DEGREE", kinds=["INITIATIVE"], top=5).ranking
    [Ranked(key='x', score=0.5, rank=1), Ranked(key='y', score=0.5, rank=2)]
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    if top < 1:
        raise ValueError(f"top must be 1 or more, not {top}")
    simple = simple_projection(graph)
    n = simple.number_of_nodes()
    computed, k = measure, None
    if n == 0:
        scores = {}
    elif measure == "DEGREE":
        scores = nx.degree_centrality(simple)
    elif measure == "BETWEENNESS":
        k = max(1, sample_above * sample_above // n) if n > sample_above else None
        scores = nx.betweenness_centrality(simple, k=k, seed=seed)
    elif measure == "EIGENVECTOR":
        try:
            scores = nx.eigenvector_centrality(simple, max_iter=200)
        except nx.PowerIterationFailedConvergence:
            computed, scores = "PAGERANK", pagerank(simple)
    else:
        scores = pagerank(simple)
    allowed = None if kinds is None else frozenset(kinds)
    ranked = sorted(
        (-round(float(score), 12), key) for key, score in scores.items() if allowed is None or simple.nodes[key]["kind"] in allowed
    )
    return CentralityResult(
        measure=measure,
        computed=computed,
        sampled=k is not None,
        k=k,
        ranking=[Ranked(key=key, score=-score, rank=rank) for rank, (score, key) in enumerate(ranked[:top], 1)],
    )


def pagerank(simple: nx.Graph[str], *, tol: float = 1e-10) -> dict[str, float]:
    """PageRank of an undirected graph by power iteration, as ``nx.pagerank`` computes it.

    Isolated nodes spread their rank evenly, as networkx's dangling nodes do. Each step shrinks
    the error by the damping factor, so the loop always ends; it stops when the total change
    falls below ``n * tol``.

    Examples
    --------
    >>> ranks = pagerank(nx.Graph([("centre", "a"), ("centre", "b")]))
    >>> round(ranks["centre"], 4), round(ranks["a"], 4)
    (0.4865, 0.2568)
    """
    n = simple.number_of_nodes()
    degree = dict(simple.degree)
    isolated = [node for node, count in degree.items() if count == 0]
    rank = dict.fromkeys(simple, 1.0 / n)
    change = 1.0
    while change >= n * tol:
        spread = (1.0 - DAMPING) / n + DAMPING * sum(rank[node] for node in isolated) / n
        new = {node: spread + DAMPING * sum(rank[other] / degree[other] for other in simple[node]) for node in simple}
        change = sum(abs(new[node] - rank[node]) for node in simple)
        rank = new
    return rank
