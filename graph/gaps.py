"""Weak spots the secretariat should act on: missing leads, silent reporters, isolated actors,
single points of failure and overloaded agencies, all judged on the links valid on one day."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx

from graph.build import as_of as valid_on, label, simple_projection

NEEDS_LEAD = frozenset({"INITIATIVE", "TASK"})
ISOLATED_KINDS = frozenset({"CREATIVE_SPACE", "DESIGNER"})


@dataclass(frozen=True)
class Gap:
    """A node or link key and why it is a gap."""

    key: str
    reason: str


@dataclass(frozen=True)
class Gaps:
    """Every kind of gap found on `as_of`, each list sorted by key."""

    as_of: date
    no_lead: list[Gap]
    stale_assignments: list[Gap]
    isolated: list[Gap]
    single_points_of_failure: list[Gap]
    overloaded: list[Gap]


def gaps(
    graph: nx.MultiDiGraph,
    *,
    as_of: date,
    last_reports: dict[str, date] | None = None,
    stale_after_days: int = 120,
    overload_threshold: int = 10,
) -> Gaps:
    """Find what needs the secretariat's attention on a given day.

    - ``no_lead``: initiatives and tasks with no RESPONSIBLE_FOR link of role LEAD to them.
    - ``stale_assignments``: RESPONSIBLE_FOR links (keys) whose last report is older than
      ``as_of - stale_after_days``, or missing; links that started after that cutoff are not due
      yet. Skipped (empty) when `last_reports` is None, i.e. report dates are unknown.
    - ``isolated``: creative spaces and designers with no links.
    - ``single_points_of_failure``: agencies that are articulation points of the undirected
      projection: removing one splits its part of the network.
    - ``overloaded``: agencies holding more than `overload_threshold` RESPONSIBLE_FOR links.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network; only links valid on `as_of` count.
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
    ...     [N("a", "AGENCY", "Sở VHTT"), N("i", "INITIATIVE", "Lễ hội"), N("d", "DESIGNER", "Minh")],
    ...     [L("l1", "RESPONSIBLE_FOR", "a", "i", role="SUPPORT", since=date(2023, 1, 1))],
    ... )
    >>> found = gaps(g, as_of=date(2024, 6, 1), last_reports={"l1": date(2023, 3, 1)})
    >>> found.no_lead
    [Gap(key='i', reason='no agency has the LEAD role (responsible: Sở VHTT as SUPPORT)')]
    >>> found.stale_assignments
    [Gap(key='l1', reason='Sở VHTT has not reported on Lễ hội since 2024-02-02 (last report 2023-03-01)')]
    >>> [gap.key for gap in found.isolated]
    ['d']
    """
    today = valid_on(graph, as_of)
    return Gaps(
        as_of=as_of,
        no_lead=_no_lead(today),
        stale_assignments=[] if last_reports is None else _stale(today, last_reports, as_of, stale_after_days),
        isolated=[
            Gap(key, f"{kind.lower().replace('_', ' ')} with no links")
            for key, kind in sorted(today.nodes(data="kind"))
            if kind in ISOLATED_KINDS and today.degree(key) == 0
        ],
        single_points_of_failure=_cut_agencies(today),
        overloaded=_overloaded(today, overload_threshold),
    )


def _responsible(graph: nx.MultiDiGraph, item: str) -> list[tuple[str, str | None]]:
    """(agency, role) of each RESPONSIBLE_FOR link to `item`, sorted."""
    links = graph.in_edges(item, data=True)
    return sorted((agency, data["role"]) for agency, _item, data in links if data["kind"] == "RESPONSIBLE_FOR")


def _no_lead(graph: nx.MultiDiGraph) -> list[Gap]:
    found = []
    for key, kind in sorted(graph.nodes(data="kind")):
        if kind in NEEDS_LEAD:
            held = _responsible(graph, key)
            if all(role != "LEAD" for _agency, role in held):
                others = ", ".join(f"{label(graph, agency)} as {role or 'no role'}" for agency, role in held)
                reason = "no agency has the LEAD role" + (f" (responsible: {others})" if others else "")
                found.append(Gap(key, reason))
    return found


def _stale(graph: nx.MultiDiGraph, last_reports: dict[str, date], day: date, window: int) -> list[Gap]:
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


def _cut_agencies(graph: nx.MultiDiGraph) -> list[Gap]:
    """Agencies whose removal splits the network: those in b > 1 biconnected blocks leave b pieces."""
    simple = simple_projection(graph)
    blocks = Counter(node for block in nx.biconnected_components(simple) for node in block)
    return [
        Gap(key, f"removing it splits its part of the network into {count} pieces")
        for key, count in sorted(blocks.items())
        if count > 1 and simple.nodes[key]["kind"] == "AGENCY"
    ]


def _overloaded(graph: nx.MultiDiGraph, threshold: int) -> list[Gap]:
    load = Counter(agency for agency, _item, kind in graph.edges(data="kind") if kind == "RESPONSIBLE_FOR")
    return [
        Gap(key, f"holds {count} assignments (threshold {threshold})")
        for key, count in sorted(load.items())
        if count > threshold
    ]
