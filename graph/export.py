"""The network as files other tools read: GraphML and GEXF (Gephi, yEd, Cytoscape) and JSON.

Exports do not depend on the order the graph was grown in, so they diff well: nodes come in key
order, links by source node (and by key in node-link JSON).
Dates become ISO strings; GraphML and GEXF cannot store None, so empty attributes are left out
there, while JSON keeps them as null.
"""

from __future__ import annotations

import os
from datetime import date
from typing import IO, Any

import networkx as nx

Destination = str | os.PathLike[str] | IO[bytes]


def to_graphml(graph: nx.MultiDiGraph[str], path_or_file: Destination) -> None:
    """Write the network as GraphML; each link's key becomes its edge id.

    Examples
    --------
    >>> import io
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph([N("a", "AGENCY", "A"), N("c", "CITY", "C")], [L("l1", "PARTNERS_WITH", "a", "c")])
    >>> buffer = io.BytesIO()
    >>> to_graphml(g, buffer)
    >>> back = nx.read_graphml(io.BytesIO(buffer.getvalue()), force_multigraph=True)
    >>> back.number_of_nodes(), back.number_of_edges(), back.edges["a", "c", "l1"]["kind"]
    (2, 1, 'PARTNERS_WITH')
    """
    nx.write_graphml(_portable(graph, keep_none=False), path_or_file)


def to_gexf(graph: nx.MultiDiGraph[str], path_or_file: Destination) -> None:
    """Write the network as GEXF for Gephi: node labels are the Vietnamese names, edge ids the link keys.

    Examples
    --------
    >>> import io
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph([N("a", "AGENCY", "A"), N("c", "CITY", "C")], [L("l1", "PARTNERS_WITH", "a", "c")])
    >>> buffer = io.BytesIO()
    >>> to_gexf(g, buffer)
    >>> back = nx.read_gexf(io.BytesIO(buffer.getvalue()))
    >>> back.nodes["c"]["label"], list(back.edges(data="id"))
    ('C', [('a', 'c', 'l1')])
    """
    portable = _portable(graph, keep_none=False)
    for _key, data in portable.nodes(data=True):
        data["label"] = data["name_vi"]
    for _source, _target, key, data in portable.edges(keys=True, data=True):
        data["id"] = key
    nx.write_gexf(portable, path_or_file)


def to_node_link(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """The network as a JSON-ready node-link dict (as ``nx.node_link_data(G, edges="links")``).

    Examples
    --------
    >>> from graph.build import NodeRecord as N, LinkRecord as L, build_graph
    >>> g = build_graph(
    ...     [N("a", "AGENCY", "A"), N("c", "CITY", "C")],
    ...     [L("l1", "PARTNERS_WITH", "a", "c", since=date(2019, 10, 31))],
    ... )
    >>> link = to_node_link(g)["links"][0]
    >>> link["key"], link["source"], link["target"], link["since"], link["until"]
    ('l1', 'a', 'c', '2019-10-31', None)
    """
    portable = _portable(graph, keep_none=True)
    return {
        "directed": True,
        "multigraph": True,
        "graph": {},
        "nodes": [{**data, "id": key} for key, data in portable.nodes(data=True)],
        "links": [
            {**data, "source": source, "target": target, "key": key}
            for source, target, key, data in sorted(portable.edges(keys=True, data=True), key=lambda link: link[2])
        ],
    }


def _portable(graph: nx.MultiDiGraph[str], *, keep_none: bool) -> nx.MultiDiGraph[str]:
    """A copy in key order with dates as ISO strings, without None values unless `keep_none`."""

    def clean(data: dict[str, Any]) -> dict[str, Any]:
        return {
            name: value.isoformat() if isinstance(value, date) else value for name, value in data.items() if keep_none or value is not None
        }

    portable: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    portable.add_nodes_from((key, clean(data)) for key, data in sorted(graph.nodes(data=True)))  # type: ignore[arg-type,str-unpack]  # types-networkx: nodes(data=True) yields pairs
    links = sorted(graph.edges(keys=True, data=True), key=lambda link: link[2])
    portable.add_edges_from((source, target, key, clean(data)) for source, target, key, data in links)  # type: ignore[misc]  # types-networkx: keyed edges with data
    return portable
