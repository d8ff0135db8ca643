"""Weak spots the secretariat should act on: missing leads, silent reporters, isolated and dormant
actors, single points of failure and overloaded agencies, all judged on one day (DESIGN.md §3a)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx

from graph.build import as_of as valid_on
from graph.build import label, simple_projection
from graph.responsibility import LEADING, ROLE_VERBS, assignments, parts, where

NEEDS_LEAD = frozenset({"INITIATIVE", "TASK"})
ISOLATED_KINDS = frozenset({"CREATIVE_SPACE", "DESIGNER"})


@dataclass(frozen=True)
class Gap:
    """A node or link key and why it is a gap."""

    key: str
    reason: str


@dataclass(frozen=True)
class Dormant:
    """A node whose links have all ended, and the day the last one ended."""

    key: str
    reason: str
    last_ended: date


@dataclass(frozen=True)
class CutPoint:
    """An agency whose loss would cut `cut_off` (sorted keys) off from the largest remaining part."""

    key: str
    reason: str
    cut_off: list[str]


@dataclass(frozen=True)
class Gaps:
    """Every kind of gap found on `as_of`; lists sorted by key, cut points by how much they cut off."""

    as_of: date
    no_lead: list[Gap]
    stale_assignments: list[Gap]
    isolated: list[Gap]
    dormant: list[Dormant]
    single_points_of_failure: list[CutPoint]
    overloaded: list[Gap]


def gaps(
    graph: nx.MultiDiGraph[str],
    *,
    as_of: date,
    last_reports: dict[str, date] | None = None,
    stale_after_days: int = 120,
    overload_threshold: int = 10,
) -> Gaps:
    """Find what needs the secretariat's attention on a given day.

    Only nodes that exist on `as_of` are judged, on the links in force that day (see
    `graph.build.as_of`).

    - ``no_lead``: initiatives and tasks with no LEAD or DIRECT agency on them or on anything
      PART_OF them (see `graph.responsibility`); the reason says what was looked at.
    - ``stale_assignments``: RESPONSIBLE_FOR links (keys) whose last report is older than
      ``as_of - stale_after_days``, or missing; links that started after that cutoff are not due
      yet. Skipped (empty) when `last_reports` is None, i.e. report dates are unknown.
    - ``isolated``: creative spaces and designers with no links at all.
    - ``dormant``: creative spaces and designers with no link in force, whose links have ended (a
      link ends at its `until` or when one of its ends does).
    - ``single_points_of_failure``: agencies whose removal would cut nodes off from the largest
      remaining part of their piece of the network, most cut off first.
    - ``overloaded``: agencies holding more than `overload_threshold` RESPONSIBLE_FOR links.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The whole network (not a view by date: past links tell dormant from isolated).
    as_of : datetime.date
        The day to judge.
    last_reports : dict of str to datetime.date, optional
        Date of the latest progress report for each RESPONSIBLE_FOR link key.
    stale_after_days : int
        Report freshness window.
    overload_threshold : int
        Most RESPONSIBLE_FOR links an agency carries before it counts as overloaded.

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("a", "AGENCY", "Sở VHTT"), N("i", "INITIATIVE", "Lễ hội"), N("e", "EVENT", "Lễ hội 2024"),
    ...      N("d", "DESIGNER", "Minh"), N("s", "CREATIVE_SPACE", "Zone 9")],
    ...     [L("l1", "RESPONSIBLE_FOR", "a", "i", role="SUPPORT", since=date(2023, 1, 1)),
    ...      L("l2", "PART_OF", "e", "i"),
    ...      L("l3", "HOSTS", "s", "e", until=date(2024, 1, 1))],
    ... )
    >>> found = gaps(g, as_of=date(2024, 6, 1), last_reports={"l1": date(2023, 3, 1)})
    >>> found.no_lead
    [Gap(key='i', reason='no lead agency on it or on its 1 event (responsible: Sở VHTT supports it)')]
    >>> found.stale_assignments
    [Gap(key='l1', reason='Sở VHTT has not reported on Lễ hội since 2024-02-02 (last report 2023-03-01)')]
    >>> [gap.key for gap in found.isolated], found.dormant[0].last_ended
    (['d'], datetime.date(2024, 1, 1))
    """
    today = valid_on(graph, as_of)
    quiet = [(key, kind) for key, kind in sorted(today.nodes(data="kind")) if kind in ISOLATED_KINDS and today.degree(key) == 0]  # type: ignore[str-unpack]  # types-networkx: data="kind" yields the value
    ended = {key: _ended(graph, key, as_of) for key, _kind in quiet}
    return Gaps(
        as_of=as_of,
        no_lead=[gap for key, kind in sorted(today.nodes(data="kind")) if kind in NEEDS_LEAD and (gap := _no_lead(graph, key, as_of))],  # type: ignore[str-unpack]  # types-networkx: data="kind" yields the value
        stale_assignments=[] if last_reports is None else _stale(today, last_reports, as_of, stale_after_days),
        isolated=[Gap(key, f"{_kind_words(kind)} with no links") for key, kind in quiet if not ended[key]],
        dormant=[
            Dormant(
                key,
                f"{_kind_words(kind)} whose links ended: {_counted(len(ended[key]), 'link')}, the last on {max(ended[key])}",
                max(ended[key]),
            )
            for key, kind in quiet
            if ended[key]
        ],
        single_points_of_failure=_cut_points(today),
        overloaded=_overloaded(today, overload_threshold),
    )


def _no_lead(graph: nx.MultiDiGraph[str], key: str, day: date) -> Gap | None:
    """The gap of an item with no lead on it or below it, saying what was looked at; None when led."""
    held = assignments(graph, key, as_of=day)
    if any(found.role in LEADING for found in held):
        return None
    below = Counter(graph.nodes[part]["kind"] for part in parts(graph, key, as_of=day))
    looked = " and ".join(_counted(count, _kind_words(kind)) for kind, count in sorted(below.items()))
    others = ", ".join(
        f"{label(graph, found.agency)} {ROLE_VERBS.get(found.role or '', 'answers for')} "
        + ("it" if found.item == key else where(graph, key, [found.item]))
        for found in held
    )
    return Gap(key, "no lead agency on it" + (f" or on its {looked}" if looked else "") + (f" (responsible: {others})" if others else ""))


def _ended(graph: nx.MultiDiGraph[str], key: str, day: date) -> list[date]:
    """The days on which the node's links ended before `day`: at their `until` or when one of their ends ended."""
    links = [*graph.in_edges(key, data=True), *graph.out_edges(key, data=True)]
    ends = [
        min(filter(None, [data["until"], graph.nodes[source]["ends"], graph.nodes[target]["ends"]]), default=None)
        for source, target, data in links
    ]
    return [end for end in ends if end is not None and end < day]


def _kind_words(kind: str) -> str:
    return kind.lower().replace("_", " ")


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _stale(graph: nx.MultiDiGraph[str], last_reports: dict[str, date], day: date, window: int) -> list[Gap]:
    cutoff = day - timedelta(days=window)
    found = []
    for agency, item, key, data in graph.edges(keys=True, data=True):
        if data["kind"] != "RESPONSIBLE_FOR" or (data["since"] is not None and data["since"] > cutoff):
            continue
        last = last_reports.get(key)
        if last is None or last < cutoff:
            when = f"last report {last.isoformat()}" if last else "no report yet"
            reason = f"{label(graph, agency)} has not reported on {label(graph, item)} since {cutoff} ({when})"
            found.append(Gap(key, reason))
    return sorted(found, key=lambda gap: gap.key)


def _cut_points(graph: nx.MultiDiGraph[str]) -> list[CutPoint]:
    """Agencies whose removal leaves pieces apart from the largest one (of equals, the one holding the smallest key):
    what they would cut off, most first."""
    simple = simple_projection(graph)
    found = []
    for key, (component, pieces) in _articulation_pieces(simple).items():
        if simple.nodes[key]["kind"] != "AGENCY":
            continue
        below = [set(component[first:last]) for first, last in pieces]
        largest = min(below, key=lambda piece: (-len(piece), min(piece)))  # of equals, the one with the smallest key
        if len(component) - 1 - sum(map(len, below)) >= len(largest):  # the rest, besides the pieces below, may be larger
            rest = set(component) - {key}.union(*below)
            largest = min([rest, largest], key=lambda piece: (-len(piece), min(piece)))
        cut_off = sorted(set(component) - largest - {key})
        found.append(CutPoint(key, f"its loss would cut off {_counted(len(cut_off), 'node')} from the rest of the network", cut_off))
    return sorted(found, key=lambda point: (-len(point.cut_off), point.key))


def _articulation_pieces(simple: nx.Graph[str]) -> dict[str, tuple[list[str], list[tuple[int, int]]]]:
    """For each articulation point: its component in search order, and the pieces that split off below it.

    One depth-first search per component (Hopcroft–Tarjan), in node order: a child whose subtree
    reaches no higher than its parent splits off with that subtree, a contiguous run
    ``component[first:last]`` of the search order. What is left of the component besides the
    point and those pieces is one more piece (nothing, at the root).
    """
    order: list[str] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    found: dict[str, tuple[list[str], list[tuple[int, int]]]] = {}
    for root in simple:
        if root in index:
            continue
        start = len(order)
        split: dict[str, list[tuple[int, int]]] = defaultdict(list)
        index[root] = low[root] = len(order)
        order.append(root)
        stack = [(root, "", iter(simple[root]))]
        while stack:
            node, parent, unseen = stack[-1]
            child = None
            for there in unseen:
                if there not in index:
                    child = there
                    break
                if there != parent:
                    low[node] = min(low[node], index[there])
            if child is not None:
                index[child] = low[child] = len(order)
                order.append(child)
                stack.append((child, node, iter(simple[child])))
                continue
            stack.pop()
            if parent:
                low[parent] = min(low[parent], low[node])
                if low[node] >= index[parent]:
                    split[parent].append((index[node] - start, len(order) - start))
        component = order[start:]
        for node, pieces in split.items():
            if node != root or len(pieces) > 1:
                found[node] = (component, pieces)
    return found


def _overloaded(graph: nx.MultiDiGraph[str], threshold: int) -> list[Gap]:
    load: Counter[str] = Counter(agency for agency, _item, kind in graph.edges(data="kind") if kind == "RESPONSIBLE_FOR")  # type: ignore[var-annotated]  # types-networkx: data="kind" yields the value
    return [Gap(key, f"holds {count} assignments (threshold {threshold})") for key, count in sorted(load.items()) if count > threshold]
