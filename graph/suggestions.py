"""Whom a node should work with next: what it has in common with others, in the Network and around it.

A suggestion weighs, for two cities, a shared creative field and the same M49 subregion (else the
same UNESCO region), and for any two nodes what they share in the network: events both took part
in, partners both work with (a partner's partner), and other shared neighbours, scored by link
prediction. Every factor that counted is named, so staff can judge the reason.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.build import label, neighbours

SKIPPED_KINDS = frozenset({"PLAN", "TASK"})
NAMED_IN_REASON = 3
FIELD_WEIGHT = 1.0
SUBREGION_WEIGHT = 1.0
REGION_WEIGHT = 0.5


@dataclass(frozen=True)
class Suggestion:
    """A node worth linking to, its scores, the shared neighbours (sorted keys), and the factors that counted."""

    key: str
    kind: str
    score: float
    jaccard: float
    adamic_adar: float
    common: list[str]
    factors: list[str]
    reason: str


def suggestions(graph: nx.MultiDiGraph[str], for_node: str, *, top: int = 10) -> list[Suggestion]:
    """Nodes not yet linked to `for_node`, ranked by what they have in common with it.

    The score adds up the factors: 1 for the same creative field, 1 for the same subregion (0.5
    for the same region only), and the link-prediction score of their shared neighbours, in
    (0, 1]: the mean of the Jaccard coefficient and the Adamic–Adar index (as networkx computes
    them on the undirected simple projection), each divided by its best value among the
    candidates. Candidates are the nodes two hops away and, for a city, the cities sharing its
    field or region; plans and tasks are left out. Scores are rounded to 12 decimals; ties are
    ordered by key.

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
    ...     [N("hn", "CITY", "Hà Nội", creative_field="DESIGN", region="Asia and the Pacific", subregion="South-eastern Asia"),
    ...      N("bkk", "CITY", "Bangkok", creative_field="DESIGN", region="Asia and the Pacific", subregion="South-eastern Asia"),
    ...      N("kobe", "CITY", "Kobe", creative_field="DESIGN", region="Asia and the Pacific", subregion="Eastern Asia"),
    ...      N("fest", "EVENT", "Festival"), N("gz", "CITY", "Graz", creative_field="DESIGN")],
    ...     [L("l1", "PARTICIPATES_IN", "hn", "fest"), L("l2", "PARTICIPATES_IN", "kobe", "fest")],
    ... )
    >>> [(found.key, found.score, found.reason) for found in suggestions(g, "hn")]  # doctest: +NORMALIZE_WHITESPACE
    [('kobe', 2.5, 'also a City of Design; also in Asia and the Pacific; met at 1 event: Festival'),
     ('bkk', 2.0, 'also a City of Design; also in South-eastern Asia'),
     ('gz', 1.0, 'also a City of Design')]
    """
    if top < 1:
        raise ValueError(f"top must be 1 or more, not {top}")
    mine = neighbours(graph, for_node)
    around = {middle: neighbours(graph, middle) for middle in mine}
    common: dict[str, set[str]] = defaultdict(set)
    for middle, others in around.items():
        for candidate in others:
            if _eligible(graph, for_node, candidate, mine):
                common[candidate].add(middle)
    alike = {candidate: weight for candidate, weight in _alike(graph, for_node, mine).items() if weight[0] + weight[1] > 0}
    candidates = set(common) | set(alike)
    if not candidates:
        return []
    jaccard = {candidate: len(shared) / len(mine | neighbours(graph, candidate)) for candidate, shared in common.items()}
    adamic_adar = {candidate: sum(1 / math.log(len(around[middle])) for middle in shared) for candidate, shared in common.items()}
    best_jaccard, best_adamic_adar = max(jaccard.values(), default=0.0), max(adamic_adar.values(), default=0.0)
    score = {
        candidate: round(
            sum(alike.get(candidate, (0.0, 0.0)))
            + ((jaccard[candidate] / best_jaccard + adamic_adar[candidate] / best_adamic_adar) / 2 if candidate in common else 0.0),
            12,
        )
        for candidate in candidates
    }
    chosen = sorted(candidates, key=lambda candidate: (-score[candidate], candidate))[:top]
    found = []
    for candidate in chosen:
        factors = _factors(graph, for_node, candidate, sorted(common.get(candidate, ())))
        found.append(
            Suggestion(
                key=candidate,
                kind=graph.nodes[candidate]["kind"],
                score=score[candidate],
                jaccard=round(jaccard.get(candidate, 0.0), 12),
                adamic_adar=round(adamic_adar.get(candidate, 0.0), 12),
                common=sorted(common.get(candidate, ())),
                factors=factors,
                reason="; ".join(factors),
            )
        )
    return found


def _eligible(graph: nx.MultiDiGraph[str], for_node: str, candidate: str, mine: set[str]) -> bool:
    return candidate != for_node and candidate not in mine and graph.nodes[candidate]["kind"] not in SKIPPED_KINDS


def _alike(graph: nx.MultiDiGraph[str], for_node: str, mine: set[str]) -> dict[str, tuple[float, float]]:
    """For a city: each other unlinked city's (field weight, place weight)."""
    me = graph.nodes[for_node]
    if me["kind"] != "CITY":
        return {}
    return {
        key: (
            FIELD_WEIGHT if me["creative_field"] and data["creative_field"] == me["creative_field"] else 0.0,
            _place_weight(me, data),
        )
        for key, data in graph.nodes(data=True)
        if data["kind"] == "CITY" and _eligible(graph, for_node, key, mine)
    }


def _place_weight(me: dict[str, Any], other: dict[str, Any]) -> float:
    if me["subregion"] and other["subregion"] == me["subregion"]:
        return SUBREGION_WEIGHT
    return REGION_WEIGHT if me["region"] and other["region"] == me["region"] else 0.0


def _factors(graph: nx.MultiDiGraph[str], for_node: str, candidate: str, shared: list[str]) -> list[str]:
    """The reasons, most telling first: field, place, events, partners, other shared neighbours."""
    me, other = graph.nodes[for_node], graph.nodes[candidate]
    factors = []
    if me["kind"] == other["kind"] == "CITY":
        if me["creative_field"] and other["creative_field"] == me["creative_field"]:
            factors.append(f"also a City of {field_name(me['creative_field'])}")
        if me["subregion"] and other["subregion"] == me["subregion"]:
            factors.append(f"also in {me['subregion']}")
        elif me["region"] and other["region"] == me["region"]:
            factors.append(f"also in {me['region']}")
    events = [key for key in shared if graph.nodes[key]["kind"] == "EVENT"]
    partners = [key for key in shared if key not in events and _partners(graph, key, for_node) and _partners(graph, key, candidate)]
    rest = [key for key in shared if key not in events and key not in partners]
    if events:
        factors.append(f"met at {len(events)} {'event' if len(events) == 1 else 'events'}: {_names(graph, events)}")
    if partners:
        factors.append(f"both partner with {_names(graph, partners)}")
    if rest:
        factors.append(f"shares {len(rest)} {'neighbour' if len(rest) == 1 else 'neighbours'}: {_names(graph, rest)}")
    return factors


def _partners(graph: nx.MultiDiGraph[str], a: str, b: str) -> bool:
    """Whether a PARTNERS_WITH link joins the two, in either direction."""
    links = [*graph.succ[a].get(b, {}).values(), *graph.succ[b].get(a, {}).values()]
    return any(link["kind"] == "PARTNERS_WITH" for link in links)


def _names(graph: nx.MultiDiGraph[str], keys: list[str]) -> str:
    """'A, B, C and 2 more': the first few by name."""
    names = ", ".join(label(graph, key) for key in keys[:NAMED_IN_REASON])
    return names + (f" and {len(keys) - NAMED_IN_REASON} more" if len(keys) > NAMED_IN_REASON else "")


def field_name(field: str) -> str:
    """A creative field as people write it.

    Examples
    --------
    >>> field_name("CRAFTS_AND_FOLK_ART"), field_name("DESIGN")
    ('Crafts and Folk Art', 'Design')
    """
    return " ".join(word if word == "and" else word.capitalize() for word in field.lower().split("_"))
