"""Who is responsible for what: agencies by role on an initiative, and across a plan.

An agency counts as responsible for an initiative when it holds a RESPONSIBLE_FOR link to the
initiative itself or to one of its tasks or events (those PART_OF the initiative).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

ROLE_ORDER = ("LEAD", "CO_LEAD", "COORDINATE", "SUPPORT", "DIRECT")
PARTS = frozenset({"TASK", "EVENT"})
AGENCY = frozenset({"AGENCY"})
INITIATIVE = frozenset({"INITIATIVE"})


@dataclass(frozen=True)
class ResponsibleAgency:
    """An agency in one role: the items it answers for, through which links, under which parents."""

    agency: str
    items: list[str]
    links: list[str]
    parents: list[str]


@dataclass(frozen=True)
class Responsibility:
    """Agencies responsible for an initiative, by role (`ROLE_ORDER` first, None last)."""

    initiative: str
    roles: dict[str | None, list[ResponsibleAgency]]


@dataclass(frozen=True)
class ResponsibilityMatrix:
    """Agencies (rows) by the plan's initiatives (columns); `cells[agency][initiative]` = roles."""

    plan: str
    agencies: list[str]
    initiatives: list[str]
    cells: dict[str, dict[str, list[str | None]]]


def responsibility(graph: nx.MultiDiGraph, initiative: str) -> Responsibility:
    """The agencies responsible for an initiative, grouped by role, with their parent agencies.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network, or a view such as `graph.build.as_of`.
    initiative : str
        Key of an INITIATIVE node.

    Returns
    -------
    Responsibility
        Only roles somebody holds appear. Within a role, agencies are sorted by key; `parents`
        is the chain of PART_OF parents, nearest first (when an agency has several parents the
        smallest key is followed; a cycle ends the chain).

    Raises
    ------
    KeyError
        If `initiative` is not in the graph.
    ValueError
        If it is not an INITIATIVE.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("i", "INITIATIVE", "I"), N("t", "TASK", "T"), N("d", "AGENCY", "Dept"), N("c", "AGENCY", "City")],
    ...     [
    ...         L("l1", "PART_OF", "t", "i"),
    ...         L("l2", "RESPONSIBLE_FOR", "d", "t", role="LEAD"),
    ...         L("l3", "PART_OF", "d", "c"),
    ...         L("l4", "RESPONSIBLE_FOR", "c", "i", role="DIRECT"),
    ...     ],
    ... )
    >>> result = responsibility(g, "i")
    >>> list(result.roles)
    ['LEAD', 'DIRECT']
    >>> result.roles["LEAD"]
    [ResponsibleAgency(agency='d', items=['t'], links=['l2'], parents=['c'])]
    """
    _check_kind(graph, initiative, "INITIATIVE")
    held: dict[tuple[str | None, str], list[tuple[str, str]]] = defaultdict(list)
    for agency, role, item, link in _assignments(graph, initiative):
        held[role, agency].append((item, link))
    roles: dict[str | None, list[ResponsibleAgency]] = {}
    for role, agency in sorted(held, key=lambda pair: (_role_rank(pair[0]), pair[1])):
        roles.setdefault(role, []).append(
            ResponsibleAgency(
                agency=agency,
                items=sorted({item for item, _link in held[role, agency]}),
                links=sorted(link for _item, link in held[role, agency]),
                parents=_parents(graph, agency),
            )
        )
    return Responsibility(initiative=initiative, roles=roles)


def responsibility_matrix(graph: nx.MultiDiGraph, plan: str) -> ResponsibilityMatrix:
    """Which agency holds which roles on each initiative of a plan.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network, or a view such as `graph.build.as_of`.
    plan : str
        Key of a PLAN node; its columns are the initiatives PART_OF it.

    Returns
    -------
    ResponsibilityMatrix
        Agencies and initiatives sorted by key; only non-empty cells are present, each a list of
        distinct roles in `ROLE_ORDER` (other roles after, None last).

    Raises
    ------
    KeyError
        If `plan` is not in the graph.
    ValueError
        If it is not a PLAN.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("p", "PLAN", "P"), N("i", "INITIATIVE", "I"), N("e", "EVENT", "E"), N("a", "AGENCY", "A")],
    ...     [
    ...         L("l1", "PART_OF", "i", "p"),
    ...         L("l2", "PART_OF", "e", "i"),
    ...         L("l3", "RESPONSIBLE_FOR", "a", "e", role="SUPPORT"),
    ...         L("l4", "RESPONSIBLE_FOR", "a", "i", role="LEAD"),
    ...     ],
    ... )
    >>> responsibility_matrix(g, "p").cells
    {'a': {'i': ['LEAD', 'SUPPORT']}}
    """
    _check_kind(graph, plan, "PLAN")
    initiatives = sorted(_part_of(graph, plan, INITIATIVE, parts=True))
    held: dict[str, dict[str, set[str | None]]] = defaultdict(lambda: defaultdict(set))
    for initiative in initiatives:
        for agency, role, _item, _link in _assignments(graph, initiative):
            held[agency][initiative].add(role)
    cells = {
        agency: {initiative: sorted(held[agency][initiative], key=_role_rank) for initiative in sorted(held[agency])}
        for agency in sorted(held)
    }
    return ResponsibilityMatrix(plan=plan, agencies=list(cells), initiatives=initiatives, cells=cells)


def _check_kind(graph: nx.MultiDiGraph, key: str, kind: str) -> None:
    if graph.nodes[key]["kind"] != kind:
        raise ValueError(f"{key!r} is of kind {graph.nodes[key]['kind']}, expected {kind}")


def _part_of(graph: nx.MultiDiGraph, node: str, kinds: frozenset[str], *, parts: bool) -> set[str]:
    """Nodes of `kinds` linked PART_OF `node` (its parts), or that `node` is PART_OF (its wholes)."""
    edges = graph.in_edges(node, data="kind") if parts else graph.out_edges(node, data="kind")
    other = 0 if parts else 1
    return {
        edge[other] for edge in edges if edge[2] == "PART_OF" and graph.nodes[edge[other]]["kind"] in kinds
    }


def _assignments(graph: nx.MultiDiGraph, initiative: str) -> Iterator[tuple[str, str | None, str, str]]:
    """(agency, role, item, link key) for each RESPONSIBLE_FOR link to the initiative or its parts."""
    for item in [initiative, *_part_of(graph, initiative, PARTS, parts=True)]:
        for agency, _item, link, data in graph.in_edges(item, keys=True, data=True):
            if data["kind"] == "RESPONSIBLE_FOR" and graph.nodes[agency]["kind"] == "AGENCY":
                yield agency, data["role"], item, link


def _parents(graph: nx.MultiDiGraph, agency: str) -> list[str]:
    """The chain of parent agencies via PART_OF, nearest first."""
    chain: list[str] = []
    here = agency
    while parents := _part_of(graph, here, AGENCY, parts=False):
        here = min(parents)
        if here == agency or here in chain:
            break
        chain.append(here)
    return chain


def _role_rank(role: str | None) -> tuple[int, str]:
    """Sort key putting `ROLE_ORDER` first, then other roles alphabetically, then None."""
    if role in ROLE_ORDER:
        return ROLE_ORDER.index(role), ""
    return (len(ROLE_ORDER), role) if role is not None else (len(ROLE_ORDER) + 1, "")
