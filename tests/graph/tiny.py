"""Tiny hand-built networks for the graph tests."""

from __future__ import annotations

import networkx as nx

from graph.build import LinkRecord, NodeRecord, build_graph


def network(nodes: dict[str, str], *links: LinkRecord) -> nx.MultiDiGraph:
    """A graph from {key: kind} and links; each node's Vietnamese name is its key in capitals."""
    return build_graph([NodeRecord(key, kind, key.upper()) for key, kind in nodes.items()], links)
