"""The cached network of one process: a graph plus the data version it reflects.

The hub keeps one snapshot per process, advances it with each write's change (cheap: in place,
proportional to the change) and rebuilds it when it learns of a version it has no change for.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterable

import networkx as nx

from graph.build import LinkRecord, NodeRecord, apply_change, as_of, build_graph
from graph.export import to_gexf, to_graphml, to_node_link

__all__ = ["GraphSnapshot", "LinkRecord", "NodeRecord"]


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

    def __init__(self, graph: nx.MultiDiGraph, version: int) -> None:
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

    def at(self, day: date | None) -> nx.MultiDiGraph:
        """The graph, or a view of it keeping only the links in force on `day` (nothing is copied).

        Examples
        --------
        >>> from datetime import date
        >>> snap = GraphSnapshot.build(
        ...     [NodeRecord("a", "AGENCY", "A"), NodeRecord("b", "EVENT", "B")],
        ...     [LinkRecord("l", "RESPONSIBLE_FOR", "a", "b", until=date(2023, 12, 31))],
        ...     version=1,
        ... )
        >>> snap.at(None).number_of_edges(), snap.at(date(2024, 1, 1)).number_of_edges()
        (1, 0)
        """
        return self.graph if day is None else as_of(self.graph, day)

    def export(self, fmt: str) -> bytes:
        """The whole graph as a file in `fmt` ("graphml", "gexf" or "json"), read under the lock.

        Examples
        --------
        >>> snap = GraphSnapshot.build([NodeRecord("a", "AGENCY", "A")], [], version=1)
        >>> snap.export("json")[:30]
        b'{"directed": true, "multigraph'
        """
        with self.lock:
            if fmt == "json":
                return json.dumps(to_node_link(self.graph), ensure_ascii=False).encode()
            buffer = io.BytesIO()
            {"graphml": to_graphml, "gexf": to_gexf}[fmt](self.graph, buffer)
            return buffer.getvalue()
