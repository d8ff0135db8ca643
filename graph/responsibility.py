"""Who is responsible for what: agencies by role on an initiative, and across a plan.

Responsibility rolls up along PART_OF (DESIGN.md §3a): an agency answers for an initiative when it
holds a RESPONSIBLE_FOR link to the initiative or to anything PART_OF it, events and tasks,
transitively. Each answer names the items the responsibility was found on.

Asked for a day, a link counts when in force on that day; a part that had already ended by then
(a past festival edition) is judged on its own last day, so finished work keeps the agencies that
led it. Parts that had not begun by then do not count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import networkx as nx

from graph.build import exists, in_force, label

ROLE_ORDER = ("LEAD", "CO_LEAD", "COORDINATE", "SUPPORT", "DIRECT")
LEADING = frozenset({"LEAD", "DIRECT"})  # roles that make an item led
ROLE_VERBS = {"LEAD": "leads", "CO_LEAD": "co-leads", "COORDINATE": "coordinates", "SUPPORT": "supports", "DIRECT": "directs"}


@dataclass(frozen=True)
class Assignment:
    """One RESPONSIBLE_FOR link that counts: the agency, its role, the item it is on, the link key."""

    agency: str
    role: str | None
    item: str
    link: str


@dataclass(frozen=True)
class ResponsibleAgency:
    """An agency in one role: the items it answers for, through which links, under which parents, in words."""

    agency: str
    items: list[str]
    links: list[str]
    parents: list[str]
    reason: str = ""


@dataclass(frozen=True)
class Responsibility:
    """Agencies responsible for an initiative, by role (`ROLE_ORDER` first, None last)."""

    initiative: str
    roles: dict[str | None, list[ResponsibleAgency]]


@dataclass(frozen=True)
class MatrixCell:
    """One agency's distinct roles on one initiative, and the items (it or its parts) they were found on."""

    roles: list[str | None]
    items: list[str]


@dataclass(frozen=True)
class ResponsibilityMatrix:
    """Agencies (rows) by the plan's initiatives (columns); `cells[agency][initiative]` = a MatrixCell."""

    plan: str
    agencies: list[str]
    initiatives: list[str]
    cells: dict[str, dict[str, MatrixCell]]


def responsibility(graph: nx.MultiDiGraph[str], initiative: str, *, as_of: date | None = None) -> Responsibility:
    """The agencies responsible for an initiative, grouped by role, with where each was found.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The whole network (not a view by date: `as_of` judges the dates).
    initiative : str
        Key of an INITIATIVE node.
    as_of : datetime.date, optional
        The day to judge on (see the module); None counts every link on record.

    Returns
    -------
    Responsibility
        Only roles somebody holds appear. Within a role, agencies are sorted by key; `items` are
        the initiative and its parts the role was found on, `reason` says so in words, and
        `parents` is the chain of PART_OF parents, nearest first (when an agency has several
        parents the smallest key is followed; a cycle ends the chain).

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
    ...     [N("i", "INITIATIVE", "Festival"), N("e", "EVENT", "Festival 2024"), N("t", "TASK", "Report"),
    ...      N("d", "AGENCY", "Dept"), N("c", "AGENCY", "City")],
    ...     [
    ...         L("l1", "PART_OF", "e", "i"),
    ...         L("l2", "PART_OF", "t", "e"),
    ...         L("l3", "RESPONSIBLE_FOR", "d", "t", role="LEAD"),
    ...         L("l4", "PART_OF", "d", "c"),
    ...         L("l5", "RESPONSIBLE_FOR", "c", "i", role="DIRECT"),
    ...     ],
    ... )
    >>> result = responsibility(g, "i")
    >>> list(result.roles)
    ['LEAD', 'DIRECT']
    >>> result.roles["LEAD"]
    [ResponsibleAgency(agency='d', items=['t'], links=['l3'], parents=['c'], reason='leads Report')]
    >>> result.roles["DIRECT"][0].reason
    'directs the initiative itself'
    """
    _check_kind(graph, initiative, "INITIATIVE")
    held: dict[tuple[str | None, str], list[Assignment]] = defaultdict(list)
    for found in assignments(graph, initiative, as_of=as_of):
        held[found.role, found.agency].append(found)
    roles: dict[str | None, list[ResponsibleAgency]] = {}
    for role, agency in sorted(held, key=lambda pair: (_role_rank(pair[0]), pair[1])):
        items = sorted({found.item for found in held[role, agency]})
        roles.setdefault(role, []).append(
            ResponsibleAgency(
                agency=agency,
                items=items,
                links=sorted(found.link for found in held[role, agency]),
                parents=_parents(graph, agency),
                reason=f"{ROLE_VERBS.get(role or '', 'answers for')} {where(graph, initiative, items)}",
            )
        )
    return Responsibility(initiative=initiative, roles=roles)


def responsibility_matrix(graph: nx.MultiDiGraph[str], plan: str, *, as_of: date | None = None) -> ResponsibilityMatrix:
    """Which agency holds which roles on each initiative of a plan, and on which items.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The whole network (not a view by date: `as_of` judges the dates).
    plan : str
        Key of a PLAN node; its columns are the initiatives PART_OF it.
    as_of : datetime.date, optional
        The day to judge on (see the module); None counts every link on record.

    Returns
    -------
    ResponsibilityMatrix
        Agencies and initiatives sorted by key; only non-empty cells are present, each with the
        distinct roles in `ROLE_ORDER` (other roles after, None last) and the items they were
        found on, sorted by key.

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
    {'a': {'i': MatrixCell(roles=['LEAD', 'SUPPORT'], items=['e', 'i'])}}
    """
    _check_kind(graph, plan, "PLAN")
    known: dict[str, date | None] = {}
    initiatives = sorted(part for part in _direct_parts(graph, plan, as_of, known) if graph.nodes[part]["kind"] == "INITIATIVE")
    roles: dict[str, dict[str, set[str | None]]] = defaultdict(lambda: defaultdict(set))
    items: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for initiative in initiatives:
        for found in assignments(graph, initiative, as_of=as_of):
            roles[found.agency][initiative].add(found.role)
            items[found.agency][initiative].add(found.item)
    cells = {
        agency: {
            initiative: MatrixCell(sorted(roles[agency][initiative], key=_role_rank), sorted(items[agency][initiative]))
            for initiative in sorted(roles[agency])
        }
        for agency in sorted(roles)
    }
    return ResponsibilityMatrix(plan=plan, agencies=list(cells), initiatives=initiatives, cells=cells)


def parts(graph: nx.MultiDiGraph[str], whole: str, *, as_of: date | None = None) -> list[str]:
    """Everything PART_OF `whole`, transitively, that counts on `as_of` (see the module), sorted by key.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("i", "INITIATIVE", "I"), N("e", "EVENT", "E", starts=date(2024, 11, 9), ends=date(2024, 11, 17)),
    ...      N("n", "EVENT", "N", starts=date(2026, 11, 1))],
    ...     [L("l1", "PART_OF", "e", "i", since=date(2024, 11, 9), until=date(2024, 11, 17)), L("l2", "PART_OF", "n", "i")],
    ... )
    >>> parts(g, "i"), parts(g, "i", as_of=date(2025, 1, 1))
    (['e', 'n'], ['e'])
    """
    known: dict[str, date | None] = {}
    found: set[str] = set()
    frontier = [whole]
    while frontier:
        fresh = {part for here in frontier for part in _direct_parts(graph, here, as_of, known)} - found - {whole}
        found |= fresh
        frontier = sorted(fresh)
    return sorted(found)


def assignments(graph: nx.MultiDiGraph[str], node: str, *, as_of: date | None = None) -> list[Assignment]:
    """The RESPONSIBLE_FOR links from agencies to `node` or its `parts` that count on `as_of`, by item then link.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("i", "INITIATIVE", "I"), N("e", "EVENT", "E", starts=date(2023, 11, 18), ends=date(2023, 11, 18)),
    ...      N("a", "AGENCY", "A")],
    ...     [L("l1", "PART_OF", "e", "i"),
    ...      L("l2", "RESPONSIBLE_FOR", "a", "e", role="LEAD", since=date(2023, 11, 18), until=date(2023, 11, 18))],
    ... )
    >>> assignments(g, "i", as_of=date(2026, 1, 1))  # the finished event keeps its lead
    [Assignment(agency='a', role='LEAD', item='e', link='l2')]
    """
    known: dict[str, date | None] = {}
    found = []
    for item in [node, *parts(graph, node, as_of=as_of)]:
        day = _judged_on(graph, item, as_of)
        for agency, _item, link, data in sorted(graph.in_edges(item, keys=True, data=True), key=lambda edge: edge[2]):
            if (
                data["kind"] == "RESPONSIBLE_FOR"
                and graph.nodes[agency]["kind"] == "AGENCY"
                and (day is None or (in_force(data, day) and exists(graph, agency, day, known)))
            ):
                found.append(Assignment(agency, data["role"], item, link))
    return found


def where(graph: nx.MultiDiGraph[str], node: str, items: list[str]) -> str:
    """Items named for a reason: `node` itself as "the <kind> itself", the others by label.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, build_graph
    >>> g = build_graph([N("i", "INITIATIVE", "I"), N("a", "EVENT", "Festival 2023"), N("b", "EVENT", "Festival 2024")], [])
    >>> where(g, "i", ["a", "b", "i"])
    'the initiative itself, Festival 2023 and Festival 2024'
    """
    names = [f"the {graph.nodes[node]['kind'].lower()} itself"] if node in items else []
    names += [label(graph, item) for item in items if item != node]
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else "nothing"


def _judged_on(graph: nx.MultiDiGraph[str], item: str, day: date | None) -> date | None:
    """The day an item's links are judged on: `day`, or its own last day when it ended before."""
    end = graph.nodes[item]["ends"]
    return day if day is None or end is None or day <= end else end


def _direct_parts(graph: nx.MultiDiGraph[str], whole: str, day: date | None, known: dict[str, date | None]) -> set[str]:
    """The nodes linked PART_OF `whole` that count on `day`: begun by then, their link in force when judged."""
    found = set()
    for part, _whole, data in graph.in_edges(whole, data=True):
        if data["kind"] != "PART_OF" or graph.nodes[part]["kind"] == "AGENCY":
            continue
        judged = _judged_on(graph, part, day)
        if judged is None or (exists(graph, part, judged, known) and in_force(data, judged)):
            found.add(part)
    return found


def _check_kind(graph: nx.MultiDiGraph[str], key: str, kind: str) -> None:
    if graph.nodes[key]["kind"] != kind:
        raise ValueError(f"{key!r} is of kind {graph.nodes[key]['kind']}, expected {kind}")


def _parents(graph: nx.MultiDiGraph[str], agency: str) -> list[str]:
    """The chain of parent agencies via PART_OF, nearest first."""
    chain: list[str] = []
    here = agency
    while parents := {  # type: ignore[var-annotated]  # types-networkx: data="kind" yields the value
        whole for _part, whole, kind in graph.out_edges(here, data="kind") if kind == "PART_OF" and graph.nodes[whole]["kind"] == "AGENCY"
    }:
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
