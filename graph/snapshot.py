"""The cached network of one process: a graph plus the data version it reflects, and what it can be asked.

The hub keeps one snapshot per process, advances it with each write's change (cheap: in place,
proportional to the change) and rebuilds it when it learns of a version it has no change for.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx

from graph import centrality, collaboration, communities, gaps, paths, responsibility, suggestions
from graph.build import LINK_ENDS, LinkRecord, NodeRecord, apply_change, as_of, build_graph, stats
from graph.export import to_gexf, to_graphml, to_node_link

__all__ = ["QUESTIONS", "GraphSnapshot", "LinkRecord", "NodeRecord"]

# What the network can be asked, by name: each a function of the graph and keyword arguments.
QUESTIONS: dict[str, Callable[..., Any]] = {
    "stats": stats,
    "path": paths.shortest_path,
    "neighborhood": paths.neighborhood,
    "collaborators": collaboration.collaborators,
    "responsibility": responsibility.responsibility,
    "responsibility_matrix": responsibility.responsibility_matrix,
    "suggestions": suggestions.suggestions,
    "centrality": centrality.centrality,
    "communities": communities.communities,
    "gaps": gaps.gaps,
}
# Questions that judge the day themselves (`as_of=`), on the whole graph: a past event's lead still counts.
JUDGE_THE_DAY = frozenset({"responsibility", "responsibility_matrix", "gaps"})


class GraphSnapshot:
    """A graph and the data version it reflects.

    The graph is changed in place by `advance`, which holds `lock`; code reading the graph
    from another thread (an analytic run off the event loop) holds `lock` too.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph made by `graph.build.build_graph`.
    version : int
        The data version it reflects.

    Examples
    --------
    >>> snap = GraphSnapshot.build([NodeRecord("a", "AGENCY", "A")], [], version=7)
    >>> snap.version, sorted(snap.graph)
    (7, ['a'])
    """

    def __init__(self, graph: nx.MultiDiGraph[str], version: int) -> None:
        self.graph = graph
        self.version = version
        self.lock = threading.RLock()

    @classmethod
    def build(cls, nodes: Iterable[NodeRecord], links: Iterable[LinkRecord], *, version: int) -> GraphSnapshot:
        """Build a snapshot from all records read at `version`.

        Examples
        --------
        >>> GraphSnapshot.build([], [], version=0).graph.number_of_nodes()
        0
        """
        return cls(build_graph(nodes, links), version)

    def advance(
        self,
        version: int,
        *,
        upsert_nodes: Iterable[NodeRecord] = (),
        remove_nodes: Iterable[str] = (),
        upsert_links: Iterable[LinkRecord] = (),
        remove_links: Iterable[str] = (),
    ) -> bool:
        """Apply the change that produced `version`; a version already reflected is ignored.

        Ignoring old versions makes a replayed notification harmless. Versions may skip (writes
        that touch no node or link bump the version too); the caller rebuilds when it cannot
        tell what changed.

        Returns
        -------
        bool
            True if the change was applied, False if the snapshot was already at `version`
            or newer.

        Examples
        --------
        >>> snap = GraphSnapshot.build([], [], version=1)
        >>> snap.advance(2, upsert_nodes=[NodeRecord("c", "CITY", "Hà Nội")])
        True
        >>> snap.advance(2, remove_nodes=["c"]), snap.version, sorted(snap.graph)
        (False, 2, ['c'])
        """
        with self.lock:
            if version <= self.version:
                return False
            apply_change(
                self.graph,
                upsert_nodes=upsert_nodes,
                remove_nodes=remove_nodes,
                upsert_links=upsert_links,
                remove_links=remove_links,
            )
            self.version = version
            return True

    def frozen(self) -> GraphSnapshot:
        """A copy at the current version that `advance` never changes, taken under `lock`.

        Another thread can compute on the copy for as long as it likes without holding `lock`, so
        writes meanwhile are not kept waiting. Only attribute values (strings, dates) are shared;
        copying takes about 7 ms per 1,000 nodes.

        Examples
        --------
        >>> snap = GraphSnapshot.build([NodeRecord("a", "AGENCY", "A")], [], version=1)
        >>> copy = snap.frozen()
        >>> snap.advance(2, upsert_nodes=[NodeRecord("b", "AGENCY", "B")])
        True
        >>> (copy.version, sorted(copy.graph)), (snap.version, sorted(snap.graph))
        ((1, ['a']), (2, ['a', 'b']))
        """
        with self.lock:
            graph = self.graph.copy()
            graph.graph[LINK_ENDS] = dict(self.graph.graph[LINK_ENDS])  # copy() shares the graph's own attributes
            return GraphSnapshot(graph, self.version)

    def at(self, day: date | None) -> nx.MultiDiGraph[str]:
        """The graph, or a view of the nodes that existed on `day` and the links in force among them.

        Nothing is copied (see `graph.build.as_of` for when nodes and links exist).

        Examples
        --------
        >>> from datetime import date
        >>> snap = GraphSnapshot.build(
        ...     [NodeRecord("a", "AGENCY", "A"), NodeRecord("b", "EVENT", "B", starts=date(2023, 6, 1))],
        ...     [LinkRecord("l", "RESPONSIBLE_FOR", "a", "b", until=date(2023, 12, 31))],
        ...     version=1,
        ... )
        >>> snap.at(None).number_of_edges(), snap.at(date(2024, 1, 1)).number_of_edges()
        (1, 0)
        >>> sorted(snap.at(date(2023, 1, 1)))
        ['a']
        """
        return self.graph if day is None else as_of(self.graph, day)

    def ask(self, question: str, day: date | None, arguments: Mapping[str, Any]) -> Any:
        """The answer of `QUESTIONS[question]` on the graph as of `day`, given `arguments`.

        Questions in `JUDGE_THE_DAY` get the whole graph and ``as_of=day``; the others the view `at(day)`.

        Examples
        --------
        >>> snap = GraphSnapshot.build([NodeRecord("a", "AGENCY", "A"), NodeRecord("b", "CITY", "B")], [], version=1)
        >>> snap.ask("stats", None, {}).nodes_by_kind
        {'AGENCY': 1, 'CITY': 1}
        """
        if question in JUDGE_THE_DAY:
            return QUESTIONS[question](self.graph, as_of=day, **arguments)
        return QUESTIONS[question](self.at(day), **arguments)

    def export(self, fmt: str, day: date | None = None) -> bytes:
        """The graph as of `day` (see `at`; None: all of it) as a file in `fmt` ("graphml", "gexf" or "json"), read under the lock.

        Examples
        --------
        >>> snap = GraphSnapshot.build([NodeRecord("a", "AGENCY", "A")], [], version=1)
        >>> snap.export("json")[:30]
        b'{"directed": true, "multigraph'
        """
        with self.lock:
            graph = self.at(day)
            if fmt == "json":
                return json.dumps(to_node_link(graph), ensure_ascii=False).encode()
            buffer = io.BytesIO()
            {"graphml": to_graphml, "gexf": to_gexf}[fmt](graph, buffer)
            return buffer.getvalue()
